import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, getDefaultFilter, useGo, useTranslate } from "@refinedev/core";
import { Card, Col, Form, Row, Select, Table, Tag, Typography } from "antd";
import { EnumTag } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { MemberSelect } from "../../components/pickers";
import type { LostContactCasesListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDate } from "../../lib/dates";
import { LOST_CONTACT_CASES_LIST_QUERY } from "./queries";

type CaseRow = LostContactCasesListQuery["lostContactCases"]["nodes"][number];

interface CaseSearch {
  memberId?: string;
  open?: "open" | "closed";
}

/** 失联党员查找: open cases first by default, with how many attempts each has had. */
export const LostContactCaseList = () => {
  const t = useTranslate();
  const go = useGo();
  const { tableProps, searchFormProps, filters, tableQuery } = useTable<CaseRow, never, CaseSearch>({
    resource: "lostContactCases",
    meta: { gqlQuery: LOST_CONTACT_CASES_LIST_QUERY },
    sorters: { initial: [{ field: "openedOn", order: "desc" }] },
    pagination: { pageSize: 20 },
    onSearch: (values): CrudFilters => [
      { field: "memberId", operator: "eq", value: values.memberId },
      { field: "open", operator: "eq", value: values.open ? values.open === "open" : undefined },
    ],
    errorNotification: errorNotificationFor(LOST_CONTACT_CASES_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`lostContactCases.fields.${name}`);
  const open = getDefaultFilter("open", filters, "eq");

  return (
    <List>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<CaseSearch>
          {...searchFormProps}
          layout="vertical"
          initialValues={{ memberId: getDefaultFilter("memberId", filters, "eq"), open: open === undefined ? undefined : open ? "open" : "closed" }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="memberId" label={f("member")}>
                <MemberSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="open" label={f("state")}>
                <Select
                  allowClear
                  options={[
                    { value: "open", label: t("lostContactCases.states.open") },
                    { value: "closed", label: t("lostContactCases.states.closed") },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          <FilterButtons form={searchFormProps.form} />
        </Form>
      </Card>
      <ListTable<CaseRow>
        {...tableProps}
        tableKey="lostContactCases"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="middle"
        data-testid="case-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
      >
        <Table.Column<CaseRow>
          dataIndex={["member", "name"]}
          title={f("member")}
          render={(name, row) => (
            <Typography.Link onClick={() => go({ to: `/lost-contact-cases/show/${row.id}` })} data-testid="case-link">
              {name}
            </Typography.Link>
          )}
        />
        <Table.Column<CaseRow> dataIndex="openedOn" title={f("openedOn")} sorter render={formatDate} />
        <Table.Column<CaseRow> dataIndex="lastKnownContactOn" title={f("lastKnownContactOn")} render={formatDate} />
        <Table.Column<CaseRow> dataIndex={["attempts", "totalCount"]} title={f("attempts")} />
        <Table.Column<CaseRow>
          dataIndex="open"
          title={f("state")}
          render={(value: boolean, row) =>
            value ? <Tag color="red">{t("lostContactCases.states.open")}</Tag> : <EnumTag name="LostContactOutcome" value={row.outcome} />
          }
        />
        <Table.Column<CaseRow> dataIndex="closedOn" title={f("closedOn")} sorter render={formatDate} />
      </ListTable>
    </List>
  );
};
