import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, getDefaultFilter, useCan, useCustomMutation, useTranslate } from "@refinedev/core";
import { Button, Card, Col, DatePicker, Form, Input, Modal, Row, Space, Table, Typography } from "antd";
import { useState } from "react";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { AgreementSelect, MemberSelect, OrganizationTreeSelect, RegionSelect } from "../../components/pickers";
import type { PendingMemberEntriesListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { formatDate, formatDateTime, localDateItem } from "../../lib/dates";
import {
  CONFIRM_PENDING_MEMBER_ENTRY_MUTATION,
  DECLINE_PENDING_MEMBER_ENTRY_MUTATION,
  MERGE_PENDING_MEMBER_ENTRY_MUTATION,
  PENDING_MEMBER_ENTRIES_LIST_QUERY,
} from "./queries";

type EntryRow = PendingMemberEntriesListQuery["pendingMemberEntries"]["nodes"][number];
type Step = "confirm" | "merge" | "decline";

interface EntrySearch {
  status?: string;
  agreementId?: string;
}

const MUTATIONS = { confirm: CONFIRM_PENDING_MEMBER_ENTRY_MUTATION, merge: MERGE_PENDING_MEMBER_ENTRY_MUTATION, decline: DECLINE_PENDING_MEMBER_ENTRY_MUTATION };

/** 建档 (the host completes what the ledger requires), 合并 (the same person already in the ledger) or 拒绝 (with the reason). */
const StepDialog = ({ step, entry, onDone, onCancel }: { step: Step; entry: EntryRow; onDone: () => void; onCancel: () => void }) => {
  const t = useTranslate();
  const [form] = Form.useForm();
  const { mutateAsync, mutation } = useCustomMutation();
  const f = (name: string) => t(`pendingMemberEntries.fields.${name}`);
  const required = (name: string) => ({ required: true, message: t("validation.required", { field: f(name) }) });
  const submit = async (values: Record<string, unknown>) => {
    await mutateAsync({
      url: "",
      method: "post",
      values: { input: { id: entry.id, ...values } },
      meta: { gqlMutation: MUTATIONS[step] },
      successNotification: { type: "success", message: t(`pendingMemberEntries.${step}.done`) },
      errorNotification: errorNotificationFor(MUTATIONS[step]),
    });
    onDone();
  };
  return (
    <Modal open title={`${t(`pendingMemberEntries.${step}.title`)} · ${entry.personName}`} onCancel={onCancel} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={{ "data-testid": `${step}-ok` } as never} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={step === "confirm" ? { partyStanding: "FULL", mobilityType: "EMPLOYMENT", outflowDate: entry.facts.arrivedOn, destinationRegionCode: entry.facts.destinationRegionCode, destinationAddress: entry.facts.destinationAddress, occupation: entry.facts.occupation, workUnit: entry.facts.workUnit } : {}}
        onFinish={(values) => submit(values).catch(() => undefined)}
      >
        {step === "confirm" && (
          <>
            <Typography.Paragraph type="secondary">{t("pendingMemberEntries.hints.confirm")}</Typography.Paragraph>
            <Form.Item name="formalOrganizationId" label={f("formalOrganization")} rules={[required("formalOrganization")]} extra={entry.facts.formalOrganizationName ?? undefined}>
              <OrganizationTreeSelect data-testid="confirm-formal-organization" />
            </Form.Item>
            <Form.Item name="partyStanding" label={f("partyStanding")} rules={[required("partyStanding")]}>
              <EnumSelect name="PartyStanding" allowClear={false} />
            </Form.Item>
            <Form.Item name="joinedOn" label={f("joinedOn")} rules={[required("joinedOn")]} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} data-testid="confirm-joined-on" />
            </Form.Item>
            <Form.Item name="mobilityType" label={f("mobilityType")} rules={[required("mobilityType")]}>
              <EnumSelect name="MobilityType" allowClear={false} />
            </Form.Item>
            <Form.Item name="outflowDate" label={f("outflowDate")} rules={[required("outflowDate")]} {...localDateItem}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item name="destinationRegionCode" label={f("destinationRegionCode")} rules={[required("destinationRegionCode")]}>
              <RegionSelect />
            </Form.Item>
            <Form.Item name="inflowOrganizationId" label={f("inflowOrganization")}>
              <OrganizationTreeSelect />
            </Form.Item>
            <Form.Item name="destinationAddress" label={f("destinationAddress")} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="occupation" label={f("occupation")} rules={[{ max: 50 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="workUnit" label={f("workUnit")} rules={[{ max: 100 }]}>
              <Input />
            </Form.Item>
          </>
        )}
        {step === "merge" && (
          <Form.Item name="memberId" label={f("mergeWith")} rules={[required("mergeWith")]} extra={t("pendingMemberEntries.hints.merge")}>
            <MemberSelect />
          </Form.Item>
        )}
        {step === "decline" && (
          <Form.Item name="reason" label={f("declineReason")} rules={[required("declineReason"), { max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="decline-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};

/** 待确认台账: persons inflow alerts and rosters name that the ledger does not hold yet. */
export const PendingMemberEntryList = () => {
  const t = useTranslate();
  const [dialog, setDialog] = useState<{ step: Step; entry: EntryRow } | null>(null);
  const { data: canResolve } = useCan({ resource: "pendingMemberEntries", action: "edit" });
  const { tableProps, searchFormProps, filters, tableQuery } = useTable<EntryRow, never, EntrySearch>({
    resource: "pendingMemberEntries",
    meta: { gqlQuery: PENDING_MEMBER_ENTRIES_LIST_QUERY },
    sorters: { initial: [{ field: "createdAt", order: "desc" }] },
    filters: { initial: [{ field: "status", operator: "eq", value: "OPEN" }] },
    pagination: { pageSize: 20 },
    onSearch: (values): CrudFilters => [
      { field: "status", operator: "eq", value: values.status },
      { field: "agreementId", operator: "eq", value: values.agreementId },
    ],
    errorNotification: errorNotificationFor(PENDING_MEMBER_ENTRIES_LIST_QUERY, "errors.loadFailed"),
  });
  const f = (name: string) => t(`pendingMemberEntries.fields.${name}`);
  return (
    <List>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<EntrySearch> {...searchFormProps} layout="vertical" initialValues={{ status: getDefaultFilter("status", filters, "eq"), agreementId: getDefaultFilter("agreementId", filters, "eq") }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="status" label={f("status")}>
                <EnumSelect name="PendingEntryStatus" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="agreementId" label={f("agreement")}>
                <AgreementSelect allowClear />
              </Form.Item>
            </Col>
          </Row>
          <FilterButtons form={searchFormProps.form} />
        </Form>
      </Card>
      <ListTable<EntryRow>
        {...tableProps}
        tableKey="pendingMemberEntries"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="middle"
        data-testid="entry-table"
        pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
      >
        <Table.Column<EntryRow> dataIndex="createdAt" title={f("createdAt")} sorter render={formatDateTime} width={170} />
        <Table.Column<EntryRow> dataIndex="personName" title={f("personName")} />
        <Table.Column<EntryRow> dataIndex="idNumber" title={f("idNumber")} />
        <Table.Column<EntryRow> title={f("arrivedOn")} render={(_, row) => formatDate(row.facts.arrivedOn)} />
        <Table.Column<EntryRow> title={f("destinationRegionCode")} render={(_, row) => row.facts.destinationRegionCode ?? "—"} />
        <Table.Column<EntryRow> title={f("source")} render={(_, row) => (row.noticeId ? t("pendingMemberEntries.sources.alert") : t("pendingMemberEntries.sources.roster"))} />
        <Table.Column<EntryRow>
          dataIndex="status"
          title={f("status")}
          render={(value, row) => (
            <span data-testid="entry-status">
              <EnumTag name="PendingEntryStatus" value={value} /> {row.member?.name ?? ""} {row.declineReason ?? ""}
            </span>
          )}
        />
        <Table.Column<EntryRow>
          title={t("table.actions")}
          render={(_, row) =>
            canResolve?.can &&
            row.status === "OPEN" && (
              <Space>
                <Button size="small" type="primary" onClick={() => setDialog({ step: "confirm", entry: row })} data-testid="confirm-entry">
                  {t("pendingMemberEntries.confirm.button")}
                </Button>
                <Button size="small" onClick={() => setDialog({ step: "merge", entry: row })} data-testid="merge-entry">
                  {t("pendingMemberEntries.merge.button")}
                </Button>
                <Button size="small" danger onClick={() => setDialog({ step: "decline", entry: row })} data-testid="decline-entry">
                  {t("pendingMemberEntries.decline.button")}
                </Button>
              </Space>
            )
          }
        />
      </ListTable>
      {dialog && (
        <StepDialog
          step={dialog.step}
          entry={dialog.entry}
          onCancel={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void tableQuery.refetch();
          }}
        />
      )}
    </List>
  );
};
