import { Show, useTable } from "@refinedev/antd";
import { useGo, useShow, useTranslate } from "@refinedev/core";
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Table, Tag, Timeline, Typography } from "antd";
import { useState } from "react";
import { EnumTag, EnumTags } from "../../components/enum-tag";
import { useRegionName } from "../../components/pickers";
import type { MemberFeedbacksQuery, MemberShowQuery } from "../../graphql/types";
import { formatDate, formatDateTime } from "../../lib/dates";
import { OrgLifeCell } from "../annual-feedbacks/org-life";
import { RequestTransferDialog } from "../transfer-requests/request-dialog";
import { hasPermission } from "../../providers/access-control";
import { MEMBER_DELETE_MUTATION, MEMBER_FEEDBACKS_QUERY, MEMBER_SHOW_QUERY } from "./queries";

type MemberDetail = NonNullable<MemberShowQuery["member"]>;
type FeedbackRow = MemberFeedbacksQuery["annualFeedbacks"]["nodes"][number];

const KIND_COLORS: Record<string, string> = {
  THREE_MEETINGS_ONE_LESSON: "red",
  THEME_PARTY_DAY: "red",
  ORGANIZATIONAL_LIFE_MEETING: "red",
  VOLUNTEER_SERVICE: "green",
  STUDY: "blue",
  PIONEER_POST: "gold",
  OTHER: "gray",
};

export const MemberShow = () => {
  const t = useTranslate();
  const go = useGo();
  const regionName = useRegionName();
  const { result: member, query } = useShow<MemberDetail>({ resource: "members", meta: { gqlQuery: MEMBER_SHOW_QUERY } });
  const f = (name: string) => t(`members.fields.${name}`);
  const [requesting, setRequesting] = useState(false);

  const { tableProps } = useTable<FeedbackRow>({
    resource: "annualFeedbacks",
    syncWithLocation: false,
    filters: { permanent: [{ field: "memberId", operator: "eq", value: member?.id }] },
    sorters: { initial: [{ field: "year", order: "desc" }] },
    pagination: { pageSize: 10 },
    queryOptions: { enabled: !!member?.id },
    meta: { gqlQuery: MEMBER_FEEDBACKS_QUERY },
  });

  const activities = member?.activities;

  // Outside one's scope is the same as not there (the API answers NOT_FOUND for both).
  if (query.isError && !member) {
    return (
      <div data-testid="member-not-found">
        <Result status="404" title="404" subTitle={t("members.notFound")} />
      </div>
    );
  }

  return (
    <Show
      isLoading={query.isLoading}
      headerButtons={({ defaultButtons }) => (
        <Space>
          {defaultButtons}
        </Space>
      )}
      canDelete
      deleteButtonProps={{ meta: { gqlMutation: MEMBER_DELETE_MUTATION }, confirmTitle: t("members.delete.confirm", { name: member?.name ?? "" }) }}
    >
      {member && (
        <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid="member-show">
          {(member.transferDue || member.ledgerStale) && (
            <Space direction="vertical" style={{ width: "100%" }}>
              {member.transferDue && (
                <Alert
                  type="warning"
                  showIcon
                  message={t("members.hints.transferDueLong", { months: member.monthsAway, reason: t(`enums.TransferDueReason.${member.transferDueReason}`) })}
                  description={t("members.hints.transferDue")}
                  data-testid="transfer-due-alert"
                  action={
                    hasPermission("TRANSFERS_WRITE") &&
                    !member.transferRequests.nodes.some((row) => row.state === "REQUESTED" || row.state === "ACCEPTED") && (
                      <Button size="small" type="primary" onClick={() => setRequesting(true)} data-testid="request-transfer">
                        {t("transferRequests.request.button")}
                      </Button>
                    )
                  }
                />
              )}
              {member.ledgerStale && <Alert type="info" showIcon message={t("members.hints.ledgerStale")} />}
            </Space>
          )}
          <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} title={member.name}>
            <Descriptions.Item label={f("idNumber")}>{member.idNumber}</Descriptions.Item>
            <Descriptions.Item label={f("gender")}>
              <EnumTag name="Gender" value={member.gender} />
            </Descriptions.Item>
            <Descriptions.Item label={f("birthDate")}>{formatDate(member.birthDate)}</Descriptions.Item>
            <Descriptions.Item label={f("phone")}>{member.phone ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("partyStanding")}>
              <EnumTag name="PartyStanding" value={member.partyStanding} />
            </Descriptions.Item>
            <Descriptions.Item label={f("joinedOn")}>{formatDate(member.joinedOn)}</Descriptions.Item>
            <Descriptions.Item label={f("status")}>
              <EnumTag name="MemberStatus" value={member.status} />
            </Descriptions.Item>
            <Descriptions.Item label={f("mobilityType")}>
              <EnumTag name="MobilityType" value={member.mobilityType} />
            </Descriptions.Item>
            <Descriptions.Item label={f("outflowDate")}>
              {formatDate(member.outflowDate)} ({t("members.monthsAway", { count: member.monthsAway })})
            </Descriptions.Item>
            <Descriptions.Item label={f("formalOrganization")}>
              {member.formalOrganization ? (
                <Typography.Link onClick={() => go({ to: `/organizations/show/${member.formalOrganization!.id}` })}>
                  {member.formalOrganization.name}
                </Typography.Link>
              ) : (
                "—"
              )}
            </Descriptions.Item>
            <Descriptions.Item label={f("inflowOrganization")}>{member.inflowOrganization?.name ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("destinationRegionCode")}>{regionName(member.destinationRegionCode)}</Descriptions.Item>
            <Descriptions.Item label={f("destinationAddress")}>{member.destinationAddress ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("occupation")}>{member.occupation ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("workUnit")}>{member.workUnit ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("certificateNumber")}>
              {member.certificateNumber ?? "—"}
              {member.certificateIssuedOn && (
                <Typography.Text type="secondary">
                  {" "}
                  ({formatDate(member.certificateIssuedOn)} ~ {formatDate(member.certificateExpiresOn)})
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={f("abroad")}>{t(member.abroad ? "common.yes" : "common.no")}</Descriptions.Item>
            <Descriptions.Item label={f("transferDue")}>
              <span data-testid="transfer-due-reason">
                {member.transferDue && <Tag color="volcano">{f("transferDue")}</Tag>}
                {t(`enums.TransferDueReason.${member.transferDueReason}`)}
              </span>
              {member.transferRequests.nodes.map((row) => (
                <Typography.Link key={row.id} onClick={() => go({ to: `/transfer-requests/show/${row.id}` })} data-testid="member-transfer" style={{ marginLeft: 8 }}>
                  {t("transferRequests.transferRequests")} → {row.toOrganization?.name ?? "—"} <EnumTag name="TransferState" value={row.state} />
                </Typography.Link>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={f("lastContactOn")}>
              <span data-testid="last-contact">{formatDate(member.lastContactOn)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={f("contactPerson")}>
              <span data-testid="contact-person">
                {member.contactPerson ? (
                  <>
                    {member.contactPerson.contactName}（<EnumTag name="ContactRole" value={member.contactPerson.contactRole} />
                    {member.contactPerson.phone ?? ""}）
                  </>
                ) : (
                  "—"
                )}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={f("contactsDue")}>
              <Space size={4} data-testid="contacts-due">
                {member.talkDue && <Tag color="orange">{t("members.flags.talkDue")}</Tag>}
                {member.familyVisitDue && <Tag color="orange">{t("members.flags.familyVisitDue")}</Tag>}
                {!member.talkDue && !member.familyVisitDue && t("members.flags.noContactDue")}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={f("ledgerUpdatedAt")}>
              {formatDateTime(member.ledgerUpdatedAt)}{" "}
              {member.ledgerStale && <Tag color="gold">{f("ledgerStale")}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={f("expertiseTags")} span="filled">
              {member.expertiseTags.length ? member.expertiseTags.map((tag) => <Tag key={tag}>{tag}</Tag>) : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={f("ideologicalNote")} span="filled">
              {member.ideologicalNote ?? "—"}
            </Descriptions.Item>
          </Descriptions>

          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <Card
                title={t("members.activities.title")}
                extra={
                  activities && (
                    <Typography.Text type="secondary">{t("common.total", { count: activities.totalCount })}</Typography.Text>
                  )
                }
                data-testid="member-activities"
                styles={{ body: { maxHeight: 640, overflowY: "auto" } }}
              >
                {activities?.nodes.length ? (
                  <Timeline
                    items={activities.nodes.map((a) => ({
                      key: a.id,
                      color: KIND_COLORS[a.kind] ?? "gray",
                      children: (
                        <div>
                          <Typography.Text strong>{formatDate(a.occurredOn)}</Typography.Text>{" "}
                          <EnumTag name="ActivityKind" value={a.kind} />
                          <div>{a.title}</div>
                          <Typography.Text type="secondary">
                            {a.organization?.name}
                            {a.hours ? ` · ${t("activityRecords.hoursValue", { hours: a.hours })}` : ""}
                            {a.points ? ` · ${t("activityRecords.pointsValue", { points: a.points })}` : ""}
                          </Typography.Text>
                        </div>
                      ),
                    }))}
                  />
                ) : (
                  <Empty description={t("members.activities.empty")} />
                )}
                {activities && activities.totalCount > activities.nodes.length && (
                  <Typography.Link
                    onClick={() =>
                      go({
                        to: "/activity-records",
                        query: { filters: [{ field: "memberId", operator: "eq", value: member.id }] },
                      })
                    }
                  >
                    {t("members.activities.more")}
                  </Typography.Link>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card title={t("members.feedbacks.title")} data-testid="member-feedbacks">
                <Table<FeedbackRow> {...tableProps} rowKey="id" size="small" scroll={{ x: 700 }}>
                  <Table.Column<FeedbackRow> dataIndex="year" title={t("annualFeedbacks.fields.year")} sorter />
                  <Table.Column<FeedbackRow>
                    dataIndex={["agreement", "code"]}
                    title={t("annualFeedbacks.fields.agreement")}
                    render={(code, row) => <span title={row.agreement?.title}>{code}</span>}
                  />
                  <Table.Column<FeedbackRow>
                    dataIndex="status"
                    title={t("annualFeedbacks.fields.status")}
                    render={(value) => <EnumTag name="FeedbackStatus" value={value} />}
                  />
                  <Table.Column<FeedbackRow>
                    key="orgLife"
                    title={t("annualFeedbacks.fields.orgLife")}
                    render={(_, row) => <OrgLifeCell attended={row.orgLifeAttended} expected={row.orgLifeExpected} months={row.monthsUnderCare} />}
                  />
                  <Table.Column<FeedbackRow> dataIndex="volunteerHours" title={t("annualFeedbacks.fields.volunteerHours")} />
                  <Table.Column<FeedbackRow>
                    dataIndex="suggestedGrade"
                    title={t("annualFeedbacks.fields.suggestedGrade")}
                    render={(value) => <EnumTag name="EvaluationGrade" value={value} />}
                  />
                  <Table.Column<FeedbackRow>
                    dataIndex="finalGrade"
                    title={t("annualFeedbacks.fields.finalGrade")}
                    render={(value) => <EnumTag name="EvaluationGrade" value={value} />}
                  />
                  <Table.Column<FeedbackRow>
                    dataIndex="warnings"
                    title={t("annualFeedbacks.fields.warnings")}
                    render={(values) => <EnumTags name="FeedbackWarning" values={values} />}
                  />
                </Table>
              </Card>
            </Col>
          </Row>
        </Space>
      )}
      {requesting && member && <RequestTransferDialog member={member} onCancel={() => setRequesting(false)} />}
    </Show>
  );
};
