import { List } from "@refinedev/antd";
import { useDataProvider, useTranslate } from "@refinedev/core";
import { Alert } from "antd";
import dayjs from "dayjs";
import { ImportWizard, type ImportColumn, type ImportRow } from "../../components/import-wizard";
import { i18n } from "../../i18n";
import { enumLabels, RowReader } from "../../lib/import-values";
import { type Found, membersById, membersByIdNumber, organizationsByCode } from "../../lib/lookups";
import { parseNationalId } from "../../lib/national-id";
import { ACTIVITY_RECORDS_CREATE_MANY_MUTATION } from "./queries";

interface NewActivity {
  memberId?: string;
  idNumber?: string;
  organizationCode?: string;
  organizationId?: string;
  kind?: string;
  occurredOn?: string;
  title?: string;
  hours?: number;
  points?: number;
  source: "import";
}

const f = (name: string) => `activityRecords.fields.${name}`;

const columns = (): ImportColumn[] => [
  { key: "idNumber", labelKey: "activityRecords.importPage.idNumber", text: true, example: "510104199001011230", width: 22, noteKey: "activityRecords.importPage.notes.member" },
  { key: "memberId", labelKey: "activityRecords.importPage.memberId", text: true, example: "", width: 12 },
  { key: "name", labelKey: "activityRecords.importPage.name", example: "张三", width: 10 },
  { key: "occurredOn", labelKey: f("occurredOn"), required: true, text: true, example: dayjs().subtract(1, "day").format("YYYY-MM-DD"), width: 12 },
  { key: "kind", labelKey: f("kind"), required: true, list: enumLabels("ActivityKind"), example: enumLabels("ActivityKind")[1]!, width: 14 },
  { key: "title", labelKey: f("title"), required: true, example: "主题党日：学习党章", width: 28 },
  { key: "organizationCode", labelKey: "activityRecords.importPage.organizationCode", required: true, text: true, example: "CD-DMZ-DY", width: 16 },
  { key: "hours", labelKey: f("hours"), example: "0", width: 8 },
  { key: "points", labelKey: f("points"), example: "2", width: 8 },
];

const parse = (raw: Record<string, string>, inexact: string[]) => {
  const r = new RowReader(raw);
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
  if (occurredOn && occurredOn > dayjs().format("YYYY-MM-DD")) r.add("occurredOn", i18n.t("errors.fieldReasons.occurredOn_DATE_ORDER"));
  const value: NewActivity = {
    memberId,
    idNumber,
    occurredOn,
    kind: r.enumValue("kind", "ActivityKind", true),
    title: r.text("title", true, 200),
    organizationCode: r.text("organizationCode", true, 50),
    hours: r.number("hours", { min: 0, max: 24 }) ?? 0,
    points: r.number("points", { min: 0, max: 1000, integer: true }) ?? 0,
    source: "import",
  };
  return { value, issues: r.issues };
};

export const ActivityRecordImport = () => {
  const t = useTranslate();
  const provider = useDataProvider()();

  /**
   * Whom and where each row names, in batches: 党员编号 by id, 身份证号 through the keyed hash,
   * codes to organisations. The check name must be that member's name; every row shows whom it matched.
   */
  const resolve = async (rows: ImportRow<NewActivity>[]) => {
    const values = rows.map((r) => r.value).filter((v): v is NewActivity => !!v);
    const organizations = await organizationsByCode(provider, values.map((v) => v.organizationCode).filter((c): c is string => !!c));
    const byId = await membersById(provider, values.map((v) => v.memberId).filter((id): id is string => !!id));
    const byIdNumber = await membersByIdNumber(provider, values.map((v) => v.idNumber).filter((n): n is string => !!n));
    const sameName = (a: string, b: string) => a.replace(/\s/g, "") === b.replace(/\s/g, "");
    for (const row of rows) {
      const v = row.value;
      if (!v) continue;
      const { idNumber, organizationCode, ...rest } = v;
      const organization = organizationCode ? organizations.get(organizationCode) : undefined;
      if (organizationCode && !organization) row.issues.push({ column: "organizationCode", message: t("import.errors.unknownOrganization") });
      let member: Found | undefined;
      if (v.memberId && /^\d+$/.test(v.memberId)) {
        member = byId.get(v.memberId);
        if (!member) row.issues.push({ column: "memberId", message: t("import.errors.unknownMemberId") });
      }
      if (idNumber) {
        const holder = byIdNumber.get(idNumber);
        if (!holder) row.issues.push({ column: "idNumber", message: t("import.errors.unknownMember") });
        else if (member && holder.id !== member.id) row.issues.push({ column: "memberId", message: t("activityRecords.importPage.errors.otherPerson", { name: holder.name }) });
        else member = holder;
      }
      if (member) {
        const check = row.raw.name?.trim();
        if (check && !sameName(check, member.name)) {
          row.issues.push({ column: "name", message: t("activityRecords.importPage.errors.nameMismatch", { name: member.name }) });
        } else if (!check && !idNumber) {
          // A mistyped number is another member's number: keyed by 党员编号, the name must confirm it.
          row.issues.push({ column: "name", message: t("activityRecords.importPage.errors.nameRequired") });
        }
      }
      row.matched = {
        member: member ? t("activityRecords.importPage.matchedMember", { name: member.name, id: member.id }) : "—",
        organization: organization?.name ?? "—",
      };
      row.value = { ...rest, memberId: member?.id, organizationId: organization?.id };
    }
  };

  return (
    <List title={t("activityRecords.importPage.title")} breadcrumb={false}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("activityRecords.importPage.intro")} />
      <ImportWizard<NewActivity>
        resource="activityRecords"
        mutation={ACTIVITY_RECORDS_CREATE_MANY_MUTATION}
        chunkSize={5000}
        columns={columns()}
        examples={[Object.fromEntries(columns().map((c) => [c.key, c.example]))]}
        templateFileName={t("activityRecords.importPage.templateFile")}
        sheetName={t("activityRecords.activityRecords")}
        parse={parse}
        resolve={resolve}
        fieldToColumn={{ organizationId: "organizationCode" }}
        summaryColumns={["idNumber", "memberId", "name", "occurredOn", "title"]}
        matchedColumns={[
          { key: "member", labelKey: "activityRecords.importPage.matched.member" },
          { key: "organization", labelKey: "activityRecords.importPage.matched.organization" },
        ]}
      />
    </List>
  );
};
