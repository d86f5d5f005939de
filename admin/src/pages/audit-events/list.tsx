import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, useTranslate } from "@refinedev/core";
import { DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from "antd";
import { FilterBar } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import type { Dayjs } from "dayjs";
import type { AuditEventsListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/dates";
import { AuditChanges, fieldLabel } from "./changes";
import { AUDIT_EVENTS_LIST_QUERY } from "./queries";
import { SubjectLink, useAuditSubjects } from "./subjects";

type AuditRow = AuditEventsListQuery["auditEvents"]["nodes"][number];

interface AuditSearch {
  entity?: string;
  action?: string;
  actorName?: string;
  entityId?: string;
  occurredAt?: [Dayjs, Dayjs] | null;
}

const ENTITIES = ["Member", "Organization", "Agreement", "ActivityRecord", "AnnualFeedback", "ApiToken", "AdminUser"];
const ACTIONS = ["create", "update", "delete", "read", "login", "logout", "issue", "revoke", "submit", "approve", "return", "acknowledge", "grade", "archive", "generate", "submit-batch"];
const ACTION_COLORS: Record<string, string> = { create: "green", update: "blue", delete: "red", read: "purple", revoke: "red", issue: "gold", login: "cyan" };

/** The append-only audit trail (super admins only). */
export const AuditEventList = () => {
  const t = useTranslate();
  const { tableProps, searchFormProps, tableQuery } = useTable<AuditRow, never, AuditSearch>({
    resource: "auditEvents",
    meta: { gqlQuery: AUDIT_EVENTS_LIST_QUERY },
    sorters: { initial: [{ field: "occurredAt", order: "desc" }] },
    pagination: { pageSize: 20 },
    onSearch: (values): CrudFilters => [
      { field: "entity", operator: "eq", value: values.entity },
      { field: "action", operator: "eq", value: values.action },
      { field: "actorName", operator: "contains", value: values.actorName?.trim() || undefined },
      { field: "entityId", operator: "eq", value: values.entityId?.trim() || undefined },
      {
        field: "occurredAt",
        operator: "between",
        value: values.occurredAt ? [values.occurredAt[0].startOf("day").toISOString(), values.occurredAt[1].endOf("day").toISOString()] : undefined,
      },
    ],
    errorNotification: errorNotificationFor(AUDIT_EVENTS_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`auditEvents.fields.${name}`);
  const subjectOf = useAuditSubjects((tableProps.dataSource ?? []) as AuditRow[]);

  return (
    <List>
      <FilterBar<AuditSearch> formProps={searchFormProps}>
        <Form.Item name="entity">
          <Select allowClear placeholder={f("entity")} style={{ width: 160 }} options={ENTITIES.map((e) => ({ value: e, label: t(`auditEvents.entities.${e}`, e) }))} />
        </Form.Item>
        <Form.Item name="action">
          <Select allowClear placeholder={f("action")} style={{ width: 140 }} options={ACTIONS.map((a) => ({ value: a, label: t(`auditEvents.actions.${a}`, a) }))} />
        </Form.Item>
        <Form.Item name="entityId">
          <Input allowClear placeholder={f("entityId")} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="actorName">
          <Input allowClear placeholder={f("actor")} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="occurredAt">
          <DatePicker.RangePicker />
        </Form.Item>
      </FilterBar>
      <ListTable<AuditRow>
        {...tableProps}
        tableKey="auditEvents"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="small"
        scroll={{ x: 1000 }}
        data-testid="audit-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
        expandable={{
          rowExpandable: (row) => !!row.changes,
          expandedRowRender: (row) => (
            <Space direction="vertical" style={{ width: "100%" }} data-testid="audit-expanded">
              <Typography.Text>
                {t(`auditEvents.entities.${row.entity}`, row.entity)}：<SubjectLink subject={subjectOf(row.entity, row.entityId)} id={row.entityId} />
              </Typography.Text>
              <AuditChanges entity={row.entity} changes={row.changes as Record<string, unknown>} member={(id) => subjectOf("Member", id)} />
            </Space>
          ),
        }}
      >
        <Table.Column<AuditRow> dataIndex="occurredAt" title={f("occurredAt")} sorter render={formatDateTime} width={160} />
        <Table.Column<AuditRow>
          dataIndex="actorName"
          title={f("actor")}
          render={(name, row) => (
            <span>
              <Tag>{t(`auditEvents.actorTypes.${row.actorType}`, row.actorType)}</Tag>
              {name ?? row.actorId ?? "—"}
            </span>
          )}
        />
        <Table.Column<AuditRow> dataIndex="action" title={f("action")} sorter render={(a) => <Tag color={ACTION_COLORS[a]}>{t(`auditEvents.actions.${a}`, a)}</Tag>} />
        <Table.Column<AuditRow> dataIndex="entity" title={f("entity")} sorter render={(e) => t(`auditEvents.entities.${e}`, e)} />
        <Table.Column<AuditRow>
          dataIndex="entityId"
          title={f("subject")}
          render={(id: string | null, row) => <SubjectLink subject={subjectOf(row.entity, id)} id={id} />}
        />
        <Table.Column<AuditRow> dataIndex="ip" title={f("ip")} />
        <Table.Column<AuditRow>
          dataIndex="changes"
          title={f("changes")}
          render={(changes, row) =>
            changes ? (
              <Typography.Text type="secondary">
                {Object.keys(changes)
                  .slice(0, 4)
                  .map((key) => fieldLabel(row.entity, key))
                  .join("、")}
              </Typography.Text>
            ) : (
              "—"
            )
          }
        />
      </ListTable>
    </List>
  );
};
