import { useTranslate } from "@refinedev/core";
import { Table } from "antd";
import { useAgreements, useOrganizationTree, useRegionName } from "../../components/pickers";
import { i18n } from "../../i18n";
import { formatDateTime } from "../../lib/dates";
import type { EnumName } from "../../lib/enums";
import type { Subject } from "./subjects";

/** Where each audited entity's field labels live in the console's texts. */
const FIELD_LABELS: Record<string, string> = {
  Member: "members.fields",
  Organization: "organizations.fields",
  Agreement: "agreements.fields",
  ActivityRecord: "activityRecords.fields",
  AnnualFeedback: "annualFeedbacks.fields",
  ApiToken: "apiTokens.fields",
  AdminUser: "adminUsers.fields",
};

/** Stored names that the forms call otherwise. */
const ALIASES: Record<string, string> = { idNumberMasked: "idNumber", phoneMasked: "phone" };

const ENUM_FIELDS: Record<string, EnumName> = {
  mobilityType: "MobilityType",
  partyStanding: "PartyStanding",
  gender: "Gender",
  level: "OrganizationLevel",
  direction: "AgreementDirection",
  suggestedGrade: "EvaluationGrade",
  finalGrade: "EvaluationGrade",
  duesStatus: "DuesStatus",
  recipient: "FeedbackRecipient",
  role: "AdminRole",
  scopes: "TokenScope",
};
const ENUM_BY_ENTITY: Record<string, Record<string, EnumName>> = {
  status: { Member: "MemberStatus", Agreement: "AgreementStatus", AnnualFeedback: "FeedbackStatus" },
  kind: { Organization: "OrganizationKind", ActivityRecord: "ActivityKind" },
};
const ORGANIZATION_FIELDS = new Set(["formalOrganization", "inflowOrganization", "organization", "parent", "ancestorIds", "hostOrganization", "fromOrganization", "toOrganization"]);
const AGREEMENT_FIELDS = new Set(["agreement", "agreementId"]);
const REGION_FIELD = /RegionCode$|^regionCode$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export const fieldLabel = (entity: string, key: string): string => {
  const name = ALIASES[key] ?? key;
  const own = FIELD_LABELS[entity];
  for (const candidate of [own && `${own}.${name}`, `auditEvents.changeFields.${name}`]) {
    if (candidate && i18n.exists(candidate)) return i18n.t(candidate);
  }
  return key;
};

interface ChangeRow {
  key: string;
  field: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The rows of a change, whatever its shape: `{field: {before, after}}` (writes), `{after: {...}}`
 * (a token issued), or plain facts (`{agreementId, year, created}` of a draft generation, `{ids}` of a read).
 */
const rowsOf = (changes: Record<string, unknown>): { rows: ChangeRow[]; facts: boolean } => {
  const entries = Object.entries(changes);
  const isPair = (value: unknown) => !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).every((k) => k === "before" || k === "after");
  if (entries.length && entries.every(([, value]) => isPair(value))) {
    return { rows: entries.map(([key, value]) => ({ key, field: key, ...(value as { before?: unknown; after?: unknown }) })), facts: false };
  }
  if (entries.length === 1 && (entries[0]![0] === "after" || entries[0]![0] === "before") && isPlainObject(entries[0]![1])) {
    const [side, snapshot] = entries[0]! as [string, Record<string, unknown>];
    return { rows: Object.entries(snapshot).map(([key, value]) => ({ key, field: key, [side]: value })), facts: false };
  }
  return { rows: entries.map(([key, value]) => ({ key, field: key, after: value })), facts: true };
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** A before/after table of one event's change, with the console's labels, enum names, China time and names for ids. */
export const AuditChanges = ({ entity, changes, member }: { entity: string; changes: Record<string, unknown>; member: (id: unknown) => Subject | undefined }) => {
  const t = useTranslate();
  const { byId: organizations } = useOrganizationTree();
  const { agreements } = useAgreements();
  const regionName = useRegionName();

  const show = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return "—";
    if (Array.isArray(value)) return value.length ? value.map((item) => show(key, item)).join("、") : "—";
    if (typeof value === "boolean") return t(value ? "common.yes" : "common.no");
    const enumName = ENUM_BY_ENTITY[key]?.[entity] ?? ENUM_FIELDS[key];
    if (enumName && typeof value === "string") return t(`enums.${enumName}.${value}`, value);
    if (key === "source" && entity === "ActivityRecord") return t(`activityRecords.sources.${value}`, String(value));
    if (ORGANIZATION_FIELDS.has(key)) return organizations.get(String(value))?.title ?? `#${value}`;
    if (AGREEMENT_FIELDS.has(key)) {
      const agreement = agreements.find((a) => a.id === String(value));
      return agreement ? `${agreement.code} · ${agreement.title}` : `#${value}`;
    }
    if (key === "member") return member(value)?.name ?? `#${value}`;
    if (REGION_FIELD.test(key) && typeof value === "string") return regionName(value);
    if (typeof value === "string" && DATE_TIME.test(value)) return formatDateTime(value);
    if (isPlainObject(value)) return JSON.stringify(value);
    return String(value);
  };

  const { rows, facts } = rowsOf(changes);
  const cell = (key: string) => (value: unknown) => <span style={{ whiteSpace: "pre-wrap" }}>{show(key, value)}</span>;
  return (
    <Table<ChangeRow>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      data-testid="audit-changes"
      columns={[
        { dataIndex: "field", title: t("auditEvents.changes.field"), width: 200, render: (key: string) => fieldLabel(entity, key) },
        ...(facts
          ? [{ dataIndex: "after", title: t("auditEvents.changes.value"), render: (value: unknown, row: ChangeRow) => cell(row.key)(value) }]
          : [
              { dataIndex: "before", title: t("auditEvents.changes.before"), render: (value: unknown, row: ChangeRow) => cell(row.key)(value) },
              { dataIndex: "after", title: t("auditEvents.changes.after"), render: (value: unknown, row: ChangeRow) => cell(row.key)(value) },
            ]),
      ]}
    />
  );
};
