import type { DataProvider, useTranslate } from "@refinedev/core";
import dayjs from "dayjs";
import { ledgerToday } from "./dates";
import type { ImportColumn, ImportRow } from "../components/import-wizard";
import { i18n } from "../i18n";
import type { RowReader } from "./import-values";
import { type Found, membersById, membersByIdNumber } from "./lookups";
import { parseNationalId } from "./national-id";

/**
 * How an imported record names its member (activity and contact records alike): by 身份证号 or by
 * 党员编号, the latter confirmed by the member's name; and the date it happened, not in the future.
 */

export interface MemberReference {
  memberId?: string;
  idNumber?: string;
}

/** The columns naming the member, then the date (`occurredOn`, labelled with `occurredOnLabelKey`). */
export const memberReferenceColumns = (occurredOnLabelKey: string): ImportColumn[] => [
  { key: "idNumber", labelKey: "activityRecords.importPage.idNumber", text: true, example: "510104199001011230", width: 22, noteKey: "activityRecords.importPage.notes.member" },
  { key: "memberId", labelKey: "activityRecords.importPage.memberId", text: true, example: "", width: 12 },
  { key: "name", labelKey: "activityRecords.importPage.name", example: "张三", width: 10 },
  { key: "occurredOn", labelKey: occurredOnLabelKey, required: true, text: true, example: dayjs(ledgerToday()).subtract(1, "day").format("YYYY-MM-DD"), width: 12 },
];

/** Reads those cells of one row, noting what is wrong with them. */
export function readMemberReference(r: RowReader, inexact: string[]): MemberReference & { occurredOn?: string } {
  const idText = r.text("idNumber", false, 18);
  const memberId = r.text("memberId", false, 20);
  let idNumber: string | undefined;
  if (inexact.includes("idNumber")) r.add("idNumber", i18n.t("import.errors.numberCell"));
  else if (idText) {
    const parsed = parseNationalId(idText);
    if (typeof parsed === "string") r.add("idNumber", i18n.t(`validation.nationalId.${parsed}`));
    else idNumber = parsed.value;
  }
  if (!idText && !memberId) r.add("idNumber", i18n.t("activityRecords.importPage.errors.noMember"));
  if (memberId && !/^\d+$/.test(memberId)) r.add("memberId", i18n.t("errors.reasons.INVALID_ID"));
  const occurredOn = r.date("occurredOn", true);
  if (occurredOn && occurredOn > ledgerToday()) r.add("occurredOn", i18n.t("errors.fieldReasons.occurredOn_DATE_ORDER"));
  return { memberId, idNumber, occurredOn };
}

/**
 * The member each row names, looked up in batches (党员编号 by id, 身份证号 through the keyed hash);
 * the check name must be that member's name. Issues go on the rows; rows without a member map to undefined.
 */
export async function matchMembers<T extends MemberReference>(
  provider: DataProvider,
  rows: ImportRow<T>[],
  t: ReturnType<typeof useTranslate>,
): Promise<Map<ImportRow<T>, Found | undefined>> {
  const values = rows.map((r) => r.value).filter((v): v is T => !!v);
  const byId = await membersById(provider, values.map((v) => v.memberId).filter((id): id is string => !!id));
  const byIdNumber = await membersByIdNumber(provider, values.map((v) => v.idNumber).filter((n): n is string => !!n));
  const sameName = (a: string, b: string) => a.replace(/\s/g, "") === b.replace(/\s/g, "");
  const matched = new Map<ImportRow<T>, Found | undefined>();
  for (const row of rows) {
    const v = row.value;
    if (!v) continue;
    let member: Found | undefined;
    if (v.memberId && /^\d+$/.test(v.memberId)) {
      member = byId.get(v.memberId);
      if (!member) row.issues.push({ column: "memberId", message: t("import.errors.unknownMemberId") });
    }
    if (v.idNumber) {
      const holder = byIdNumber.get(v.idNumber);
      if (!holder) row.issues.push({ column: "idNumber", message: t("import.errors.unknownMember") });
      else if (member && holder.id !== member.id) row.issues.push({ column: "memberId", message: t("activityRecords.importPage.errors.otherPerson", { name: holder.name }) });
      else member = holder;
    }
    if (member) {
      const check = row.raw.name?.trim();
      if (check && !sameName(check, member.name)) {
        row.issues.push({ column: "name", message: t("activityRecords.importPage.errors.nameMismatch", { name: member.name }) });
      } else if (!check && !v.idNumber) {
        // A mistyped number is another member's number: keyed by 党员编号, the name must confirm it.
        row.issues.push({ column: "name", message: t("activityRecords.importPage.errors.nameRequired") });
      }
    }
    matched.set(row, member);
  }
  return matched;
}

/** What the report shows of the member a row matched. */
export const matchedMemberLabel = (t: ReturnType<typeof useTranslate>, member: Found | undefined): string =>
  member ? t("activityRecords.importPage.matchedMember", { name: member.name, id: member.id }) : "—";
