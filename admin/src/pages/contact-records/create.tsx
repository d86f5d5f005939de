import { Create } from "@refinedev/antd";
import { useParsed, useTranslate } from "@refinedev/core";
import { Col, DatePicker, Form, Input, Row } from "antd";
import dayjs from "dayjs";
import { EnumSelect } from "../../components/enum-tag";
import { MemberSelect } from "../../components/pickers";
import { localDateItem } from "../../lib/dates";
import { useApiForm } from "../../lib/use-api-form";
import { CONTACT_RECORD_CREATE_MUTATION } from "./queries";

/** 新增联系记录: a talk, a visit, a report received. */
export const ContactRecordCreate = () => {
  const t = useTranslate();
  const { params } = useParsed<{ memberId?: string }>();
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "contactRecords",
    action: "create",
    redirect: "list",
    meta: { gqlMutation: CONTACT_RECORD_CREATE_MUTATION },
  });
  const f = (name: string) => t(`contactRecords.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  return (
    <Create saveButtonProps={{ ...saveButtonProps, "data-testid": "save" } as typeof saveButtonProps}>
      <Form
        {...formProps}
        layout="vertical"
        initialValues={{ memberId: params?.memberId, kind: "TALK", channel: "IN_PERSON", occurredOn: dayjs().format("YYYY-MM-DD") }}
        onFinish={(values) => onFinish(values)}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="memberId" label={f("member")} rules={[required("member")]}>
              <MemberSelect data-testid="contact-member" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="heldBy" label={f("heldBy")} rules={[required("heldBy"), { max: 100 }]}>
              <Input data-testid="contact-held-by" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={f("kind")} rules={[required("kind")]}>
              <EnumSelect name="ContactKind" allowClear={false} data-testid="contact-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="channel" label={f("channel")}>
              <EnumSelect name="ContactChannel" allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="occurredOn" label={f("occurredOn")} rules={[required("occurredOn")]} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(dayjs(), "day")} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="notes" label={f("notes")} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={3} data-testid="contact-notes" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="followUp" label={f("followUp")} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Create>
  );
};
