import { ImportOutlined } from "@ant-design/icons";
import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, getDefaultFilter, useCan, useGo, useTranslate } from "@refinedev/core";
import { Button, Card, Col, DatePicker, Form, Input, Row, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { MemberSelect, OrganizationTreeSelect } from "../../components/pickers";
import { RowActions } from "../../components/row-actions";
import type { ActivityRecordsListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { DATE_FORMAT, formatDate } from "../../lib/dates";
import { ActivityExport } from "./export";
import { ACTIVITY_RECORD_DELETE_MUTATION, ACTIVITY_RECORDS_LIST_QUERY } from "./queries";

type ActivityRow = ActivityRecordsListQuery["activityRecords"]["nodes"][number];

interface ActivitySearch {
  title?: string;
  memberId?: string;
  organizationSubtree?: string;
  kind?: string[];
  occurredOn?: [Dayjs, Dayjs] | null;
}

/** A `between` filter's [from, to] (from the address) back into the range picker's value. */
const dateRange = (value: unknown): [Dayjs, Dayjs] | undefined =>
  Array.isArray(value) && value.length === 2 ? [dayjs(String(value[0])), dayjs(String(value[1]))] : undefined;

export const ActivityRecordList = () => {
  const t = useTranslate();
  const go = useGo();
  const { data: canCreate } = useCan({ resource: "activityRecords", action: "create" });
  const { tableProps, searchFormProps, filters, sorters, tableQuery } = useTable<ActivityRow, never, ActivitySearch>({
    resource: "activityRecords",
    meta: { gqlQuery: ACTIVITY_RECORDS_LIST_QUERY },
    sorters: { initial: [{ field: "occurredOn", order: "desc" }] },
    pagination: { pageSize: 20 },
    onSearch: (values): CrudFilters => [
      { field: "title", operator: "contains", value: values.title?.trim() || undefined },
      { field: "memberId", operator: "eq", value: values.memberId },
      { field: "organizationSubtree", operator: "eq", value: values.organizationSubtree },
      { field: "kind", operator: "in", value: values.kind },
      {
        field: "occurredOn",
        operator: "between",
        value: values.occurredOn ? values.occurredOn.map((d) => d.format(DATE_FORMAT)) : undefined,
      },
    ],
    errorNotification: errorNotificationFor(ACTIVITY_RECORDS_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`activityRecords.fields.${name}`);

  return (
    <List
      headerButtons={({ defaultButtons }) => (
        <Space>
          {canCreate?.can && (
            <Button icon={<ImportOutlined />} onClick={() => go({ to: "/activity-records/import" })}>
              {t("activityRecords.import.button")}
            </Button>
          )}
          {defaultButtons}
        </Space>
      )}
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<ActivitySearch>
          {...searchFormProps}
          layout="vertical"
          data-testid="activity-filters"
          initialValues={{
            title: getDefaultFilter("title", filters, "contains")?.toString().replace(/%/g, ""),
            memberId: getDefaultFilter("memberId", filters, "eq"),
            organizationSubtree: getDefaultFilter("organizationSubtree", filters, "eq"),
            kind: getDefaultFilter("kind", filters, "in"),
            occurredOn: dateRange(getDefaultFilter("occurredOn", filters, "between")),
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8} xl={5}>
              <Form.Item name="title" label={f("title")}>
                <Input allowClear data-testid="filter-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={5}>
              <Form.Item name="memberId" label={f("member")}>
                <MemberSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={5}>
              <Form.Item name="organizationSubtree" label={f("organizationSubtree")}>
                <OrganizationTreeSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={4}>
              <Form.Item name="kind" label={f("kind")}>
                <EnumSelect name="ActivityKind" mode="multiple" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={5}>
              <Form.Item name="occurredOn" label={f("occurredOn")}>
                <DatePicker.RangePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          </Row>
          <FilterButtons form={searchFormProps.form} />
        </Form>
      </Card>
      <ListTable<ActivityRow>
        {...tableProps}
        tableKey="activityRecords"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        extra={<ActivityExport filters={filters} sorters={sorters} />}
        rowKey="id"
        size="middle"
        scroll={{ x: 1000 }}
        data-testid="activity-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
      >
        <Table.Column<ActivityRow>
          dataIndex="occurredOn"
          title={f("occurredOn")}
          sorter
          width={112}
          render={(value) => <span style={{ whiteSpace: "nowrap" }}>{formatDate(value)}</span>}
        />
        <Table.Column<ActivityRow>
          dataIndex={["member", "name"]}
          title={f("member")}
          render={(name, row) => <Typography.Link onClick={() => go({ to: `/members/show/${row.memberId}` })}>{name}</Typography.Link>}
        />
        <Table.Column<ActivityRow> dataIndex="kind" title={f("kind")} sorter render={(v) => <EnumTag name="ActivityKind" value={v} />} />
        <Table.Column<ActivityRow> dataIndex="title" title={f("title")} sorter />
        <Table.Column<ActivityRow> dataIndex={["organization", "name"]} title={f("organization")} />
        <Table.Column<ActivityRow> dataIndex="hours" title={f("hours")} sorter />
        <Table.Column<ActivityRow> dataIndex="points" title={f("points")} sorter />
        <Table.Column<ActivityRow> dataIndex="source" title={f("source")} render={(v) => t(`activityRecords.sources.${v}`, v)} />
        <Table.Column<ActivityRow>
          key="actions"
          title={t("table.actions")}
          width={88}
          render={(_, row) => (
            <RowActions
              id={row.id}
              deleteMutation={ACTIVITY_RECORD_DELETE_MUTATION}
              confirmDelete={t("activityRecords.delete.confirm", { name: row.member?.name ?? "", title: row.title })}
              show={false}
            />
          )}
        />
      </ListTable>
    </List>
  );
};
