import { useTranslate } from "@refinedev/core";
import { Col, Form, Input, Row } from "antd";
import { EnumSelect } from "../../components/enum-tag";
import { OrganizationTreeSelect, RegionSelect } from "../../components/pickers";

export const OrganizationFormFields = () => {
  const t = useTranslate();
  const f = (name: string) => t(`organizations.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="name" label={f("name")} rules={[required("name"), { max: 100 }]}>
          <Input data-testid="organization-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="code" label={f("code")} rules={[required("code"), { max: 50 }]} extra={t("organizations.hints.code")}>
          <Input data-testid="organization-code" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="kind" label={f("kind")} rules={[required("kind")]}>
          <EnumSelect name="OrganizationKind" allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="level" label={f("level")} rules={[required("level")]}>
          <EnumSelect name="OrganizationLevel" allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="parentId" label={f("parent")} extra={t("organizations.hints.parent")}>
          <OrganizationTreeSelect />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="regionCode" label={f("regionCode")} rules={[required("regionCode")]}>
          <RegionSelect />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="hostRegionCode" label={f("hostRegionCode")} extra={t("organizations.hints.hostRegion")}>
          <RegionSelect />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="secretaryName" label={f("secretaryName")} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="contactName" label={f("contactName")} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="contactPhone"
          label={f("contactPhone")}
          rules={[{ pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, message: t("validation.officePhone") }]}
        >
          <Input />
        </Form.Item>
      </Col>
    </Row>
  );
};

/** Optional fields left empty are not sent (on edit, null clears them). */
export const cleanOptional = <T extends Record<string, unknown>>(values: T, mode: "create" | "edit"): T => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === "") {
      if (mode === "edit") out[key] = null;
      continue;
    }
    out[key] = value;
  }
  return out as T;
};
