import { useTranslate } from "@refinedev/core";
import { Checkbox, Col, DatePicker, Divider, Form, Input, Row, Select } from "antd";
import { EnumSelect } from "../../components/enum-tag";
import { OrganizationTreeSelect, RegionSelect } from "../../components/pickers";
import { localDateItem } from "../../lib/dates";
import { nationalIdProblemKey } from "../../lib/national-id";

export const MOBILE_PHONE = /^1[3-9]\d{9}$/;

interface Props {
  /** On edit, personal data is only sent when retyped (the API shows it masked). */
  mode: "create" | "edit";
  maskedIdNumber?: string | null;
  maskedPhone?: string | null;
}

/** The fields of a ledger entry (五清台账), shared by the create and edit pages. */
export const MemberFormFields = ({ mode, maskedIdNumber, maskedPhone }: Props) => {
  const t = useTranslate();
  const f = (name: string) => t(`members.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  const date = <DatePicker style={{ width: "100%" }} />;

  return (
    <>
      <Divider orientation="left" plain>
        {t("members.sections.identity")}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="name" label={f("name")} rules={[required("name"), { max: 50 }]}>
            <Input data-testid="member-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="idNumber"
            label={f("idNumber")}
            extra={mode === "edit" ? t("members.hints.keepMasked") : t("members.hints.idNumber")}
            rules={[
              ...(mode === "create" ? [required("idNumber")] : []),
              {
                validator: async (_, value?: string) => {
                  const problem = value ? nationalIdProblemKey(value) : null;
                  if (problem) throw new Error(t(problem));
                },
              },
            ]}
            normalize={(value?: string) => value?.toUpperCase()}
          >
            <Input maxLength={18} placeholder={maskedIdNumber ?? ""} autoComplete="off" data-testid="member-idNumber" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="phone"
            label={f("phone")}
            extra={mode === "edit" ? t("members.hints.keepMasked") : undefined}
            rules={[{ pattern: MOBILE_PHONE, message: t("validation.phone") }]}
          >
            <Input maxLength={11} placeholder={maskedPhone ?? ""} autoComplete="off" data-testid="member-phone" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="partyStanding" label={f("partyStanding")} rules={[required("partyStanding")]}>
            <EnumSelect name="PartyStanding" allowClear={false} data-testid="member-partyStanding" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="joinedOn" label={f("joinedOn")} rules={[required("joinedOn")]} {...localDateItem}>
            <DatePicker style={{ width: "100%" }} data-testid="member-joinedOn" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="formalOrganizationId" label={f("formalOrganization")} rules={[required("formalOrganization")]}>
            <OrganizationTreeSelect data-testid="member-formalOrganization" />
          </Form.Item>
        </Col>
      </Row>

      <Divider orientation="left" plain>
        {t("members.sections.mobility")}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="mobilityType" label={f("mobilityType")} rules={[required("mobilityType")]}>
            <EnumSelect name="MobilityType" allowClear={false} data-testid="member-mobilityType" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="outflowDate" label={f("outflowDate")} rules={[required("outflowDate")]} {...localDateItem}>
            <DatePicker style={{ width: "100%" }} data-testid="member-outflowDate" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="status" label={f("status")}>
            <EnumSelect name="MemberStatus" placeholder={t("enums.MemberStatus.REGISTERED")} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="destinationRegionCode"
            label={f("destinationRegionCode")}
            rules={[required("destinationRegionCode")]}
          >
            <RegionSelect data-testid="member-destinationRegion" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="destinationAddress" label={f("destinationAddress")} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="abroad" label={f("abroad")} valuePropName="checked" extra={t("members.hints.abroad")}>
            <Checkbox data-testid="member-abroad">{t("members.hints.abroadBox")}</Checkbox>
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="inflowOrganizationId" label={f("inflowOrganization")}>
            <OrganizationTreeSelect />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="occupation" label={f("occupation")} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="workUnit" label={f("workUnit")} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="lastContactOn" label={f("lastContactOn")} {...localDateItem}>
            {date}
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="expertiseTags" label={f("expertiseTags")}>
            <Select mode="tags" tokenSeparators={[",", "，", "、"]} open={false} suffixIcon={null} />
          </Form.Item>
        </Col>
      </Row>

      <Divider orientation="left" plain>
        {t("members.sections.certificate")}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="certificateNumber" label={f("certificateNumber")} rules={[{ max: 50 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="certificateIssuedOn" label={f("certificateIssuedOn")} {...localDateItem}>
            {date}
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="certificateExpiresOn" label={f("certificateExpiresOn")} {...localDateItem}>
            {date}
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="ideologicalNote" label={f("ideologicalNote")} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
};

/** Drops personal data left empty on edit (empty means "keep"), and empty optional strings. */
export const cleanMemberValues = <T extends Record<string, unknown>>(values: T, mode: "create" | "edit"): T => {
  const out: Record<string, unknown> = { ...values };
  for (const key of ["idNumber", "phone"]) {
    if (out[key] === "" || out[key] === undefined || out[key] === null) {
      if (mode === "edit") delete out[key];
      else if (key === "phone") delete out[key];
    }
  }
  for (const [key, value] of Object.entries(out)) if (value === undefined) delete out[key];
  return out as T;
};
