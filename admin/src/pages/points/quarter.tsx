import { CalculatorOutlined, CheckCircleOutlined, PrinterOutlined } from "@ant-design/icons";
import { List } from "@refinedev/antd";
import { useCan, useCustom, useCustomMutation, useTranslate } from "@refinedev/core";
import { Alert, Button, Empty, Popconfirm, Radio, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { OrganizationTreeSelect } from "../../components/pickers";
import type { PointsQuarterQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/dates";
import { POINTS_QUARTER_QUERY, PUBLISH_POINTS_QUARTER_MUTATION, RECOMPUTE_MONTHLY_SCORES_MUTATION } from "./queries";

type QuarterRow = PointsQuarterQuery["pointsQuarter"]["rows"][number];

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));
const thisYear = new Date().getFullYear();
const thisQuarter = Math.floor(new Date().getMonth() / 3) + 1;

/**
 * A branch's quarter as it is posted (季公示): each member's three monthly scores, the corrections
 * made after publication with their reasons, and the quarter's total; recompute, then publish,
 * after which the scores are frozen.
 */
export const PointsQuarterPage = () => {
  const t = useTranslate();
  const { data: canWrite } = useCan({ resource: "monthlyScores", action: "create" });
  const [organizationId, setOrganizationId] = useState<string | undefined>();
  const [year, setYear] = useState(thisYear);
  const [quarter, setQuarter] = useState(thisQuarter > 1 ? thisQuarter - 1 : 1);
  const { mutateAsync, mutation } = useCustomMutation();

  const quarterQuery = useCustom<PointsQuarterQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: POINTS_QUARTER_QUERY, gqlVariables: { organizationId, year, quarter } },
    queryOptions: { enabled: !!organizationId, queryKey: ["pointsQuarter", organizationId, year, quarter] },
    errorNotification: errorNotificationFor(POINTS_QUARTER_QUERY, "errors.loadFailed"),
  });
  const data = quarterQuery.result.data?.pointsQuarter;
  const published = data?.publication;

  const run = async (document: typeof RECOMPUTE_MONTHLY_SCORES_MUTATION, input: Record<string, unknown>, message: string) => {
    await mutateAsync({
      url: "",
      method: "post",
      values: { input },
      meta: { gqlMutation: document },
      successNotification: { type: "success", message },
      errorNotification: errorNotificationFor(document),
    }).catch(() => undefined);
    await quarterQuery.query.refetch();
  };

  return (
    <List
      title={t("monthlyScores.titles.list")}
      headerButtons={
        <Space wrap>
          <OrganizationTreeSelect style={{ minWidth: 280 }} value={organizationId} onChange={(value) => setOrganizationId(value as string | undefined)} data-testid="quarter-organization" />
          <Select value={year} onChange={setYear} options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: t("monthlyScores.year", { year: y }) }))} data-testid="quarter-year" />
          <Radio.Group value={quarter} onChange={(event) => setQuarter(event.target.value)} optionType="button" data-testid="quarter-quarter">
            {[1, 2, 3, 4].map((q) => (
              <Radio.Button key={q} value={q}>
                {t("monthlyScores.quarter", { quarter: q })}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Space>
      }
    >
      {!organizationId ? (
        <Empty description={t("monthlyScores.hints.pickOrganization")} />
      ) : (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space wrap>
            {published ? (
              <Tag color="red" icon={<CheckCircleOutlined />} data-testid="quarter-published">
                {t("monthlyScores.published", { by: published.publishedBy, at: formatDateTime(published.publishedAt) })}
              </Tag>
            ) : (
              <Tag data-testid="quarter-unpublished">{t("monthlyScores.unpublished")}</Tag>
            )}
            {canWrite?.can && (
              <Button
                icon={<CalculatorOutlined />}
                loading={mutation.isPending}
                onClick={() => run(RECOMPUTE_MONTHLY_SCORES_MUTATION, { organizationId, year }, t("monthlyScores.recompute.done"))}
                data-testid="quarter-recompute"
              >
                {t("monthlyScores.recompute.button")}
              </Button>
            )}
            {canWrite?.can && !published && (
              <Popconfirm
                title={t("monthlyScores.publish.confirm", { year, quarter })}
                onConfirm={() => run(PUBLISH_POINTS_QUARTER_MUTATION, { organizationId, year, quarter }, t("monthlyScores.publish.done"))}
              >
                {/* Not while the table reloads or another step runs: what is published is what was shown. */}
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  disabled={mutation.isPending || quarterQuery.query.isFetching}
                  data-testid="quarter-publish"
                >
                  {t("monthlyScores.publish.button")}
                </Button>
              </Popconfirm>
            )}
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t("monthlyScores.print")}
            </Button>
          </Space>
          {published && <Alert type="info" showIcon message={t("monthlyScores.hints.frozen")} />}
          <Table<QuarterRow>
            dataSource={data?.rows ?? []}
            loading={quarterQuery.query.isFetching}
            rowKey="memberId"
            size="small"
            pagination={false}
            data-testid="quarter-table"
          >
            <Table.Column<QuarterRow> dataIndex="memberName" title={t("monthlyScores.fields.member")} />
            {(data?.months ?? []).map((month, i) => (
              <Table.Column<QuarterRow>
                key={month}
                title={t("monthlyScores.month", { month: Number(month.slice(5, 7)) })}
                align="right"
                render={(_, row) => (row.scores[i] == null ? "—" : signed(row.scores[i]!))}
              />
            ))}
            <Table.Column<QuarterRow>
              dataIndex="adjustment"
              title={t("monthlyScores.fields.adjustment")}
              align="right"
              render={(value: number, row) =>
                row.adjustments.length ? (
                  <Tooltip title={row.adjustments.map((a) => `${a.occurredOn} ${signed(a.value)}：${a.reason}`).join("\n")}>
                    <Typography.Text underline data-testid={`adjustment-${row.memberId}`}>
                      {signed(value)}
                    </Typography.Text>
                  </Tooltip>
                ) : (
                  "—"
                )
              }
            />
            <Table.Column<QuarterRow>
              dataIndex="total"
              title={t("monthlyScores.fields.total")}
              align="right"
              render={(value: number, row) => <Typography.Text strong data-testid={`total-${row.memberId}`}>{signed(value)}</Typography.Text>}
            />
          </Table>
        </Space>
      )}
    </List>
  );
};
