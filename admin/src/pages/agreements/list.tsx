import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, useGo, useTranslate } from "@refinedev/core";
import { Form, Input, Table, Tooltip, Typography } from "antd";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterBar } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { RegionSelect } from "../../components/pickers";
import { RowActions } from "../../components/row-actions";
import type { AgreementsListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDate } from "../../lib/dates";
import { AGREEMENT_DELETE_MUTATION, AGREEMENTS_LIST_QUERY } from "./queries";

type AgreementRow = AgreementsListQuery["agreements"]["nodes"][number];

const NOWRAP = { whiteSpace: "nowrap" } as const;

interface AgreementSearch {
  title?: string;
  status?: string[];
  partnerRegionCode?: string;
}

export const AgreementList = () => {
  const t = useTranslate();
  const go = useGo();
  const { tableProps, searchFormProps, tableQuery } = useTable<AgreementRow, never, AgreementSearch>({
    resource: "agreements",
    meta: { gqlQuery: AGREEMENTS_LIST_QUERY },
    sorters: { initial: [{ field: "effectiveFrom", order: "desc" }] },
    onSearch: (values): CrudFilters => [
      { field: "title", operator: "contains", value: values.title?.trim() || undefined },
      { field: "status", operator: "in", value: values.status },
      { field: "partnerRegionCode", operator: "eq", value: values.partnerRegionCode },
    ],
    errorNotification: errorNotificationFor(AGREEMENTS_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`agreements.fields.${name}`);

  return (
    <List>
      <FilterBar<AgreementSearch> formProps={searchFormProps}>
        <Form.Item name="title">
          <Input allowClear placeholder={t("agreements.filters.title")} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="status">
          <EnumSelect name="AgreementStatus" mode="multiple" placeholder={f("status")} style={{ minWidth: 160 }} />
        </Form.Item>
        <Form.Item name="partnerRegionCode">
          <RegionSelect levels={["PROVINCE", "CITY"]} placeholder={f("partnerRegionCode")} style={{ minWidth: 180 }} />
        </Form.Item>
      </FilterBar>
      <ListTable<AgreementRow>
        {...tableProps}
        tableKey="agreements"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="middle"
        scroll={{ x: 1100 }}
        data-testid="agreements-table"
      >
        <Table.Column<AgreementRow> dataIndex="code" title={f("code")} sorter width={128} render={(code) => <span style={NOWRAP}>{code}</span>} />
        <Table.Column<AgreementRow>
          dataIndex="title"
          title={f("title")}
          sorter
          render={(title, row) => <Typography.Link onClick={() => go({ to: `/agreements/show/${row.id}` })}>{title}</Typography.Link>}
        />
        <Table.Column<AgreementRow> dataIndex="status" title={f("status")} sorter width={80} render={(v) => <EnumTag name="AgreementStatus" value={v} />} />
        <Table.Column<AgreementRow>
          key="parties"
          title={f("parties")}
          render={(_, row) => `${row.hostRegion?.name ?? row.hostRegionCode} ⇄ ${row.partnerRegion?.name ?? row.partnerRegionCode}`}
        />
        <Table.Column<AgreementRow> dataIndex="direction" title={f("direction")} width={124} render={(v) => <EnumTag name="AgreementDirection" value={v} />} />
        <Table.Column<AgreementRow>
          dataIndex="effectiveFrom"
          title={f("effectivePeriod")}
          sorter
          width={116}
          render={(v, row) => (
            // One date a line, never broken inside ("2029-12-/31").
            <span style={NOWRAP}>
              {formatDate(v)} ~<br />
              {row.effectiveTo ? formatDate(row.effectiveTo) : t("agreements.openEnded")}
            </span>
          )}
        />
        <Table.Column<AgreementRow>
          dataIndex="feedbackDeadline"
          title={<Tooltip title={t("agreements.hints.feedbackDeadline")}>{f("feedbackDeadline")}</Tooltip>}
          width={132}
          render={(value) => <span style={NOWRAP}>{t("agreements.deadlineValue", { date: value })}</span>}
        />
        <Table.Column<AgreementRow> dataIndex="coveredMemberCount" title={f("coveredMemberCount")} width={96} />
        <Table.Column<AgreementRow>
          key="actions"
          title={t("table.actions")}
          width={112}
          render={(_, row) => (
            <RowActions id={row.id} deleteMutation={AGREEMENT_DELETE_MUTATION} confirmDelete={t("buttons.deleteNamed", { name: `${row.code} · ${row.title}` })} />
          )}
        />
      </ListTable>
    </List>
  );
};
