import { chinaDate } from '../../api/common/dates';
import { startTestApp, type TestApp } from '../support/app';
import { ACTIVE, advance, generate, HOST_WRITTEN_SQL, issueToken, NO_RATE_LIMITS, ok, PARTNER_WRITTEN_SQL, sql, YEAR } from './helpers';

/**
 * feedbackProgress: where the year's returns of an agreement stand — counts per state, members
 * still without a return, the deadline and the days left.
 */

const PROGRESS = /* GraphQL */ `
  query($agreementId: ID!, $year: Int!) {
    feedbackProgress(agreementId: $agreementId, year: $year) {
      agreementId year expected byStatus { status count } missingCount missing { memberId name } deadline daysToDeadline overdue
    }
  }
`;
const STATUSES = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];

let app: TestApp;
let partner: string;

/** Whole days from today in China to `date`, computed independently of the API. */
function daysFromToday(date: string): number {
  const [ty, tm, td] = chinaDate(new Date()).split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(ty, tm - 1, td)) / 86_400_000);
}

/** Returns not yet delivered count as overdue once the deadline has passed (the server runs on the real clock). */
function overdueNow(deadline: string, byStatus: { status: string; count: number }[]): number {
  if (chinaDate(new Date()) <= deadline) return 0;
  return byStatus.filter((row) => row.status === 'DRAFT' || row.status === 'SUBMITTED').reduce((sum, row) => sum + row.count, 0);
}

/** Covered members of agreement 1 in both directions who should get a return. */
async function expectedMembers(): Promise<{ id: number; name: string }[]> {
  return sql(app, `select id, name from (${HOST_WRITTEN_SQL} union ${PARTNER_WRITTEN_SQL}) covered where status not in ('LOST_CONTACT', 'TRANSFERRED') order by id`);
}

async function statusCounts(year: number, extra = 'true'): Promise<{ status: string; count: number }[]> {
  const rows = await sql<{ status: string; n: number }>(
    app,
    `select status::text as status, count(*)::int as n from annual_feedback where agreement_id = 1 and year = ? and ${extra} group by 1`,
    [year],
  );
  return STATUSES.map((status) => ({ status, count: rows.find((row) => row.status === status)?.n ?? 0 }));
}

async function progress(year: number, token: string | null = null) {
  const variables = { agreementId: ACTIVE, year };
  return ok(token === null ? await app.gql(PROGRESS, variables) : await app.gqlAs(token, PROGRESS, variables)).feedbackProgress;
}

beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
  ok(await generate(app, ACTIVE, YEAR));
  partner = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'], years: [YEAR] })).token;
  const drafts = await sql(app, `select id from annual_feedback where agreement_id = 1 and year = ${YEAR} order by id limit 7`);
  const targets = ['SUBMITTED', 'SUBMITTED', 'DELIVERED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'] as const;
  for (const [i, row] of drafts.entries()) await advance(app, partner, String(row.id), targets[i]!);

  // Chongqing reports on two Chengdu-formal members living there (the reverse direction).
  const submitter = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_SUBMIT'], years: [YEAR] })).token;
  const reverse = await sql(app, `${PARTNER_WRITTEN_SQL} and m.status in ('REGISTERED', 'REPORTED', 'MANAGED') order by m.id limit 2`);
  const items = reverse.map((member) => ({ memberId: String(member.id), year: YEAR, orgLifeAttended: 8, orgLifeExpected: 12 }));
  ok(
    await app.gqlAs(submitter, 'mutation($input: SubmitAnnualFeedbackBatchInput!) { submitAnnualFeedbackBatch(input: $input) { count } }', {
      input: { idempotencyKey: 'progress-test-0001', items },
    }),
  );
}, 60_000);
afterAll(() => app.close());

describe('feedbackProgress for the host admin', () => {
  it('counts every state, and the states plus the members still missing add up to the members expected', async () => {
    const expected = await expectedMembers();
    const withReturn = new Set((await sql(app, `select member_id from annual_feedback where agreement_id = 1 and year = ${YEAR}`)).map((row) => row.member_id));
    const missing = expected.filter((member) => !withReturn.has(member.id));
    const result = await progress(YEAR);

    expect(result).toEqual({
      agreementId: ACTIVE,
      year: YEAR,
      expected: expected.length,
      byStatus: await statusCounts(YEAR),
      missingCount: missing.length,
      missing: missing.slice(0, 100).map((member) => ({ memberId: String(member.id), name: member.name })),
      deadline: '2027-01-31',
      daysToDeadline: daysFromToday('2027-01-31'),
      overdue: overdueNow('2027-01-31', result.byStatus),
    });
    expect(result.byStatus.map((row: { count: number }) => row.count)).toEqual([expect.any(Number), 2, 4, 1, 1, 1]);
    const total = result.byStatus.reduce((sum: number, row: { count: number }) => sum + row.count, 0);
    expect(total + result.missingCount).toBe(result.expected);
    // The two the partner submitted count as delivered and are no longer missing.
    expect(result.missingCount).toBe((await sql(app, `${PARTNER_WRITTEN_SQL} and m.status not in ('LOST_CONTACT', 'TRANSFERRED')`)).length - 2);
  });

  it('last year: the deadline has passed, daysToDeadline is negative and undelivered returns are overdue', async () => {
    const generated = ok(await generate(app, ACTIVE, YEAR - 1)).generateAnnualFeedbackDrafts;
    const [first] = await sql(app, `select id from annual_feedback where agreement_id = 1 and year = ${YEAR - 1} order by id limit 1`);
    await advance(app, partner, String(first!.id), 'DELIVERED');
    const result = await progress(YEAR - 1);
    expect(result).toMatchObject({
      year: YEAR - 1,
      byStatus: await statusCounts(YEAR - 1),
      deadline: `${YEAR}-01-31`,
      daysToDeadline: daysFromToday(`${YEAR}-01-31`),
      overdue: generated.created - 1,
    });
    expect(result.daysToDeadline).toBeLessThan(0);
  });

  it('a year with nothing generated yet: every covered member is missing', async () => {
    const result = await progress(YEAR + 1);
    const expected = await expectedMembers();
    expect(result).toMatchObject({
      expected: expected.length,
      byStatus: STATUSES.map((status) => ({ status, count: 0 })),
      missingCount: expected.length,
      deadline: `${YEAR + 2}-01-31`,
      overdue: 0,
    });
  });
});

describe('feedbackProgress for the partner', () => {
  it('counts only what the partner may see: nothing drafted or submitted', async () => {
    const result = await progress(YEAR, partner);
    expect(result.byStatus).toEqual(await statusCounts(YEAR, "recipient = 'PARTNER' and status in ('DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED')"));
    expect(result).toMatchObject({ deadline: '2027-01-31', daysToDeadline: daysFromToday('2027-01-31') });
  });

  // Nothing the partner may not see can be inferred from the figures: missing means no return visible to it.
  it('the partner\'s counts per state plus its missing members add up to the members it expects', async () => {
    const result = await progress(YEAR, partner);
    const total = result.byStatus.reduce((sum: number, row: { count: number }) => sum + row.count, 0);
    expect(total + result.missingCount).toBe(result.expected);
  });
});
