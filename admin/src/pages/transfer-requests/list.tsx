import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, getDefaultFilter, useGo, useTranslate } from "@refinedev/core";
import { Card, Col, DatePicker, Form, Row, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { AgreementSelect, MemberSelect } from "../../components/pickers";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import type { TransferRequestsListQuery, TransferState } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDate, formatDateTime } from "../../lib/dates";
import { TRANSFER_REQUESTS_LIST_QUERY } from "./queries";

type TransferRow = TransferRequestsListQuery["transferRequests"]["nodes"][number];

interface TransferSearch {
  state?: TransferState[];
  memberId?: string;
  agreementId?: string;
  requestedAt?: [Dayjs, Dayjs];
}

const dateRange = (value: unknown): [Dayjs, Dayjs] | undefined =>
  Array.isArray(value) && value.length === 2 ? [dayjs(String(value[0])), dayjs(String(value[1]))] : undefined;

/** 组织关系转接: requests of either side, newest first, with what the viewer may do to each. */
export const TransferRequestList = () => {
  const t = useTranslate();
  const go = useGo();
  const { tableProps, searchFormProps, filters, tableQuery } = useTable<TransferRow, never, TransferSearch>({
    resource: "transferRequests",
    meta: { gqlQuery: TRANSFER_REQUESTS_LIST_QUERY },
    sorters: { initial: [{ field: "requestedAt", order: "desc" }] },
    pagination: { pageSize: 20 },
    onSearch: (values): CrudFilters => [
      { field: "state", operator: "in", value: values.state?.length ? values.state : undefined },
      { field: "memberId", operator: "eq", value: values.memberId },
      { field: "agreementId", operator: "eq", value: values.agreementId },
      {
        field: "requestedAt",
        operator: "between",
        value: values.requestedAt ? [values.requestedAt[0].startOf("day").toISOString(), values.requestedAt[1].endOf("day").toISOString()] : undefined,
      },
    ],
    errorNotification: errorNotificationFor(TRANSFER_REQUESTS_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`transferRequests.fields.${name}`);

  return (
    <List>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<TransferSearch>
          {...searchFormProps}
          layout="vertical"
          initialValues={{
            state: getDefaultFilter("state", filters, "in"),
            memberId: getDefaultFilter("memberId", filters, "eq"),
            agreementId: getDefaultFilter("agreementId", filters, "eq"),
            requestedAt: dateRange(getDefaultFilter("requestedAt", filters, "between")),
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="state" label={f("state")}>
                <EnumSelect name="TransferState" mode="multiple" data-testid="filter-state" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="memberId" label={f("member")}>
                <MemberSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="agreementId" label={f("agreement")}>
                <AgreementSelect allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="requestedAt" label={f("requestedAt")}>
                <DatePicker.RangePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          </Row>
          <FilterButtons form={searchFormProps.form} />
        </Form>
      </Card>
      <ListTable<TransferRow>
        {...tableProps}
        tableKey="transferRequests"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="middle"
        data-testid="transfer-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
      >
        <Table.Column<TransferRow>
          dataIndex={["member", "name"]}
          title={f("member")}
          render={(name, row) => (
            <Typography.Link onClick={() => go({ to: `/transfer-requests/show/${row.id}` })} data-testid="transfer-link">
              {name ?? row.memberId}
            </Typography.Link>
          )}
        />
        <Table.Column<TransferRow> dataIndex={["fromOrganization", "name"]} title={f("fromOrganization")} />
        <Table.Column<TransferRow> dataIndex={["toOrganization", "name"]} title={f("toOrganization")} />
        <Table.Column<TransferRow> dataIndex="requestedSide" title={f("requestedSide")} render={(v) => <EnumTag name="AgreementSide" value={v} />} />
        <Table.Column<TransferRow> dataIndex="requestedAt" title={f("requestedAt")} sorter render={formatDateTime} />
        <Table.Column<TransferRow> dataIndex="state" title={f("state")} sorter render={(v) => <EnumTag name="TransferState" value={v} />} />
        <Table.Column<TransferRow> dataIndex="completedOn" title={f("completedOn")} render={formatDate} />
        <Table.Column<TransferRow>
          dataIndex="allowedActions"
          title={f("yourTurn")}
          render={(actions: string[]) => (actions.length ? actions.map((action) => <EnumTag key={action} name="TransferAction" value={action} />) : "—")}
        />
      </ListTable>
    </List>
  );
};
