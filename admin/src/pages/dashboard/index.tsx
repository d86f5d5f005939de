import { InfoCircleOutlined } from "@ant-design/icons";
import { useCustom, useGo, useTranslate } from "@refinedev/core";
import { Card, Col, Empty, Row, Select, Skeleton, Space, Statistic, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useEnumLabel } from "../../components/enum-tag";
import { ErrorBoundary } from "../../components/error-boundary";
import type {
  DashboardActivityStatisticsQuery,
  DashboardAgreementsQuery,
  DashboardMemberStatisticsQuery,
  FeedbackProgressQuery,
} from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { currentFeedbackYear } from "../../lib/dates";
import { ENUMS, type EnumName } from "../../lib/enums";
import { FeedbackProgressCard } from "../annual-feedbacks/progress";
import { FEEDBACK_PROGRESS_QUERY } from "../annual-feedbacks/queries";
import { BarChart, DoughnutChart, MonthlyChart, PALETTE, type Bucket } from "./charts";
import { CareStatisticsRow } from "./care";
import { PointsDistributionCard } from "./points";
import { LedgerReminders } from "./ledger-reminders";
import { ACTIVITY_STATISTICS_QUERY, DASHBOARD_AGREEMENTS_QUERY, MEMBER_STATISTICS_QUERY } from "./queries";

type StatBucket = DashboardMemberStatisticsQuery["memberStatistics"]["byStatus"][number];

type DashboardAgreement = DashboardAgreementsQuery["agreements"]["nodes"][number];

/** One agreement's returns of the year, per direction it runs (the API lists them). */
const AgreementProgress = ({ agreement, year }: { agreement: DashboardAgreement; year: number }) => {
  const go = useGo();
  const { result, query } = useCustom<FeedbackProgressQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: FEEDBACK_PROGRESS_QUERY, gqlVariables: { agreementId: agreement.id, year } },
    queryOptions: { queryKey: ["feedbackProgress", agreement.id, year, null] },
    errorNotification: errorNotificationFor(FEEDBACK_PROGRESS_QUERY, "errors.loadFailed"),
  });
  const progress = result.data?.feedbackProgress;
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
      {query.isLoading || !progress ? <Skeleton active paragraph={{ rows: 1 }} /> : <FeedbackProgressCard progress={progress} compact />}
    </Card>
  );
};

/** The month in progress, China time (the API's months are China's too). */
const monthInProgress = (): { year: number; month: number } => {
  const [year, month] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(new Date()).split("-").map(Number);
  return { year: year!, month: month! };
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
  // 在管党员 is the API's membersUnderCare (one definition): the card shows the month in progress.
  const { year: currentYear, month } = monthInProgress();
  const current = useCustom<DashboardActivityStatisticsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: ACTIVITY_STATISTICS_QUERY, gqlVariables: { year: currentYear } },
    queryOptions: { queryKey: ["activityStatistics", currentYear] },
    errorNotification: errorNotificationFor(ACTIVITY_STATISTICS_QUERY, "errors.loadFailed"),
  });
  const underCare = current.result.data?.activityStatistics?.months.find((m) => m.month === month)?.membersUnderCare;
  // Only agreements whose returns of that year are made have progress to show.
  const agreementsQuery = useCustom<DashboardAgreementsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: DASHBOARD_AGREEMENTS_QUERY, gqlVariables: { year: feedbackYear } },
    queryOptions: { queryKey: ["dashboardAgreements", feedbackYear] },
    errorNotification: errorNotificationFor(DASHBOARD_AGREEMENTS_QUERY, "errors.loadFailed"),
  });
  const inForce = (agreementsQuery.result.data?.agreements?.nodes ?? []).filter((a) => a.inForceDuring);

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
          <Card loading={current.query.isLoading}>
            <Statistic
              title={
                <Space size={4}>
                  {t("dashboard.stats.underCare", { month })}
                  <Tooltip title={t("dashboard.underCareDefinition")}>
                    <InfoCircleOutlined data-testid="stat-under-care-definition" />
                  </Tooltip>
                </Space>
              }
              value={statValue(underCare)}
              valueStyle={{ color: PALETTE[3] }}
              data-testid="stat-under-care"
            />
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

      <CareStatisticsRow />

      <PointsDistributionCard />

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
        {agreementsQuery.query.isLoading ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : inForce.length ? (
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
