import { ImportOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, getDefaultFilter, useCan, useGo, useParsed, useTranslate } from "@refinedev/core";
import { Button, Card, Checkbox, Col, Form, Input, Row, Space, Table, Typography } from "antd";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { OrganizationTreeSelect, RegionSelect } from "../../components/pickers";
import { RowActions } from "../../components/row-actions";
import type { MembersListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDate } from "../../lib/dates";
import { hasTextBooleans, withBooleans } from "../../lib/url-filters";
import { MemberExport } from "./export";
import { LedgerFlags } from "./ledger-flags";
import { MEMBER_DELETE_MUTATION, MEMBERS_LIST_QUERY } from "./queries";

export type MemberRow = MembersListQuery["members"]["nodes"][number];

interface MemberSearch {
  name?: string;
  status?: string[];
  mobilityType?: string[];
  formalOrganizationSubtree?: string;
  inflowOrganizationSubtree?: string;
  destinationRegionCode?: string;
  transferDue?: boolean;
  ledgerStale?: boolean;
}

/** Filter form values → CrudFilters the stock provider turns into a `MemberFilter`. */
const toFilters = (values: MemberSearch): CrudFilters => [
  { field: "name", operator: "contains", value: values.name?.trim() || undefined },
  { field: "status", operator: "in", value: values.status },
  { field: "mobilityType", operator: "in", value: values.mobilityType },
  { field: "formalOrganizationSubtree", operator: "eq", value: values.formalOrganizationSubtree },
  { field: "inflowOrganizationSubtree", operator: "eq", value: values.inflowOrganizationSubtree },
  { field: "destinationRegionCode", operator: "eq", value: values.destinationRegionCode },
  // Computed flags: only "yes" filters; an unticked box means "any".
  { field: "transferDue", operator: "eq", value: values.transferDue ? true : undefined },
  { field: "ledgerStale", operator: "eq", value: values.ledgerStale ? true : undefined },
];

/** The list's boolean filters, which come back from the address as text. */
const FLAGS = ["transferDue", "ledgerStale"] as const;

export const MemberList = () => {
  const t = useTranslate();
  const go = useGo();
  const { data: canCreate } = useCan({ resource: "members", action: "create" });
  // A link or a reload with a flag in the address: fix the flag's type before the first request.
  const { params } = useParsed<{ filters?: CrudFilters }>();
  const [ready, setReady] = useState(() => !hasTextBooleans(params?.filters, FLAGS));
  const { tableProps, searchFormProps, filters, setFilters, sorters, tableQuery } = useTable<MemberRow, never, MemberSearch>({
    resource: "members",
    meta: { gqlQuery: MEMBERS_LIST_QUERY },
    queryOptions: { enabled: ready },
    sorters: { initial: [{ field: "id", order: "desc" }] },
    pagination: { pageSize: 20 },
    onSearch: toFilters,
    errorNotification: errorNotificationFor(MEMBERS_LIST_QUERY, "errors.loadFailed"),
  });
  useEffect(() => {
    if (ready) return;
    setFilters(withBooleans(filters, FLAGS), "replace");
    setReady(true);
  }, [ready]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <List
      headerButtons={({ defaultButtons }) => (
        <Space wrap>
          {canCreate?.can && (
            <Button icon={<ImportOutlined />} onClick={() => go({ to: "/members/import" })} data-testid="members-import">
              {t("members.import.button")}
            </Button>
          )}
          {defaultButtons}
        </Space>
      )}
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<MemberSearch>
          {...searchFormProps}
          layout="vertical"
          data-testid="member-filters"
          initialValues={{
            name: getDefaultFilter("name", filters, "contains")?.toString().replace(/%/g, ""),
            status: getDefaultFilter("status", filters, "in"),
            mobilityType: getDefaultFilter("mobilityType", filters, "in"),
            formalOrganizationSubtree: getDefaultFilter("formalOrganizationSubtree", filters, "eq"),
            inflowOrganizationSubtree: getDefaultFilter("inflowOrganizationSubtree", filters, "eq"),
            destinationRegionCode: getDefaultFilter("destinationRegionCode", filters, "eq"),
            transferDue: getDefaultFilter("transferDue", filters, "eq"),
            ledgerStale: getDefaultFilter("ledgerStale", filters, "eq"),
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="name" label={t("members.fields.name")}>
                <Input allowClear placeholder={t("members.filters.namePlaceholder")} data-testid="filter-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="status" label={t("members.fields.status")}>
                <EnumSelect name="MemberStatus" mode="multiple" data-testid="filter-status" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="mobilityType" label={t("members.fields.mobilityType")}>
                <EnumSelect name="MobilityType" mode="multiple" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="formalOrganizationSubtree" label={t("members.filters.formalOrganizationSubtree")}>
                <OrganizationTreeSelect data-testid="filter-organization" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="inflowOrganizationSubtree" label={t("members.filters.inflowOrganizationSubtree")}>
                <OrganizationTreeSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="destinationRegionCode" label={t("members.fields.destinationRegionCode")}>
                <RegionSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={16} xl={6}>
              <Form.Item label={t("members.filters.flags")}>
                <Space size="large">
                  <Form.Item name="transferDue" valuePropName="checked" noStyle>
                    <Checkbox>{t("members.fields.transferDue")}</Checkbox>
                  </Form.Item>
                  <Form.Item name="ledgerStale" valuePropName="checked" noStyle>
                    <Checkbox>{t("members.fields.ledgerStale")}</Checkbox>
                  </Form.Item>
                </Space>
              </Form.Item>
            </Col>
            <Col xs={24} xl={6} style={{ display: "flex", alignItems: "flex-end" }}>
              <Form.Item>
                <FilterButtons form={searchFormProps.form} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <ListTable<MemberRow>
        {...tableProps}
        tableKey="members"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        extra={<MemberExport filters={filters} sorters={sorters} />}
        rowKey="id"
        size="middle"
        // Fits the content area at 1440 px: no column ends up under the fixed ones.
        scroll={{ x: 1170 }}
        data-testid="members-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
      >
        <Table.Column<MemberRow>
          dataIndex="name"
          title={t("members.fields.name")}
          sorter
          fixed="left"
          width={96}
          render={(name, row) => (
            <Typography.Link style={{ whiteSpace: "nowrap" }} onClick={() => go({ to: `/members/show/${row.id}` })}>{name}</Typography.Link>
          )}
        />
        <Table.Column<MemberRow>
          dataIndex="idNumber"
          title={t("members.fields.idNumber")}
          width={172}
          render={(v) => <span style={{ whiteSpace: "nowrap", fontFamily: "monospace" }}>{v}</span>}
        />
        <Table.Column<MemberRow>
          dataIndex="status"
          title={t("members.fields.status")}
          sorter
          width={84}
          render={(value) => <EnumTag name="MemberStatus" value={value} />}
        />
        <Table.Column<MemberRow>
          dataIndex="mobilityType"
          title={t("members.fields.mobilityType")}
          sorter
          width={96}
          render={(value) => <EnumTag name="MobilityType" value={value} />}
        />
        <Table.Column<MemberRow>
          dataIndex={["formalOrganization", "name"]}
          title={t("members.fields.formalOrganization")}
        />
        <Table.Column<MemberRow>
          dataIndex="destinationRegionCode"
          title={t("members.fields.destinationRegionCode")}
          sorter
          width={96}
          render={(code, row) => row.destinationRegion?.name ?? code}
        />
        <Table.Column<MemberRow>
          dataIndex="outflowDate"
          title={t("members.fields.outflowDate")}
          sorter
          width={112}
          render={(value, row) => (
            <span style={{ whiteSpace: "nowrap" }}>
              {formatDate(value)}
              <br />
              <Typography.Text type="secondary">{t("members.monthsAway", { count: row.monthsAway })}</Typography.Text>
            </span>
          )}
        />
        <Table.Column<MemberRow> key="flags" title={t("members.filters.flags")} width={150} render={(_, row) => <LedgerFlags member={row} />} />
        <Table.Column<MemberRow>
          dataIndex="ledgerUpdatedAt"
          title={t("members.fields.ledgerUpdatedAt")}
          sorter
          width={124}
          render={(value) => <span style={{ whiteSpace: "nowrap" }}>{formatDate(value)}</span>}
        />
        <Table.Column<MemberRow>
          key="actions"
          title={t("table.actions")}
          fixed="right"
          width={112}
          render={(_, row) => (
            <RowActions id={row.id} deleteMutation={MEMBER_DELETE_MUTATION} confirmDelete={t("members.delete.confirm", { name: row.name })} />
          )}
        />
      </ListTable>
    </List>
  );
};
