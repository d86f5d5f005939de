import { List } from "@refinedev/antd";
import { useDataProvider, useTranslate } from "@refinedev/core";
import { Alert } from "antd";
import { ImportWizard, type ImportColumn, type ImportRow } from "../../components/import-wizard";
import { enumLabels, RowReader } from "../../lib/import-values";
import { matchedMemberLabel, matchMembers, memberReferenceColumns, readMemberReference } from "../../lib/member-reference";
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
  ...memberReferenceColumns(f("occurredOn")),
  { key: "kind", labelKey: f("kind"), required: true, list: enumLabels("ContactKind"), example: enumLabels("ContactKind")[0]!, width: 14 },
  { key: "channel", labelKey: f("channel"), list: enumLabels("ContactChannel"), example: enumLabels("ContactChannel")[1]!, width: 10 },
  { key: "heldBy", labelKey: f("heldBy"), required: true, example: "李明（支委委员）", width: 16 },
  { key: "notes", labelKey: f("notes"), example: "了解工作和思想状况", width: 28 },
  { key: "followUp", labelKey: f("followUp"), example: "", width: 20 },
];

const parse = (raw: Record<string, string>, inexact: string[]) => {
  const r = new RowReader(raw);
  const reference = readMemberReference(r, inexact);
  const value: NewContact = {
    ...reference,
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
    const members = await matchMembers(provider, rows, t);
    for (const row of rows) {
      if (!row.value) continue;
      const { idNumber: _idNumber, ...rest } = row.value;
      const member = members.get(row);
      row.matched = { member: matchedMemberLabel(t, member) };
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
