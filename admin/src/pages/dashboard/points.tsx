import { useCustom, useTranslate } from "@refinedev/core";
import { Card, Table } from "antd";
import dayjs from "dayjs";
import { useEnumLabel } from "../../components/enum-tag";
import type { DashboardPointsStatisticsQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { ENUMS } from "../../lib/enums";
import { POINTS_STATISTICS_QUERY } from "./queries";

type Row = DashboardPointsStatisticsQuery["pointsStatistics"]["organizations"][number];

/** 十二分制 so far this year: per organisation keeping the scores, members by the grade their score points to. */
export const PointsDistributionCard = () => {
  const t = useTranslate();
  const enumLabel = useEnumLabel();
  const year = dayjs().year();
  const { result, query } = useCustom<DashboardPointsStatisticsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: POINTS_STATISTICS_QUERY, gqlVariables: { year } },
    queryOptions: { queryKey: ["pointsStatistics", year] },
    errorNotification: errorNotificationFor(POINTS_STATISTICS_QUERY, "errors.loadFailed"),
  });
  const suppressed = t("common.suppressed");
  const shown = (value: number | null | undefined) => (value === null ? suppressed : (value ?? "—"));
  const rows = result.data?.pointsStatistics?.organizations ?? [];
  return (
    <Card title={t("dashboard.points.title", { year })} loading={query.isLoading} data-testid="points-distribution">
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        dataSource={rows}
        locale={{ emptyText: t("dashboard.points.none") }}
        columns={[
          { title: t("dashboard.points.organization"), dataIndex: "organizationName", render: (name: string, row) => (row.key === "OTHER" ? t("dashboard.points.other") : name) },
          { title: t("dashboard.points.total"), dataIndex: "total", align: "right", render: shown },
          ...ENUMS.EvaluationGrade.map((grade) => ({
            title: enumLabel("EvaluationGrade", grade),
            key: grade,
            align: "right" as const,
            render: (_: unknown, row: Row) => shown(row.byGrade.find((bucket) => bucket.key === grade)?.count),
          })),
        ]}
      />
    </Card>
  );
};
