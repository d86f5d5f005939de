import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, getDefaultFilter, useCan, useCustomMutation, useTranslate } from "@refinedev/core";
import { Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { AgreementSelect, MemberSelect, RegionSelect } from "../../components/pickers";
import type { NoticesListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { afterLedgerToday, formatDate, formatDateTime, localDateItem } from "../../lib/dates";
import { ANSWER_NOTICE_MUTATION, MARK_NOTICE_READ_MUTATION, NOTICES_LIST_QUERY, SEND_NOTICE_MUTATION } from "./queries";
import { isPartnerSession } from "../../providers/access-control";

type NoticeRow = NoticesListQuery["notices"]["nodes"][number];

interface NoticeSearch {
  kind?: string;
  read?: "read" | "unread";
  agreementId?: string;
  memberId?: string;
  sentFrom?: string;
}

/**
 * The side the console speaks for: the host's staff (a console account) receive what partners
 * send. Partner accounts (bound to an agreement's partner side) speak for the PARTNER.
 */
const mySide = (): "HOST" | "PARTNER" => (isPartnerSession() ? "PARTNER" : "HOST");

/** The facts a notice carries, as one line. */
const FactsLine = ({ row }: { row: NoticeRow }) => {
  const t = useTranslate();
  const f = (name: string) => t(`notices.facts.${name}`);
  const facts = row.facts;
  const parts: string[] = [];
  if (facts.arrivedOn) parts.push(`${f("arrivedOn")} ${formatDate(facts.arrivedOn)}`);
  if (facts.leftOn) parts.push(`${f("leftOn")} ${formatDate(facts.leftOn)}`);
  if (facts.destinationRegionCode) parts.push(`${f("destinationRegionCode")} ${facts.destinationRegionCode}`);
  if (facts.occupation) parts.push(`${f("occupation")} ${facts.occupation}`);
  if (facts.transferredTo) parts.push(`${f("transferredTo")} ${facts.transferredTo}`);
  return (
    <Space size={4} wrap>
      {facts.statusBefore && <EnumTag name="MemberStatus" value={facts.statusBefore} />}
      {facts.statusAfter && (
        <>
          → <EnumTag name="MemberStatus" value={facts.statusAfter} />
        </>
      )}
      <span>{parts.join("；")}</span>
    </Space>
  );
};

/** 发送通知: kind, agreement, the member (or, for an inflow alert, an ID number and name), facts and text. */
const SendDialog = ({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) => {
  const t = useTranslate();
  const [form] = Form.useForm();
  const kind = Form.useWatch("kind", form);
  const { mutateAsync, mutation } = useCustomMutation();
  const f = (name: string) => t(`notices.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  const submit = async ({ agreementId, kind, memberId, idNumber, personName, body, ...facts }: Record<string, string | undefined>) => {
    await mutateAsync({
      url: "",
      method: "post",
      values: { input: { agreementId, kind, memberId, idNumber: idNumber || undefined, personName: personName || undefined, body: body || undefined, facts } },
      meta: { gqlMutation: SEND_NOTICE_MUTATION },
      successNotification: { type: "success", message: t("notices.send.done") },
      errorNotification: errorNotificationFor(SEND_NOTICE_MUTATION),
    });
    onDone();
  };
  return (
    <Modal open title={t("notices.send.title")} onCancel={onCancel} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={{ "data-testid": "send-ok" } as never} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: "MESSAGE" }} onFinish={(values) => submit(values).catch(() => undefined)}>
        <Form.Item name="agreementId" label={f("agreement")} rules={[required("agreement")]}>
          <AgreementSelect only={(agreement) => agreement.status === "ACTIVE"} data-testid="send-agreement" />
        </Form.Item>
        <Form.Item name="kind" label={f("kind")} rules={[required("kind")]}>
          <EnumSelect name="NoticeKind" allowClear={false} data-testid="send-kind" />
        </Form.Item>
        <Form.Item name="memberId" label={f("member")} extra={t("notices.hints.member")}>
          <MemberSelect />
        </Form.Item>
        {kind === "INFLOW_ALERT" && (
          <>
            <Form.Item name="idNumber" label={f("idNumber")}>
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item name="personName" label={f("personName")}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="arrivedOn" label={t("notices.facts.arrivedOn")} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} disabledDate={afterLedgerToday} />
            </Form.Item>
            <Form.Item name="destinationRegionCode" label={t("notices.facts.destinationRegionCode")}>
              <RegionSelect />
            </Form.Item>
          </>
        )}
        {kind === "DEPARTURE" && (
          <Form.Item name="leftOn" label={t("notices.facts.leftOn")} {...localDateItem}>
            <DatePicker style={{ width: "100%" }} disabledDate={afterLedgerToday} />
          </Form.Item>
        )}
        {kind === "STATUS_CHANGE" && (
          <Form.Item name="statusAfter" label={t("notices.facts.statusAfter")}>
            <EnumSelect name="MemberStatus" />
          </Form.Item>
        )}
        <Form.Item name="body" label={f("body")} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="send-body" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/** 通知: what the two sides of an agreement tell each other (流入提醒、离开告知、状态变更…), newest first. */
export const NoticeList = () => {
  const t = useTranslate();
  const [sending, setSending] = useState(false);
  const [answering, setAnswering] = useState<NoticeRow | null>(null);
  const { data: canSend } = useCan({ resource: "notices", action: "create" });
  const { mutateAsync: mutate } = useCustomMutation();
  const [answerForm] = Form.useForm();
  const { tableProps, searchFormProps, filters, tableQuery } = useTable<NoticeRow, never, NoticeSearch>({
    resource: "notices",
    meta: { gqlQuery: NOTICES_LIST_QUERY },
    sorters: { initial: [{ field: "sentAt", order: "desc" }] },
    pagination: { pageSize: 20 },
    onSearch: (values): CrudFilters => [
      { field: "kind", operator: "eq", value: values.kind },
      { field: "read", operator: "eq", value: values.read ? values.read === "read" : undefined },
      { field: "agreementId", operator: "eq", value: values.agreementId },
      { field: "memberId", operator: "eq", value: values.memberId },
      { field: "sentAt", operator: "gte", value: values.sentFrom ? dayjs(values.sentFrom).startOf("day").toISOString() : undefined },
    ],
    errorNotification: errorNotificationFor(NOTICES_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`notices.fields.${name}`);
  const read = getDefaultFilter("read", filters, "eq");
  const refresh = () => void tableQuery.refetch();
  const markRead = async (row: NoticeRow) => {
    await mutate({
      url: "",
      method: "post",
      values: { id: row.id },
      meta: { gqlMutation: MARK_NOTICE_READ_MUTATION },
      successNotification: false,
      errorNotification: errorNotificationFor(MARK_NOTICE_READ_MUTATION),
    }).catch(() => undefined);
    refresh();
  };
  const answer = async ({ answer }: { answer: string }) => {
    if (!answering) return;
    await mutate({
      url: "",
      method: "post",
      values: { input: { id: answering.id, answer } },
      meta: { gqlMutation: ANSWER_NOTICE_MUTATION },
      successNotification: { type: "success", message: t("notices.answer.done") },
      errorNotification: errorNotificationFor(ANSWER_NOTICE_MUTATION),
    });
    setAnswering(null);
    refresh();
  };

  return (
    <List
      headerButtons={() =>
        canSend?.can && (
          <Button type="primary" onClick={() => setSending(true)} data-testid="send-notice">
            {t("notices.send.button")}
          </Button>
        )
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<NoticeSearch>
          {...searchFormProps}
          layout="vertical"
          initialValues={{
            kind: getDefaultFilter("kind", filters, "eq"),
            agreementId: getDefaultFilter("agreementId", filters, "eq"),
            memberId: getDefaultFilter("memberId", filters, "eq"),
            read: read === undefined ? undefined : read ? "read" : "unread",
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="kind" label={f("kind")}>
                <EnumSelect name="NoticeKind" data-testid="filter-kind" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="read" label={f("read")}>
                <Select
                  allowClear
                  data-testid="filter-read"
                  options={[
                    { value: "unread", label: t("notices.states.unread") },
                    { value: "read", label: t("notices.states.read") },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="agreementId" label={f("agreement")}>
                <AgreementSelect allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="memberId" label={f("member")}>
                <MemberSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="sentFrom" label={f("sentFrom")} {...localDateItem}>
                <DatePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          </Row>
          <FilterButtons form={searchFormProps.form} />
        </Form>
      </Card>
      <ListTable<NoticeRow>
        {...tableProps}
        tableKey="notices"
        onRefresh={refresh}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="middle"
        data-testid="notice-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
        expandable={{
          expandedRowRender: (row) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={f("body")}>{row.body ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={f("sentBy")}>{row.sentBy}</Descriptions.Item>
              <Descriptions.Item label={f("readAt")}>{row.readAt ? `${formatDateTime(row.readAt)} · ${row.readBy}` : "—"}</Descriptions.Item>
              <Descriptions.Item label={f("answer")}>{row.answer ? `${row.answer}（${row.answeredBy} · ${formatDateTime(row.answeredAt)}）` : "—"}</Descriptions.Item>
            </Descriptions>
          ),
        }}
      >
        <Table.Column<NoticeRow> dataIndex="sentAt" title={f("sentAt")} sorter render={formatDateTime} width={170} />
        <Table.Column<NoticeRow> dataIndex="kind" title={f("kind")} render={(value) => <EnumTag name="NoticeKind" value={value} />} />
        <Table.Column<NoticeRow> dataIndex={["agreement", "title"]} title={f("agreement")} />
        <Table.Column<NoticeRow>
          title={f("direction")}
          render={(_, row) => (
            <span>
              <EnumTag name="AgreementSide" value={row.fromSide} /> → <EnumTag name="AgreementSide" value={row.toSide} />
              {row.automatic && <Tag>{t("notices.automatic")}</Tag>}
            </span>
          )}
        />
        <Table.Column<NoticeRow>
          title={f("person")}
          render={(_, row) => (
            <span data-testid="notice-person">
              {row.member?.name ?? row.personName ?? "—"} <Typography.Text type="secondary">{row.idNumber ?? ""}</Typography.Text>
            </span>
          )}
        />
        <Table.Column<NoticeRow> title={f("facts")} render={(_, row) => <FactsLine row={row} />} />
        <Table.Column<NoticeRow>
          dataIndex="read"
          title={f("read")}
          render={(value: boolean, row) => (
            <span data-testid="notice-read">
              {value ? <Tag color="green">{t("notices.states.read")}</Tag> : <Tag color="orange">{t("notices.states.unread")}</Tag>}
              {row.answer && <Tag color="blue">{t("notices.states.answered")}</Tag>}
            </span>
          )}
        />
        <Table.Column<NoticeRow>
          title={t("table.actions")}
          render={(_, row) =>
            canSend?.can &&
            row.toSide === mySide() && (
              <Space>
                {!row.read && (
                  <Button size="small" onClick={() => void markRead(row)} data-testid="mark-read">
                    {t("notices.markRead")}
                  </Button>
                )}
                {!row.answer && (
                  <Button size="small" onClick={() => setAnswering(row)} data-testid="answer-notice">
                    {t("notices.answer.button")}
                  </Button>
                )}
              </Space>
            )
          }
        />
      </ListTable>
      {sending && (
        <SendDialog
          onCancel={() => setSending(false)}
          onDone={() => {
            setSending(false);
            refresh();
          }}
        />
      )}
      {answering && (
        <Modal open title={t("notices.answer.title")} onCancel={() => setAnswering(null)} onOk={() => answerForm.submit()} okButtonProps={{ "data-testid": "answer-ok" } as never} destroyOnHidden>
          <Form form={answerForm} layout="vertical" onFinish={(values) => answer(values).catch(() => undefined)}>
            <Form.Item name="answer" label={f("answer")} rules={[{ required: true, message: t("validation.required", { field: f("answer") }) }, { max: 2000 }]}>
              <Input.TextArea rows={3} data-testid="answer-text" />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </List>
  );
};
