import { RedoOutlined } from "@ant-design/icons";
import { Show } from "@refinedev/antd";
import { useCan, useCustom, useCustomMutation, useParsed, useTranslate } from "@refinedev/core";
import { Button, Card, Descriptions, Space, Table, Typography } from "antd";
import { EnumTag, EnumTags } from "../../components/enum-tag";
import { useAgreements } from "../../components/pickers";
import type { WebhookEndpointShowQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/dates";
import { REPLAY_WEBHOOK_DELIVERY_MUTATION, WEBHOOK_ENDPOINT_QUERY } from "./queries";

type Endpoint = NonNullable<WebhookEndpointShowQuery["webhookEndpoint"]>;
type Delivery = Endpoint["deliveries"][number];
type Attempt = Delivery["attempts"][number];

/** How many of the latest deliveries the page shows (the API gives at most 100). */
const DELIVERIES_SHOWN = 50;

const Attempts = ({ attempts }: { attempts: Attempt[] }) => {
  const t = useTranslate();
  const f = (name: string) => t(`webhookEndpoints.fields.${name}`);
  return (
    <Table<Attempt> dataSource={attempts} rowKey="id" size="small" pagination={false} data-testid="attempts-table">
      <Table.Column<Attempt> dataIndex="startedAt" title={f("startedAt")} render={formatDateTime} />
      <Table.Column<Attempt> dataIndex="statusCode" title={f("statusCode")} render={(v) => v ?? "—"} />
      <Table.Column<Attempt> dataIndex="outcome" title={f("outcome")} render={(v) => (v ? <EnumTag name="WebhookAttemptOutcome" value={v} /> : "…")} />
      <Table.Column<Attempt> dataIndex="durationMs" title={f("durationMs")} render={(v) => v ?? "—"} />
      <Table.Column<Attempt> dataIndex="error" title={f("error")} render={(v) => v ?? "—"} />
    </Table>
  );
};

/** One endpoint: what it receives, and its latest deliveries with every attempt, each sendable again. */
export const WebhookEndpointShow = () => {
  const t = useTranslate();
  const { id } = useParsed();
  const { agreements } = useAgreements();
  const { data: canWrite } = useCan({ resource: "webhookEndpoints", action: "edit" });
  const { mutateAsync } = useCustomMutation();
  const detail = useCustom<WebhookEndpointShowQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: WEBHOOK_ENDPOINT_QUERY, gqlVariables: { id, first: DELIVERIES_SHOWN } },
    queryOptions: { enabled: !!id, queryKey: ["webhookEndpoint", id] },
    errorNotification: errorNotificationFor(WEBHOOK_ENDPOINT_QUERY, "errors.loadFailed"),
  });
  const endpoint = detail.result.data?.webhookEndpoint;
  const agreement = endpoint && agreements.find((candidate) => candidate.id === endpoint.agreementId);
  const f = (name: string) => t(`webhookEndpoints.fields.${name}`);

  const replay = async (delivery: Delivery) => {
    await mutateAsync({
      url: "",
      method: "post",
      values: { id: delivery.id },
      meta: { gqlMutation: REPLAY_WEBHOOK_DELIVERY_MUTATION },
      successNotification: { type: "success", message: t("webhookEndpoints.deliveries.replayed") },
      errorNotification: errorNotificationFor(REPLAY_WEBHOOK_DELIVERY_MUTATION),
    }).catch(() => undefined);
    await detail.query.refetch();
  };

  return (
    <Show isLoading={detail.query.isLoading} title={t("webhookEndpoints.titles.show")} headerButtons={() => null}>
      {endpoint && (
        <Space direction="vertical" size="large" style={{ width: "100%" }}>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="endpoint-details">
            <Descriptions.Item label={f("url")} span="filled">
              <Typography.Text code>{endpoint.url}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={f("agreement")}>{agreement ? `${agreement.code} · ${agreement.title}` : endpoint.agreementId}</Descriptions.Item>
            <Descriptions.Item label={f("audience")}>
              <EnumTag name="AgreementSide" value={endpoint.audience} />
            </Descriptions.Item>
            <Descriptions.Item label={f("eventTypes")}>
              <EnumTags name="EventType" values={endpoint.eventTypes} />
            </Descriptions.Item>
            <Descriptions.Item label={f("enabled")}>{t(endpoint.enabled ? "common.yes" : "common.no")}</Descriptions.Item>
            <Descriptions.Item label={f("createdAt")}>{`${formatDateTime(endpoint.createdAt)} ${endpoint.createdBy ?? ""}`}</Descriptions.Item>
            <Descriptions.Item label={f("previousSecretExpiresAt")}>{endpoint.previousSecretExpiresAt ? formatDateTime(endpoint.previousSecretExpiresAt) : "—"}</Descriptions.Item>
            {endpoint.description && (
              <Descriptions.Item label={f("description")} span="filled">
                {endpoint.description}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Card size="small" title={t("webhookEndpoints.deliveries.title")} extra={<Button size="small" onClick={() => void detail.query.refetch()} data-testid="deliveries-refresh" icon={<RedoOutlined />} />}>
            <Table<Delivery>
              dataSource={endpoint.deliveries}
              rowKey="id"
              size="small"
              pagination={false}
              locale={{ emptyText: t("webhookEndpoints.hints.noDeliveries") }}
              expandable={{ expandedRowRender: (delivery) => <Attempts attempts={delivery.attempts} />, rowExpandable: (delivery) => delivery.attempts.length > 0 }}
              data-testid="deliveries-table"
            >
              <Table.Column<Delivery> dataIndex="createdAt" title={f("createdAt")} render={formatDateTime} />
              <Table.Column<Delivery> dataIndex="webhookId" title={f("webhookId")} render={(v) => <Typography.Text code>{v}</Typography.Text>} />
              <Table.Column<Delivery> dataIndex="status" title={f("status")} render={(v, row) => <span data-testid={`delivery-status-${row.id}`}><EnumTag name="WebhookDeliveryStatus" value={v} /></span>} />
              <Table.Column<Delivery> dataIndex="attemptCount" title={f("attemptCount")} render={(v, row) => <span data-testid={`delivery-attempts-${row.id}`}>{v}</span>} />
              <Table.Column<Delivery> dataIndex="lastAttemptAt" title={f("lastAttemptAt")} render={(v) => (v ? formatDateTime(v) : "—")} />
              <Table.Column<Delivery> dataIndex="succeededAt" title={f("succeededAt")} render={(v) => (v ? formatDateTime(v) : "—")} />
              {canWrite?.can && (
                <Table.Column<Delivery>
                  key="actions"
                  title={t("table.actions")}
                  render={(_, row) => (
                    <Button size="small" icon={<RedoOutlined />} onClick={() => void replay(row)} data-testid={`delivery-replay-${row.id}`}>
                      {t("webhookEndpoints.deliveries.replay")}
                    </Button>
                  )}
                />
              )}
            </Table>
          </Card>
        </Space>
      )}
    </Show>
  );
};
