import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useCustomMutation, useTranslate } from "@refinedev/core";
import { Button, Col, Form, Input, InputNumber, Modal, Row, Space } from "antd";
import { useEffect } from "react";
import { EnumSelect } from "../../components/enum-tag";
import { OrganizationTreeSelect } from "../../components/pickers";
import type { PointsSchemesListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { CREATE_POINTS_SCHEME_MUTATION, REVISE_POINTS_SCHEME_MUTATION } from "./queries";

export type SchemeRow = PointsSchemesListQuery["pointsSchemes"]["nodes"][number];
export type VersionRow = SchemeRow["versions"]["nodes"][number];

/** A new scheme's first rules: 十二分制. */
const TWELVE_POINTS = {
  baseScore: 12,
  excellentFrom: 20,
  qualifiedFrom: 10,
  basicallyQualifiedFrom: 6,
  items: [
    { code: "ORG_LIFE", label: "按时参加组织生活", source: "ACTIVITY", activityKind: "THREE_MEETINGS_ONE_LESSON", value: 1, monthCap: 1 },
    { code: "STUDY", label: "参加网上学习交流", source: "ACTIVITY", activityKind: "STUDY", value: 1, monthCap: 1 },
    { code: "ABSENT", label: "无故不参加组织生活", source: "MANUAL", value: -2 },
  ],
};

/**
 * Creates a scheme (with its first version) or revises one (a new version from a year). Versions
 * are never changed: a revision applies from its year, the years before keep theirs.
 */
export const SchemeFormModal = ({ scheme, open, onClose }: { scheme: SchemeRow | null; open: boolean; onClose: (saved: boolean) => void }) => {
  const t = useTranslate();
  const [form] = Form.useForm();
  const { mutateAsync, mutation } = useCustomMutation();
  const latest = scheme?.versions.nodes[scheme.versions.nodes.length - 1];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const year = new Date().getFullYear();
    form.setFieldsValue(
      latest
        ? {
            name: scheme?.name,
            fromYear: Math.max(year, latest.fromYear),
            baseScore: latest.baseScore,
            excellentFrom: latest.excellentFrom,
            qualifiedFrom: latest.qualifiedFrom,
            basicallyQualifiedFrom: latest.basicallyQualifiedFrom,
            items: latest.items.map(({ code, label, source, activityKind, contactKind, value, monthCap, yearCap }) => ({
              code,
              label,
              source,
              activityKind,
              contactKind,
              value,
              monthCap,
              yearCap,
            })),
          }
        : { name: "十二分制", fromYear: year, ...TWELVE_POINTS },
    );
  }, [open, scheme, latest, form]);

  const onFinish = async (values: Record<string, any>) => {
    const version = {
      fromYear: values.fromYear,
      baseScore: values.baseScore,
      excellentFrom: values.excellentFrom,
      qualifiedFrom: values.qualifiedFrom,
      basicallyQualifiedFrom: values.basicallyQualifiedFrom,
      items: (values.items ?? []).map((item: Record<string, unknown>) => ({
        code: item.code,
        label: item.label,
        source: item.source,
        activityKind: item.source === "ACTIVITY" ? item.activityKind : null,
        contactKind: item.source === "CONTACT" ? item.contactKind : null,
        value: item.value,
        monthCap: item.monthCap ?? null,
        yearCap: item.yearCap ?? null,
      })),
    };
    const document = scheme ? REVISE_POINTS_SCHEME_MUTATION : CREATE_POINTS_SCHEME_MUTATION;
    const input = scheme ? { schemeId: scheme.id, name: values.name, version } : { name: values.name, ownerOrganizationId: values.ownerOrganizationId, version };
    await mutateAsync({
      url: "",
      method: "post",
      values: { input },
      meta: { gqlMutation: document },
      successNotification: { type: "success", message: t(scheme ? "pointsSchemes.revise.done" : "pointsSchemes.create.done", { name: values.name }) },
      errorNotification: errorNotificationFor(document),
    })
      .then(() => onClose(true))
      .catch(() => undefined);
  };

  return (
    <Modal
      open={open}
      width={960}
      title={t(scheme ? "pointsSchemes.revise.title" : "pointsSchemes.create.title", { name: scheme?.name })}
      okText={t("buttons.save")}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} data-testid="scheme-form">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t("pointsSchemes.fields.name")} rules={[{ required: true }]}>
              <Input data-testid="scheme-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            {scheme ? (
              <Form.Item label={t("pointsSchemes.fields.owner")}>{scheme.ownerOrganization?.name ?? scheme.agreement?.title ?? "—"}</Form.Item>
            ) : (
              <Form.Item name="ownerOrganizationId" label={t("pointsSchemes.fields.owner")} extra={t("pointsSchemes.hints.owner")} rules={[{ required: true }]}>
                <OrganizationTreeSelect data-testid="scheme-owner" />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={5}>
            <Form.Item name="fromYear" label={t("pointsSchemes.fields.fromYear")} extra={scheme ? t("pointsSchemes.hints.fromYear") : undefined} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} style={{ width: "100%" }} data-testid="scheme-from-year" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="baseScore" label={t("pointsSchemes.fields.baseScore")} rules={[{ required: true }]}>
              <InputNumber min={0} max={1000} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="excellentFrom" label={t("pointsSchemes.fields.excellentFrom")} rules={[{ required: true }]}>
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="qualifiedFrom" label={t("pointsSchemes.fields.qualifiedFrom")} rules={[{ required: true }]}>
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="basicallyQualifiedFrom" label={t("pointsSchemes.fields.basicallyQualifiedFrom")} rules={[{ required: true }]}>
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap data-testid="scheme-item">
                  <Form.Item name={[field.name, "code"]} rules={[{ required: true }]}>
                    <Input placeholder={t("pointsSchemes.fields.code")} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, "label"]} rules={[{ required: true }]}>
                    <Input placeholder={t("pointsSchemes.fields.label")} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, "source"]} rules={[{ required: true }]}>
                    <EnumSelect name="PointsItemSource" style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const source = form.getFieldValue(["items", field.name, "source"]);
                      if (source === "ACTIVITY") {
                        return (
                          <Form.Item name={[field.name, "activityKind"]} rules={[{ required: true }]}>
                            <EnumSelect name="ActivityKind" style={{ width: 130 }} placeholder={t("pointsSchemes.fields.activityKind")} />
                          </Form.Item>
                        );
                      }
                      if (source === "CONTACT") {
                        return (
                          <Form.Item name={[field.name, "contactKind"]} rules={[{ required: true }]}>
                            <EnumSelect name="ContactKind" style={{ width: 130 }} placeholder={t("pointsSchemes.fields.contactKind")} />
                          </Form.Item>
                        );
                      }
                      return null;
                    }}
                  </Form.Item>
                  <Form.Item name={[field.name, "value"]} rules={[{ required: true }]}>
                    <InputNumber min={-100} max={100} placeholder={t("pointsSchemes.fields.value")} style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, "monthCap"]}>
                    <InputNumber min={1} placeholder={t("pointsSchemes.fields.monthCap")} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, "yearCap"]}>
                    <InputNumber min={1} placeholder={t("pointsSchemes.fields.yearCap")} style={{ width: 90 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ source: "MANUAL", value: -1 })} icon={<PlusOutlined />}>
                {t("pointsSchemes.addItem")}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
};
