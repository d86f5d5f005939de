import {
  CheckOutlined,
  EditOutlined,
  FileExcelOutlined,
  InboxOutlined,
  RollbackOutlined,
  SendOutlined,
  StarOutlined,
  SyncOutlined,
} from "@ant-design/icons";
import { List, useTable } from "@refinedev/antd";
import {
  type CrudFilters,
  useCustom,
  useCustomMutation,
  useGo,
  useInvalidate,
  useNotification,
  useParsed,
  useTranslate,
} from "@refinedev/core";
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useEffect, useMemo, useRef, useState } from "react";
import { EnumTag, EnumTags } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { OrgLifeCell } from "./org-life";
import { ListTable } from "../../components/list-table";
import { AgreementSelect, useAgreements } from "../../components/pickers";
import type {
  EvaluationGrade,
  FeedbackAction,
  FeedbackBoardQuery,
  FeedbackProgressQuery,
  FeedbackRecipient,
  FeedbackStatus,
  GenerateDraftsMutation,
  Permission,
} from "../../graphql/types";
import { describeApiErrors, apiErrorsFor, errorNotificationFor } from "../../lib/api-errors";
import { currentFeedbackYear } from "../../lib/dates";
import { downloadWithToken } from "../../lib/download";
import { ENUMS } from "../../lib/enums";
import { hasPermission, isPartnerSession } from "../../providers/access-control";
import { readyToSubmit, useConfirmStep } from "./confirm-step";
import { FeedbackEditDrawer, type FeedbackDrawerHandle } from "./edit-drawer";
import { FeedbackProgressCard } from "./progress";
import {
  ACKNOWLEDGE_FEEDBACK_MUTATION,
  APPROVE_FEEDBACK_MUTATION,
  ARCHIVE_FEEDBACK_MUTATION,
  FEEDBACK_BOARD_QUERY,
  FEEDBACK_PROGRESS_QUERY,
  GENERATE_DRAFTS_MUTATION,
  GRADE_FEEDBACK_MUTATION,
  RETURN_FEEDBACK_MUTATION,
  SUBMIT_FEEDBACK_MUTATION,
} from "./queries";

type FeedbackRow = FeedbackBoardQuery["annualFeedbacks"]["nodes"][number];
type GenerateResult = GenerateDraftsMutation["generateAnnualFeedbackDrafts"];

/**
 * The steps the board runs as they are (no form): which of them a row offers is the API's answer
 * (`allowedActions`: the lifecycle from the row's state, for the viewer's side and permissions).
 */
const STEPS = {
  submit: { action: "SUBMIT", document: SUBMIT_FEEDBACK_MUTATION },
  approve: { action: "APPROVE", document: APPROVE_FEEDBACK_MUTATION },
  receive: { action: "RECEIVE", document: ACKNOWLEDGE_FEEDBACK_MUTATION },
  archive: { action: "ARCHIVE", document: ARCHIVE_FEEDBACK_MUTATION },
} as const;
type Step = keyof typeof STEPS;

const may = (row: FeedbackRow, action: FeedbackAction) => row.allowedActions.includes(action);

/** Permissions that lead to a step on some return: who gets the actions column and row selection. */
const STEP_PERMISSIONS: Permission[] = ["FEEDBACK_MANAGE", "FEEDBACK_APPROVE", "FEEDBACK_RECEIVE", "FEEDBACK_GRADE"];

/** "已提交 2 条、已送达 3 条": the returns generation left as they are, in the lifecycle's words. */
const usePastDraftText = () => {
  const t = useTranslate();
  return (result: GenerateResult) =>
    result.pastDraft
      .filter((row) => row.count > 0)
      .map((row) => t("annualFeedbacks.generate.statusCount", { status: t(`enums.FeedbackStatus.${row.status}`), count: row.count }))
      .join(t("annualFeedbacks.generate.joiner"));
};

/** The year-end feedback board of one agreement and year (年度情况反馈). */
export const AnnualFeedbackList = () => {
  const t = useTranslate();
  const go = useGo();
  const { params } = useParsed<{ agreementId?: string; year?: string }>();
  const { agreements } = useAgreements();
  const thisYear = dayjs().year();
  const [agreementId, setAgreementId] = useState<string | undefined>(params?.agreementId);
  const [year, setYear] = useState<number>(Number(params?.year) || currentFeedbackYear());
  const [statusFilter, setStatusFilter] = useState<FeedbackStatus | "ALL">("ALL");
  // PARTNER: the returns we write about members living here; HOST: those the partner writes to us.
  const [recipient, setRecipient] = useState<FeedbackRecipient>("PARTNER");
  const [selected, setSelected] = useState<FeedbackRow[]>([]);
  const [returning, setReturning] = useState<FeedbackRow | null>(null);
  const [grading, setGrading] = useState<FeedbackRow | null>(null);
  const [generated, setGenerated] = useState<GenerateResult | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [returnForm] = Form.useForm<{ reason: string }>();
  const [gradeForm] = Form.useForm<{ finalGrade?: EvaluationGrade; note?: string }>();
  const pastDraftText = usePastDraftText();
  const drawer = useRef<FeedbackDrawerHandle>(null);
  const invalidate = useInvalidate();
  const { open: notify } = useNotification();
  const { mutateAsync } = useCustomMutation();
  const mayGenerate = hasPermission("FEEDBACK_MANAGE");
  const mayAct = STEP_PERMISSIONS.some(hasPermission);
  const confirmStep = useConfirmStep();

  // Default to the first agreement in force once the list is known.
  useEffect(() => {
    if (!agreementId && agreements.length) {
      setAgreementId((agreements.find((a) => a.inForce) ?? agreements[0])!.id);
    }
  }, [agreementId, agreements]);
  const agreement = agreements.find((a) => a.id === agreementId);

  // Open on the direction in which this agreement has returns at all: under HOST_TO_PARTNER only
  // the partner writes (about our outflow members).
  useEffect(() => {
    if (agreement) setRecipient(agreement.direction === "HOST_TO_PARTNER" ? "HOST" : "PARTNER");
  }, [agreement?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  // Keep the choice in the address so that the board can be linked to and reloaded.
  useEffect(() => {
    if (agreementId) go({ query: { agreementId, year }, type: "replace", options: { keepQuery: false } });
  }, [agreementId, year]); // eslint-disable-line react-hooks/exhaustive-deps

  const progressQuery = useCustom<FeedbackProgressQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: FEEDBACK_PROGRESS_QUERY, gqlVariables: { agreementId, year, recipient } },
    queryOptions: { enabled: !!agreementId, queryKey: ["feedbackProgress", agreementId, year, recipient] },
    errorNotification: errorNotificationFor(FEEDBACK_PROGRESS_QUERY, "errors.loadFailed"),
  });
  const progress = progressQuery.result.data?.feedbackProgress;
  const direction = progress?.directions.find((d) => d.recipient === recipient);
  // Drafts are generated for the returns we write, under an agreement the year's returns are made under.
  const offerGeneration = mayGenerate && !!progress?.inForce && progress.directions.some((d) => d.recipient === "PARTNER");

  const permanent: CrudFilters = useMemo(
    () => [
      { field: "agreementId", operator: "eq", value: agreementId },
      { field: "year", operator: "eq", value: year },
      { field: "recipient", operator: "eq", value: recipient },
      { field: "status", operator: "eq", value: statusFilter === "ALL" ? undefined : statusFilter },
    ],
    [agreementId, year, recipient, statusFilter],
  );
  const { tableProps, searchFormProps, tableQuery } = useTable<FeedbackRow, never, { memberName?: string }>({
    resource: "annualFeedbacks",
    syncWithLocation: false,
    filters: { permanent },
    sorters: { initial: [{ field: "memberName", order: "asc" }] },
    pagination: { pageSize: 20 },
    queryOptions: { enabled: !!agreementId },
    onSearch: (values) => [{ field: "memberName", operator: "contains", value: values.memberName?.trim() || undefined }],
    meta: { gqlQuery: FEEDBACK_BOARD_QUERY },
    errorNotification: errorNotificationFor(FEEDBACK_BOARD_QUERY, "errors.loadFailed"),
  });

  const refresh = async () => {
    setSelected([]);
    await Promise.all([
      invalidate({ resource: "annualFeedbacks", invalidates: ["list"] }),
      progressQuery.query.refetch(),
      tableQuery.refetch(),
    ]);
  };

  const fail = (document: Parameters<typeof apiErrorsFor>[0], error: unknown) =>
    notify?.({
      type: "error",
      description: t("errors.title"),
      message: describeApiErrors(apiErrorsFor(document), error instanceof Error ? error.message : String(error)),
    });

  const generate = async () => {
    if (!agreementId) return;
    setBusy("generate");
    try {
      const { data } = await mutateAsync({
        url: "",
        method: "post",
        values: { input: { agreementId, year } },
        meta: { gqlMutation: GENERATE_DRAFTS_MUTATION },
        errorNotification: false,
      });
      setGenerated((data as GenerateDraftsMutation).generateAnnualFeedbackDrafts);
      await refresh();
    } catch (error) {
      fail(GENERATE_DRAFTS_MUTATION, error);
    } finally {
      setBusy(null);
    }
  };

  /** One step for some returns, one call each (the API checks each version), then one refresh. */
  const step = async (transition: Step, rows: FeedbackRow[]) => {
    const { action, document } = STEPS[transition];
    const eligible = rows.filter((row) => may(row, action));
    if (!eligible.length) return;
    setBusy(transition);
    let done = 0;
    const failures: string[] = [];
    for (const row of eligible) {
      try {
        await mutateAsync({
          url: "",
          method: "post",
          values: { input: { id: row.id, version: row.version } },
          meta: { gqlMutation: document },
          errorNotification: false,
          successNotification: false,
        });
        done++;
      } catch (error) {
        failures.push(`${row.member?.name ?? row.memberId}: ${describeApiErrors(apiErrorsFor(document), String(error))}`);
      }
    }
    setBusy(null);
    if (done) notify?.({ type: "success", message: t(`annualFeedbacks.actions.${transition}Done`, { count: done }) });
    if (failures.length) notify?.({ type: "error", description: t("errors.title"), message: failures.slice(0, 5).join("\n") });
    await refresh();
  };

  const sendBack = async ({ reason }: { reason: string }) => {
    if (!returning) return;
    try {
      await mutateAsync({
        url: "",
        method: "post",
        values: { input: { id: returning.id, version: returning.version, reason } },
        meta: { gqlMutation: RETURN_FEEDBACK_MUTATION },
        errorNotification: false,
        successNotification: { type: "success", message: t("annualFeedbacks.actions.returnDone") },
      });
      setReturning(null);
      returnForm.resetFields();
      await refresh();
    } catch (error) {
      fail(RETURN_FEEDBACK_MUTATION, error);
    }
  };

  const grade = async ({ finalGrade, note }: { finalGrade?: EvaluationGrade; note?: string }) => {
    if (!grading) return;
    try {
      await mutateAsync({
        url: "",
        method: "post",
        values: { input: { id: grading.id, version: grading.version, finalGrade: finalGrade ?? null, note: note?.trim() || null } },
        meta: { gqlMutation: GRADE_FEEDBACK_MUTATION },
        errorNotification: false,
        successNotification: { type: "success", message: t("annualFeedbacks.actions.gradeDone") },
      });
      setGrading(null);
      gradeForm.resetFields();
      await refresh();
    } catch (error) {
      fail(GRADE_FEEDBACK_MUTATION, error);
    }
  };

  const exportXlsx = async () => {
    if (!agreementId) return;
    setBusy("export");
    try {
      await downloadWithToken(
        `/export/annual-feedback.xlsx?agreementId=${encodeURIComponent(agreementId)}&year=${year}`,
        `annual-feedback-${agreement?.code ?? agreementId}-${year}.xlsx`,
      );
    } catch (error) {
      const status = (error as { status?: number }).status;
      notify?.({
        type: "error",
        description: t("annualFeedbacks.export.failed"),
        message: status === 404 ? t("annualFeedbacks.export.unavailable") : (error as Error).message,
      });
    } finally {
      setBusy(null);
    }
  };

  const selectedDrafts = selected.filter((r) => may(r, "SUBMIT"));
  const selectedSubmitted = selected.filter((r) => may(r, "APPROVE"));
  const submit = (rows: FeedbackRow[]) => confirmStep.submit(rows, year, (ready) => step("submit", ready));
  const approve = (rows: FeedbackRow[]) => confirmStep.approve(rows, year, agreement, (chosen) => step("approve", chosen));
  const years = [thisYear - 3, thisYear - 2, thisYear - 1, thisYear];

  return (
    <List
      title={t("annualFeedbacks.board.title")}
      headerButtons={
        <Space wrap>
          <Button icon={<FileExcelOutlined />} onClick={exportXlsx} loading={busy === "export"} disabled={!agreementId} data-testid="feedback-export">
            {t("annualFeedbacks.export.button")}
          </Button>
          {offerGeneration && (
            <Button type="primary" icon={<SyncOutlined />} onClick={generate} loading={busy === "generate"} disabled={!agreementId} data-testid="generate-drafts">
              {t("annualFeedbacks.actions.generate")}
            </Button>
          )}
        </Space>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap size="large">
          <Space>
            <Typography.Text>{t("annualFeedbacks.fields.agreement")}</Typography.Text>
            <AgreementSelect value={agreementId} onChange={(v) => setAgreementId(v)} style={{ minWidth: 320 }} data-testid="board-agreement" />
          </Space>
          <Space>
            <Typography.Text>{t("annualFeedbacks.fields.year")}</Typography.Text>
            <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} style={{ width: 100 }} data-testid="board-year" />
          </Space>
          <Segmented<FeedbackRecipient>
            value={recipient}
            onChange={(value) => {
              setRecipient(value);
              setSelected([]);
            }}
            // A partner account sits on the other side: PARTNER is what reaches it, HOST what it submits.
            options={(["PARTNER", "HOST"] as const).map((value) => ({
              value,
              label: t(`annualFeedbacks.board.${isPartnerSession() ? "partnerDirections" : "directions"}.${value}`),
            }))}
            data-testid="board-direction"
          />
        </Space>
        {progress && (
          <div style={{ marginTop: 16 }}>
            <FeedbackProgressCard progress={progress} />
          </div>
        )}
      </Card>

      {!agreementId ? (
        <Empty description={t("annualFeedbacks.board.pickAgreement")} />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12, width: "100%", justifyContent: "space-between" }}>
            <Segmented<FeedbackStatus | "ALL">
              data-testid="board-status"
              value={statusFilter}
              onChange={setStatusFilter}
              options={[
                { value: "ALL", label: t("annualFeedbacks.board.all") },
                ...ENUMS.FeedbackStatus.map((s) => ({
                  value: s,
                  label: `${t(`enums.FeedbackStatus.${s}`)} ${direction?.byStatus.find((b) => b.status === s)?.count ?? ""}`,
                })),
              ]}
            />
            <Form {...searchFormProps} layout="inline" data-testid="board-filters">
              <Form.Item name="memberName">
                <Input allowClear placeholder={t("annualFeedbacks.board.searchMember")} data-testid="board-member-search" />
              </Form.Item>
              <Form.Item>
                <FilterButtons form={searchFormProps.form} onClear={() => setStatusFilter("ALL")} />
              </Form.Item>
            </Form>
          </Space>
          {mayAct && selected.length > 0 && (
            <Alert
              style={{ marginBottom: 12 }}
              type="info"
              message={
                <Space wrap>
                  {t("annualFeedbacks.board.selected", { count: selected.length })}
                  <Button size="small" icon={<SendOutlined />} disabled={!selectedDrafts.length} loading={busy === "submit"} onClick={() => submit(selectedDrafts)} data-testid="feedback-submit-selected">
                    {t("annualFeedbacks.actions.submitSelected", { count: selectedDrafts.length })}
                  </Button>
                  <Button size="small" icon={<CheckOutlined />} disabled={!selectedSubmitted.length} loading={busy === "approve"} onClick={() => approve(selectedSubmitted)} data-testid="feedback-approve-selected">
                    {t("annualFeedbacks.actions.approveSelected", { count: selectedSubmitted.length })}
                  </Button>
                </Space>
              }
            />
          )}
          <ListTable<FeedbackRow>
            {...tableProps}
            tableKey="annualFeedbacks"
            onRefresh={refresh}
            refreshing={tableQuery.isFetching}
            rowKey="id"
            size="middle"
            // Fits the content area at 1440 px: the warnings never sit under the fixed actions.
            scroll={{ x: 1180 }}
            data-testid="feedback-table"
            rowSelection={mayAct ? { selectedRowKeys: selected.map((r) => r.id), onChange: (_, rows) => setSelected(rows) } : undefined}
            pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
          >
            <Table.Column<FeedbackRow>
              dataIndex="memberName"
              title={t("annualFeedbacks.fields.member")}
              sorter
              fixed="left"
              width={120}
              render={(_, row) => (
                <Space size={[4, 0]} wrap>
                  <Typography.Link onClick={() => go({ to: `/members/show/${row.memberId}` })}>{row.member?.name}</Typography.Link>
                  {row.member?.partyStanding === "PROBATIONARY" && <Tag color="orange">{t("enums.PartyStanding.PROBATIONARY")}</Tag>}
                  {row.kind !== "ORDINARY" && (
                    <Tooltip title={row.kind === "TRANSFERRED" ? t("annualFeedbacks.kindHint.transferred", { on: row.transferredOn ?? "—", to: row.transferredTo ?? "—" }) : t("annualFeedbacks.kindHint.lostContact")}>
                      <Tag color="red" data-testid="feedback-kind">
                        {t(`enums.FeedbackKind.${row.kind}`)}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              )}
            />
            <Table.Column<FeedbackRow>
              dataIndex="status"
              title={t("annualFeedbacks.fields.status")}
              sorter
              width={88}
              render={(v, row) => (
                <Space size={[4, 4]} wrap>
                  <EnumTag name="FeedbackStatus" value={v} />
                  {row.returnReason && v === "DRAFT" && (
                    <Tooltip title={row.returnReason}>
                      <Tag color="orange" icon={<RollbackOutlined />}>
                        {t("annualFeedbacks.board.returned")}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              )}
            />
            <Table.Column<FeedbackRow>
              key="orgLife"
              title={
                <>
                  {t("annualFeedbacks.board.orgLife")}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: "normal" }}>
                    {t("annualFeedbacks.board.orgLifeUnit")}
                  </Typography.Text>
                </>
              }
              width={124}
              render={(_, r) => <OrgLifeCell attended={r.orgLifeAttended} expected={r.orgLifeExpected} months={r.monthsUnderCare} />}
            />
            <Table.Column<FeedbackRow>
              key="volunteer"
              title={t("annualFeedbacks.fields.volunteer")}
              width={124}
              render={(_, r) => t("annualFeedbacks.board.volunteerValue", { count: r.volunteerCount, hours: r.volunteerHours })}
            />
            <Table.Column<FeedbackRow> key="studyPoints" title={t("annualFeedbacks.fields.studyPoints")} width={80} render={(_, r) => `${r.studyCount} / ${r.points}`} />
            <Table.Column<FeedbackRow>
              dataIndex="suggestedGrade"
              title={t("annualFeedbacks.fields.suggestedGrade")}
              sorter
              width={124}
              render={(v, row) => (
                <Space size={[0, 4]} wrap>
                  <EnumTag name="EvaluationGrade" value={v} />
                  {row.recommendedForAward && <Tag color="red">{t("annualFeedbacks.fields.recommendedForAward")}</Tag>}
                </Space>
              )}
            />
            <Table.Column<FeedbackRow> dataIndex="duesStatus" title={t("annualFeedbacks.fields.duesStatus")} width={96} render={(v) => <EnumTag name="DuesStatus" value={v} />} />
            <Table.Column<FeedbackRow>
              dataIndex="warnings"
              title={t("annualFeedbacks.fields.warnings")}
              render={(v, row) => (
                <Space size={[0, 4]} wrap>
                  <EnumTags name="FeedbackWarning" values={v} />
                  {row.transferRecommended && <Tag color="volcano">{t("annualFeedbacks.fields.transferRecommended")}</Tag>}
                </Space>
              )}
            />
            <Table.Column<FeedbackRow> dataIndex="finalGrade" title={t("annualFeedbacks.fields.finalGrade")} width={80} render={(v) => <EnumTag name="EvaluationGrade" value={v} />} />
            {mayAct && (
              <Table.Column<FeedbackRow>
                key="actions"
                title={t("table.actions")}
                fixed="right"
                width={176}
                render={(_, row) => (
                  <Space size={4} style={{ whiteSpace: "nowrap" }} data-testid={`feedback-actions-${row.id}`}>
                    {may(row, "EDIT") && (
                      <Button size="small" icon={<EditOutlined />} onClick={() => drawer.current?.open(row.id)} data-testid={`feedback-edit-${row.id}`}>
                        {t("buttons.edit")}
                      </Button>
                    )}
                    {may(row, "SUBMIT") && (
                      <Button
                        size="small"
                        type="primary"
                        ghost
                        icon={<SendOutlined />}
                        title={readyToSubmit(row) ? undefined : t("annualFeedbacks.confirm.noGradeTitle")}
                        onClick={() => submit([row])}
                        data-testid={`feedback-submit-${row.id}`}
                      >
                        {t("annualFeedbacks.actions.submit")}
                      </Button>
                    )}
                    {may(row, "APPROVE") && (
                      <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => approve([row])} data-testid={`feedback-approve-${row.id}`}>
                        {t("annualFeedbacks.actions.approve")}
                      </Button>
                    )}
                    {may(row, "RECEIVE") && (
                      <Button size="small" type="primary" icon={<InboxOutlined />} loading={busy === "receive"} onClick={() => step("receive", [row])} data-testid={`feedback-receive-${row.id}`}>
                        {t("annualFeedbacks.actions.receive")}
                      </Button>
                    )}
                    {may(row, "GRADE") && (
                      <Button size="small" type="primary" icon={<StarOutlined />} onClick={() => setGrading(row)} data-testid={`feedback-grade-${row.id}`}>
                        {t("annualFeedbacks.actions.grade")}
                      </Button>
                    )}
                    {may(row, "ARCHIVE") && (
                      <Button size="small" icon={<InboxOutlined />} loading={busy === "archive"} onClick={() => step("archive", [row])} data-testid={`feedback-archive-${row.id}`}>
                        {t("annualFeedbacks.actions.archive")}
                      </Button>
                    )}
                    {may(row, "RETURN") && (
                      <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setReturning(row)} data-testid={`feedback-return-${row.id}`}>
                        {t("annualFeedbacks.actions.return")}
                      </Button>
                    )}
                  </Space>
                )}
              />
            )}
          </ListTable>
        </>
      )}

      <FeedbackEditDrawer ref={drawer} />

      <Modal
        forceRender // the form instance exists from the start, so it is connected before the first open
        open={!!returning}
        title={t("annualFeedbacks.return.title", { name: returning?.member?.name ?? "" })}
        onCancel={() => setReturning(null)}
        onOk={() => returnForm.submit()}
        okButtonProps={{ danger: true }}
        okText={t("annualFeedbacks.actions.return")}
        destroyOnHidden
      >
        <Form form={returnForm} layout="vertical" onFinish={sendBack}>
          <Form.Item
            name="reason"
            label={t("annualFeedbacks.return.reason")}
            rules={[{ required: true, whitespace: true, message: t("validation.required", { field: t("annualFeedbacks.return.reason") }) }]}
          >
            <Input.TextArea rows={4} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        forceRender
        open={!!grading}
        title={t("annualFeedbacks.grade.title", { name: grading?.member?.name ?? "" })}
        onCancel={() => setGrading(null)}
        onOk={() => gradeForm.submit()}
        okText={t("annualFeedbacks.actions.grade")}
        destroyOnHidden
      >
        <Form form={gradeForm} layout="vertical" onFinish={grade}>
          {grading?.member?.partyStanding === "PROBATIONARY" ? (
            <Alert type="info" showIcon message={t("annualFeedbacks.hints.probationary")} style={{ marginBottom: 16 }} />
          ) : (
            <Form.Item
              name="finalGrade"
              label={t("annualFeedbacks.fields.finalGrade")}
              rules={[{ required: true, message: t("validation.required", { field: t("annualFeedbacks.fields.finalGrade") }) }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                options={ENUMS.EvaluationGrade.map((value) => ({ value, label: t(`enums.EvaluationGrade.${value}`) }))}
                data-testid="feedback-final-grade"
              />
            </Form.Item>
          )}
          <Form.Item name="note" label={t("annualFeedbacks.grade.note")}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={!!generated} title={t("annualFeedbacks.generate.title")} onCancel={() => setGenerated(null)} footer={null} data-testid="generate-result">
        {generated && (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Typography.Text data-testid="generate-summary">
              {t("annualFeedbacks.generate.summary", { created: generated.created, refreshed: generated.refreshed, unchanged: generated.unchanged })}
            </Typography.Text>
            {generated.pastDraft.some((row) => row.count > 0) && (
              <Typography.Text data-testid="generate-past-draft">{t("annualFeedbacks.generate.pastDraft", { list: pastDraftText(generated) })}</Typography.Text>
            )}
            {generated.skipped.length > 0 && (
              <>
                <Typography.Text type="secondary">{t("annualFeedbacks.generate.skipped", { count: generated.skipped.length })}</Typography.Text>
                <Table
                  size="small"
                  rowKey="memberId"
                  dataSource={generated.skipped}
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  columns={[
                    { dataIndex: "name", title: t("members.fields.name") },
                    { dataIndex: "reason", title: t("annualFeedbacks.generate.reason"), render: (v: string) => <EnumTag name="MemberStatus" value={v} /> },
                  ]}
                />
              </>
            )}
          </Space>
        )}
      </Modal>
    </List>
  );
};
