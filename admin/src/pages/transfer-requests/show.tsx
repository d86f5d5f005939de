import { Show } from "@refinedev/antd";
import { useCustomMutation, useGo, useOne, useParsed, useTranslate } from "@refinedev/core";
import { Alert, Button, DatePicker, Descriptions, Form, Input, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { EnumTag } from "../../components/enum-tag";
import type { TransferAction, TransferRequestShowQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { afterLedgerToday, formatDate, formatDateTime, ledgerToday, localDateItem } from "../../lib/dates";
import { ACCEPT_TRANSFER_MUTATION, CANCEL_TRANSFER_MUTATION, COMPLETE_TRANSFER_MUTATION, REJECT_TRANSFER_MUTATION, TRANSFER_REQUEST_SHOW_QUERY } from "./queries";

type TransferDetail = NonNullable<TransferRequestShowQuery["transferRequest"]>;

const GQL = { ACCEPT: ACCEPT_TRANSFER_MUTATION, REJECT: REJECT_TRANSFER_MUTATION, CANCEL: CANCEL_TRANSFER_MUTATION, COMPLETE: COMPLETE_TRANSFER_MUTATION };

/** One step, confirmed in a dialog with what it needs: a letter number (accept), a reason (reject), the date (complete). */
const StepDialog = ({ action, detail, onDone, onCancel }: { action: TransferAction; detail: TransferDetail; onDone: () => void; onCancel: () => void }) => {
  const t = useTranslate();
  const [form] = Form.useForm();
  const { mutateAsync, mutation } = useCustomMutation();
  const f = (name: string) => t(`transferRequests.fields.${name}`);
  const key = action.toLowerCase();
  const submit = async (values: Record<string, unknown>) => {
    await mutateAsync({
      url: "",
      method: "post",
      values: { input: { id: detail.id, version: detail.version, ...values } },
      meta: { gqlMutation: GQL[action] },
      successNotification: { type: "success", message: t(`transferRequests.${key}.done`) },
      errorNotification: errorNotificationFor(GQL[action]),
    });
    onDone();
  };
  return (
    <Modal
      open
      title={t(`transferRequests.${key}.title`)}
      onCancel={onCancel}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      okButtonProps={{ "data-testid": `${key}-ok`, danger: action === "REJECT" || action === "CANCEL" } as never}
      destroyOnHidden
    >
      <Typography.Paragraph>{t(`transferRequests.${key}.confirm`, { name: detail.member?.name ?? detail.memberId })}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={action === "COMPLETE" ? { completedOn: ledgerToday() } : { letterNumber: detail.letterNumber ?? undefined }} onFinish={(values) => submit(values).catch(() => undefined)}>
        {action === "ACCEPT" && (
          <Form.Item name="letterNumber" label={f("letterNumber")} rules={[{ max: 50 }]}>
            <Input data-testid="accept-letter" />
          </Form.Item>
        )}
        {action === "REJECT" && (
          <Form.Item name="reason" label={f("rejectionReason")} rules={[{ required: true, whitespace: true, message: t("validation.required", { field: f("rejectionReason") }) }, { max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="reject-reason" />
          </Form.Item>
        )}
        {action === "COMPLETE" && (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("transferRequests.hints.complete")} />
            <Form.Item name="completedOn" label={f("completedOn")} rules={[{ required: true, message: t("validation.required", { field: f("completedOn") }) }]} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} disabledDate={afterLedgerToday} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
};

/** A transfer request: its facts, who did each step, and the steps the viewer may take now (allowedActions). */
export const TransferRequestShow = () => {
  const t = useTranslate();
  const go = useGo();
  const { id } = useParsed();
  const [dialog, setDialog] = useState<TransferAction | null>(null);
  const { result: detail, query } = useOne<TransferDetail>({ resource: "transferRequests", id: String(id ?? ""), meta: { gqlQuery: TRANSFER_REQUEST_SHOW_QUERY } });
  const f = (name: string) => t(`transferRequests.fields.${name}`);
  const step = (at: string | null | undefined, by: string | null | undefined) => (at ? `${formatDateTime(at)} · ${by ?? "—"}` : "—");

  return (
    <Show
      isLoading={query.isLoading}
      title={t("transferRequests.titles.show")}
      headerButtons={() => (
        <Space data-testid="transfer-actions">
          {(detail?.allowedActions ?? []).map((action) => (
            <Button key={action} type={action === "ACCEPT" || action === "COMPLETE" ? "primary" : "default"} danger={action === "REJECT" || action === "CANCEL"} onClick={() => setDialog(action)} data-testid={`transfer-${action.toLowerCase()}`}>
              {t(`enums.TransferAction.${action}`)}
            </Button>
          ))}
        </Space>
      )}
    >
      {detail && (
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="transfer-details">
          <Descriptions.Item label={f("member")}>
            {detail.member ? <Typography.Link onClick={() => go({ to: `/members/show/${detail.memberId}` })}>{detail.member.name}</Typography.Link> : detail.memberId}{" "}
            {detail.member && <EnumTag name="MemberStatus" value={detail.member.status} />}
          </Descriptions.Item>
          <Descriptions.Item label={f("state")}>
            <span data-testid="transfer-state">
              <EnumTag name="TransferState" value={detail.state} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={f("agreement")}>{detail.agreement?.title ?? detail.agreementId}</Descriptions.Item>
          <Descriptions.Item label={f("letterNumber")}>{detail.letterNumber ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={f("fromOrganization")}>{detail.fromOrganization?.name ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={f("toOrganization")}>
            {detail.toOrganization?.name ?? "—"} (<EnumTag name="AgreementSide" value={detail.receivingSide} />)
          </Descriptions.Item>
          <Descriptions.Item label={f("reason")} span="filled">
            {detail.reason}
          </Descriptions.Item>
          <Descriptions.Item label={f("dueReason")}>
            <EnumTag name="TransferDueReason" value={detail.dueReason} />
          </Descriptions.Item>
          <Descriptions.Item label={f("exceptionReason")}>{detail.exceptionReason ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={f("requested")}>
            <EnumTag name="AgreementSide" value={detail.requestedSide} /> {step(detail.requestedAt, detail.requestedBy)}
          </Descriptions.Item>
          <Descriptions.Item label={f("accepted")}>{step(detail.acceptedAt, detail.acceptedBy)}</Descriptions.Item>
          {detail.state === "REJECTED" && (
            <>
              <Descriptions.Item label={f("rejected")}>{step(detail.rejectedAt, detail.rejectedBy)}</Descriptions.Item>
              <Descriptions.Item label={f("rejectionReason")}>{detail.rejectionReason ?? "—"}</Descriptions.Item>
            </>
          )}
          {detail.state === "CANCELLED" && <Descriptions.Item label={f("cancelled")}>{step(detail.cancelledAt, detail.cancelledBy)}</Descriptions.Item>}
          {detail.state === "COMPLETED" && (
            <>
              <Descriptions.Item label={f("completed")}>
                {formatDate(detail.completedOn)} · {step(detail.completedAt, detail.completedBy)}
              </Descriptions.Item>
              <Descriptions.Item label={f("closed")}>
                <span data-testid="transfer-closed">{t("transferRequests.closedSummary", { returns: detail.returnsClosed ?? 0, cases: detail.casesClosed ?? 0, pairings: detail.pairingsEnded ?? 0 })}</span>
              </Descriptions.Item>
            </>
          )}
        </Descriptions>
      )}
      {dialog && detail && (
        <StepDialog
          action={dialog}
          detail={detail}
          onCancel={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void query.refetch();
          }}
        />
      )}
    </Show>
  );
};
