import { EditButton, List, useTable } from "@refinedev/antd";
import { type CrudFilters, useTranslate } from "@refinedev/core";
import { Form, Input, Table, Tag } from "antd";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterBar } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { useRegionName } from "../../components/pickers";
import type { AdminUsersListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/dates";
import { ADMIN_USERS_LIST_QUERY } from "./queries";

type AdminUserRow = AdminUsersListQuery["adminUsers"]["nodes"][number];

interface AdminUserSearch {
  username?: string;
  role?: string[];
}

/** Console accounts (super admins only): who may log in, with which role and region. */
export const AdminUserList = () => {
  const t = useTranslate();
  const regionName = useRegionName();
  const { tableProps, searchFormProps, tableQuery } = useTable<AdminUserRow, never, AdminUserSearch>({
    resource: "adminUsers",
    meta: { gqlQuery: ADMIN_USERS_LIST_QUERY },
    sorters: { initial: [{ field: "username", order: "asc" }] },
    onSearch: (values): CrudFilters => [
      { field: "username", operator: "contains", value: values.username?.trim() || undefined },
      { field: "role", operator: "in", value: values.role?.length ? values.role : undefined },
    ],
    errorNotification: errorNotificationFor(ADMIN_USERS_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`adminUsers.fields.${name}`);

  return (
    <List>
      <FilterBar<AdminUserSearch> formProps={searchFormProps}>
        <Form.Item name="username">
          <Input allowClear placeholder={f("username")} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="role">
          <EnumSelect name="AdminRole" mode="multiple" placeholder={f("role")} style={{ minWidth: 180 }} />
        </Form.Item>
      </FilterBar>
      <ListTable<AdminUserRow>
        {...tableProps}
        tableKey="adminUsers"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        data-testid="admin-users-table"
      >
        <Table.Column<AdminUserRow> dataIndex="username" title={f("username")} sorter />
        <Table.Column<AdminUserRow> dataIndex="displayName" title={f("displayName")} sorter />
        <Table.Column<AdminUserRow> dataIndex="role" title={f("role")} sorter render={(value: string) => <EnumTag name="AdminRole" value={value} />} />
        <Table.Column<AdminUserRow> dataIndex="regionCode" title={f("regionCode")} render={(value: string | null) => regionName(value)} />
        <Table.Column<AdminUserRow>
          dataIndex="disabled"
          title={f("status")}
          render={(disabled: boolean) => (disabled ? <Tag color="red">{t("adminUsers.status.disabled")}</Tag> : <Tag color="green">{t("adminUsers.status.active")}</Tag>)}
        />
        <Table.Column<AdminUserRow> dataIndex="lastLoginAt" title={f("lastLoginAt")} sorter render={(value: string | null) => (value ? formatDateTime(value) : t("adminUsers.neverLoggedIn"))} />
        <Table.Column<AdminUserRow> key="actions" title={t("table.actions")} render={(_, row) => <EditButton hideText size="small" recordItemId={row.id} />} />
      </ListTable>
    </List>
  );
};
