import { useOne, useTranslate } from "@refinedev/core";
import { Col, DatePicker, Form, Input, InputNumber, Row } from "antd";
import { useEffect } from "react";
import { EnumSelect } from "../../components/enum-tag";
import { MemberSelect, OrganizationTreeSelect } from "../../components/pickers";
import type { ActivityMemberOrganizationsQuery } from "../../graphql/types";
import { afterLedgerToday, localDateItem } from "../../lib/dates";
import { ACTIVITY_MEMBER_ORGANIZATIONS_QUERY } from "./queries";

type MemberOrganizations = NonNullable<ActivityMemberOrganizationsQuery["member"]>;

/**
 * On 新增活动记录: the recording organisation follows the chosen member (the one running their
 * organisational life, else their formal branch) until the user picks one themselves.
 */
const useOrganizationOfMember = (enabled: boolean) => {
  const form = Form.useFormInstance();
  const memberId = Form.useWatch("memberId", form) as string | undefined;
  const { result: member } = useOne<MemberOrganizations>({
    resource: "members",
    id: memberId ?? "",
    meta: { gqlQuery: ACTIVITY_MEMBER_ORGANIZATIONS_QUERY },
    queryOptions: { enabled: enabled && !!memberId },
  });
  useEffect(() => {
    if (!enabled || !member || member.id !== memberId || form.isFieldTouched("organizationId")) return;
    const organizationId = member.inflowOrganizationId ?? member.formalOrganizationId;
    if (organizationId) form.setFieldValue("organizationId", organizationId);
  }, [enabled, member, memberId, form]);
  return enabled && !!member && !form.isFieldTouched("organizationId");
};

/** The fields of an activity record, shared by the create and edit pages (`fillOrganization` on create). */
export const ActivityRecordFormFields = ({ fillOrganization = false }: { fillOrganization?: boolean }) => {
  const t = useTranslate();
  const form = Form.useFormInstance();
  const filled = useOrganizationOfMember(fillOrganization);
  const kind = Form.useWatch("kind", form);
  const f = (name: string) => t(`activityRecords.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="memberId" label={f("member")} rules={[required("member")]}>
          <MemberSelect data-testid="activity-member" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="organizationId" label={f("organization")} rules={[required("organization")]} extra={filled ? t("activityRecords.hints.organization") : undefined}>
          <OrganizationTreeSelect data-testid="activity-organization" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="kind" label={f("kind")} rules={[required("kind")]}>
          <EnumSelect name="ActivityKind" allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="occurredOn" label={f("occurredOn")} rules={[required("occurredOn")]} {...localDateItem}>
          <DatePicker style={{ width: "100%" }} disabledDate={afterLedgerToday} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="title" label={f("title")} rules={[required("title"), { max: 200 }]}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="hours" label={f("hours")} extra={kind === "VOLUNTEER_SERVICE" ? t("activityRecords.hints.hours") : undefined}>
          <InputNumber min={0} max={24} step={0.5} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="points" label={f("points")}>
          <InputNumber min={0} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
    </Row>
  );
};
