import { List } from "@refinedev/antd";
import { useDataProvider, useTranslate } from "@refinedev/core";
import { Alert } from "antd";
import dayjs from "dayjs";
import { ImportWizard, type ImportColumn, type ImportRow } from "../../components/import-wizard";
import { i18n } from "../../i18n";
import { enumLabels, RowReader } from "../../lib/import-values";
import { type Found, membersById, membersByIdNumber } from "../../lib/lookups";
import { parseNationalId } from "../../lib/national-id";
import { CONTACT_RECORDS_CREATE_MANY_MUTATION } from "./queries";

interface NewContact {
  memberId?: string;
  idNumber?: string;
  kind?: string;
  channel?: string;
  occurredOn?: string;
  heldBy?: string;
  notes?: string;
  followUp?: string;
  source: "import";
}

const f = (name: string) => `contactRecords.fields.${name}`;

const columns = (): ImportColumn[] => [
  { key: "idNumber", labelKey: "activityRecords.importPage.idNumber", text: true, example: "510104199001011230", width: 22, noteKey: "activityRecords.importPage.notes.member" },
  { key: "memberId", labelKey: "activityRecords.importPage.memberId", text: true, example: "", width: 12 },
  { key: "name", labelKey: "activityRecords.importPage.name", example: "张三", width: 10 },
  { key: "occurredOn", labelKey: f("occurredOn"), required: true, text: true, example: dayjs().subtract(1, "day").format("YYYY-MM-DD"), width: 12 },
  { key: "kind", labelKey: f("kind"), required: true, list: enumLabels("ContactKind"), example: enumLabels("ContactKind")[0]!, width: 14 },
  { key: "channel", labelKey: f("channel"), list: enumLabels("ContactChannel"), example: enumLabels("ContactChannel")[1]!, width: 10 },
  { key: "heldBy", labelKey: f("heldBy"), required: true, example: "李明（支委委员）", width: 16 },
  { key: "notes", labelKey: f("notes"), example: "了解工作和思想状况", width: 28 },
  { key: "followUp", labelKey: f("followUp"), example: "", width: 20 },
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
  const value: NewContact = {
    memberId,
    idNumber,
    occurredOn,
    kind: r.enumValue("kind", "ContactKind", true),
    channel: r.enumValue("channel", "ContactChannel", false) ?? "IN_PERSON",
    heldBy: r.text("heldBy", true, 100),
    notes: r.text("notes", false, 2000),
    followUp: r.text("followUp", false, 2000),
    source: "import",
  };
  return { value, issues: r.issues };
};

/** 从 Excel 批量导入联系记录: the same wizard as activity records, members by ID number or 党员编号 checked by name. */
export const ContactRecordImport = () => {
  const t = useTranslate();
  const provider = useDataProvider()();

  const resolve = async (rows: ImportRow<NewContact>[]) => {
    const values = rows.map((r) => r.value).filter((v): v is NewContact => !!v);
    const byId = await membersById(provider, values.map((v) => v.memberId).filter((id): id is string => !!id));
    const byIdNumber = await membersByIdNumber(provider, values.map((v) => v.idNumber).filter((n): n is string => !!n));
    const sameName = (a: string, b: string) => a.replace(/\s/g, "") === b.replace(/\s/g, "");
    for (const row of rows) {
      const v = row.value;
      if (!v) continue;
      const { idNumber, ...rest } = v;
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
        if (check && !sameName(check, member.name)) row.issues.push({ column: "name", message: t("activityRecords.importPage.errors.nameMismatch", { name: member.name }) });
        else if (!check && !idNumber) row.issues.push({ column: "name", message: t("activityRecords.importPage.errors.nameRequired") });
      }
      row.matched = { member: member ? t("activityRecords.importPage.matchedMember", { name: member.name, id: member.id }) : "—" };
      row.value = { ...rest, memberId: member?.id };
    }
  };

  return (
    <List title={t("contactRecords.importPage.title")} breadcrumb={false}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("contactRecords.importPage.intro")} />
      <ImportWizard<NewContact>
        resource="contactRecords"
        mutation={CONTACT_RECORDS_CREATE_MANY_MUTATION}
        chunkSize={5000}
        columns={columns()}
        examples={[Object.fromEntries(columns().map((c) => [c.key, c.example]))]}
        templateFileName={t("contactRecords.importPage.templateFile")}
        sheetName={t("contactRecords.contactRecords")}
        parse={parse}
        resolve={resolve}
        summaryColumns={["idNumber", "memberId", "name", "occurredOn", "kind"]}
        matchedColumns={[{ key: "member", labelKey: "activityRecords.importPage.matched.member" }]}
      />
    </List>
  );
};
