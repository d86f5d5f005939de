import { useTranslate } from "@refinedev/core";
import { Col, DatePicker, Divider, Form, Input, InputNumber, Row } from "antd";
import { EnumSelect } from "../../components/enum-tag";
import { OrganizationTreeSelect, RegionSelect } from "../../components/pickers";
import { localDateItem } from "../../lib/dates";

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const AgreementFormFields = () => {
  const t = useTranslate();
  const f = (name: string) => t(`agreements.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="code" label={f("code")} rules={[required("code"), { max: 50 }]}>
            <Input data-testid="agreement-code" placeholder="CY-2026-01" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="title" label={f("title")} rules={[required("title"), { max: 200 }]}>
            <Input data-testid="agreement-title" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="hostRegionCode" label={f("hostRegionCode")} rules={[required("hostRegionCode")]} extra={t("agreements.hints.host")}>
            <RegionSelect levels={["PROVINCE", "CITY"]} data-testid="agreement-hostRegion" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="partnerRegionCode" label={f("partnerRegionCode")} rules={[required("partnerRegionCode")]} extra={t("agreements.hints.partner")}>
            <RegionSelect levels={["PROVINCE", "CITY"]} data-testid="agreement-partnerRegion" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="direction" label={f("direction")} rules={[required("direction")]}>
            <EnumSelect name="AgreementDirection" allowClear={false} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="status" label={f("status")}>
            <EnumSelect name="AgreementStatus" allowClear={false} data-testid="agreement-status" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="signedOn" label={f("signedOn")} {...localDateItem}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="effectiveFrom" label={f("effectiveFrom")} rules={[required("effectiveFrom")]} {...localDateItem}>
            <DatePicker style={{ width: "100%" }} data-testid="agreement-effectiveFrom" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="effectiveTo" label={f("effectiveTo")} extra={t("agreements.hints.openEnded")} {...localDateItem}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="feedbackDeadline"
            label={f("feedbackDeadline")}
            extra={t("agreements.hints.feedbackDeadline")}
            rules={[{ pattern: MONTH_DAY, message: t("errors.reasons.MONTH_DAY") }]}
          >
            <Input placeholder="01-31" maxLength={5} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="expectedOrgLifeSessions" label={f("expectedOrgLifeSessions")}>
            <InputNumber min={0} max={100} style={{ width: "100%" }} placeholder="12" />
          </Form.Item>
        </Col>
      </Row>
      <Divider orientation="left" plain>
        {t("agreements.sections.parties")}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="hostOrganizationId" label={f("hostOrganization")}>
            <OrganizationTreeSelect />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="hostContactName" label={f("hostContactName")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="hostContactPhone" label={f("hostContactPhone")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="partnerOrganizationName" label={f("partnerOrganizationName")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="partnerContactName" label={f("partnerContactName")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="partnerContactPhone" label={f("partnerContactPhone")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="hostResponsibilities" label={f("hostResponsibilities")}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="partnerResponsibilities" label={f("partnerResponsibilities")}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
};
