import { useTranslate } from "@refinedev/core";
import { ThemedTitle } from "@refinedev/antd";
import type { RefineLayoutThemedTitleProps } from "@refinedev/antd";

const Logo = () => (
  <img src="/favicon.svg" alt="" width={24} height={24} style={{ display: "block" }} />
);

export const Title = (props: RefineLayoutThemedTitleProps) => {
  const t = useTranslate();
  return <ThemedTitle {...props} text={t("app.title")} icon={<Logo />} />;
};
