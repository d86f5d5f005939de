import { InfoCircleOutlined } from "@ant-design/icons";
import { useCustom, useTranslate } from "@refinedev/core";
import { Card, Col, Empty, Row, Space, Statistic, Tooltip, Typography } from "antd";
import { ErrorBoundary } from "../../components/error-boundary";
import type { DashboardCareStatisticsQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { BarChart, PALETTE } from "./charts";
import { CARE_STATISTICS_QUERY } from "./queries";

/** The care row: how the members under care are looked after, as of today (careStatistics, disclosure-controlled). */
export const CareStatisticsRow = () => {
  const t = useTranslate();
  const { result, query } = useCustom<DashboardCareStatisticsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: CARE_STATISTICS_QUERY },
    queryOptions: { queryKey: ["careStatistics"] },
    errorNotification: errorNotificationFor(CARE_STATISTICS_QUERY, "errors.loadFailed"),
  });
  const care = result.data?.careStatistics;
  const suppressed = t("common.suppressed");
  const shown = (value: number | null | undefined) => (value === null ? suppressed : (value ?? "—"));
  const rate = care?.withoutOrgLifeSixMonthsRate;

  return (
    <Row gutter={[16, 16]} data-testid="care-statistics">
      <Col xs={24} md={12}>
        <Card loading={query.isLoading}>
          <Statistic
            title={
              <Space size={4}>
                {t("dashboard.care.withoutOrgLife")}
                <Tooltip title={t("dashboard.care.withoutOrgLifeDefinition")}>
                  <InfoCircleOutlined />
                </Tooltip>
              </Space>
            }
            value={shown(care?.withoutOrgLifeSixMonths)}
            suffix={rate == null ? undefined : `（${(rate * 100).toFixed(1)}%）`}
            valueStyle={{ color: PALETTE[0] }}
            data-testid="stat-without-org-life"
          />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card loading={query.isLoading}>
          <Statistic title={t("dashboard.care.underCareSixMonths")} value={shown(care?.membersUnderCare)} data-testid="stat-under-care-six-months" />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card loading={query.isLoading}>
          <Statistic
            title={t("dashboard.care.talksDue")}
            value={shown(care?.talksDue)}
            valueStyle={{ color: PALETTE[1] }}
            data-testid="stat-talks-due"
          />
          <Typography.Text type="secondary" data-testid="stat-talks-overdue">
            {t("dashboard.care.talksOverdue", { count: shown(care?.talksOverdue) })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card loading={query.isLoading}>
          <Statistic title={t("dashboard.care.familyVisitsDue")} value={shown(care?.familyVisitsDue)} data-testid="stat-family-visits-due" />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card title={t("dashboard.care.openCases", { count: shown(care?.openLostContactCases) })} loading={query.isLoading} size="small">
          {care ? (
            <ErrorBoundary fallback={t("dashboard.chartFailed")}>
              <BarChart
                horizontal
                buckets={care.openLostContactCasesByAge.map((bucket) => ({ label: t(`dashboard.care.caseAge.${bucket.key}`), count: bucket.count }))}
                suppressedText={suppressed}
                testId="chart-open-cases-by-age"
              />
            </ErrorBoundary>
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
    </Row>
  );
};
