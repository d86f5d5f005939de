import { AuditOutlined } from "@ant-design/icons";
import { Show } from "@refinedev/antd";
import { useCan, useGo, useShow, useTranslate } from "@refinedev/core";
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Typography } from "antd";
import { EnumTag } from "../../components/enum-tag";
import type { AgreementShowQuery } from "../../graphql/types";
import { currentFeedbackYear, formatDate, formatDateTime } from "../../lib/dates";
import { IssueTokenButton } from "../api-tokens/issue-token";
import { TokenTable } from "../api-tokens/token-table";
import { AGREEMENT_DELETE_MUTATION, AGREEMENT_SHOW_QUERY } from "./queries";

type AgreementDetail = NonNullable<AgreementShowQuery["agreement"]>;

export const AgreementShow = () => {
  const t = useTranslate();
  const go = useGo();
  const { result: agreement, query } = useShow<AgreementDetail>({ resource: "agreements", meta: { gqlQuery: AGREEMENT_SHOW_QUERY } });
  const { data: canIssue } = useCan({ resource: "apiTokens", action: "create" });
  const { data: canSeeTokens } = useCan({ resource: "apiTokens", action: "list" });
  const f = (name: string) => t(`agreements.fields.${name}`);
  const year = currentFeedbackYear();

  return (
    <Show
      isLoading={query.isLoading}
      canDelete
      deleteButtonProps={{ meta: { gqlMutation: AGREEMENT_DELETE_MUTATION }, confirmTitle: t("buttons.deleteNamed", { name: agreement ? `${agreement.code} · ${agreement.title}` : "" }) }}
      headerButtons={({ defaultButtons }) => (
        <Space>
          {agreement && (
            <Button icon={<AuditOutlined />} onClick={() => go({ to: "/annual-feedbacks", query: { agreementId: agreement.id, year } })} data-testid="open-board">
              {t("agreements.actions.feedbackBoard")}
            </Button>
          )}
          {defaultButtons}
        </Space>
      )}
    >
      {agreement && (
        <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid="agreement-show">
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Card size="small">
                <Statistic title={f("coveredMemberCount")} value={agreement.coveredMemberCount} data-testid="covered-count" />
              </Card>
            </Col>
            <Col xs={24} md={6}>
              <Card size="small">
                <Statistic title={f("status")} valueRender={() => <EnumTag name="AgreementStatus" value={agreement.status} />} />
              </Card>
            </Col>
            <Col xs={24} md={6}>
              <Card size="small">
                <Statistic title={f("feedbackDeadline")} value={t("agreements.deadlineValue", { date: agreement.feedbackDeadline })} />
              </Card>
            </Col>
            <Col xs={24} md={6}>
              <Card size="small">
                <Statistic title={f("expectedOrgLifeSessions")} value={agreement.expectedOrgLifeSessions} />
              </Card>
            </Col>
          </Row>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={`${agreement.code} · ${agreement.title}`}>
            <Descriptions.Item label={f("hostRegionCode")}>{agreement.hostRegion?.name ?? agreement.hostRegionCode}</Descriptions.Item>
            <Descriptions.Item label={f("partnerRegionCode")}>{agreement.partnerRegion?.name ?? agreement.partnerRegionCode}</Descriptions.Item>
            <Descriptions.Item label={f("direction")}>
              <EnumTag name="AgreementDirection" value={agreement.direction} />
            </Descriptions.Item>
            <Descriptions.Item label={f("signedOn")}>{formatDate(agreement.signedOn)}</Descriptions.Item>
            <Descriptions.Item label={f("effectivePeriod")}>
              {formatDate(agreement.effectiveFrom)} ~ {agreement.effectiveTo ? formatDate(agreement.effectiveTo) : t("agreements.openEnded")}
            </Descriptions.Item>
            <Descriptions.Item label={f("hostOrganization")}>{agreement.hostOrganization?.name ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("hostContactName")}>
              {agreement.hostContactName ?? "—"} {agreement.hostContactPhone}
            </Descriptions.Item>
            <Descriptions.Item label={f("partnerOrganizationName")}>{agreement.partnerOrganizationName ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("partnerContactName")}>
              {agreement.partnerContactName ?? "—"} {agreement.partnerContactPhone}
            </Descriptions.Item>
            <Descriptions.Item label={f("updatedAt")}>{formatDateTime(agreement.updatedAt)}</Descriptions.Item>
            <Descriptions.Item label={f("hostResponsibilities")} span={2}>
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{agreement.hostResponsibilities ?? "—"}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={f("partnerResponsibilities")} span={2}>
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{agreement.partnerResponsibilities ?? "—"}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
          {canSeeTokens?.can && (
            <Card title={t("agreements.tokens")} extra={canIssue?.can && <IssueTokenButton agreementId={agreement.id} />} data-testid="agreement-tokens">
              <TokenTable agreementId={agreement.id} showAgreement={false} />
            </Card>
          )}
        </Space>
      )}
    </Show>
  );
};
