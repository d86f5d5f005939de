import { useTranslate } from "@refinedev/core";
import { Space, Tag, Tooltip, Typography } from "antd";
import type { TransferDueReason } from "../../graphql/types";

/** The ledger's two reminders, each with its rule on hover; 应转尽转 with the reason that makes it due. */
export const LedgerFlags = ({ member }: { member: { transferDue: boolean; transferDueReason: TransferDueReason; ledgerStale: boolean } }) => {
  const t = useTranslate();
  return (
    <Space direction="vertical" size={2}>
      {member.transferDue && (
        <Tooltip title={t("members.hints.transferDue")}>
          <span data-testid="flag-transferDue">
            <Tag color="volcano">{t("members.fields.transferDue")}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`enums.TransferDueReason.${member.transferDueReason}`)}
            </Typography.Text>
          </span>
        </Tooltip>
      )}
      {member.ledgerStale && (
        <Tooltip title={t("members.hints.ledgerStale")}>
          <Tag color="gold" data-testid="flag-ledgerStale">
            {t("members.fields.ledgerStale")}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
};
