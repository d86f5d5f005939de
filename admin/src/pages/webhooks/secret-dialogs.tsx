import { CopyOutlined, WarningOutlined } from "@ant-design/icons";
import { useCustomMutation, useTranslate } from "@refinedev/core";
import { Alert, Button, Form, Input, InputNumber, Modal, Space, Typography, message } from "antd";
import { useState } from "react";
import { AgreementSelect } from "../../components/pickers";
import { EnumSelect } from "../../components/enum-tag";
import type { CreateWebhookEndpointMutation, EventType, AgreementSide, RotateWebhookEndpointSecretMutation } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { showFieldErrors } from "../../lib/use-api-form";
import { newIdempotencyKey } from "../../providers/data-provider";
import { CREATE_WEBHOOK_ENDPOINT_MUTATION, ROTATE_WEBHOOK_SECRET_MUTATION } from "./queries";

/** The signing secret, which the API returns once: shown once, with a copy button. */
export const SecretShownOnce = ({ secret, onClose }: { secret: string; onClose: () => void }) => {
  const t = useTranslate();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      message.success(t("common.copied"));
    } catch {
      message.warning(t("apiTokens.issued.copyManually"));
    }
  };
  return (
    <Modal open title={t("webhookEndpoints.secret.title")} closable={false} maskClosable={false} footer={<Button type="primary" onClick={onClose} data-testid="secret-close">{t("webhookEndpoints.secret.close")}</Button>}>
      <Alert type="warning" showIcon icon={<WarningOutlined />} message={t("webhookEndpoints.secret.warning")} description={t("webhookEndpoints.secret.detail")} style={{ marginBottom: 16 }} />
      <Space.Compact style={{ width: "100%" }}>
        <Input readOnly value={secret} data-testid="webhook-secret" />
        <Button icon={<CopyOutlined />} onClick={copy}>
          {t("common.copy")}
        </Button>
      </Space.Compact>
    </Modal>
  );
};

interface CreateValues {
  agreementId: string;
  audience: AgreementSide;
  url: string;
  eventTypes: EventType[];
  description?: string;
}

/** Registers an endpoint for one agreement and side; the answer carries the secret, shown once. */
export const CreateEndpointDialog = ({ agreementId, onDone, onCancel }: { agreementId?: string; onDone: (secret: string) => void; onCancel: () => void }) => {
  const t = useTranslate();
  const [form] = Form.useForm<CreateValues>();
  // Sent again after a lost answer, the same key never registers a second endpoint.
  const [key] = useState(() => newIdempotencyKey("webhook-endpoint"));
  const { mutateAsync, mutation } = useCustomMutation<CreateWebhookEndpointMutation>();
  const f = (name: string) => t(`webhookEndpoints.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  const submit = async (values: CreateValues) => {
    try {
      const { data } = await mutateAsync({
        url: "",
        method: "post",
        values: { input: values },
        meta: { gqlMutation: CREATE_WEBHOOK_ENDPOINT_MUTATION, idempotencyKey: key },
        errorNotification: errorNotificationFor(CREATE_WEBHOOK_ENDPOINT_MUTATION),
      });
      onDone(data.createWebhookEndpoint.secret);
    } catch {
      showFieldErrors(form, CREATE_WEBHOOK_ENDPOINT_MUTATION);
    }
  };
  return (
    <Modal open title={t("webhookEndpoints.titles.create")} onCancel={onCancel} onOk={() => form.submit()} okText={t("webhookEndpoints.create.submit")} confirmLoading={mutation.isPending} okButtonProps={{ "data-testid": "endpoint-ok" } as never} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ agreementId, audience: "PARTNER", eventTypes: ["FEEDBACK_DELIVERED"] }} onFinish={(values) => void submit(values)}>
        <Form.Item name="agreementId" label={f("agreement")} rules={[required("agreement")]}>
          <AgreementSelect data-testid="endpoint-agreement" />
        </Form.Item>
        <Form.Item name="audience" label={f("audience")} rules={[required("audience")]} extra={t("webhookEndpoints.hints.audience")}>
          <EnumSelect name="AgreementSide" allowClear={false} data-testid="endpoint-audience" />
        </Form.Item>
        <Form.Item name="url" label={f("url")} rules={[required("url"), { max: 2000 }]} extra={t("webhookEndpoints.hints.url")}>
          <Input placeholder="https://" data-testid="endpoint-url" />
        </Form.Item>
        <Form.Item name="eventTypes" label={f("eventTypes")} rules={[required("eventTypes")]}>
          <EnumSelect name="EventType" mode="multiple" data-testid="endpoint-events" />
        </Form.Item>
        <Form.Item name="description" label={f("description")} rules={[{ max: 500 }]}>
          <Input data-testid="endpoint-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/** A new secret for an endpoint; the old one keeps signing for the grace period chosen. */
export const RotateSecretDialog = ({ id, version, onDone, onCancel }: { id: string; version: number; onDone: (secret: string) => void; onCancel: () => void }) => {
  const t = useTranslate();
  const [form] = Form.useForm<{ graceHours: number }>();
  const { mutateAsync, mutation } = useCustomMutation<RotateWebhookEndpointSecretMutation>();
  const submit = async ({ graceHours }: { graceHours: number }) => {
    try {
      const { data } = await mutateAsync({
        url: "",
        method: "post",
        values: { input: { id, version, graceHours } },
        meta: { gqlMutation: ROTATE_WEBHOOK_SECRET_MUTATION },
        errorNotification: errorNotificationFor(ROTATE_WEBHOOK_SECRET_MUTATION),
      });
      onDone(data.rotateWebhookEndpointSecret.secret);
    } catch {
      showFieldErrors(form, ROTATE_WEBHOOK_SECRET_MUTATION);
    }
  };
  return (
    <Modal open title={t("webhookEndpoints.rotate.title")} onCancel={onCancel} onOk={() => form.submit()} okText={t("webhookEndpoints.rotate.submit")} confirmLoading={mutation.isPending} okButtonProps={{ "data-testid": "rotate-ok" } as never} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t("webhookEndpoints.hints.rotate")}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ graceHours: 24 }} onFinish={(values) => void submit(values)}>
        <Form.Item name="graceHours" label={t("webhookEndpoints.fields.graceHours")} rules={[{ required: true }]}>
          <InputNumber min={0} max={168} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
