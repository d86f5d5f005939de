import { useCustom, useGo, useTranslate } from "@refinedev/core";
import { Typography } from "antd";
import type { AuditEventsListQuery, AuditSubjectsQuery } from "../../graphql/types";
import { AUDIT_SUBJECTS_QUERY } from "./queries";

type AuditRow = AuditEventsListQuery["auditEvents"]["nodes"][number];

/** The audited entities that have a page of their own, and the GraphQL list that names them. */
const LISTS = {
  Member: "members",
  Organization: "organizations",
  Agreement: "agreements",
  ActivityRecord: "activityRecords",
  AnnualFeedback: "annualFeedbacks",
  ApiToken: "apiTokens",
  AdminUser: "adminUsers",
} as const;
type Entity = keyof typeof LISTS;

/** Fields of a change that hold the id of a member (their names are looked up with the subjects). */
export const MEMBER_REFERENCES = new Set(["member"]);

export interface Subject {
  name: string;
  /** The console page that shows the object. */
  to: string;
}

const isId = (value: unknown): value is string | number => /^[1-9]\d{0,9}$/.test(String(value ?? ""));

/** Ids per list: the events' own objects, and the members their changes refer to. */
const idsOf = (rows: AuditRow[]) => {
  const ids = Object.fromEntries(Object.values(LISTS).map((list) => [list, new Set<string>()])) as Record<(typeof LISTS)[Entity], Set<string>>;
  for (const row of rows) {
    const list = LISTS[row.entity as Entity];
    if (list && isId(row.entityId)) ids[list].add(String(row.entityId));
    for (const [key, value] of Object.entries((row.changes ?? {}) as Record<string, unknown>)) {
      if (!MEMBER_REFERENCES.has(key)) continue;
      const pair = value as { before?: unknown; after?: unknown };
      for (const id of [pair?.before, pair?.after]) if (isId(id)) ids.members.add(String(id));
    }
  }
  return Object.fromEntries(Object.entries(ids).map(([list, set]) => [list, [...set]]));
};

/**
 * The name and page of the object each event is about, resolved in one request per page of events
 * through the ordinary list queries (so the viewer's scope applies); deleted objects stay unnamed.
 */
export const useAuditSubjects = (rows: AuditRow[]) => {
  const t = useTranslate();
  const variables = idsOf(rows);
  const { result } = useCustom<AuditSubjectsQuery>({
    url: "",
    method: "post",
    meta: { gqlQuery: AUDIT_SUBJECTS_QUERY, gqlVariables: variables },
    queryOptions: { enabled: rows.length > 0, queryKey: ["auditSubjects", variables] },
    errorNotification: false,
  });
  // Empty (not undefined) until the answer is in.
  const data = result.data as Partial<AuditSubjectsQuery>;
  const found = new Map<string, Subject>();
  const put = (entity: Entity, id: string, subject: Subject) => found.set(`${entity}:${id}`, subject);
  for (const m of data.members?.nodes ?? []) put("Member", m.id, { name: m.name, to: `/members/show/${m.id}` });
  for (const o of data.organizations?.nodes ?? []) put("Organization", o.id, { name: o.name, to: `/organizations/show/${o.id}` });
  for (const a of data.agreements?.nodes ?? []) put("Agreement", a.id, { name: `${a.code} · ${a.title}`, to: `/agreements/show/${a.id}` });
  for (const r of data.activityRecords?.nodes ?? []) {
    put("ActivityRecord", r.id, { name: r.member ? `${r.member.name} · ${r.title}` : r.title, to: `/activity-records/edit/${r.id}` });
  }
  for (const f of data.annualFeedbacks?.nodes ?? []) {
    put("AnnualFeedback", f.id, {
      name: t("auditEvents.subjects.feedback", { name: f.member?.name ?? "", year: f.year }),
      to: `/annual-feedbacks?agreementId=${f.agreementId}&year=${f.year}`,
    });
  }
  for (const k of data.apiTokens?.nodes ?? []) put("ApiToken", k.id, { name: k.name, to: "/api-tokens" });
  for (const u of data.adminUsers?.nodes ?? []) put("AdminUser", u.id, { name: u.displayName && u.displayName !== u.username ? `${u.displayName}（${u.username}）` : u.username, to: `/admin-users/edit/${u.id}` });
  return (entity: string, id: unknown): Subject | undefined => (isId(id) ? found.get(`${entity}:${id}`) : undefined);
};

/** The object's name as a link to its page; its id alone when it is gone or has no page. */
export const SubjectLink = ({ subject, id }: { subject: Subject | undefined; id: string | null | undefined }) => {
  const t = useTranslate();
  const go = useGo();
  if (!id) return <>—</>;
  if (!subject) return <Typography.Text type="secondary">{t("auditEvents.subjects.unnamed", { id })}</Typography.Text>;
  return (
    <Typography.Link onClick={() => go({ to: subject.to })} data-testid="audit-subject">
      {subject.name}
    </Typography.Link>
  );
};
