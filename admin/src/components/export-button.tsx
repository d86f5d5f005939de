import { FileExcelOutlined } from "@ant-design/icons";
import { type BaseRecord, type CrudFilters, type CrudSorting, useDataProvider, useNotification, useTranslate } from "@refinedev/core";
import { Button } from "antd";
import type { DocumentNode } from "graphql";
import { useState } from "react";
import { downloadSheet } from "../lib/excel";

/** The API's page-size cap: an export reads the list in pages of this many. */
const PAGE = 500;

export interface ExportColumn<T> {
  key: string;
  header: string;
  width?: number;
  /** Codes and numbers kept as text (ID numbers, phones). */
  text?: boolean;
  value: (row: T) => string | number | null | undefined;
}

interface Props<T> {
  resource: string;
  /** The list query, selecting what the columns show; it runs exactly as the list's own. */
  gqlQuery: DocumentNode;
  /** The list's filters and sorting in force (Refine `useTable`): the export is what the list shows. */
  filters: CrudFilters;
  sorters: CrudSorting;
  columns: ExportColumn<T>[];
  fileName: string;
  sheetName: string;
}

/**
 * 导出 Excel of a list's current filter: every page of the list query through the stock provider
 * (so the API applies the caller's scope and masking exactly as on screen), then one .xlsx.
 */
export const ExportButton = <T extends BaseRecord>({ resource, gqlQuery, filters, sorters, columns, fileName, sheetName }: Props<T>) => {
  const t = useTranslate();
  const provider = useDataProvider()();
  const { open } = useNotification();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const rows: T[] = [];
      for (let page = 1; ; page++) {
        const { data, total } = await provider.getList<T>({ resource, filters, sorters, pagination: { currentPage: page, pageSize: PAGE }, meta: { gqlQuery } });
        rows.push(...data);
        if (!data.length || rows.length >= total) break;
      }
      await downloadSheet(
        fileName,
        sheetName,
        columns.map(({ key, header, width, text }) => ({ key, header, width, text })),
        rows.map((row) => Object.fromEntries(columns.map((column) => [column.key, column.value(row) ?? ""]))),
      );
      open?.({ key: "export", type: "success", message: t("export.done", { count: rows.length }) });
    } catch (error) {
      open?.({ key: "export", type: "error", description: t("export.failed"), message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<FileExcelOutlined />} onClick={run} loading={busy} data-testid="list-export">
      {t("export.button")}
    </Button>
  );
};
