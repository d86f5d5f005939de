import { useTranslate } from "@refinedev/core";
import { Col, Collapse, Progress, Row, Space, Statistic, Tag, Typography } from "antd";
import { EnumTag } from "../../components/enum-tag";
import type { FeedbackProgressQuery } from "../../graphql/types";

export type FeedbackProgressData = FeedbackProgressQuery["feedbackProgress"];

/** Returns at or beyond `delivered` count as done: the partner can read them. */
const DONE = new Set(["DELIVERED", "RECEIVED", "GRADED", "ARCHIVED"]);

export const progressNumbers = (progress: FeedbackProgressData) => {
  const count = (status: string) => progress.byStatus.find((s) => s.status === status)?.count ?? 0;
  const done = progress.byStatus.filter((s) => DONE.has(s.status)).reduce((sum, s) => sum + s.count, 0);
  const started = progress.byStatus.reduce((sum, s) => sum + s.count, 0);
  return { count, done, started, percent: progress.expected ? Math.round((done / progress.expected) * 1000) / 10 : 0 };
};

/** Where one agreement's returns of one year stand, against its deadline. */
export const FeedbackProgressCard = ({ progress, compact = false }: { progress: FeedbackProgressData; compact?: boolean }) => {
  const t = useTranslate();
  const { count, done, started, percent } = progressNumbers(progress);
  const late = progress.daysToDeadline < 0;
  const status = late && done < progress.expected ? "exception" : done >= progress.expected && progress.expected > 0 ? "success" : "active";
  const submitted = progress.expected ? Math.min(100, Math.round(((done + count("SUBMITTED")) / progress.expected) * 1000) / 10) : 0;

  return (
    <Space direction="vertical" style={{ width: "100%" }} data-testid="feedback-progress">
      <Row gutter={16} align="middle">
        <Col xs={24} md={compact ? 24 : 12}>
          <Progress
            percent={submitted}
            success={{ percent }}
            status={status}
            format={() => `${done}/${progress.expected}`}
            data-testid="feedback-progress-bar"
          />
          <Typography.Text type={late ? "danger" : "secondary"}>
            {late
              ? t("annualFeedbacks.progress.pastDeadline", { deadline: progress.deadline, days: -progress.daysToDeadline })
              : t("annualFeedbacks.progress.toDeadline", { deadline: progress.deadline, days: progress.daysToDeadline })}
          </Typography.Text>
        </Col>
        {!compact && (
          <Col xs={24} md={12}>
            <Row gutter={8}>
              <Col span={6}>
                <Statistic title={t("annualFeedbacks.progress.expected")} value={progress.expected} />
              </Col>
              <Col span={6}>
                <Statistic title={t("annualFeedbacks.progress.started")} value={started} />
              </Col>
              <Col span={6}>
                <Statistic title={t("annualFeedbacks.progress.missing")} value={progress.missingCount} valueStyle={progress.missingCount ? { color: "#fa8c16" } : undefined} />
              </Col>
              <Col span={6}>
                <Statistic title={t("annualFeedbacks.progress.overdue")} value={progress.overdue} valueStyle={progress.overdue ? { color: "#cf1322" } : undefined} />
              </Col>
            </Row>
          </Col>
        )}
      </Row>
      <Space size={[4, 4]} wrap>
        {progress.byStatus.map((s) => (
          <span key={s.status}>
            <EnumTag name="FeedbackStatus" value={s.status} />
            <Typography.Text strong>{s.count}</Typography.Text>
          </span>
        ))}
      </Space>
      {!compact && progress.missingCount > 0 && (
        <Collapse
          size="small"
          items={[
            {
              key: "missing",
              label: t("annualFeedbacks.progress.missingList", { count: progress.missingCount }),
              children: (
                <Space size={[4, 4]} wrap>
                  {progress.missing.map((m) => (
                    <Tag key={m.memberId}>{m.name}</Tag>
                  ))}
                  {progress.missingCount > progress.missing.length && <Typography.Text type="secondary">…</Typography.Text>}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
};
