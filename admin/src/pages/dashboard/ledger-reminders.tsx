import { QuestionCircleOutlined } from "@ant-design/icons";
import { useGo, useList, useTranslate } from "@refinedev/core";
import { Card, Col, Row, Space, Statistic, Tooltip, Typography } from "antd";
import { LEDGER_REMINDER_COUNT_QUERY } from "./queries";

const REMINDERS = [
  { field: "transferDue", color: "#d4380d" },
  { field: "ledgerStale", color: "#d48806" },
] as const;

/** One reminder: the API's own filter counts it (the same rule as the ledger's flag), the rule on hover. */
const Reminder = ({ field, color }: (typeof REMINDERS)[number]) => {
  const t = useTranslate();
  const go = useGo();
  const filters = [{ field, operator: "eq" as const, value: true }];
  const { result, query } = useList({
    resource: "members",
    filters,
    pagination: { currentPage: 1, pageSize: 1 },
    meta: { gqlQuery: LEDGER_REMINDER_COUNT_QUERY },
  });
  return (
    <Card loading={query.isLoading} data-testid={`reminder-${field}`}>
      <Statistic
        title={
          <Space size={4}>
            {t(`members.fields.${field}`)}
            <Tooltip title={t(`members.hints.${field}`)}>
              <QuestionCircleOutlined data-testid={`reminder-${field}-rule`} />
            </Tooltip>
          </Space>
        }
        value={result.total ?? 0}
        valueStyle={{ color }}
        suffix={t("dashboard.reminders.people")}
      />
      <Typography.Link onClick={() => go({ to: "/members", query: { filters } })}>{t("dashboard.reminders.open")}</Typography.Link>
    </Card>
  );
};

/** The ledger's two reminders on the dashboard, each linking to the members it counts. */
export const LedgerReminders = () => (
  <Row gutter={[16, 16]}>
    {REMINDERS.map((reminder) => (
      <Col xs={24} md={12} key={reminder.field}>
        <Reminder {...reminder} />
      </Col>
    ))}
  </Row>
);
