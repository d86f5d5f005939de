import { i18n } from "../i18n";
import { parseSheetDate } from "./excel-dates";
import { ENUMS, type EnumName } from "./enums";
import type { RowIssue } from "../components/import-wizard";

/** An enum value from a cell: its code, or its label in either language. */
export const enumFromText = (name: EnumName, text: string): string | undefined => {
  const wanted = text.trim();
  if (!wanted) return undefined;
  for (const value of ENUMS[name] as readonly string[]) {
    if (value === wanted.toUpperCase()) return value;
    for (const lng of ["zh-CN", "en"]) {
      if (i18n.t(`enums.${name}.${value}`, { lng }).toLowerCase() === wanted.toLowerCase()) return value;
    }
  }
  return undefined;
};

/** Labels of an enum in the current language, for template drop-downs. */
export const enumLabels = (name: EnumName): string[] => (ENUMS[name] as readonly string[]).map((v) => i18n.t(`enums.${name}.${v}`));

/** Collects issues while reading one row's cells. */
export class RowReader {
  issues: RowIssue[] = [];
  constructor(private raw: Record<string, string>) {}

  text(column: string, required = false, max = 200): string | undefined {
    const value = this.raw[column]?.trim() ?? "";
    if (!value) {
      if (required) this.issues.push({ column, message: i18n.t("import.errors.required") });
      return undefined;
    }
    if (value.length > max) this.issues.push({ column, message: i18n.t("import.errors.tooLong", { max }) });
    return value;
  }

  /** A date cell, or a date typed in one of the usual forms (see parseSheetDate). */
  date(column: string, required = false): string | undefined {
    const value = this.text(column, required);
    if (value === undefined) return undefined;
    const date = parseSheetDate(value);
    if (!date) this.issues.push({ column, message: i18n.t("import.errors.date") });
    return date ?? undefined;
  }

  enumValue(column: string, name: EnumName, required = false): string | undefined {
    const value = this.text(column, required);
    if (value === undefined) return undefined;
    const parsed = enumFromText(name, value);
    if (!parsed) this.issues.push({ column, message: i18n.t("import.errors.notInList", { allowed: enumLabels(name).join("、") }) });
    return parsed;
  }

  number(column: string, options: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const n = Number(value);
    const bad =
      !Number.isFinite(n) ||
      (options.integer && !Number.isInteger(n)) ||
      (options.min !== undefined && n < options.min) ||
      (options.max !== undefined && n > options.max);
    if (bad) {
      this.issues.push({ column, message: i18n.t("import.errors.number", { min: options.min ?? "-∞", max: options.max ?? "∞" }) });
      return undefined;
    }
    return n;
  }

  add(column: string | undefined, message: string) {
    this.issues.push({ column, message });
  }
}
