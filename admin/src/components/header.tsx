import { DownOutlined, GlobalOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { useGetIdentity, useLogout, useSetLocale, useTranslate } from "@refinedev/core";
import { useTranslation } from "react-i18next";
import { Button, Dropdown, Layout, Select, Space, Tag, Typography, theme, type MenuProps } from "antd";
import { useState } from "react";
import { LOCALES, type Locale } from "../i18n";
import { ENUM_COLORS } from "../lib/enums";
import type { Identity } from "../providers/auth-queries";
import { ChangePasswordDialog } from "./change-password";

export const LanguageSwitch = () => {
  const t = useTranslate();
  // react-i18next re-renders on every language change; Refine's getLocale alone does not.
  const { i18n } = useTranslation();
  const setLocale = useSetLocale();
  return (
    <Select<Locale>
      aria-label={t("header.language")}
      data-testid="language-switch"
      value={i18n.language as Locale}
      onChange={(locale) => setLocale(locale)}
      suffixIcon={<GlobalOutlined />}
      variant="borderless"
      style={{ minWidth: 120 }}
      options={LOCALES.map((locale) => ({ value: locale, label: t(`locales.${locale}`) }))}
    />
  );
};

/** The logged-in account: who and in which role, with what concerns the account itself. */
const CurrentUser = ({ user }: { user: Identity }) => {
  const t = useTranslate();
  const { mutate: logout } = useLogout();
  const [changingPassword, setChangingPassword] = useState(false);
  // Labels carry the test ids: antd gives menu items no attribute of their own.
  const items: MenuProps["items"] = [
    { key: "changePassword", icon: <KeyOutlined />, label: <span data-testid="change-password">{t("account.changePassword.title")}</span> },
    { type: "divider" },
    { key: "logout", icon: <LogoutOutlined />, label: <span data-testid="header-logout">{t("buttons.logout")}</span> },
  ];
  const onClick: MenuProps["onClick"] = ({ key }) => {
    if (key === "changePassword") setChangingPassword(true);
    if (key === "logout") logout();
  };
  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={["click"]} placement="bottomRight">
        <Button type="text" aria-label={t("account.menu")} data-testid="current-user-menu" style={{ height: 40 }}>
          <Space size="small" data-testid="current-user">
            <UserOutlined />
            <Typography.Text strong>{user.displayName || user.username}</Typography.Text>
            <Tag color={ENUM_COLORS.AdminRole?.[user.role]} data-testid="current-role" data-role={user.role}>
              {t(`auth.roles.${user.role}`, user.role)}
            </Tag>
            <DownOutlined style={{ fontSize: 10 }} />
          </Space>
        </Button>
      </Dropdown>
      {changingPassword && <ChangePasswordDialog username={user.username} onClose={() => setChangingPassword(false)} />}
    </>
  );
};

export const Header = () => {
  const { token } = theme.useToken();
  const { data: user } = useGetIdentity<Identity>();
  return (
    <Layout.Header
      style={{
        backgroundColor: token.colorBgElevated,
        display: "flex",
        justifyContent: "flex-end",
        alignItems: "center",
        padding: "0 24px",
        height: 64,
        position: "sticky",
        top: 0,
        zIndex: 1,
      }}
    >
      <Space size="middle">
        <LanguageSwitch />
        {user && <CurrentUser user={user} />}
      </Space>
    </Layout.Header>
  );
};
