import { useTranslate } from "@refinedev/core";
import { Col, DatePicker, Form, Input, InputNumber, Row } from "antd";
import dayjs from "dayjs";
import { EnumSelect } from "../../components/enum-tag";
import { MemberSelect, OrganizationTreeSelect } from "../../components/pickers";
import { localDateItem } from "../../lib/dates";

/** The fields of an activity record, shared by the create and edit pages. */
export const ActivityRecordFormFields = () => {
  const t = useTranslate();
  const form = Form.useFormInstance();
  const kind = Form.useWatch("kind", form);
  const f = (name: string) => t(`activityRecords.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="memberId" label={f("member")} rules={[required("member")]}>
          <MemberSelect />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="organizationId" label={f("organization")} rules={[required("organization")]}>
          <OrganizationTreeSelect />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="kind" label={f("kind")} rules={[required("kind")]}>
          <EnumSelect name="ActivityKind" allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="occurredOn" label={f("occurredOn")} rules={[required("occurredOn")]} {...localDateItem}>
          <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(dayjs(), "day")} />
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
