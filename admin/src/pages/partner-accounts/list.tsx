import { PlusOutlined, StopOutlined, CheckCircleOutlined, KeyOutlined } from "@ant-design/icons";
import { List } from "@refinedev/antd";
import { useCustom, useCustomMutation, useTranslate } from "@refinedev/core";
import { Alert, Button, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { EnumTag, useEnumLabel } from "../../components/enum-tag";
import { AgreementSelect, useAgreements } from "../../components/pickers";
import type { AdminRole, PartnerAccountsQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/dates";
import { ENUMS } from "../../lib/enums";
import { confirmPasswordRules, newPasswordRules } from "../../lib/passwords";
import { showFieldErrors } from "../../lib/use-api-form";
import { isPartnerSession } from "../../providers/access-control";
import { newIdempotencyKey } from "../../providers/data-provider";
import { CREATE_PARTNER_ACCOUNT_MUTATION, PARTNER_ACCOUNTS_QUERY, UPDATE_PARTNER_ACCOUNT_MUTATION } from "./queries";

type AccountRow = PartnerAccountsQuery["partnerAccounts"][number];
interface NewAccount {
  username: string;
  displayName?: string;
  role: AdminRole;
  password: string;
}
interface NewPassword {
  password: string;
  confirmPassword: string;
}

/**
 * 合作方账号: console accounts for the partner side's organisation department, bound to one
 * agreement. The host's admins keep them for the agreements their region hosts and may designate a
 * partner administrator, who then keeps the reviewers and viewers of its own agreement.
 */
export const PartnerAccountList = () => {
  const t = useTranslate();
  const enumLabel = useEnumLabel();
  const { agreements } = useAgreements();
  const [agreementId, setAgreementId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [createKey, setCreateKey] = useState(() => newIdempotencyKey("partner-account"));
  const [form] = Form.useForm<NewAccount>();
  const [passwordFor, setPasswordFor] = useState<AccountRow | null>(null);
  const [passwordForm] = Form.useForm<NewPassword>();
  const { mutateAsync, mutation } = useCustomMutation();
  // A partner administrator gives reviewer and viewer roles only; the host also designates administrators.
  const roles = ENUMS.PartnerRole.filter((role) => !isPartnerSession() || role !== "PARTNER_ADMIN");

  useEffect(() => {
    if (!agreementId && agreements.length) setAgreementId((agreements.find((a) => a.inForce) ?? agreements[0])!.id);
  }, [agreementId, agreements]);

  const { result, query } = useCustom<PartnerAccountsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: PARTNER_ACCOUNTS_QUERY, gqlVariables: { agreementId } },
    queryOptions: { enabled: !!agreementId, queryKey: ["partnerAccounts", agreementId] },
    errorNotification: errorNotificationFor(PARTNER_ACCOUNTS_QUERY, "errors.loadFailed"),
  });
  const rows = result.data?.partnerAccounts ?? [];

  const create = async (values: NewAccount) => {
    try {
      await mutateAsync({
        url: "",
        method: "post",
        values: { input: { ...values, agreementId } },
        meta: { gqlMutation: CREATE_PARTNER_ACCOUNT_MUTATION, idempotencyKey: createKey },
        successNotification: { type: "success", message: t("partnerAccounts.created", { username: values.username }) },
        errorNotification: errorNotificationFor(CREATE_PARTNER_ACCOUNT_MUTATION),
      });
      setCreateKey(newIdempotencyKey("partner-account"));
      setCreating(false);
      form.resetFields();
      await query.refetch();
    } catch {
      showFieldErrors(form, CREATE_PARTNER_ACCOUNT_MUTATION);
    }
  };

  const setDisabled = async (row: AccountRow, disabled: boolean) => {
    await mutateAsync({
      url: "",
      method: "post",
      values: { input: { id: row.id, disabled, version: row.version } },
      meta: { gqlMutation: UPDATE_PARTNER_ACCOUNT_MUTATION },
      successNotification: { type: "success", message: t(disabled ? "partnerAccounts.disabledDone" : "partnerAccounts.enabledDone", { username: row.username }) },
      errorNotification: errorNotificationFor(UPDATE_PARTNER_ACCOUNT_MUTATION),
    }).catch(() => undefined);
    await query.refetch();
  };

  /** For a person who forgot theirs: the API ends the account's sessions, the password is handed over in person. */
  const setPassword = async ({ password }: NewPassword) => {
    const row = passwordFor!;
    try {
      await mutateAsync({
        url: "",
        method: "post",
        values: { input: { id: row.id, password, version: row.version } },
        meta: { gqlMutation: UPDATE_PARTNER_ACCOUNT_MUTATION },
        successNotification: { type: "success", message: t("partnerAccounts.passwordSet", { username: row.username }) },
        errorNotification: errorNotificationFor(UPDATE_PARTNER_ACCOUNT_MUTATION),
      });
      setPasswordFor(null);
      await query.refetch();
    } catch {
      showFieldErrors(passwordForm, UPDATE_PARTNER_ACCOUNT_MUTATION);
    }
  };

  return (
    <List
      title={t("partnerAccounts.titles.list")}
      headerButtons={
        <Button type="primary" icon={<PlusOutlined />} disabled={!agreementId} onClick={() => setCreating(true)} data-testid="partner-account-create">
          {t("partnerAccounts.create")}
        </Button>
      }
    >
      <Alert type="info" showIcon message={t("partnerAccounts.about")} style={{ marginBottom: 16 }} />
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>{t("partnerAccounts.fields.agreement")}</Typography.Text>
        <AgreementSelect value={agreementId} onChange={(value) => setAgreementId(value)} style={{ minWidth: 320 }} data-testid="partner-account-agreement" />
      </Space>
      {!agreementId ? (
        <Empty description={t("partnerAccounts.pickAgreement")} />
      ) : (
        <Table<AccountRow> dataSource={rows} rowKey="id" size="middle" loading={query.isFetching} pagination={false} data-testid="partner-accounts-table">
          <Table.Column<AccountRow> dataIndex="username" title={t("partnerAccounts.fields.username")} />
          <Table.Column<AccountRow> dataIndex="displayName" title={t("partnerAccounts.fields.displayName")} />
          <Table.Column<AccountRow> dataIndex="role" title={t("partnerAccounts.fields.role")} render={(value: string) => <EnumTag name="AdminRole" value={value} />} />
          <Table.Column<AccountRow>
            dataIndex="disabled"
            title={t("partnerAccounts.fields.status")}
            render={(disabled: boolean) => (disabled ? <Tag color="red">{t("partnerAccounts.state.disabled")}</Tag> : <Tag color="green">{t("partnerAccounts.state.active")}</Tag>)}
          />
          <Table.Column<AccountRow> dataIndex="lastLoginAt" title={t("partnerAccounts.fields.lastLoginAt")} render={(value) => (value ? formatDateTime(value) : "—")} />
          <Table.Column<AccountRow>
            key="actions"
            title={t("table.actions")}
            render={(_, row) =>
              // A partner administrator keeps reviewers and viewers, never another administrator.
              isPartnerSession() && row.role === "PARTNER_ADMIN" ? null : (
                <Space size="small">
                  {row.disabled ? (
                    <Button size="small" icon={<CheckCircleOutlined />} onClick={() => setDisabled(row, false)} data-testid={`partner-account-enable-${row.username}`}>
                      {t("partnerAccounts.enable")}
                    </Button>
                  ) : (
                    <Popconfirm title={t("partnerAccounts.disableConfirm", { username: row.username })} onConfirm={() => setDisabled(row, true)} okButtonProps={{ danger: true }}>
                      <Button size="small" danger icon={<StopOutlined />} data-testid={`partner-account-disable-${row.username}`}>
                        {t("partnerAccounts.disable")}
                      </Button>
                    </Popconfirm>
                  )}
                  <Button size="small" icon={<KeyOutlined />} onClick={() => setPasswordFor(row)} data-testid={`partner-account-password-${row.username}`}>
                    {t("partnerAccounts.setPassword")}
                  </Button>
                </Space>
              )
            }
          />
        </Table>
      )}
      <Modal
        open={creating}
        title={t("partnerAccounts.create")}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: mutation.isPending, "data-testid": "partner-account-save" } as never}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ role: "PARTNER_REVIEWER" }}>
          <Form.Item name="username" label={t("partnerAccounts.fields.username")} extra={t("adminUsers.hints.username")} rules={[{ required: true }]}>
            <Input autoComplete="off" data-testid="partner-account-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t("partnerAccounts.fields.displayName")}>
            <Input data-testid="partner-account-display-name" />
          </Form.Item>
          <Form.Item name="role" label={t("partnerAccounts.fields.role")} extra={t("partnerAccounts.roleHint")} rules={[{ required: true }]}>
            <Select options={roles.map((role) => ({ value: role, label: enumLabel("AdminRole", role) }))} data-testid="partner-account-role" />
          </Form.Item>
          <Form.Item name="password" label={t("partnerAccounts.fields.password")} extra={t("adminUsers.hints.password")} rules={[{ required: true, min: 12 }]}>
            <Input.Password autoComplete="new-password" data-testid="partner-account-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!passwordFor}
        title={t("partnerAccounts.setPasswordTitle", { username: passwordFor?.username ?? "" })}
        onCancel={() => setPasswordFor(null)}
        onOk={() => passwordForm.submit()}
        okText={t("partnerAccounts.setPassword")}
        okButtonProps={{ loading: mutation.isPending, "data-testid": "partner-account-password-save" } as never}
        maskClosable={false}
        destroyOnHidden
      >
        <Alert type="warning" showIcon message={t("partnerAccounts.setPasswordAbout")} style={{ marginBottom: 16 }} />
        <Form form={passwordForm} layout="vertical" onFinish={setPassword}>
          <Form.Item name="password" label={t("partnerAccounts.fields.newPassword")} extra={t("adminUsers.hints.password")} rules={newPasswordRules(t)}>
            <Input.Password autoComplete="new-password" data-testid="partner-account-new-password" />
          </Form.Item>
          <Form.Item name="confirmPassword" label={t("partnerAccounts.fields.confirmPassword")} dependencies={["password"]} rules={confirmPasswordRules(t, "password")}>
            <Input.Password autoComplete="new-password" data-testid="partner-account-confirm-password" />
          </Form.Item>
        </Form>
      </Modal>
    </List>
  );
};
