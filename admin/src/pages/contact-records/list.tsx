import { ImportOutlined } from "@ant-design/icons";
import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, getDefaultFilter, useCan, useGo, useTranslate } from "@refinedev/core";
import { Button, Card, Col, DatePicker, Form, Row, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { MemberSelect } from "../../components/pickers";
import { RowActions } from "../../components/row-actions";
import type { ContactRecordsListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { DATE_FORMAT, formatDate } from "../../lib/dates";
import { CONTACT_RECORD_DELETE_MUTATION, CONTACT_RECORDS_LIST_QUERY } from "./queries";

type ContactRow = ContactRecordsListQuery["contactRecords"]["nodes"][number];

interface ContactSearch {
  memberId?: string;
  kind?: string[];
  channel?: string[];
  occurredOn?: [Dayjs, Dayjs] | null;
}

const dateRange = (value: unknown): [Dayjs, Dayjs] | undefined =>
  Array.isArray(value) && value.length === 2 ? [dayjs(String(value[0])), dayjs(String(value[1]))] : undefined;

/** 联系记录: talks, reminder talks, visits, home-coming meetings and thought reports, filtered by member, kind, channel and date. */
export const ContactRecordList = () => {
  const t = useTranslate();
  const go = useGo();
  const { data: canCreate } = useCan({ resource: "contactRecords", action: "create" });
  const { tableProps, searchFormProps, filters, tableQuery } = useTable<ContactRow, never, ContactSearch>({
    resource: "contactRecords",
    meta: { gqlQuery: CONTACT_RECORDS_LIST_QUERY },
    sorters: { initial: [{ field: "occurredOn", order: "desc" }] },
    pagination: { pageSize: 20 },
    onSearch: (values): CrudFilters => [
      { field: "memberId", operator: "eq", value: values.memberId },
      { field: "kind", operator: "in", value: values.kind },
      { field: "channel", operator: "in", value: values.channel },
      { field: "occurredOn", operator: "between", value: values.occurredOn ? values.occurredOn.map((d) => d.format(DATE_FORMAT)) : undefined },
    ],
    errorNotification: errorNotificationFor(CONTACT_RECORDS_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`contactRecords.fields.${name}`);

  return (
    <List
      headerButtons={({ defaultButtons }) => (
        <Space>
          {canCreate?.can && (
            <Button icon={<ImportOutlined />} onClick={() => go({ to: "/contact-records/import" })}>
              {t("contactRecords.import.button")}
            </Button>
          )}
          {defaultButtons}
        </Space>
      )}
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<ContactSearch>
          {...searchFormProps}
          layout="vertical"
          data-testid="contact-filters"
          initialValues={{
            memberId: getDefaultFilter("memberId", filters, "eq"),
            kind: getDefaultFilter("kind", filters, "in"),
            channel: getDefaultFilter("channel", filters, "in"),
            occurredOn: dateRange(getDefaultFilter("occurredOn", filters, "between")),
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="memberId" label={f("member")}>
                <MemberSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="kind" label={f("kind")}>
                <EnumSelect name="ContactKind" mode="multiple" data-testid="filter-kind" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="channel" label={f("channel")}>
                <EnumSelect name="ContactChannel" mode="multiple" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="occurredOn" label={f("occurredOn")}>
                <DatePicker.RangePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          </Row>
          <FilterButtons form={searchFormProps.form} />
        </Form>
      </Card>
      <ListTable<ContactRow>
        {...tableProps}
        tableKey="contactRecords"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="middle"
        scroll={{ x: 1000 }}
        data-testid="contact-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
      >
        <Table.Column<ContactRow> dataIndex="occurredOn" title={f("occurredOn")} sorter width={112} render={(value) => <span style={{ whiteSpace: "nowrap" }}>{formatDate(value)}</span>} />
        <Table.Column<ContactRow>
          dataIndex={["member", "name"]}
          title={f("member")}
          render={(name, row) => <Typography.Link onClick={() => go({ to: `/members/show/${row.memberId}` })}>{name}</Typography.Link>}
        />
        <Table.Column<ContactRow> dataIndex="kind" title={f("kind")} sorter render={(v) => <EnumTag name="ContactKind" value={v} />} />
        <Table.Column<ContactRow> dataIndex="channel" title={f("channel")} sorter render={(v) => <EnumTag name="ContactChannel" value={v} />} />
        <Table.Column<ContactRow> dataIndex="heldBy" title={f("heldBy")} sorter />
        <Table.Column<ContactRow> dataIndex="notes" title={f("notes")} ellipsis render={(v) => v ?? "—"} />
        <Table.Column<ContactRow> dataIndex="followUp" title={f("followUp")} ellipsis render={(v) => v ?? "—"} />
        <Table.Column<ContactRow>
          key="actions"
          title={t("table.actions")}
          width={88}
          render={(_, row) => (
            <RowActions
              id={row.id}
              deleteMutation={CONTACT_RECORD_DELETE_MUTATION}
              confirmDelete={t("contactRecords.delete.confirm", { name: row.member?.name ?? "", date: formatDate(row.occurredOn) })}
              show={false}
              edit={false}
            />
          )}
        />
      </ListTable>
    </List>
  );
};
