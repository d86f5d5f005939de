import { List } from "@refinedev/antd";
import { useDataProvider, useTranslate } from "@refinedev/core";
import { Alert } from "antd";
import dayjs from "dayjs";
import { ImportWizard, type ImportColumn, type ImportRow } from "../../components/import-wizard";
import { i18n } from "../../i18n";
import { enumLabels, RowReader } from "../../lib/import-values";
import { membersByIdNumber, organizationIdsByCode } from "../../lib/lookups";
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

  const resolve = async (rows: ImportRow<NewActivity>[]) => {
    const organizations = await organizationIdsByCode(
      provider,
      rows.map((r) => r.value?.organizationCode).filter((c): c is string => !!c),
    );
    const members = await membersByIdNumber(
      provider,
      rows.filter((r) => !r.value?.memberId).map((r) => r.value?.idNumber).filter((v): v is string => !!v),
    );
    for (const row of rows) {
      const v = row.value;
      if (!v) continue;
      const { idNumber, organizationCode, ...rest } = v;
      const organizationId = organizationCode ? organizations.get(organizationCode) : undefined;
      if (organizationCode && !organizationId) row.issues.push({ column: "organizationCode", message: t("import.errors.unknownOrganization") });
      let memberId = v.memberId;
      if (!memberId && idNumber) {
        const member = members.get(idNumber);
        if (!member) row.issues.push({ column: "idNumber", message: t("import.errors.unknownMember") });
        else {
          memberId = member.id;
          if (row.raw.name && row.raw.name !== member.name) {
            row.issues.push({ column: "name", message: t("activityRecords.importPage.errors.nameMismatch", { name: member.name }) });
          }
        }
      }
      row.value = { ...rest, memberId, organizationId };
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
        summaryColumns={["idNumber", "name", "occurredOn", "title"]}
      />
    </List>
  );
};
