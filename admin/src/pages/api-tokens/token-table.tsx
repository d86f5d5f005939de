import { StopOutlined } from "@ant-design/icons";
import { useTable } from "@refinedev/antd";
import { useCan, useCustomMutation, useInvalidate, useTranslate } from "@refinedev/core";
import { Button, Popconfirm, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { EnumTags } from "../../components/enum-tag";
import { ListTable } from "../../components/list-table";
import type { ApiTokensListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/dates";
import { API_TOKENS_LIST_QUERY, REVOKE_API_TOKEN_MUTATION } from "./queries";

export type TokenRow = ApiTokensListQuery["apiTokens"]["nodes"][number];

const TokenState = ({ row }: { row: TokenRow }) => {
  const t = useTranslate();
  if (row.revokedAt) return <Tag color="red">{t("apiTokens.state.revoked")}</Tag>;
  if (dayjs(row.expiresAt).isBefore(dayjs())) return <Tag>{t("apiTokens.state.expired")}</Tag>;
  return <Tag color="green">{t("apiTokens.state.active")}</Tag>;
};

/** Tokens, optionally of one agreement, with revoke. */
export const TokenTable = ({ agreementId, showAgreement = true }: { agreementId?: string; showAgreement?: boolean }) => {
  const t = useTranslate();
  const invalidate = useInvalidate();
  const { data: canRevoke } = useCan({ resource: "apiTokens", action: "edit" });
  const { mutateAsync: revoke } = useCustomMutation();
  const { tableProps, tableQuery } = useTable<TokenRow>({
    resource: "apiTokens",
    syncWithLocation: !agreementId,
    filters: agreementId ? { permanent: [{ field: "agreementId", operator: "eq", value: agreementId }] } : undefined,
    sorters: { initial: [{ field: "createdAt", order: "desc" }] },
    pagination: { pageSize: 10 },
    meta: { gqlQuery: API_TOKENS_LIST_QUERY },
  });

  const onRevoke = async (row: TokenRow) => {
    await revoke({
      url: "",
      method: "post",
      values: { id: row.id },
      meta: { gqlMutation: REVOKE_API_TOKEN_MUTATION },
      successNotification: { type: "success", message: t("apiTokens.revoke.done", { name: row.name }) },
      errorNotification: errorNotificationFor(REVOKE_API_TOKEN_MUTATION),
    }).catch(() => undefined);
    await invalidate({ resource: "apiTokens", invalidates: ["list"] });
  };

  return (
    <ListTable<TokenRow>
      {...tableProps}
      tableKey={agreementId ? "agreementTokens" : "apiTokens"}
      onRefresh={() => tableQuery.refetch()}
      refreshing={tableQuery.isFetching}
      rowKey="id"
      size="small"
      scroll={{ x: 1000 }}
      data-testid="tokens-table"
    >
      <Table.Column<TokenRow> dataIndex="name" title={t("apiTokens.fields.name")} sorter />
      <Table.Column<TokenRow>
        dataIndex="publicId"
        title={t("apiTokens.fields.publicId")}
        render={(v) => <Typography.Text code>{`ggt_${v}_…`}</Typography.Text>}
      />
      {showAgreement && (
        <Table.Column<TokenRow> dataIndex={["agreement", "code"]} title={t("apiTokens.fields.agreement")} render={(v, row) => <span title={row.agreement?.title}>{v ?? "—"}</span>} />
      )}
      <Table.Column<TokenRow> dataIndex="scopes" title={t("apiTokens.fields.scopes")} render={(v) => <EnumTags name="TokenScope" values={v} />} />
      <Table.Column<TokenRow> dataIndex="years" title={t("apiTokens.fields.years")} render={(v: number[]) => v.join(", ") || "—"} />
      <Table.Column<TokenRow> dataIndex="expiresAt" title={t("apiTokens.fields.expiresAt")} sorter render={formatDateTime} />
      <Table.Column<TokenRow> dataIndex="lastUsedAt" title={t("apiTokens.fields.lastUsedAt")} sorter render={(v, row) => (v ? `${formatDateTime(v)} ${row.lastUsedIp ?? ""}` : t("apiTokens.neverUsed"))} />
      <Table.Column<TokenRow> key="state" title={t("apiTokens.fields.state")} render={(_, row) => <TokenState row={row} />} />
      {canRevoke?.can && (
        <Table.Column<TokenRow>
          key="actions"
          title={t("table.actions")}
          render={(_, row) =>
            !row.revokedAt && (
              <Popconfirm title={t("apiTokens.revoke.confirm", { name: row.name })} onConfirm={() => onRevoke(row)} okButtonProps={{ danger: true }}>
                <Button danger size="small" icon={<StopOutlined />} data-testid={`revoke-${row.id}`}>
                  {t("apiTokens.revoke.button")}
                </Button>
              </Popconfirm>
            )
          }
        />
      )}
    </ListTable>
  );
};
