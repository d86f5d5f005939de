import { Create } from "@refinedev/antd";
import { useCustomMutation, useGo, useParsed, useTranslate } from "@refinedev/core";
import { Col, DatePicker, Form, Input, Row } from "antd";
import { MemberSelect } from "../../components/pickers";
import type { OpenLostContactCaseMutation } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { afterLedgerToday, ledgerToday, localDateItem } from "../../lib/dates";
import { OPEN_LOST_CONTACT_CASE_MUTATION } from "./queries";

interface OpenValues {
  memberId: string;
  openedOn: string;
  openedBy: string;
  lastKnownContactOn?: string;
  lastKnownFacts: string;
}

/** 登记失联（组织找党员）: the member becomes 失联 until the case is closed. */
export const LostContactCaseCreate = () => {
  const t = useTranslate();
  const go = useGo();
  const { params } = useParsed<{ memberId?: string }>();
  const [form] = Form.useForm<OpenValues>();
  const { mutateAsync, mutation } = useCustomMutation<OpenLostContactCaseMutation>();
  const f = (name: string) => t(`lostContactCases.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });

  const submit = async (values: OpenValues) => {
    const result = await mutateAsync({
      url: "",
      method: "post",
      values: { input: { ...values, lastKnownContactOn: values.lastKnownContactOn || null } },
      meta: { gqlMutation: OPEN_LOST_CONTACT_CASE_MUTATION },
      successNotification: { type: "success", message: t("lostContactCases.open.done") },
      errorNotification: errorNotificationFor(OPEN_LOST_CONTACT_CASE_MUTATION),
    }).catch(() => null);
    const id = result?.data?.openLostContactCase?.id;
    if (id) go({ to: `/lost-contact-cases/show/${id}` });
  };

  return (
    <Create title={t("lostContactCases.titles.create")} saveButtonProps={{ onClick: () => form.submit(), loading: mutation.isPending, "data-testid": "save" } as never}>
      <Form<OpenValues> form={form} layout="vertical" initialValues={{ memberId: params?.memberId, openedOn: ledgerToday() }} onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="memberId" label={f("member")} rules={[required("member")]}>
              <MemberSelect data-testid="case-member" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="openedBy" label={f("openedBy")} rules={[required("openedBy"), { max: 100 }]}>
              <Input data-testid="case-opened-by" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="openedOn" label={f("openedOn")} rules={[required("openedOn")]} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} disabledDate={afterLedgerToday} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="lastKnownContactOn" label={f("lastKnownContactOn")} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} disabledDate={afterLedgerToday} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="lastKnownFacts" label={f("lastKnownFacts")} rules={[required("lastKnownFacts"), { max: 2000 }]} extra={t("lostContactCases.hints.lastKnownFacts")}>
              <Input.TextArea rows={4} data-testid="case-facts" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Create>
  );
};
