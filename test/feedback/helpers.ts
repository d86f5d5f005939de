import type { GraphQLResponse, TestApp } from '../support/app';

/**
 * Shared pieces of the year-end feedback suites (test/feedback/*.test.ts). Every suite runs its
 * own server over its own clone of the demo database; these helpers only talk HTTP and, for
 * assertions, read the database with hand-written SQL.
 */

/** Lifecycle tables send many requests from one address in a few seconds. */
export const NO_RATE_LIMITS = { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_TOKEN: '1000000' };

/** The demo agreements (test/support/database.ts). */
export const ACTIVE = '1';
export const EXPIRED = '2';
export const DRAFT_AGREEMENT = '3';
export const YEAR = 2026;

export function ok<T = Record<string, any>>(response: GraphQLResponse<T>): T {
  if (response.errors || !response.data) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** Hand-written SQL straight on the test database (never through the application's services). */
export async function sql<T = Record<string, any>>(app: TestApp, text: string, params: unknown[] = []): Promise<T[]> {
  return app.sql(text, params);
}

export async function sqlNumber(app: TestApp, text: string, params: unknown[] = []): Promise<number> {
  const [row] = await sql(app, text, params);
  return Number(Object.values(row!)[0]);
}

/** An expiry well inside the 400-day limit. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

const ISSUE_TOKEN = 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token apiToken { id name } } }';

export async function issueToken(
  app: TestApp,
  input: { agreementId: string | null; scopes: string[]; years?: number[]; name?: string },
): Promise<{ token: string; id: string; name: string }> {
  const name = input.name ?? `partner ${input.agreementId} ${input.scopes.join(' ')}`;
  const issued = ok(await app.gql(ISSUE_TOKEN, { input: { ...input, name, expiresAt: inDays(60) } })).issueApiToken;
  return { token: issued.token, id: issued.apiToken.id, name: issued.apiToken.name };
}

/**
 * A token of an agreement that has since expired: issued while the agreement was in force (the
 * API refuses to issue one on an agreement that is not), its end moved back afterwards.
 */
export async function tokenOfExpiredAgreement(app: TestApp, input: { scopes: string[]; years?: number[] }): Promise<string> {
  const [before] = await sql<{ status: string; effective_to: string | null }>(app, 'select status, effective_to::text from agreement where id = ?', [Number(EXPIRED)]);
  await sql(app, `update agreement set status = 'ACTIVE', effective_to = null where id = ?`, [Number(EXPIRED)]);
  try {
    return (await issueToken(app, { agreementId: EXPIRED, ...input })).token;
  } finally {
    await sql(app, 'update agreement set status = ?, effective_to = ? where id = ?', [before!.status, before!.effective_to, Number(EXPIRED)]);
  }
}

export const CREATE_AGREEMENT = 'mutation($input: CreateOneAgreementInput!) { createOneAgreement(input: $input) { id code status direction } }';

export async function createAgreement(app: TestApp, agreement: Record<string, unknown>): Promise<string> {
  return ok(
    await app.gql(CREATE_AGREEMENT, {
      input: { agreement: { signedOn: '2025-12-20', effectiveFrom: '2026-01-01', status: 'ACTIVE', direction: 'PARTNER_TO_HOST', hostRegionCode: '510100', ...agreement } },
    }),
  ).createOneAgreement.id;
}

export const FEEDBACK_FIELDS = /* GraphQL */ `
  id memberId agreementId year recipient status version source
  fromOrganizationId toOrganizationId dueOn overdue
  orgLifeAttended orgLifeExpected monthsUnderCare volunteerCount volunteerHours studyCount pioneerCount points
  suggestedGrade comments recommendedForAward awardNote duesStatus transferRecommended finalGrade finalGradeNote returnReason
  submittedAt submittedBy deliveredAt deliveredBy receivedAt receivedBy gradedAt gradedBy archivedAt archivedBy returnedAt returnedBy
`;

export const GENERATE = /* GraphQL */ `
  mutation($input: GenerateAnnualFeedbackDraftsInput!) {
    generateAnnualFeedbackDrafts(input: $input) { created refreshed untouched skipped { memberId name reason } }
  }
`;

export const UPDATE = `mutation($input: UpdateOneAnnualFeedbackInput!) { updateOneAnnualFeedback(input: $input) { ${FEEDBACK_FIELDS} } }`;
export const ONE = `query($id: ID!) { annualFeedback(id: $id) { ${FEEDBACK_FIELDS} } }`;
export const LIST = /* GraphQL */ `
  query($filter: AnnualFeedbackFilter, $paging: OffsetPaging) {
    annualFeedbacks(filter: $filter, paging: $paging, sorting: [{ field: id, direction: ASC }]) { totalCount nodes { id status year agreementId recipient } }
  }
`;

/** Every lifecycle step, by the action name used in api/feedback/lifecycle.ts. */
export const ACTIONS = ['submit', 'approve', 'receive', 'grade', 'archive', 'return'] as const;
export type Action = (typeof ACTIONS)[number];

const MUTATION: Record<Action, { name: string; input: string }> = {
  submit: { name: 'submitAnnualFeedback', input: 'FeedbackTransitionInput' },
  approve: { name: 'approveAnnualFeedback', input: 'FeedbackTransitionInput' },
  receive: { name: 'acknowledgeAnnualFeedback', input: 'FeedbackTransitionInput' },
  grade: { name: 'gradeAnnualFeedback', input: 'GradeAnnualFeedbackInput' },
  archive: { name: 'archiveAnnualFeedback', input: 'FeedbackTransitionInput' },
  return: { name: 'returnAnnualFeedback', input: 'ReturnAnnualFeedbackInput' },
};

/** Runs one lifecycle step as `token` (null: the super admin). Grade and return get sensible defaults. */
export function step(app: TestApp, token: string | null, action: Action, id: string, version: number, extra: Record<string, unknown> = {}) {
  const { name, input } = MUTATION[action];
  const defaults = action === 'grade' ? { finalGrade: 'QUALIFIED' } : action === 'return' ? { reason: '请补充志愿服务情况' } : {};
  const query = `mutation($input: ${input}!) { ${name}(input: $input) { ${FEEDBACK_FIELDS} } }`;
  const variables = { input: { id, version, ...defaults, ...extra } };
  return token === null ? app.gql(query, variables) : app.gqlAs(token, query, variables);
}

/** A step that must succeed; returns the return as it now is. */
export async function stepOk(app: TestApp, token: string | null, action: Action, id: string, version: number, extra: Record<string, unknown> = {}) {
  const response = await step(app, token, action, id, version, extra);
  return ok(response)[MUTATION[action].name] as Record<string, any>;
}

export async function generate(app: TestApp, agreementId: string, year: number, token: string | null = null) {
  const variables = { input: { agreementId, year } };
  return token === null ? app.gql(GENERATE, variables) : app.gqlAs(token, GENERATE, variables);
}

export async function currentVersion(app: TestApp, id: string): Promise<number> {
  return sqlNumber(app, 'select version from annual_feedback where id = ?', [Number(id)]);
}

/** Walks a draft forward by the host (submit, approve) and the partner (receive, grade, archive). */
export async function advance(app: TestApp, partner: string, id: string, to: 'DRAFT' | 'SUBMITTED' | 'DELIVERED' | 'RECEIVED' | 'GRADED' | 'ARCHIVED') {
  const path: [Action, string | null][] = [
    ['submit', null],
    ['approve', null],
    ['receive', partner],
    ['grade', partner],
    ['archive', partner],
  ];
  const order = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];
  let row: Record<string, any> | null = null;
  for (const [action, token] of path.slice(0, order.indexOf(to))) {
    row = await stepOk(app, token, action, id, await currentVersion(app, id));
  }
  return row;
}

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF) for the CSV export. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * Hand-written coverage of agreement 1 (Chengdu 510100 ⇄ Chongqing 500000), host-written
 * direction: Chongqing-formal members who live or are managed in Chengdu.
 */
export const HOST_WRITTEN_SQL = `
  select m.id, m.name, m.status::text as status, m.party_standing::text as party_standing,
         m.formal_organization_id, m.inflow_organization_id
    from member m
    join organization f on f.id = m.formal_organization_id
    left join organization i on i.id = m.inflow_organization_id
   where f.region_code like '50%'
     and (m.destination_region_code like '5101%' or i.region_code like '5101%')`;

/**
 * Members (by an id expression) who get no return from the host for `year`, stated here apart from
 * the server's return_kind(): lost contact with no open lost-contact case, or transferred with no
 * transfer date in or after the year. Everyone else covered gets one (失联, 已转出 or ordinary).
 */
export const noHostReturnSql = (id: string, year: number) => `exists (select 1 from member x where x.id = ${id}
    and x.status in ('LOST_CONTACT', 'TRANSFERRED')
    and not exists (select 1 from lost_contact_case c where c.member_id = x.id and c.closed_on is null)
    and not (x.status = 'TRANSFERRED' and coalesce(x.transferred_on >= make_date(${year}, 1, 1), false)))`;

/** The reverse direction of agreement 1: Chengdu-formal members who live or are managed in Chongqing. */
export const PARTNER_WRITTEN_SQL = `
  select m.id, m.name, m.status::text as status, m.party_standing::text as party_standing,
         m.formal_organization_id, m.inflow_organization_id
    from member m
    join organization f on f.id = m.formal_organization_id
    left join organization i on i.id = m.inflow_organization_id
   where f.region_code like '5101%'
     and (m.destination_region_code like '50%' or i.region_code like '50%')`;
