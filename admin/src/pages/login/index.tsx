import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useLogin, useTranslate } from "@refinedev/core";
import { Alert, Button, Card, Flex, Form, Input, Layout, Typography, theme } from "antd";
import { useEffect, useState } from "react";
import { LanguageSwitch } from "../../components/header";
import type { LoginParams } from "../../providers/auth-provider";
import { session, type LoginNotice } from "../../providers/session";

const noticeKey: Record<LoginNotice, string> = {
  sessionExpired: "auth.sessionExpired.message",
  loggedOut: "auth.loggedOut",
};

export const LoginPage = () => {
  const t = useTranslate();
  const { token } = theme.useToken();
  const { mutate: login, isPending } = useLogin<LoginParams>();
  const [notice] = useState(() => session.peekNotice());
  useEffect(() => session.clearNotice(), []);

  return (
    <Layout style={{ minHeight: "100vh", background: token.colorBgLayout }}>
      <Flex justify="flex-end" style={{ padding: 16 }}>
        <LanguageSwitch />
      </Flex>
      <Flex vertical align="center" justify="center" style={{ flex: 1, paddingBottom: 96 }}>
        <Card style={{ width: 400, maxWidth: "calc(100vw - 32px)" }} data-testid="login-card">
          <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
            <img src="/favicon.svg" alt="" width={48} height={48} />
            <Typography.Title level={3} style={{ margin: "12px 0 0" }}>
              {t("auth.login.title")}
            </Typography.Title>
            <Typography.Text type="secondary">{t("auth.login.subtitle")}</Typography.Text>
          </Flex>
          {notice && (
            <Alert
              type={notice === "sessionExpired" ? "warning" : "info"}
              showIcon
              message={t(noticeKey[notice])}
              style={{ marginBottom: 16 }}
              data-testid="login-notice"
            />
          )}
          <Form<LoginParams> layout="vertical" requiredMark={false} onFinish={(values) => login(values)}>
            <Form.Item
              name="username"
              label={t("auth.login.username")}
              rules={[{ required: true, message: t("auth.login.usernameRequired") }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t("auth.login.password")}
              rules={[{ required: true, message: t("auth.login.passwordRequired") }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={isPending}>
              {t("auth.login.submit")}
            </Button>
          </Form>
        </Card>
      </Flex>
    </Layout>
  );
};
