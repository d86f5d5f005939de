import { Show } from "@refinedev/antd";
import { useCustom, useGo, useParsed, useTranslate } from "@refinedev/core";
import { Descriptions, Segmented, Space, Table, Typography } from "antd";
import { useState } from "react";
import { EnumTag } from "../../components/enum-tag";
import type { RosterExchangeShowQuery } from "../../graphql/types";
import { formatDateTime } from "../../lib/dates";
import { ROSTER_EXCHANGE_SHOW_QUERY } from "./queries";

type Exchange = NonNullable<RosterExchangeShowQuery["rosterExchange"]>;
type Outcome = Exchange["outcomes"]["nodes"][number];
const PAGE = 50;

/** One reconciliation: its counts, and its outcomes row by row (已匹配 / 台账未登记 / 名册缺失). */
export const RosterExchangeShow = () => {
  const t = useTranslate();
  const go = useGo();
  const { id } = useParsed();
  const [outcome, setOutcome] = useState<string>("ALL");
  const [page, setPage] = useState(1);
  const { result, query } = useCustom<RosterExchangeShowQuery>({
    url: "",
    method: "get",
    meta: {
      gqlQuery: ROSTER_EXCHANGE_SHOW_QUERY,
      gqlVariables: { id: String(id ?? ""), outcome: outcome === "ALL" ? null : outcome, paging: { limit: PAGE, offset: (page - 1) * PAGE } },
    },
  });
  const exchange = (result?.data as RosterExchangeShowQuery | undefined)?.rosterExchange;
  const f = (name: string) => t(`rosterExchanges.fields.${name}`);
  return (
    <Show isLoading={query.isLoading} title={t("rosterExchanges.titles.show")} headerButtons={() => null}>
      {exchange && (
        <Space direction="vertical" size="large" style={{ width: "100%" }}>
          <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} data-testid="roster-details">
            <Descriptions.Item label={f("sentAt")}>{formatDateTime(exchange.sentAt)}</Descriptions.Item>
            <Descriptions.Item label={f("sentBy")}>{exchange.sentBy}</Descriptions.Item>
            <Descriptions.Item label={f("clientRosterId")}>{exchange.clientRosterId ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("rowCount")}>{exchange.rowCount}</Descriptions.Item>
            <Descriptions.Item label={f("matchedCount")}>{exchange.matchedCount}</Descriptions.Item>
            <Descriptions.Item label={f("unknownCount")}>
              {exchange.unknownCount}（{t("rosterExchanges.pendingCreated", { count: exchange.pendingCreatedCount })}）
            </Descriptions.Item>
            <Descriptions.Item label={f("missingCount")}>{exchange.missingCount}</Descriptions.Item>
          </Descriptions>
          <Segmented
            value={outcome}
            onChange={(value) => {
              setOutcome(String(value));
              setPage(1);
            }}
            options={[
              { value: "ALL", label: t("rosterExchanges.all") },
              { value: "MATCHED", label: t("enums.RosterOutcome.MATCHED") },
              { value: "UNKNOWN", label: t("enums.RosterOutcome.UNKNOWN") },
              { value: "MISSING", label: t("enums.RosterOutcome.MISSING") },
            ]}
          />
          <Table<Outcome>
            dataSource={exchange.outcomes.nodes}
            rowKey="id"
            size="small"
            data-testid="outcome-table"
            pagination={{ current: page, pageSize: PAGE, total: exchange.outcomes.totalCount, onChange: setPage, showSizeChanger: false }}
          >
            <Table.Column<Outcome> dataIndex="rowNumber" title={f("rowNumber")} render={(value) => (value === null ? "—" : value + 1)} width={80} />
            <Table.Column<Outcome> dataIndex="outcome" title={f("outcome")} render={(value) => <EnumTag name="RosterOutcome" value={value} />} />
            <Table.Column<Outcome> dataIndex="personName" title={f("personName")} />
            <Table.Column<Outcome> dataIndex="idNumber" title={f("idNumber")} />
            <Table.Column<Outcome>
              title={f("ledger")}
              render={(_, row) =>
                row.memberId ? (
                  <Typography.Link onClick={() => go({ to: `/members/show/${row.memberId}` })}>{t("rosterExchanges.openMember")}</Typography.Link>
                ) : row.pendingEntryId ? (
                  <Typography.Link onClick={() => go({ to: "/pending-member-entries" })}>{t("rosterExchanges.openPending")}</Typography.Link>
                ) : (
                  "—"
                )
              }
            />
          </Table>
        </Space>
      )}
    </Show>
  );
};
