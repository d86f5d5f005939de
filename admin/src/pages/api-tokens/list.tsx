import { List } from "@refinedev/antd";
import { useCan, useTranslate } from "@refinedev/core";
import { Alert } from "antd";
import { IssueTokenButton } from "./issue-token";
import { TokenTable } from "./token-table";

export const ApiTokenList = () => {
  const t = useTranslate();
  const { data: canIssue } = useCan({ resource: "apiTokens", action: "create" });
  return (
    <List headerButtons={canIssue?.can ? <IssueTokenButton /> : null}>
      <Alert type="info" showIcon message={t("apiTokens.hints.about")} style={{ marginBottom: 16 }} />
      <TokenTable />
    </List>
  );
};
