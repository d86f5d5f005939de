import { DeleteOutlined, EyeOutlined, PlusOutlined, SyncOutlined } from "@ant-design/icons";
import { List } from "@refinedev/antd";
import { useCan, useCustom, useCustomMutation, useGo, useTranslate } from "@refinedev/core";
import { Alert, Button, Popconfirm, Space, Switch, Table, Typography } from "antd";
import { useState } from "react";
import { EnumTag, EnumTags } from "../../components/enum-tag";
import { AgreementSelect, useAgreements } from "../../components/pickers";
import type { WebhookEndpointsQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/dates";
import { DELETE_WEBHOOK_ENDPOINT_MUTATION, UPDATE_WEBHOOK_ENDPOINT_MUTATION, WEBHOOK_ENDPOINTS_QUERY } from "./queries";
import { CreateEndpointDialog, RotateSecretDialog, SecretShownOnce } from "./secret-dialogs";

export type EndpointRow = NonNullable<WebhookEndpointsQuery["webhookEndpoints"]>[number];

/** Webhook endpoints of the agreements this viewer manages: register, enable or disable, rotate the secret, delete. */
export const WebhookEndpointList = () => {
  const t = useTranslate();
  const go = useGo();
  const [agreementId, setAgreementId] = useState<string | undefined>();
  const [dialog, setDialog] = useState<{ kind: "create" } | { kind: "rotate"; row: EndpointRow } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const { data: canWrite } = useCan({ resource: "webhookEndpoints", action: "create" });
  const { agreements } = useAgreements();
  const { mutateAsync } = useCustomMutation();
  const endpoints = useCustom<WebhookEndpointsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: WEBHOOK_ENDPOINTS_QUERY, gqlVariables: { agreementId } },
    queryOptions: { queryKey: ["webhookEndpoints", agreementId] },
    errorNotification: errorNotificationFor(WEBHOOK_ENDPOINTS_QUERY, "errors.loadFailed"),
  });
  const rows = endpoints.result.data?.webhookEndpoints ?? [];
  const agreementOf = (id: string) => agreements.find((agreement) => agreement.id === id);
  const f = (name: string) => t(`webhookEndpoints.fields.${name}`);

  const change = async (document: typeof UPDATE_WEBHOOK_ENDPOINT_MUTATION, variables: Record<string, unknown>, message: string) => {
    await mutateAsync({
      url: "",
      method: "post",
      values: variables,
      meta: { gqlMutation: document },
      successNotification: { type: "success", message },
      errorNotification: errorNotificationFor(document),
    }).catch(() => undefined);
    await endpoints.query.refetch();
  };
  const shown = (value: string) => {
    setDialog(null);
    setSecret(value);
    void endpoints.query.refetch();
  };

  return (
    <List
      headerButtons={
        <Space wrap>
          <AgreementSelect allowClear placeholder={t("webhookEndpoints.hints.allAgreements")} style={{ minWidth: 260 }} value={agreementId} onChange={(value) => setAgreementId(value as string | undefined)} data-testid="endpoints-agreement" />
          {canWrite?.can && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: "create" })} data-testid="create-endpoint">
              {t("webhookEndpoints.create.button")}
            </Button>
          )}
        </Space>
      }
    >
      <Alert type="info" showIcon message={t("webhookEndpoints.hints.about")} style={{ marginBottom: 16 }} />
      <Table<EndpointRow> dataSource={rows} rowKey="id" size="small" loading={endpoints.query.isFetching} pagination={false} scroll={{ x: 1000 }} data-testid="endpoints-table">
        <Table.Column<EndpointRow>
          dataIndex="url"
          title={f("url")}
          render={(url, row) => (
            <Space direction="vertical" size={0}>
              <Typography.Text code>{url}</Typography.Text>
              {row.description && <Typography.Text type="secondary">{row.description}</Typography.Text>}
            </Space>
          )}
        />
        <Table.Column<EndpointRow> dataIndex="agreementId" title={f("agreement")} render={(id: string) => <span title={agreementOf(id)?.title}>{agreementOf(id)?.code ?? id}</span>} />
        <Table.Column<EndpointRow> dataIndex="audience" title={f("audience")} render={(v) => <EnumTag name="AgreementSide" value={v} />} />
        <Table.Column<EndpointRow> dataIndex="eventTypes" title={f("eventTypes")} render={(v) => <EnumTags name="EventType" values={v} />} />
        <Table.Column<EndpointRow>
          dataIndex="enabled"
          title={f("enabled")}
          render={(enabled: boolean, row) => (
            <Switch
              checked={enabled}
              disabled={!canWrite?.can}
              data-testid={`endpoint-enabled-${row.id}`}
              onChange={(next) => void change(UPDATE_WEBHOOK_ENDPOINT_MUTATION, { input: { id: row.id, version: row.version, enabled: next } }, t(`webhookEndpoints.toggle.${next ? "enabled" : "disabled"}`))}
            />
          )}
        />
        <Table.Column<EndpointRow> dataIndex="createdAt" title={f("createdAt")} render={(v, row) => `${formatDateTime(v)} ${row.createdBy ?? ""}`} />
        <Table.Column<EndpointRow>
          key="actions"
          title={t("table.actions")}
          render={(_, row) => (
            <Space>
              <Button size="small" icon={<EyeOutlined />} onClick={() => go({ to: `/webhook-endpoints/show/${row.id}` })} data-testid={`endpoint-show-${row.id}`} />
              {canWrite?.can && (
                <>
                  <Button size="small" icon={<SyncOutlined />} onClick={() => setDialog({ kind: "rotate", row })} data-testid={`endpoint-rotate-${row.id}`}>
                    {t("webhookEndpoints.rotate.button")}
                  </Button>
                  <Popconfirm title={t("webhookEndpoints.delete.confirm")} okButtonProps={{ danger: true }} onConfirm={() => change(DELETE_WEBHOOK_ENDPOINT_MUTATION, { id: row.id }, t("webhookEndpoints.delete.done"))}>
                    <Button size="small" danger icon={<DeleteOutlined />} data-testid={`endpoint-delete-${row.id}`} />
                  </Popconfirm>
                </>
              )}
            </Space>
          )}
        />
      </Table>
      {dialog?.kind === "create" && <CreateEndpointDialog agreementId={agreementId} onCancel={() => setDialog(null)} onDone={shown} />}
      {dialog?.kind === "rotate" && <RotateSecretDialog id={dialog.row.id} version={dialog.row.version} onCancel={() => setDialog(null)} onDone={shown} />}
      {secret && <SecretShownOnce secret={secret} onClose={() => setSecret(null)} />}
    </List>
  );
};
