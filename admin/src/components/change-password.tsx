import { useCustomMutation, useTranslate } from "@refinedev/core";
import { Form, Input, Modal, Typography } from "antd";
import type { ChangePasswordMutation } from "../graphql/types";
import { apiErrorsFor, errorNotificationFor } from "../lib/api-errors";
import { confirmPasswordRules, newPasswordRules } from "../lib/passwords";
import { showFieldErrors } from "../lib/use-api-form";
import { adoptSession } from "../providers/auth-provider";
import { CHANGE_PASSWORD_MUTATION } from "../providers/auth-queries";

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * The logged-in account's own password. The API ends every session of the account, this one
 * included, and answers with a new session as login does: the console keeps that one, so the user
 * stays logged in here and is logged out everywhere else.
 */
export const ChangePasswordDialog = ({ username, onClose }: { username: string; onClose: () => void }) => {
  const t = useTranslate();
  const [form] = Form.useForm<ChangePasswordValues>();
  const { mutateAsync, mutation } = useCustomMutation<ChangePasswordMutation>();
  const f = (name: string) => t(`account.changePassword.${name}`);

  const submit = async ({ currentPassword, newPassword }: ChangePasswordValues) => {
    try {
      // No idempotency key: a retry would carry the token this very request ends, and be refused anyway.
      const { data } = await mutateAsync({
        url: "",
        method: "post",
        values: { input: { currentPassword, newPassword } },
        meta: { gqlMutation: CHANGE_PASSWORD_MUTATION },
        successNotification: { type: "success", message: t("account.changePassword.done") },
        errorNotification: errorNotificationFor(CHANGE_PASSWORD_MUTATION),
      });
      adoptSession(data.changePassword);
      onClose();
    } catch {
      if (showFieldErrors(form, CHANGE_PASSWORD_MUTATION)) return;
      // Wrong current passwords count towards the login throttle: say so where the password is typed.
      const throttled = apiErrorsFor(CHANGE_PASSWORD_MUTATION).find((error) => error.code === "TOO_MANY_REQUESTS");
      if (throttled) {
        const minutes = Math.max(1, Math.ceil(Number(throttled.extensions.retryAfterSeconds ?? 60) / 60));
        form.setFields([{ name: "currentPassword", errors: [t("account.changePassword.throttled", { minutes })] }]);
      }
    }
  };

  return (
    <Modal
      open
      title={f("title")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={f("submit")}
      confirmLoading={mutation.isPending}
      okButtonProps={{ "data-testid": "change-password-submit" } as never}
      maskClosable={false}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{f("about")}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)} data-testid="change-password-form">
        {/* Lets the browser's password manager file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <Form.Item name="currentPassword" label={f("current")} rules={[{ required: true, message: f("currentRequired") }]}>
          <Input.Password autoComplete="current-password" autoFocus data-testid="change-password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={f("new")}
          extra={f("newHint")}
          dependencies={["currentPassword"]}
          rules={[
            ...newPasswordRules(t),
            ({ getFieldValue }) => ({
              validator: async (_, value?: string) => {
                if (value && value === getFieldValue("currentPassword")) throw new Error(t("errors.fieldReasons.newPassword_SAME_PASSWORD"));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="change-password-new" />
        </Form.Item>
        <Form.Item name="confirmPassword" label={f("confirm")} dependencies={["newPassword"]} rules={confirmPasswordRules(t, "newPassword")}>
          <Input.Password autoComplete="new-password" data-testid="change-password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
