import { List, useTable } from "@refinedev/antd";
import { useGo, useTranslate } from "@refinedev/core";
import { Table, Typography } from "antd";
import { EnumTag } from "../../components/enum-tag";
import { ListTable } from "../../components/list-table";
import type { RosterExchangesListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/dates";
import { ROSTER_EXCHANGES_LIST_QUERY } from "./queries";

type ExchangeRow = RosterExchangesListQuery["rosterExchanges"]["nodes"][number];

/** 名册比对: the rosters the outflow side sent, and how each compared with the host's ledger. */
export const RosterExchangeList = () => {
  const t = useTranslate();
  const go = useGo();
  const { tableProps, tableQuery } = useTable<ExchangeRow>({
    resource: "rosterExchanges",
    meta: { gqlQuery: ROSTER_EXCHANGES_LIST_QUERY },
    sorters: { initial: [{ field: "sentAt", order: "desc" }] },
    pagination: { pageSize: 20 },
    errorNotification: errorNotificationFor(ROSTER_EXCHANGES_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`rosterExchanges.fields.${name}`);
  return (
    <List>
      <ListTable<ExchangeRow>
        {...tableProps}
        tableKey="rosterExchanges"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="middle"
        data-testid="roster-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
      >
        <Table.Column<ExchangeRow>
          dataIndex="sentAt"
          title={f("sentAt")}
          sorter
          render={(value, row) => <Typography.Link onClick={() => go({ to: `/roster-exchanges/show/${row.id}` })}>{formatDateTime(value)}</Typography.Link>}
        />
        <Table.Column<ExchangeRow> dataIndex="fromSide" title={f("fromSide")} render={(value) => <EnumTag name="AgreementSide" value={value} />} />
        <Table.Column<ExchangeRow> dataIndex="clientRosterId" title={f("clientRosterId")} render={(value) => value ?? "—"} />
        <Table.Column<ExchangeRow> dataIndex="rowCount" title={f("rowCount")} />
        <Table.Column<ExchangeRow> dataIndex="matchedCount" title={f("matchedCount")} />
        <Table.Column<ExchangeRow> dataIndex="unknownCount" title={f("unknownCount")} />
        <Table.Column<ExchangeRow> dataIndex="missingCount" title={f("missingCount")} />
        <Table.Column<ExchangeRow> dataIndex="sentBy" title={f("sentBy")} />
      </ListTable>
    </List>
  );
};
