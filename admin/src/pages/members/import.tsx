import { List } from "@refinedev/antd";
import { useDataProvider, useTranslate } from "@refinedev/core";
import { Alert } from "antd";
import { i18n } from "../../i18n";
import { ImportWizard, type ImportColumn, type ImportRow } from "../../components/import-wizard";
import { enumLabels, RowReader } from "../../lib/import-values";
import { membersByIdNumber, organizationsByCode } from "../../lib/lookups";
import { parseNationalId } from "../../lib/national-id";
import { MOBILE_PHONE } from "./form";
import { MEMBERS_CREATE_MANY_MUTATION } from "./queries";

type NewMember = Record<string, unknown> & { idNumber: string; formalOrganizationId: string; inflowOrganizationId?: string };

const f = (name: string) => `members.fields.${name}`;

const columns = (): ImportColumn[] => [
  { key: "name", labelKey: f("name"), required: true, example: "张三", width: 10 },
  { key: "idNumber", labelKey: f("idNumber"), required: true, text: true, example: "510104199001011230", width: 22, noteKey: "members.importPage.notes.idNumber" },
  { key: "phone", labelKey: f("phone"), text: true, example: "13812345678", width: 14 },
  { key: "partyStanding", labelKey: f("partyStanding"), required: true, list: enumLabels("PartyStanding"), example: enumLabels("PartyStanding")[0]!, width: 12 },
  { key: "joinedOn", labelKey: f("joinedOn"), required: true, text: true, example: "2015-07-01", width: 12 },
  { key: "formalOrganizationCode", labelKey: "members.importPage.formalOrganizationCode", required: true, text: true, example: "CD-CH-JSL-01", width: 16, noteKey: "members.importPage.notes.orgCode" },
  { key: "mobilityType", labelKey: f("mobilityType"), required: true, list: enumLabels("MobilityType"), example: enumLabels("MobilityType")[0]!, width: 10 },
  { key: "outflowDate", labelKey: f("outflowDate"), required: true, text: true, example: "2024-03-01", width: 12 },
  { key: "destinationRegionCode", labelKey: f("destinationRegionCode"), required: true, text: true, example: "510104", width: 10, noteKey: "members.importPage.notes.region" },
  { key: "destinationAddress", labelKey: f("destinationAddress"), example: "", width: 24 },
  { key: "inflowOrganizationCode", labelKey: "members.importPage.inflowOrganizationCode", text: true, example: "", width: 16 },
  { key: "status", labelKey: f("status"), list: enumLabels("MemberStatus"), example: enumLabels("MemberStatus")[0]!, width: 10 },
  { key: "occupation", labelKey: f("occupation"), example: "", width: 12 },
  { key: "workUnit", labelKey: f("workUnit"), example: "", width: 20 },
  { key: "lastContactOn", labelKey: f("lastContactOn"), text: true, example: "", width: 12 },
  { key: "certificateNumber", labelKey: f("certificateNumber"), text: true, example: "", width: 16 },
  { key: "certificateIssuedOn", labelKey: f("certificateIssuedOn"), text: true, example: "", width: 12 },
  { key: "certificateExpiresOn", labelKey: f("certificateExpiresOn"), text: true, example: "", width: 12 },
  { key: "expertiseTags", labelKey: f("expertiseTags"), example: "", width: 16, noteKey: "members.importPage.notes.tags" },
  { key: "ideologicalNote", labelKey: f("ideologicalNote"), example: "", width: 24 },
];

/** One sheet row → a `CreateMember`, checked as far as the browser can (GB 11643, dates, lists). */
const parse = (raw: Record<string, string>, inexact: string[]) => {
  const r = new RowReader(raw);
  const t = (key: string, options?: Record<string, unknown>) => i18nT(key, options);
  const idText = r.text("idNumber", true, 18);
  let idNumber: string | undefined;
  if (inexact.includes("idNumber")) r.add("idNumber", t("import.errors.numberCell"));
  else if (idText) {
    const parsed = parseNationalId(idText);
    if (typeof parsed === "string") r.add("idNumber", t(`validation.nationalId.${parsed}`));
    else idNumber = parsed.value;
  }
  const phone = r.text("phone", false, 11);
  if (phone && !MOBILE_PHONE.test(phone)) r.add("phone", t("validation.phone"));
  const region = r.text("destinationRegionCode", true, 6);
  if (region && !/^\d{6}$/.test(region)) r.add("destinationRegionCode", t("validation.regionCode"));
  const value: Record<string, unknown> = {
    name: r.text("name", true, 50),
    idNumber,
    phone,
    partyStanding: r.enumValue("partyStanding", "PartyStanding", true),
    joinedOn: r.date("joinedOn", true),
    formalOrganizationCode: r.text("formalOrganizationCode", true, 50),
    mobilityType: r.enumValue("mobilityType", "MobilityType", true),
    outflowDate: r.date("outflowDate", true),
    destinationRegionCode: region,
    destinationAddress: r.text("destinationAddress"),
    inflowOrganizationCode: r.text("inflowOrganizationCode", false, 50),
    status: r.enumValue("status", "MemberStatus"),
    occupation: r.text("occupation", false, 100),
    workUnit: r.text("workUnit"),
    lastContactOn: r.date("lastContactOn"),
    certificateNumber: r.text("certificateNumber", false, 50),
    certificateIssuedOn: r.date("certificateIssuedOn"),
    certificateExpiresOn: r.date("certificateExpiresOn"),
    expertiseTags: r.text("expertiseTags", false, 500)?.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean),
    ideologicalNote: r.text("ideologicalNote", false, 2000),
  };
  for (const [key, v] of Object.entries(value)) if (v === undefined) delete value[key];
  return { value: value as NewMember, issues: r.issues };
};

const i18nT = (key: string, options?: Record<string, unknown>) => i18n.t(key, options);

export const MemberImport = () => {
  const t = useTranslate();
  const provider = useDataProvider()();

  /** Organisation codes → ids; ID numbers already in the ledger or twice in the file. */
  const resolve = async (rows: ImportRow<NewMember>[]) => {
    const codes = rows.flatMap((r) => [r.value?.formalOrganizationCode, r.value?.inflowOrganizationCode]).filter((c): c is string => typeof c === "string");
    const organizations = await organizationsByCode(provider, codes);
    const ids = rows.map((r) => r.value?.idNumber).filter((v): v is string => !!v);
    const existing = await membersByIdNumber(provider, ids);
    const firstRow = new Map<string, number>();
    for (const row of rows) {
      const v = row.value;
      if (!v) continue;
      const { formalOrganizationCode, inflowOrganizationCode, ...rest } = v as NewMember & { formalOrganizationCode?: string; inflowOrganizationCode?: string };
      const formal = formalOrganizationCode ? organizations.get(formalOrganizationCode) : undefined;
      if (formalOrganizationCode && !formal) row.issues.push({ column: "formalOrganizationCode", message: t("import.errors.unknownOrganization") });
      const inflow = inflowOrganizationCode ? organizations.get(inflowOrganizationCode) : undefined;
      if (inflowOrganizationCode && !inflow) row.issues.push({ column: "inflowOrganizationCode", message: t("import.errors.unknownOrganization") });
      if (v.idNumber) {
        const member = existing.get(v.idNumber);
        if (member) row.issues.push({ column: "idNumber", message: t("import.errors.alreadyRegistered", { name: member.name }) });
        const first = firstRow.get(v.idNumber);
        if (first) row.issues.push({ column: "idNumber", message: t("import.errors.duplicateInFile", { row: first }) });
        else firstRow.set(v.idNumber, row.rowNumber);
      }
      // Whom the row would duplicate, and where it would place the member: shown for every row.
      row.matched = {
        registered: v.idNumber ? (existing.get(v.idNumber)?.name ?? t("members.importPage.matched.new")) : "—",
        formalOrganization: formal?.name ?? "—",
        inflowOrganization: inflow?.name ?? "—",
      };
      row.value = { ...rest, formalOrganizationId: formal?.id, ...(inflow ? { inflowOrganizationId: inflow.id } : {}) } as NewMember;
    }
  };

  return (
    <List title={t("members.importPage.title")} breadcrumb={false}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("members.importPage.intro")} />
      <ImportWizard<NewMember>
        resource="members"
        mutation={MEMBERS_CREATE_MANY_MUTATION}
        chunkSize={500}
        columns={columns()}
        examples={[Object.fromEntries(columns().map((c) => [c.key, c.example]))]}
        templateFileName={t("members.importPage.templateFile")}
        sheetName={t("members.members")}
        parse={parse}
        resolve={resolve}
        fieldToColumn={{ formalOrganizationId: "formalOrganizationCode", inflowOrganizationId: "inflowOrganizationCode" }}
        summaryColumns={["name", "idNumber", "formalOrganizationCode"]}
        matchedColumns={[
          { key: "registered", labelKey: "members.importPage.matched.registered" },
          { key: "formalOrganization", labelKey: "members.importPage.matched.formalOrganization" },
          { key: "inflowOrganization", labelKey: "members.importPage.matched.inflowOrganization" },
        ]}
      />
    </List>
  );
};
