import { useCustomMutation, useGo, useTranslate } from "@refinedev/core";
import { Alert, Form, Input, Modal } from "antd";
import { AgreementSelect, OrganizationTreeSelect } from "../../components/pickers";
import type { TransferDueReason } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { REQUEST_TRANSFER_MUTATION } from "./queries";

/**
 * 申请转接 from a member's page: the receiving organisation, the reason, the letter number; and,
 * when the ledger's rule does not make the member transfer-due, the reason for the exception
 * (the API refuses without it).
 */
export const RequestTransferDialog = ({
  member,
  onCancel,
}: {
  member: { id: string; name: string; transferDue: boolean; transferDueReason: TransferDueReason };
  onCancel: () => void;
}) => {
  const t = useTranslate();
  const go = useGo();
  const [form] = Form.useForm();
  const { mutateAsync, mutation } = useCustomMutation<{ requestTransfer: { id: string } }>();
  const f = (name: string) => t(`transferRequests.fields.${name}`);
  const required = (name: string) => ({ required: true, whitespace: true, message: t("validation.required", { field: f(name) }) });
  const submit = async (values: Record<string, unknown>) => {
    const answer = await mutateAsync({
      url: "",
      method: "post",
      values: { input: { memberId: member.id, ...values } },
      meta: { gqlMutation: REQUEST_TRANSFER_MUTATION },
      successNotification: { type: "success", message: t("transferRequests.request.done") },
      errorNotification: errorNotificationFor(REQUEST_TRANSFER_MUTATION),
    });
    const id = (answer.data as unknown as { requestTransfer?: { id: string } })?.requestTransfer?.id ?? (answer.data as { id?: string })?.id;
    go({ to: id ? `/transfer-requests/show/${id}` : "/transfer-requests" });
  };
  return (
    <Modal open title={t("transferRequests.request.title", { name: member.name })} onCancel={onCancel} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={{ "data-testid": "request-ok" } as never} destroyOnHidden>
      {!member.transferDue && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t("transferRequests.hints.notDue", { reason: t(`enums.TransferDueReason.${member.transferDueReason}`) })} />}
      <Form form={form} layout="vertical" onFinish={(values) => submit(values).catch(() => undefined)}>
        <Form.Item name="agreementId" label={f("agreement")} extra={t("transferRequests.hints.agreement")}>
          <AgreementSelect allowClear only={(a) => a.status === "ACTIVE"} data-testid="request-agreement" />
        </Form.Item>
        <Form.Item name="toOrganizationId" label={f("toOrganization")} rules={[{ required: true, message: t("validation.required", { field: f("toOrganization") }) }]} extra={t("transferRequests.hints.toOrganization")}>
          <OrganizationTreeSelect data-testid="request-to" />
        </Form.Item>
        <Form.Item name="reason" label={f("reason")} rules={[required("reason"), { max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="request-reason" />
        </Form.Item>
        <Form.Item name="letterNumber" label={f("letterNumber")} rules={[{ max: 50 }]}>
          <Input data-testid="request-letter" />
        </Form.Item>
        {!member.transferDue && (
          <Form.Item name="exceptionReason" label={f("exceptionReason")} rules={[required("exceptionReason"), { max: 2000 }]}>
            <Input.TextArea rows={2} data-testid="request-exception" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
