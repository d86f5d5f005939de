import { useTranslate } from "@refinedev/core";
import { Col, Form, Input, Row, Switch } from "antd";
import { EnumSelect } from "../../components/enum-tag";
import { RegionSelect } from "../../components/pickers";
import type { AdminRole } from "../../graphql/types";

const MIN_PASSWORD = 12;

/** Console account fields. On edit the username is fixed and the password field sets a new one. */
export const AdminUserFormFields = ({ mode }: { mode: "create" | "edit" }) => {
  const t = useTranslate();
  const form = Form.useFormInstance();
  const role = Form.useWatch<AdminRole | undefined>("role", form);
  const f = (name: string) => t(`adminUsers.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item
          name="username"
          label={f("username")}
          extra={mode === "create" ? t("adminUsers.hints.username") : undefined}
          rules={[required("username"), { pattern: /^[a-zA-Z0-9_.-]{3,64}$/, message: t("adminUsers.hints.username") }]}
        >
          <Input disabled={mode === "edit"} autoComplete="off" data-testid="admin-user-username" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="displayName" label={f("displayName")} rules={[{ max: 64 }]}>
          <Input data-testid="admin-user-displayName" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="role" label={f("role")} rules={[required("role")]} extra={role ? t(`adminUsers.roleHints.${role}`) : undefined}>
          <EnumSelect name="AdminRole" allowClear={false} data-testid="admin-user-role" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="regionCode"
          label={f("regionCode")}
          rules={role === "REGION_ADMIN" ? [required("regionCode")] : []}
          extra={t("adminUsers.hints.region")}
        >
          <RegionSelect disabled={role === "SUPER_ADMIN"} data-testid="admin-user-region" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="password"
          label={mode === "create" ? f("password") : f("newPassword")}
          extra={mode === "edit" ? t("adminUsers.hints.newPassword") : t("adminUsers.hints.password")}
          rules={[...(mode === "create" ? [required("password")] : []), { min: MIN_PASSWORD, message: t("adminUsers.hints.password") }]}
        >
          <Input.Password autoComplete="new-password" data-testid="admin-user-password" />
        </Form.Item>
      </Col>
      {mode === "edit" && (
        <Col xs={24} md={12}>
          <Form.Item name="disabled" label={f("disabled")} valuePropName="checked" extra={t("adminUsers.hints.disabled")}>
            <Switch data-testid="admin-user-disabled" />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
};

/** What the API takes: no empty strings, no region for a super admin, no username on edit. */
export const cleanAdminUserValues = (values: Record<string, unknown>, mode: "create" | "edit") => {
  const { username, password, regionCode, displayName, ...rest } = values;
  return {
    ...rest,
    ...(mode === "create" && { username }),
    ...(password ? { password } : {}),
    displayName: (displayName as string | undefined)?.trim() || (mode === "create" ? undefined : null),
    regionCode: values.role === "SUPER_ADMIN" ? null : (regionCode as string | undefined) || null,
  };
};
