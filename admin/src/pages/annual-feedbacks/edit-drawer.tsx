import { useDrawerForm } from "@refinedev/antd";
import { useTranslate } from "@refinedev/core";
import { Alert, Button, Checkbox, Col, Drawer, Form, Input, InputNumber, Row, Space, Tooltip, Typography } from "antd";
import { forwardRef, useImperativeHandle } from "react";
import { EnumSelect, EnumTags, useEnumLabel } from "../../components/enum-tag";
import type { FeedbackEditQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { showFieldErrors } from "../../lib/use-api-form";
import { FEEDBACK_EDIT_QUERY, FEEDBACK_UPDATE_MUTATION } from "./queries";

type FeedbackEdit = NonNullable<FeedbackEditQuery["annualFeedback"]>;

export interface FeedbackDrawerHandle {
  open: (id: string) => void;
}

/** Edits a draft return; the version read goes back in `update.version` (optimistic locking). */
export const FeedbackEditDrawer = forwardRef<FeedbackDrawerHandle>((_, ref) => {
  const t = useTranslate();
  const enumLabel = useEnumLabel();
  const { drawerProps, formProps, saveButtonProps, show, query, form } = useDrawerForm<FeedbackEdit>({
    resource: "annualFeedbacks",
    action: "edit",
    syncWithLocation: false,
    redirect: false,
    meta: { gqlQuery: FEEDBACK_EDIT_QUERY, gqlMutation: FEEDBACK_UPDATE_MUTATION },
    errorNotification: errorNotificationFor(FEEDBACK_UPDATE_MUTATION),
    onMutationError: () => showFieldErrors(form, FEEDBACK_UPDATE_MUTATION),
    invalidates: ["list", "detail"],
  });
  useImperativeHandle(ref, () => ({ open: (id: string) => show(id) }), [show]);
  const feedback = query?.data?.data;
  const probationary = feedback?.member?.partyStanding === "PROBATIONARY";
  const f = (name: string) => t(`annualFeedbacks.fields.${name}`);
  const count = <InputNumber min={0} precision={0} style={{ width: "100%" }} />;

  return (
    <Drawer
      {...drawerProps}
      width={640}
      title={feedback ? t("annualFeedbacks.edit.title", { name: feedback.member?.name, year: feedback.year }) : t("annualFeedbacks.edit.titleShort")}
      extra={
        <Space>
          <Button type="primary" {...saveButtonProps} data-testid="feedback-save">
            {t("buttons.save")}
          </Button>
        </Space>
      }
    >
      {feedback?.returnReason && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t("annualFeedbacks.fields.returnReason")} description={feedback.returnReason} />
      )}
      {!!feedback?.warnings.length && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={<EnumTags name="FeedbackWarning" values={feedback.warnings} />} />
      )}
      <Form {...formProps} layout="vertical" data-testid="feedback-form">
        <Form.Item name="version" hidden>
          <InputNumber />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="orgLifeAttended" label={f("orgLifeAttended")}>
              {count}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="orgLifeExpected"
              label={f("orgLifeExpected")}
              extra={feedback ? t("annualFeedbacks.prorated.hint", { months: feedback.monthsUnderCare }) : undefined}
            >
              {count}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="volunteerCount" label={f("volunteerCount")}>
              {count}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="volunteerHours" label={f("volunteerHours")}>
              <InputNumber min={0} step={0.5} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="studyCount" label={f("studyCount")}>
              {count}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="pioneerCount" label={f("pioneerCount")}>
              {count}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={f("yearScore")} extra={feedback ? t("annualFeedbacks.hints.onlineStudyMonths", { months: feedback.onlineStudyMonths }) : undefined}>
              <Tooltip title={feedback?.scoreItems?.map((item) => `${item.label} ${item.counted > 0 ? "+" : ""}${item.counted}`).join("，")}>
                <Typography.Text strong data-testid="feedback-year-score">
                  {feedback?.yearScore ?? t("annualFeedbacks.hints.noScheme")}
                </Typography.Text>
              </Tooltip>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="duesStatus" label={f("duesStatus")}>
              <EnumSelect name="DuesStatus" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="suggestedGrade"
              label={f("suggestedGrade")}
              extra={
                probationary
                  ? t("annualFeedbacks.hints.probationary")
                  : [feedback?.pointsGrade ? t("annualFeedbacks.hints.pointsGrade", { grade: enumLabel("EvaluationGrade", feedback.pointsGrade) }) : null, t("annualFeedbacks.hints.excellentShare")]
                      .filter(Boolean)
                      .join(" ")
              }
            >
              <EnumSelect name="EvaluationGrade" disabled={probationary} data-testid="feedback-grade" />
            </Form.Item>
          </Col>
          <Form.Item noStyle shouldUpdate={(before, after) => before.suggestedGrade !== after.suggestedGrade}>
            {({ getFieldValue }) =>
              feedback?.pointsGrade && getFieldValue("suggestedGrade") && getFieldValue("suggestedGrade") !== feedback.pointsGrade ? (
                <Col span={24}>
                  <Form.Item name="gradeReason" label={f("gradeReason")} extra={t("annualFeedbacks.hints.gradeReason")}>
                    <Input data-testid="feedback-grade-reason" />
                  </Form.Item>
                </Col>
              ) : null
            }
          </Form.Item>
          <Col span={12}>
            <Form.Item label=" ">
              <Space direction="vertical">
                <Form.Item name="recommendedForAward" valuePropName="checked" noStyle>
                  <Checkbox>{f("recommendedForAward")}</Checkbox>
                </Form.Item>
                <Form.Item name="transferRecommended" valuePropName="checked" noStyle>
                  <Checkbox>{f("transferRecommended")}</Checkbox>
                </Form.Item>
              </Space>
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="awardNote" label={f("awardNote")}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="comments" label={f("comments")} extra={t("annualFeedbacks.hints.comments")}>
              <Input.TextArea rows={6} maxLength={2000} showCount data-testid="feedback-comments" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
});
FeedbackEditDrawer.displayName = "FeedbackEditDrawer";
