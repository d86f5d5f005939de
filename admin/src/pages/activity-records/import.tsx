import { List } from "@refinedev/antd";
import { useDataProvider, useTranslate } from "@refinedev/core";
import { Alert } from "antd";
import { ImportWizard, type ImportColumn, type ImportRow } from "../../components/import-wizard";
import { enumLabels, RowReader } from "../../lib/import-values";
import { type Found, organizationsByCode } from "../../lib/lookups";
import { matchedMemberLabel, matchMembers, memberReferenceColumns, readMemberReference } from "../../lib/member-reference";
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
  ...memberReferenceColumns(f("occurredOn")),
  { key: "kind", labelKey: f("kind"), required: true, list: enumLabels("ActivityKind"), example: enumLabels("ActivityKind")[1]!, width: 14 },
  { key: "title", labelKey: f("title"), required: true, example: "主题党日：学习党章", width: 28 },
  { key: "organizationCode", labelKey: "activityRecords.importPage.organizationCode", required: true, text: true, example: "CD-DMZ-DY", width: 16 },
  { key: "hours", labelKey: f("hours"), example: "0", width: 8 },
  { key: "points", labelKey: f("points"), example: "2", width: 8 },
];

const parse = (raw: Record<string, string>, inexact: string[]) => {
  const r = new RowReader(raw);
  const reference = readMemberReference(r, inexact);
  const value: NewActivity = {
    ...reference,
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
    const organizationOf = new Map<ImportRow<NewActivity>, Found | undefined>();
    for (const row of rows) {
      const code = row.value?.organizationCode;
      if (!code) continue;
      organizationOf.set(row, organizations.get(code));
      if (!organizations.get(code)) row.issues.push({ column: "organizationCode", message: t("import.errors.unknownOrganization") });
    }
    const members = await matchMembers(provider, rows, t);
    for (const row of rows) {
      if (!row.value) continue;
      const { idNumber: _idNumber, organizationCode: _code, ...rest } = row.value;
      const member = members.get(row);
      const organization = organizationOf.get(row);
      row.matched = { member: matchedMemberLabel(t, member), organization: organization?.name ?? "—" };
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
