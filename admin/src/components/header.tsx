import { GlobalOutlined, UserOutlined } from "@ant-design/icons";
import { useGetIdentity, useSetLocale, useTranslate } from "@refinedev/core";
import { useTranslation } from "react-i18next";
import { Layout, Select, Space, Tag, Typography, theme } from "antd";
import { LOCALES, type Locale } from "../i18n";
import { ENUM_COLORS } from "../lib/enums";
import type { Identity } from "../providers/auth-queries";

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

export const Header = () => {
  const t = useTranslate();
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
        {user && (
          <Space size="small" data-testid="current-user">
            <UserOutlined />
            <Typography.Text strong>{user.displayName || user.username}</Typography.Text>
            <Tag color={ENUM_COLORS.AdminRole?.[user.role]} data-testid="current-role" data-role={user.role}>
              {t(`auth.roles.${user.role}`, user.role)}
            </Tag>
          </Space>
        )}
      </Space>
    </Layout.Header>
  );
};
