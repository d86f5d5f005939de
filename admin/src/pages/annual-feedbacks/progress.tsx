import { useTranslate } from "@refinedev/core";
import { Alert, Col, Collapse, Progress, Row, Space, Statistic, Tag, Typography } from "antd";
import { EnumTag } from "../../components/enum-tag";
import type { FeedbackProgressQuery } from "../../graphql/types";

export type FeedbackProgressData = FeedbackProgressQuery["feedbackProgress"];
type DirectionData = FeedbackProgressData["directions"][number];

/** Returns at or beyond `delivered` count as done: their recipient can read them. */
const DONE = new Set(["DELIVERED", "RECEIVED", "GRADED", "ARCHIVED"]);

const numbersOf = (direction: DirectionData) => {
  const count = (status: string) => direction.byStatus.find((s) => s.status === status)?.count ?? 0;
  const done = direction.byStatus.filter((s) => DONE.has(s.status)).reduce((sum, s) => sum + s.count, 0);
  const started = direction.byStatus.reduce((sum, s) => sum + s.count, 0);
  const percent = (value: number) => (direction.expected ? Math.min(100, Math.round((value / direction.expected) * 1000) / 10) : 0);
  return { count, done, started, percent };
};

/**
 * One direction of an agreement's returns (the host's to the partner, or the partner's to us), with
 * the API's own figures: expected + notExpected = returns counted + missing.
 */
const DirectionProgress = ({ direction, late, compact, labelled }: { direction: DirectionData; late: boolean; compact: boolean; labelled: boolean }) => {
  const t = useTranslate();
  const { count, done, started, percent } = numbersOf(direction);
  const status = late && done < direction.expected ? "exception" : done >= direction.expected && direction.expected > 0 ? "success" : "active";
  const visible = direction.byStatus.filter((s) => direction.visibleStatuses.includes(s.status));

  return (
    <Space
      direction="vertical"
      style={{ width: "100%" }}
      data-testid={`progress-${direction.recipient}`}
      data-expected={direction.expected}
      data-started={started}
      data-missing={direction.missingCount}
      data-not-expected={direction.notExpected}
    >
      {labelled && <Typography.Text strong>{t(`annualFeedbacks.board.directions.${direction.recipient}`)}</Typography.Text>}
      <Row gutter={16} align="middle">
        <Col xs={24} md={compact ? 24 : 12}>
          <Progress
            percent={percent(done + count("SUBMITTED"))}
            success={{ percent: percent(done) }}
            status={status}
            format={() => `${done}/${direction.expected}`}
            data-testid="feedback-progress-bar"
          />
        </Col>
        {!compact && (
          <Col xs={24} md={12}>
            <Row gutter={8}>
              <Col span={6}>
                <Statistic title={t("annualFeedbacks.progress.expected")} value={direction.expected} />
              </Col>
              <Col span={6}>
                <Statistic title={t("annualFeedbacks.progress.started")} value={started} />
              </Col>
              <Col span={6}>
                <Statistic title={t("annualFeedbacks.progress.missing")} value={direction.missingCount} valueStyle={direction.missingCount ? { color: "#fa8c16" } : undefined} />
              </Col>
              <Col span={6}>
                <Statistic title={t("annualFeedbacks.progress.overdue")} value={direction.overdue} valueStyle={direction.overdue ? { color: "#cf1322" } : undefined} />
              </Col>
            </Row>
          </Col>
        )}
      </Row>
      <Space size={[4, 4]} wrap>
        {visible.map((s) => (
          <span key={s.status}>
            <EnumTag name="FeedbackStatus" value={s.status} />
            <Typography.Text strong>{s.count}</Typography.Text>
          </span>
        ))}
      </Space>
      {!compact && (
        <Typography.Text type="secondary" data-testid={`progress-sum-${direction.recipient}`}>
          {direction.notExpected
            ? t("annualFeedbacks.progress.sumWithOthers", { expected: direction.expected, started, missing: direction.missingCount, others: direction.notExpected })
            : t("annualFeedbacks.progress.sum", { expected: direction.expected, started, missing: direction.missingCount })}
        </Typography.Text>
      )}
      {!compact && direction.missingCount > 0 && (
        <Collapse
          size="small"
          items={[
            {
              key: "missing",
              label: t("annualFeedbacks.progress.missingList", { count: direction.missingCount }),
              children: (
                <Space size={[4, 4]} wrap>
                  {direction.missing.map((m) => (
                    <Tag key={m.memberId}>{m.name}</Tag>
                  ))}
                  {direction.missingCount > direction.missing.length && <Typography.Text type="secondary">…</Typography.Text>}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
};

/** Where one agreement's returns of one year stand, per direction, against its deadline. */
export const FeedbackProgressCard = ({ progress, compact = false }: { progress: FeedbackProgressData; compact?: boolean }) => {
  const t = useTranslate();
  if (!progress.inForce) {
    return <Alert type="info" showIcon message={t("annualFeedbacks.progress.notInForce", { year: progress.year })} data-testid="progress-not-in-force" />;
  }
  const late = progress.daysToDeadline < 0;
  return (
    <Space direction="vertical" style={{ width: "100%" }} data-testid="feedback-progress">
      {progress.directions.length === 0 && <Typography.Text type="secondary">{t("annualFeedbacks.progress.noDirection")}</Typography.Text>}
      {progress.directions.map((direction) => (
        <DirectionProgress key={direction.recipient} direction={direction} late={late} compact={compact} labelled={progress.directions.length > 1} />
      ))}
      <Typography.Text type={late ? "danger" : "secondary"}>
        {late
          ? t("annualFeedbacks.progress.pastDeadline", { deadline: progress.deadline, days: -progress.daysToDeadline })
          : t("annualFeedbacks.progress.toDeadline", { deadline: progress.deadline, days: progress.daysToDeadline })}
      </Typography.Text>
    </Space>
  );
};
