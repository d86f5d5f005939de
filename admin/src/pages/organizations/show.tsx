import { CreateButton, Show } from "@refinedev/antd";
import { useGo, useShow, useTranslate } from "@refinedev/core";
import { Breadcrumb, Card, Col, Descriptions, Row, Space, Table, Typography } from "antd";
import { EnumTag } from "../../components/enum-tag";
import { useRegionName } from "../../components/pickers";
import type { OrganizationShowQuery } from "../../graphql/types";
import { formatDateTime } from "../../lib/dates";
import { ORGANIZATION_DELETE_MUTATION, ORGANIZATION_SHOW_QUERY } from "./queries";

type OrganizationDetail = NonNullable<OrganizationShowQuery["organization"]>;

export const OrganizationShow = () => {
  const t = useTranslate();
  const go = useGo();
  const regionName = useRegionName();
  const { result: org, query } = useShow<OrganizationDetail>({
    resource: "organizations",
    meta: { gqlQuery: ORGANIZATION_SHOW_QUERY },
  });
  const f = (name: string) => t(`organizations.fields.${name}`);
  /** The members list narrowed to this subtree, on the formal (outflow) or the managing (inflow) side. */
  const membersFilter = (id: string, side: "formal" | "inflow" = "formal") =>
    go({ to: "/members", query: { filters: [{ field: `${side}OrganizationSubtree`, operator: "eq", value: id }] } });

  return (
    <Show
      isLoading={query.isLoading}
      canDelete
      deleteButtonProps={{ meta: { gqlMutation: ORGANIZATION_DELETE_MUTATION }, confirmTitle: t("buttons.deleteNamed", { name: org?.name ?? "" }) }}
      headerButtons={({ defaultButtons }) => (
        <Space>
          {org && (
            <CreateButton resource="organizations" meta={{ parentId: org.id }} onClick={() => go({ to: `/organizations/create?parentId=${org.id}` })}>
              {t("organizations.actions.addChild")}
            </CreateButton>
          )}
          {defaultButtons}
        </Space>
      )}
    >
      {org && (
        <Space direction="vertical" size="large" style={{ width: "100%" }}>
          <Breadcrumb
            items={[...org.ancestors, { id: org.id, name: org.name }].map((a) => ({
              key: a.id,
              title:
                a.id === org.id ? (
                  a.name
                ) : (
                  <Typography.Link onClick={() => go({ to: `/organizations/show/${a.id}` })}>{a.name}</Typography.Link>
                ),
            }))}
          />
          {/* The breadcrumb above already ends with the organisation's name. */}
          <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
            <Descriptions.Item label={f("code")}>{org.code}</Descriptions.Item>
            <Descriptions.Item label={f("kind")}>
              <EnumTag name="OrganizationKind" value={org.kind} />
            </Descriptions.Item>
            <Descriptions.Item label={f("level")}>
              <EnumTag name="OrganizationLevel" value={org.level} />
            </Descriptions.Item>
            <Descriptions.Item label={f("regionCode")}>{regionName(org.regionCode)}</Descriptions.Item>
            <Descriptions.Item label={f("hostRegionCode")}>{regionName(org.hostRegionCode)}</Descriptions.Item>
            <Descriptions.Item label={f("secretaryName")}>{org.secretaryName ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("contactName")}>{org.contactName ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("contactPhone")}>{org.contactPhone ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={f("memberCount")}>
              <Space size="middle">
                <Typography.Text strong>{org.memberCount}</Typography.Text>
                <Typography.Link onClick={() => membersFilter(org.id, "formal")}>{t("organizations.membersFormal")}</Typography.Link>
                <Typography.Link onClick={() => membersFilter(org.id, "inflow")}>{t("organizations.membersInflow")}</Typography.Link>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={f("updatedAt")}>{formatDateTime(org.updatedAt)}</Descriptions.Item>
          </Descriptions>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card title={t("organizations.children")} size="small">
                <Table dataSource={org.children} rowKey="id" size="small" pagination={{ pageSize: 10, hideOnSinglePage: true }}>
                  <Table.Column
                    dataIndex="name"
                    title={f("name")}
                    render={(name, row: OrganizationDetail["children"][number]) => (
                      <Typography.Link onClick={() => go({ to: `/organizations/show/${row.id}` })}>{name}</Typography.Link>
                    )}
                  />
                  <Table.Column dataIndex="kind" title={f("kind")} render={(v) => <EnumTag name="OrganizationKind" value={v} />} />
                  <Table.Column dataIndex="memberCount" title={f("memberCount")} />
                </Table>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                title={t("organizations.directMembers", { count: org.members.totalCount })}
                size="small"
                extra={<Typography.Link onClick={() => membersFilter(org.id)}>{t("organizations.allMembers")}</Typography.Link>}
              >
                <Table dataSource={org.members.nodes} rowKey="id" size="small" pagination={false}>
                  <Table.Column
                    dataIndex="name"
                    title={t("members.fields.name")}
                    render={(name, row: OrganizationDetail["members"]["nodes"][number]) => (
                      <Typography.Link onClick={() => go({ to: `/members/show/${row.id}` })}>{name}</Typography.Link>
                    )}
                  />
                  <Table.Column dataIndex="idNumber" title={t("members.fields.idNumber")} />
                  <Table.Column dataIndex="status" title={t("members.fields.status")} render={(v) => <EnumTag name="MemberStatus" value={v} />} />
                </Table>
              </Card>
            </Col>
          </Row>
        </Space>
      )}
    </Show>
  );
};
