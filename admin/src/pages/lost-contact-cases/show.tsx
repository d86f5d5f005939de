import { Show } from "@refinedev/antd";
import { useCan, useCustomMutation, useGo, useOne, useParsed, useTranslate } from "@refinedev/core";
import { Button, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import type { LostContactCaseShowQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { afterLedgerToday, formatDate, ledgerToday, localDateItem } from "../../lib/dates";
import { ADD_LOST_CONTACT_ATTEMPT_MUTATION, CLOSE_LOST_CONTACT_CASE_MUTATION, LOST_CONTACT_CASE_SHOW_QUERY } from "./queries";

type CaseDetail = NonNullable<LostContactCaseShowQuery["lostContactCase"]>;
type Attempt = CaseDetail["attempts"]["nodes"][number];

/** A step on the case, in a dialog: 登记查找 (an attempt) or 结案 (an outcome). */
const StepDialog = ({ kind, caseId, openedOn, onDone, onCancel }: { kind: "attempt" | "close"; caseId: string; openedOn: string; onDone: () => void; onCancel: () => void }) => {
  const t = useTranslate();
  const [form] = Form.useForm();
  const { mutateAsync, mutation } = useCustomMutation();
  const f = (name: string) => t(`lostContactCases.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  const gqlMutation = kind === "attempt" ? ADD_LOST_CONTACT_ATTEMPT_MUTATION : CLOSE_LOST_CONTACT_CASE_MUTATION;
  const outside = (d: dayjs.Dayjs) => afterLedgerToday(d) || d.isBefore(dayjs(openedOn), "day");
  const submit = async (values: Record<string, unknown>) => {
    await mutateAsync({
      url: "",
      method: "post",
      values: { input: { caseId, ...values } },
      meta: { gqlMutation },
      successNotification: { type: "success", message: t(`lostContactCases.${kind}.done`) },
      errorNotification: errorNotificationFor(gqlMutation),
    });
    onDone();
  };
  return (
    <Modal open title={t(`lostContactCases.${kind}.title`)} onCancel={onCancel} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={{ "data-testid": `${kind}-ok` } as never} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={kind === "attempt" ? { attemptedOn: ledgerToday() } : { closedOn: ledgerToday(), outcome: "FOUND" }} onFinish={(values) => submit(values).catch(() => undefined)}>
        {kind === "attempt" ? (
          <>
            <Form.Item name="attemptedOn" label={f("attemptedOn")} rules={[required("attemptedOn")]} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} disabledDate={outside} />
            </Form.Item>
            <Form.Item name="channel" label={f("channel")} rules={[required("channel")]}>
              <EnumSelect name="SearchChannel" data-testid="attempt-channel" />
            </Form.Item>
            <Form.Item name="attemptedBy" label={f("attemptedBy")} rules={[required("attemptedBy"), { max: 100 }]}>
              <Input data-testid="attempt-by" />
            </Form.Item>
            <Form.Item name="result" label={f("result")} rules={[required("result"), { max: 2000 }]}>
              <Input.TextArea rows={3} data-testid="attempt-result" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="outcome" label={f("outcome")} rules={[required("outcome")]} extra={t("lostContactCases.hints.outcome")}>
              <EnumSelect name="LostContactOutcome" allowClear={false} data-testid="close-outcome" />
            </Form.Item>
            <Form.Item name="closedOn" label={f("closedOn")} rules={[required("closedOn")]} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} disabledDate={outside} />
            </Form.Item>
            <Form.Item name="closedBy" label={f("closedBy")} rules={[required("closedBy"), { max: 100 }]}>
              <Input data-testid="close-by" />
            </Form.Item>
            <Form.Item name="closingNote" label={f("closingNote")} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
};

/** A case and its history: the facts it started from, each attempt, and its outcome. */
export const LostContactCaseShow = () => {
  const t = useTranslate();
  const go = useGo();
  const { id } = useParsed();
  const [dialog, setDialog] = useState<"attempt" | "close" | null>(null);
  const { data: canWrite } = useCan({ resource: "lostContactCases", action: "edit" });
  const { result, query } = useOne<CaseDetail>({ resource: "lostContactCases", id: String(id ?? ""), meta: { gqlQuery: LOST_CONTACT_CASE_SHOW_QUERY } });
  const f = (name: string) => t(`lostContactCases.fields.${name}`);
  const detail = result;

  return (
    <Show isLoading={query.isLoading} title={t("lostContactCases.titles.show")} headerButtons={() => null}>
      {detail && (
        <Space direction="vertical" size="large" style={{ width: "100%" }}>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="case-details">
            <Descriptions.Item label={f("member")}>
              <Typography.Link onClick={() => go({ to: `/members/show/${detail.memberId}` })}>{detail.member?.name}</Typography.Link>{" "}
              {detail.member && <EnumTag name="MemberStatus" value={detail.member.status} />}
            </Descriptions.Item>
            <Descriptions.Item label={f("state")}>
              <span data-testid="case-state">{detail.open ? <Tag color="red">{t("lostContactCases.states.open")}</Tag> : <EnumTag name="LostContactOutcome" value={detail.outcome} />}</span>
            </Descriptions.Item>
            <Descriptions.Item label={f("openedOn")}>{formatDate(detail.openedOn)}</Descriptions.Item>
            <Descriptions.Item label={f("openedBy")}>{detail.openedBy}</Descriptions.Item>
            <Descriptions.Item label={f("lastKnownContactOn")}>{formatDate(detail.lastKnownContactOn)}</Descriptions.Item>
            <Descriptions.Item label={f("statusBefore")}>
              <EnumTag name="MemberStatus" value={detail.statusBefore} />
            </Descriptions.Item>
            <Descriptions.Item label={f("lastKnownFacts")} span="filled">
              {detail.lastKnownFacts}
            </Descriptions.Item>
            {!detail.open && (
              <>
                <Descriptions.Item label={f("closedOn")}>{formatDate(detail.closedOn)}</Descriptions.Item>
                <Descriptions.Item label={f("closedBy")}>{detail.closedBy ?? "—"}</Descriptions.Item>
                <Descriptions.Item label={f("closingNote")} span="filled">
                  {detail.closingNote ?? "—"}
                </Descriptions.Item>
              </>
            )}
          </Descriptions>
          <Card
            size="small"
            title={t("lostContactCases.attemptsTitle", { count: detail.attempts.totalCount })}
            extra={
              detail.open &&
              canWrite?.can && (
                <Space>
                  <Button onClick={() => setDialog("attempt")} data-testid="add-attempt">
                    {t("lostContactCases.attempt.button")}
                  </Button>
                  <Button type="primary" onClick={() => setDialog("close")} data-testid="close-case">
                    {t("lostContactCases.close.button")}
                  </Button>
                </Space>
              )
            }
          >
            <Table<Attempt> dataSource={detail.attempts.nodes} rowKey="id" size="small" pagination={false} data-testid="attempt-table">
              <Table.Column<Attempt> dataIndex="attemptedOn" title={f("attemptedOn")} render={formatDate} width={120} />
              <Table.Column<Attempt> dataIndex="channel" title={f("channel")} render={(v) => <EnumTag name="SearchChannel" value={v} />} width={120} />
              <Table.Column<Attempt> dataIndex="attemptedBy" title={f("attemptedBy")} width={140} />
              <Table.Column<Attempt> dataIndex="result" title={f("result")} />
            </Table>
          </Card>
        </Space>
      )}
      {dialog && detail && (
        <StepDialog
          kind={dialog}
          caseId={detail.id}
          openedOn={detail.openedOn}
          onCancel={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void query.refetch();
          }}
        />
      )}
    </Show>
  );
};
