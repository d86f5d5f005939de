import type { Workbook } from "exceljs";
import { saveBlob } from "./download";
import { dateFromCell } from "./excel-dates";

/** exceljs is large: loaded only when a page reads or writes a workbook. */
const loadExcelJS = async () => {
  const module = (await import("exceljs")) as unknown as { default?: typeof import("exceljs") } & typeof import("exceljs");
  return module.default ?? module;
};

export interface SheetColumn {
  key: string;
  header: string;
  width?: number;
  /** Allowed values, offered as an in-cell drop-down list. */
  list?: string[];
  /** Cells kept as text (ID numbers, phones, codes) so that Excel does not turn them into numbers. */
  text?: boolean;
  note?: string;
}

/** A template: one header row, example rows, text columns and drop-down lists, frozen header. */
export const downloadTemplate = async (fileName: string, sheetName: string, columns: SheetColumn[], examples: Record<string, string | number>[]) => {
  const ExcelJS = await loadExcelJS();
  const workbook: Workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16, style: c.text ? { numFmt: "@" } : {} }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: "FFFFFFFF" } };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFC8102E" } };
  columns.forEach((c, i) => {
    if (c.note) header.getCell(i + 1).note = c.note;
  });
  for (const example of examples) sheet.addRow(example);
  const lists = workbook.addWorksheet("lists", { state: "hidden" });
  columns.forEach((c, i) => {
    if (!c.list?.length) return;
    const letter = lists.getColumn(i + 1).letter;
    c.list.forEach((value, j) => (lists.getCell(`${letter}${j + 1}`).value = value));
    const target = sheet.getColumn(i + 1).letter;
    for (let row = 2; row <= 5001; row++) {
      sheet.getCell(`${target}${row}`).dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [`lists!$${letter}$1:$${letter}$${c.list.length}`],
      };
    }
  });
  const buffer = await workbook.xlsx.writeBuffer();
  saveBlob(new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), fileName);
};

/** A sheet of rows as shown (labels, not codes), with a styled, frozen header: the lists' exports. */
export const downloadSheet = async (fileName: string, sheetName: string, columns: SheetColumn[], rows: Record<string, string | number | null | undefined>[]) => {
  const ExcelJS = await loadExcelJS();
  const workbook: Workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16, style: c.text ? { numFmt: "@" } : {} }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: "FFFFFFFF" } };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFC8102E" } };
  for (const row of rows) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const buffer = await workbook.xlsx.writeBuffer();
  saveBlob(new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), fileName);
};

export interface SheetRow {
  /** 1-based row number in the sheet, as the user sees it in Excel. */
  rowNumber: number;
  values: Record<string, string>;
  /** Columns whose cell held a number too long to be exact (e.g. an ID number typed as a number). */
  inexact: string[];
}

/**
 * Cell value → text: date cells as YYYY-MM-DD, numbers as written (a date column reads a bare
 * Excel day number as a date: see parseSheetDate), rich text joined, formulas by their result.
 */
const cellText = (value: unknown): { text: string; inexact: boolean } => {
  if (value === null || value === undefined) return { text: "", inexact: false };
  if (value instanceof Date) return { text: dateFromCell(value), inexact: false };
  if (typeof value === "number") return { text: String(value), inexact: !Number.isSafeInteger(value) && Number.isInteger(value) };
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; text?: string; result?: unknown; hyperlink?: string };
    if (v.richText) return { text: v.richText.map((r) => r.text).join(""), inexact: false };
    if (v.result !== undefined) return cellText(v.result);
    if (typeof v.text === "string") return { text: v.text, inexact: false };
  }
  return { text: String(value), inexact: false };
};

/**
 * Reads the first sheet: the header row is matched against each column's accepted names
 * (header in any language, or key); rows without any value are skipped.
 */
export const readSheet = async (
  file: File,
  columns: { key: string; names: string[] }[],
): Promise<{ rows: SheetRow[]; missingColumns: string[] }> => {
  const ExcelJS = await loadExcelJS();
  const workbook: Workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await file.arrayBuffer());
  const sheet = workbook.worksheets.find((s) => s.state !== "hidden") ?? workbook.worksheets[0];
  if (!sheet) return { rows: [], missingColumns: columns.map((c) => c.key) };
  const normalize = (s: string) => s.replace(/[\s*＊（）()]/g, "").toLowerCase();
  const byName = new Map<string, string>();
  for (const c of columns) for (const name of [c.key, ...c.names]) byName.set(normalize(name), c.key);
  const positions = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, col) => {
    const key = byName.get(normalize(cellText(cell.value).text));
    if (key) positions.set(col, key);
  });
  const found = new Set(positions.values());
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    const inexact: string[] = [];
    for (const [col, key] of positions) {
      const { text, inexact: lost } = cellText(row.getCell(col).value);
      values[key] = text.trim();
      if (lost) inexact.push(key);
    }
    if (Object.values(values).some((v) => v !== "")) rows.push({ rowNumber, values, inexact });
  });
  return { rows, missingColumns: columns.map((c) => c.key).filter((k) => !found.has(k)) };
};
