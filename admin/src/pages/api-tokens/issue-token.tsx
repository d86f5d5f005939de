import { CopyOutlined, KeyOutlined, WarningOutlined } from "@ant-design/icons";
import { useCustomMutation, useInvalidate, useTranslate } from "@refinedev/core";
import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Tooltip, Typography, message } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useEnumOptions } from "../../components/enum-tag";
import { AgreementSelect, RegionSelect, useAgreements } from "../../components/pickers";
import type { IssueApiTokenMutation, TokenScope } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { currentFeedbackYear, dateTimeItem } from "../../lib/dates";
import { showFieldErrors } from "../../lib/use-api-form";
import { ISSUE_API_TOKEN_MUTATION } from "./queries";
import { newIdempotencyKey } from "../../providers/data-provider";

interface IssueValues {
  name: string;
  agreementId?: string;
  partnerRegionCode?: string;
  scopes: TokenScope[];
  years?: number[];
  expiresAt: string;
}

const FEEDBACK_SCOPES: TokenScope[] = ["FEEDBACK_READ", "FEEDBACK_SUBMIT", "FEEDBACK_RECEIVE", "FEEDBACK_GRADE"];

/** Issues a partner token; the secret comes back once and is shown once, with a copy button. */
export const IssueTokenButton = ({ agreementId }: { agreementId?: string }) => {
  const t = useTranslate();
  const [form] = Form.useForm<IssueValues>();
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<IssueApiTokenMutation["issueApiToken"] | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [issueKey, setIssueKey] = useState(() => newIdempotencyKey("issue-token"));
  const invalidate = useInvalidate();
  const { mutateAsync, mutation } = useCustomMutation<IssueApiTokenMutation>();
  const scopeOptions = useEnumOptions("TokenScope");
  const scopes = Form.useWatch("scopes", form) ?? [];
  const { agreements } = useAgreements();
  // The year being prepared (this year from October on, else last year), as on the feedback board.
  const feedbackYear = currentFeedbackYear();
  const yearOptions = Array.from({ length: Math.max(feedbackYear, dayjs().year()) - feedbackYear + 3 }, (_, i) => feedbackYear - 2 + i);
  // Tokens are issued only under an agreement in force; an agreement page offers the button only then.
  const fixedAgreement = agreementId ? agreements.find((a) => a.id === agreementId) : undefined;
  const fixedNotInForce = !!fixedAgreement && !fixedAgreement.inForce;

  const submit = async (values: IssueValues) => {
    try {
      const { data } = await mutateAsync({
        url: "",
        method: "post",
        values: { input: { ...values, years: values.years ?? [] } },
        // Issuing again after a lost answer is refused (ALREADY_APPLIED), never a second token.
        meta: { gqlMutation: ISSUE_API_TOKEN_MUTATION, idempotencyKey: issueKey },
        errorNotification: errorNotificationFor(ISSUE_API_TOKEN_MUTATION),
      });
      setIssued(data.issueApiToken);
      setIssueKey(newIdempotencyKey("issue-token"));
      setAcknowledged(false);
      setOpen(false);
      form.resetFields();
      await invalidate({ resource: "apiTokens", invalidates: ["list"] });
    } catch {
      showFieldErrors(form, ISSUE_API_TOKEN_MUTATION);
    }
  };

  const copy = async () => {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued.token);
      message.success(t("common.copied"));
    } catch {
      message.warning(t("apiTokens.issued.copyManually"));
    }
  };

  return (
    <>
      <Tooltip title={fixedNotInForce ? t("apiTokens.hints.agreementNotInForce") : undefined}>
        <Button type="primary" icon={<KeyOutlined />} onClick={() => setOpen(true)} disabled={fixedNotInForce} data-testid="issue-token">
          {t("apiTokens.issue.button")}
        </Button>
      </Tooltip>
      <Modal
        forceRender // the form instance exists from the start, so it is connected before the first open
        open={open}
        title={t("apiTokens.issue.title")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t("apiTokens.issue.submit")}
        confirmLoading={mutation.isPending}
        okButtonProps={{ "data-testid": "issue-token-submit" }}
        destroyOnHidden
        width={640}
      >
        <Form<IssueValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          data-testid="issue-token-form"
          initialValues={{
            agreementId,
            scopes: ["MEMBERS_READ", "FEEDBACK_READ", "FEEDBACK_RECEIVE", "FEEDBACK_GRADE"],
            years: [feedbackYear],
            expiresAt: dayjs().add(180, "day").endOf("day").toISOString(),
          }}
        >
          <Form.Item name="name" label={t("apiTokens.fields.name")} rules={[{ required: true, message: t("validation.required", { field: t("apiTokens.fields.name") }) }]} extra={t("apiTokens.hints.name", { year: feedbackYear })}>
            <Input data-testid="token-name" />
          </Form.Item>
          <Form.Item name="scopes" label={t("apiTokens.fields.scopes")} rules={[{ required: true, message: t("validation.required", { field: t("apiTokens.fields.scopes") }) }]}>
            <Checkbox.Group options={scopeOptions} style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 4 }} />
          </Form.Item>
          <Form.Item
            name="agreementId"
            label={t("apiTokens.fields.agreement")}
            extra={t("apiTokens.hints.agreement")}
            rules={[{ required: scopes.some((s) => s !== "STATS_READ"), message: t("validation.required", { field: t("apiTokens.fields.agreement") }) }]}
          >
            <AgreementSelect allowClear disabled={!!agreementId} only={(agreement) => agreement.id === agreementId || agreement.inForce} data-testid="token-agreement" />
          </Form.Item>
          <Form.Item name="partnerRegionCode" label={t("apiTokens.fields.partnerRegionCode")} extra={t("apiTokens.hints.partnerRegion")}>
            <RegionSelect />
          </Form.Item>
          <Form.Item
            name="years"
            label={t("apiTokens.fields.years")}
            extra={t("apiTokens.hints.yearsDefault", { year: feedbackYear })}
            rules={[{ required: scopes.some((s) => FEEDBACK_SCOPES.includes(s)), message: t("apiTokens.hints.years") }]}
          >
            <Select mode="multiple" options={yearOptions.map((y) => ({ value: y, label: String(y) }))} data-testid="token-years" />
          </Form.Item>
          <Form.Item
            name="expiresAt"
            label={t("apiTokens.fields.expiresAt")}
            extra={t("apiTokens.hints.expiresAt")}
            rules={[{ required: true, message: t("validation.required", { field: t("apiTokens.fields.expiresAt") }) }]}
            {...dateTimeItem}
          >
            <DatePicker
              style={{ width: "100%" }}
              disabledDate={(d) => d.isBefore(dayjs(), "day") || d.isAfter(dayjs().add(400, "day"))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!issued}
        title={
          <Space>
            <WarningOutlined style={{ color: "#faad14" }} />
            {t("apiTokens.issued.title")}
          </Space>
        }
        closable={false}
        maskClosable={false}
        keyboard={false}
        footer={
          <Button type="primary" disabled={!acknowledged} onClick={() => setIssued(null)} data-testid="token-secret-close">
            {t("apiTokens.issued.close")}
          </Button>
        }
        width={640}
      >
        {issued && (
          <Space direction="vertical" style={{ width: "100%" }} data-testid="token-secret-modal">
            <Alert type="warning" showIcon message={t("apiTokens.issued.warning")} description={t("apiTokens.issued.warningDetail")} />
            <Typography.Text type="secondary">{issued.apiToken.name}</Typography.Text>
            <Space.Compact style={{ width: "100%" }}>
              <Input readOnly value={issued.token} data-testid="token-secret" style={{ fontFamily: "monospace" }} onFocus={(e) => e.target.select()} />
              <Button icon={<CopyOutlined />} onClick={copy} data-testid="token-copy">
                {t("common.copy")}
              </Button>
            </Space.Compact>
            <Checkbox checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} data-testid="token-ack">
              {t("apiTokens.issued.acknowledge")}
            </Checkbox>
          </Space>
        )}
      </Modal>
    </>
  );
};
