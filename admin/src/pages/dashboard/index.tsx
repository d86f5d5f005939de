import { useCustom, useGo, useTranslate } from "@refinedev/core";
import { Card, Col, Empty, Row, Select, Skeleton, Space, Statistic, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useEnumLabel } from "../../components/enum-tag";
import { ErrorBoundary } from "../../components/error-boundary";
import { useAgreements, type AgreementOption } from "../../components/pickers";
import type {
  DashboardActivityStatisticsQuery,
  DashboardMemberStatisticsQuery,
  FeedbackProgressQuery,
  FeedbackRecipient,
} from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { currentFeedbackYear } from "../../lib/dates";
import { ENUMS, type EnumName } from "../../lib/enums";
import { FeedbackProgressCard } from "../annual-feedbacks/progress";
import { FEEDBACK_PROGRESS_QUERY } from "../annual-feedbacks/queries";
import { BarChart, DoughnutChart, MonthlyChart, PALETTE, type Bucket } from "./charts";
import { LedgerReminders } from "./ledger-reminders";
import { ACTIVITY_STATISTICS_QUERY, MEMBER_STATISTICS_QUERY } from "./queries";

type StatBucket = DashboardMemberStatisticsQuery["memberStatistics"]["byStatus"][number];

/** Which directions of an agreement have returns: the host writes to the partner, the partner to us, or both. */
const DIRECTIONS: Record<string, FeedbackRecipient[]> = {
  PARTNER_TO_HOST: ["PARTNER"],
  HOST_TO_PARTNER: ["HOST"],
  TWO_WAY: ["PARTNER", "HOST"],
};

const DirectionProgress = ({ agreement, year, recipient, labelled }: { agreement: AgreementOption; year: number; recipient: FeedbackRecipient; labelled: boolean }) => {
  const t = useTranslate();
  const { result, query } = useCustom<FeedbackProgressQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: FEEDBACK_PROGRESS_QUERY, gqlVariables: { agreementId: agreement.id, year, recipient } },
    queryOptions: { queryKey: ["feedbackProgress", agreement.id, year, recipient], retry: false },
    errorNotification: false,
  });
  const progress = result.data?.feedbackProgress;
  if (query.isLoading) return <Skeleton active paragraph={{ rows: 1 }} />;
  return (
    <div>
      {labelled && <Typography.Text strong>{t(`annualFeedbacks.board.directions.${recipient}`)}</Typography.Text>}
      {progress ? <FeedbackProgressCard progress={progress} compact /> : <Typography.Text type="secondary">{t("dashboard.progress.notInForce")}</Typography.Text>}
    </div>
  );
};

const AgreementProgress = ({ agreement, year }: { agreement: AgreementOption; year: number }) => {
  const go = useGo();
  const recipients = DIRECTIONS[agreement.direction] ?? ["PARTNER"];
  return (
    <Card
      size="small"
      title={
        <Typography.Link onClick={() => go({ to: "/annual-feedbacks", query: { agreementId: agreement.id, year } })}>
          {agreement.code} · {agreement.title}
        </Typography.Link>
      }
      data-testid={`dashboard-progress-${agreement.id}`}
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        {recipients.map((recipient) => (
          <DirectionProgress key={recipient} agreement={agreement} year={year} recipient={recipient} labelled={recipients.length > 1} />
        ))}
      </Space>
    </Card>
  );
};

export const DashboardPage = () => {
  const t = useTranslate();
  const enumLabel = useEnumLabel();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const feedbackYear = currentFeedbackYear();
  const suppressedText = t("common.suppressed");

  const members = useCustom<DashboardMemberStatisticsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: MEMBER_STATISTICS_QUERY },
    queryOptions: { queryKey: ["memberStatistics"] },
    errorNotification: errorNotificationFor(MEMBER_STATISTICS_QUERY, "errors.loadFailed"),
  });
  const activity = useCustom<DashboardActivityStatisticsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: ACTIVITY_STATISTICS_QUERY, gqlVariables: { year } },
    queryOptions: { queryKey: ["activityStatistics", year] },
    errorNotification: errorNotificationFor(ACTIVITY_STATISTICS_QUERY, "errors.loadFailed"),
  });
  const { agreements } = useAgreements();
  const inForce = agreements.filter((a) => a.status === "ACTIVE" || a.status === "EXPIRED");

  const stats = members.result.data?.memberStatistics;
  /** In the contract's order of the enum (the API sorts keys alphabetically). */
  const enumBuckets = (name: EnumName, buckets: StatBucket[] | undefined): Bucket[] => {
    const order = ENUMS[name] as readonly string[];
    return [...(buckets ?? [])]
      .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key))
      .map((b) => ({ label: enumLabel(name, b.key), count: b.count }));
  };
  const regionBuckets = (buckets: StatBucket[] | undefined): Bucket[] =>
    [...(buckets ?? [])].sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).map((b) => ({ label: b.label ?? b.key, count: b.count }));
  const count = (key: string) => stats?.byStatus.find((b) => b.key === key)?.count;
  const months = activity.result.data?.activityStatistics?.months ?? [];
  const yearHours = months.reduce((sum, m) => sum + (m.volunteerHours ?? 0), 0);

  const statValue = (value: number | null | undefined) => (value === null ? suppressedText : (value ?? "—"));

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid="dashboard">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card loading={members.query.isLoading}>
            <Statistic title={t("dashboard.stats.total")} value={statValue(stats?.total)} data-testid="stat-total" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={members.query.isLoading}>
            <Statistic title={t("dashboard.stats.managed")} value={statValue(count("MANAGED"))} valueStyle={{ color: PALETTE[3] }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={members.query.isLoading}>
            <Statistic title={t("dashboard.stats.lostContact")} value={statValue(count("LOST_CONTACT"))} valueStyle={{ color: PALETTE[0] }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={activity.query.isLoading}>
            <Statistic title={t("dashboard.stats.volunteerHours", { year })} value={Math.round(yearHours)} suffix={t("dashboard.stats.hours")} />
          </Card>
        </Col>
      </Row>

      <LedgerReminders />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card title={t("dashboard.charts.byStatus")} loading={members.query.isLoading}>
            {stats ? <ErrorBoundary fallback={t("dashboard.chartFailed")}><DoughnutChart buckets={enumBuckets("MemberStatus", stats.byStatus)} suppressedText={suppressedText} testId="chart-by-status" /></ErrorBoundary> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("dashboard.charts.byMobilityType")} loading={members.query.isLoading}>
            {stats ? <ErrorBoundary fallback={t("dashboard.chartFailed")}><DoughnutChart buckets={enumBuckets("MobilityType", stats.byMobilityType)} suppressedText={suppressedText} testId="chart-by-mobility" /></ErrorBoundary> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("dashboard.charts.byDestinationRegion")} loading={members.query.isLoading}>
            {stats ? <ErrorBoundary fallback={t("dashboard.chartFailed")}><BarChart horizontal buckets={regionBuckets(stats.byDestinationRegion)} suppressedText={suppressedText} testId="chart-by-destination" /></ErrorBoundary> : <Empty />}
          </Card>
        </Col>
      </Row>

      <Card
        title={t("dashboard.charts.monthly")}
        loading={activity.query.isLoading}
        extra={
          <Select
            value={year}
            onChange={setYear}
            options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: String(y) }))}
            style={{ width: 100 }}
            data-testid="dashboard-year"
          />
        }
      >
        {months.length ? (
          <ErrorBoundary fallback={t("dashboard.chartFailed")}>
          <MonthlyChart
            months={months}
            testId="chart-monthly"
            labels={{
              month: (m) => t("dashboard.charts.month", { month: m }),
              underCare: t("dashboard.charts.underCare"),
              participants: t("dashboard.charts.participants"),
              rate: t("dashboard.charts.rate"),
              suppressed: suppressedText,
            }}
          />
          </ErrorBoundary>
        ) : (
          <Empty />
        )}
        <Typography.Text type="secondary">{t("dashboard.charts.suppressionNote")}</Typography.Text>
      </Card>

      <Card title={t("dashboard.progress.title", { year: feedbackYear })}>
        {inForce.length ? (
          <Row gutter={[16, 16]}>
            {inForce.map((agreement) => (
              <Col xs={24} lg={12} key={agreement.id}>
                <AgreementProgress agreement={agreement} year={feedbackYear} />
              </Col>
            ))}
          </Row>
        ) : (
          <Empty description={t("dashboard.progress.none")} />
        )}
      </Card>
    </Space>
  );
};
