import { DownloadOutlined, InboxOutlined, UploadOutlined } from "@ant-design/icons";
import { useCreateMany, useInvalidate, useTranslate } from "@refinedev/core";
import { Alert, App, Button, Card, Progress, Space, Statistic, Switch, Table, Tag, Typography, Upload } from "antd";
import type { DocumentNode } from "graphql";
import { useMemo, useState } from "react";
import { apiErrorsFor, rowFieldOf, translateApiError } from "../lib/api-errors";
import { downloadTemplate, readSheet } from "../lib/excel";
import { i18n } from "../i18n";
import { newIdempotencyKey } from "../providers/data-provider";

export interface ImportColumn {
  key: string;
  /** i18n key of the header */
  labelKey: string;
  required?: boolean;
  width?: number;
  /** Keep as text in the template (ID numbers, phones, codes). */
  text?: boolean;
  /** Drop-down values offered in the template. */
  list?: string[];
  example: string;
  noteKey?: string;
}

export interface RowIssue {
  column?: string;
  message: string;
}

export type RowStatus = "valid" | "invalid" | "written" | "pending";

export interface ImportRow<T> {
  rowNumber: number;
  raw: Record<string, string>;
  value?: T;
  issues: RowIssue[];
  status: RowStatus;
  /** What the row's references resolved to (the member, the organisation), for the report. */
  matched?: Record<string, string>;
}

interface Props<T> {
  resource: "members" | "activityRecords" | "contactRecords";
  mutation: DocumentNode;
  /** Rows per createMany call (the API takes at most 1,000 members or 5,000 activity records). */
  chunkSize: number;
  columns: ImportColumn[];
  examples: Record<string, string>[];
  templateFileName: string;
  sheetName: string;
  /** Client-side checks of one row; no request. */
  parse: (raw: Record<string, string>, inexact: string[]) => { value?: T; issues: RowIssue[] };
  /** Checks needing the API (references, duplicates), for all rows at once; adds issues in place. */
  resolve?: (rows: ImportRow<T>[]) => Promise<void>;
  /** Input field of the API (`formalOrganizationId`) → template column (`formalOrganizationCode`). */
  fieldToColumn?: Record<string, string>;
  /** Shown first in the report table. */
  summaryColumns: string[];
  /** Report columns of what each row matched (`ImportRow.matched`), so that nobody writes to the wrong record unseen. */
  matchedColumns?: { key: string; labelKey: string }[];
}

/** Names a chunk by its rows (first, last, count and a hash of them all), for its idempotency key. */
const rowsId = (rows: { rowNumber: number }[]): string => {
  let hash = 5381;
  for (const row of rows) hash = (Math.imul(hash, 33) ^ row.rowNumber) >>> 0;
  return `${rows[0]!.rowNumber}-${rows[rows.length - 1]!.rowNumber}-${rows.length}-${hash.toString(36)}`;
};

/**
 * Excel import in four steps: template, file, per-row report (nothing written yet), then
 * createMany in chunks with progress. A chunk is all or nothing on the API side; its errors
 * (`<resource>.<i>.<field>`) are put back on their rows.
 */
export const ImportWizard = <T extends object>(props: Props<T>) => {
  const t = useTranslate();
  const { resource, mutation, chunkSize, columns, parse, resolve, fieldToColumn = {} } = props;
  const [rows, setRows] = useState<ImportRow<T>[] | null>(null);
  const [fileName, setFileName] = useState<string>();
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [onlyIssues, setOnlyIssues] = useState(false);
  const [writing, setWriting] = useState(false);
  /** One per file loaded: the key of each chunk written from it starts with it. */
  const [importKey, setImportKey] = useState(() => newIdempotencyKey("import"));
  const [stopped, setStopped] = useState<string | null>(null);
  const { mutateAsync } = useCreateMany();
  const { modal } = App.useApp();
  const invalidate = useInvalidate();
  const label = (key: string) => t(columns.find((c) => c.key === key)?.labelKey ?? key);

  const template = () =>
    downloadTemplate(
      props.templateFileName,
      props.sheetName,
      columns.map((c) => ({
        key: c.key,
        header: `${t(c.labelKey)}${c.required ? "*" : ""}`,
        width: c.width,
        text: c.text,
        list: c.list,
        note: c.noteKey ? t(c.noteKey) : undefined,
      })),
      props.examples,
    );

  const load = async (file: File) => {
    setProblem(null);
    setStopped(null);
    setRows(null);
    setFileName(file.name);
    setImportKey(newIdempotencyKey("import"));
    setChecking(true);
    try {
      const names = (key: string, labelKey: string) => [key, i18n.t(labelKey, { lng: "zh-CN" }), i18n.t(labelKey, { lng: "en" })];
      const sheet = await readSheet(file, columns.map((c) => ({ key: c.key, names: names(c.key, c.labelKey) })));
      const missing = sheet.missingColumns.filter((k) => columns.find((c) => c.key === k)?.required);
      if (missing.length) {
        setProblem(t("import.missingColumns", { columns: missing.map(label).join("、") }));
        return;
      }
      if (!sheet.rows.length) {
        setProblem(t("import.empty"));
        return;
      }
      const parsed: ImportRow<T>[] = sheet.rows.map((row) => {
        const { value, issues } = parse(row.values, row.inexact);
        return { rowNumber: row.rowNumber, raw: row.values, value, issues, status: issues.length ? "invalid" : "valid" };
      });
      await resolve?.(parsed);
      for (const row of parsed) row.status = row.issues.length ? "invalid" : "valid";
      setRows(parsed);
    } catch (error) {
      setProblem(t("import.unreadable", { message: (error as Error).message }));
    } finally {
      setChecking(false);
    }
  };

  const counts = useMemo(() => {
    const c = { total: rows?.length ?? 0, valid: 0, invalid: 0, written: 0 };
    for (const row of rows ?? []) {
      if (row.status === "invalid") c.invalid++;
      else if (row.status === "written") c.written++;
      else c.valid++;
    }
    return c;
  }, [rows]);

  const run = async () => {
    if (!rows) return;
    const queue = rows.filter((r) => r.status === "valid" || r.status === "pending");
    if (!queue.length) return;
    setWriting(true);
    setStopped(null);
    const next = [...rows];
    const update = (row: ImportRow<T>, patch: Partial<ImportRow<T>>) => {
      next[next.indexOf(row)] = { ...row, ...patch };
    };
    for (let start = 0; start < queue.length; start += chunkSize) {
      const chunk = queue.slice(start, start + chunkSize);
      try {
        await mutateAsync({
          resource,
          values: chunk.map((r) => r.value!),
          // Running the same rows of the same file again (after a time-out) replays, never writes twice.
          meta: { gqlMutation: mutation, idempotencyKey: `${importKey}-rows-${rowsId(chunk)}` },
          successNotification: false,
          errorNotification: false,
        });
        for (const row of chunk) update(row, { status: "written" });
        setRows([...next]);
      } catch (error) {
        const errors = apiErrorsFor(mutation);
        let placed = 0;
        for (const apiError of errors) {
          const at = rowFieldOf(apiError.field);
          const row = at ? chunk[at.row] : undefined;
          if (!row) continue;
          const current = next.find((r) => r.rowNumber === row.rowNumber)!;
          const column = fieldToColumn[at!.field] ?? at!.field;
          update(current, { status: "invalid", issues: [...current.issues, { column, message: translateApiError(apiError) }] });
          placed++;
        }
        for (const row of chunk) {
          const current = next.find((r) => r.rowNumber === row.rowNumber)!;
          if (current.status !== "invalid") update(current, { status: "pending" });
        }
        setRows([...next]);
        const range = { from: chunk[0]!.rowNumber, to: chunk[chunk.length - 1]!.rowNumber };
        if (!errors.length) {
          // No answer (a dropped connection): the chunk may have been written. Running it again
          // sends the same key, so the server answers with what it did, never writing twice.
          setStopped(t("import.noAnswer", range));
        } else {
          const reason = placed ? t("import.stoppedRows", { count: placed }) : errors.map(translateApiError).join("；");
          setStopped(t("import.stopped", { ...range, reason }));
        }
        break;
      }
    }
    setWriting(false);
    await invalidate({ resource, invalidates: ["list"] });
  };

  const confirmRun = () => {
    if (counts.invalid) {
      modal.confirm({
        title: t("import.confirmSkip.title"),
        content: t("import.confirmSkip.content", { invalid: counts.invalid, valid: counts.valid }),
        onOk: run,
      });
    } else run();
  };

  const statusTag = (status: RowStatus) => {
    const color = { valid: "green", invalid: "red", written: "blue", pending: "orange" }[status];
    return <Tag color={color}>{t(`import.status.${status}`)}</Tag>;
  };

  const shown = (rows ?? []).filter((r) => !onlyIssues || r.status === "invalid" || r.status === "pending");
  const toWrite = counts.valid;
  const percent = counts.total ? Math.round(((counts.written) / (counts.written + toWrite || 1)) * 100) : 0;

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid={`${resource}-import`}>
      <Card size="small" title={t("import.step1")}>
        <Space direction="vertical">
          <Typography.Text type="secondary">{t("import.templateHint", { columns: columns.filter((c) => c.required).map((c) => t(c.labelKey)).join("、") })}</Typography.Text>
          <Button icon={<DownloadOutlined />} onClick={template} data-testid="import-template">
            {t("import.downloadTemplate")}
          </Button>
        </Space>
      </Card>
      <Card size="small" title={t("import.step2")}>
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          disabled={writing}
          beforeUpload={(file) => {
            void load(file);
            return false;
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{fileName ?? t("import.dropHint")}</p>
          <p className="ant-upload-hint">{t("import.dropNote")}</p>
        </Upload.Dragger>
        {checking && <Progress percent={100} status="active" showInfo={false} />}
        {problem && <Alert type="error" showIcon message={problem} style={{ marginTop: 12 }} data-testid="import-problem" />}
      </Card>
      {rows && (
        <Card
          size="small"
          title={t("import.step3")}
          extra={
            <Space>
              <Switch checked={onlyIssues} onChange={setOnlyIssues} /> {t("import.onlyIssues")}
            </Space>
          }
        >
          <Space size="large" wrap style={{ marginBottom: 12 }}>
            <Statistic title={t("import.counts.total")} value={counts.total} />
            <Statistic title={t("import.counts.valid")} value={counts.valid} valueStyle={{ color: "#389e0d" }} />
            <Statistic title={t("import.counts.invalid")} value={counts.invalid} valueStyle={{ color: counts.invalid ? "#cf1322" : undefined }} />
            <Statistic title={t("import.counts.written")} value={counts.written} valueStyle={{ color: "#1677ff" }} />
          </Space>
          <Table<ImportRow<T>>
            dataSource={shown}
            rowKey="rowNumber"
            size="small"
            scroll={{ x: 900 }}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            data-testid="import-report"
            columns={[
              { dataIndex: "rowNumber", title: t("import.row"), width: 70 },
              { dataIndex: "status", title: t("import.statusTitle"), width: 100, render: statusTag },
              ...props.summaryColumns.map((key) => ({
                key,
                title: label(key),
                // Dates, numbers and codes on one line ("2026-11-29", never "2026-11-/29").
                onCell: () => ({ style: /(On|Date|idNumber|Id|Code)$/.test(key) ? { whiteSpace: "nowrap" as const } : {} }),
                render: (_: unknown, r: ImportRow<T>) => r.raw[key] || "—",
              })),
              ...(props.matchedColumns ?? []).map(({ key, labelKey }) => ({
                key: `matched-${key}`,
                title: t(labelKey),
                render: (_: unknown, r: ImportRow<T>) => <span data-testid={`matched-${key}`}>{r.matched?.[key] ?? "—"}</span>,
              })),
              {
                key: "issues",
                title: t("import.issues"),
                render: (_: unknown, r: ImportRow<T>) => (
                  <Space direction="vertical" size={0}>
                    {r.issues.map((issue, i) => (
                      <Typography.Text type="danger" key={i}>
                        {issue.column ? `${label(issue.column)}：` : ""}
                        {issue.message}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {rows && (
        <Card size="small" title={t("import.step4")}>
          <Space direction="vertical" style={{ width: "100%" }}>
            {(writing || counts.written > 0) && <Progress percent={percent} status={writing ? "active" : stopped ? "exception" : "normal"} data-testid="import-progress" />}
            {stopped && <Alert type="error" showIcon message={stopped} data-testid="import-stopped" />}
            {!writing && counts.written > 0 && !toWrite && !stopped && (
              <Alert type="success" showIcon message={t("import.done", { count: counts.written })} data-testid="import-done" />
            )}
            <Button type="primary" icon={<UploadOutlined />} disabled={!toWrite || writing} loading={writing} onClick={confirmRun} data-testid="import-run">
              {stopped ? t("import.continue", { count: toWrite }) : t("import.run", { count: toWrite })}
            </Button>
            <Typography.Text type="secondary">{t("import.atomicNote", { size: chunkSize })}</Typography.Text>
          </Space>
        </Card>
      )}
    </Space>
  );
};
