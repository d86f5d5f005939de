import { chinaDate } from '../../api/common/dates';
import { startTestApp, type TestApp } from '../support/app';
import { ACTIVE, advance, generate, HOST_WRITTEN_SQL, issueToken, NO_RATE_LIMITS, noHostReturnSql, ok, PARTNER_WRITTEN_SQL, sql, YEAR } from './helpers';

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
async function expectedMembers(year = YEAR): Promise<{ id: number; name: string }[]> {
  return sql(
    app,
    `select id, name from (select id, name from (${HOST_WRITTEN_SQL}) host where not ${noHostReturnSql('host.id', year)}
       union select id, name from (${PARTNER_WRITTEN_SQL}) partner where status not in ('LOST_CONTACT', 'TRANSFERRED')) covered order by id`,
  );
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
    const expected = await expectedMembers(YEAR + 1);
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

/** The figures of issue 10, item 6: per direction, adding up, with what each caller sees. */
const DIRECTIONS = /* GraphQL */ `
  query($agreementId: ID!, $year: Int!, $recipient: FeedbackRecipient) {
    feedbackProgress(agreementId: $agreementId, year: $year, recipient: $recipient) {
      inForce expected notExpected missingCount overdue byStatus { status count } missing { memberId }
      directions { recipient visibleStatuses expected notExpected missingCount overdue byStatus { status count } missing { memberId name } }
    }
  }
`;
type Direction = { recipient: string; visibleStatuses: string[]; expected: number; notExpected: number; missingCount: number; overdue: number; byStatus: { status: string; count: number }[]; missing: { memberId: string }[] };

async function directions(variables: Record<string, unknown>, token: string | null = null) {
  const query = { agreementId: ACTIVE, year: YEAR, ...variables };
  return ok(token === null ? await app.gql(DIRECTIONS, query) : await app.gqlAs(token, DIRECTIONS, query)).feedbackProgress as {
    inForce: boolean;
    expected: number;
    notExpected: number;
    missingCount: number;
    overdue: number;
    byStatus: { status: string; count: number }[];
    missing: { memberId: string }[];
    directions: Direction[];
  };
}

const returned = (direction: Direction) => direction.byStatus.reduce((sum, row) => sum + row.count, 0);

/** Per direction and in total: expected + notExpected = Σ byStatus + missingCount; the totals are the directions' sums. */
function expectConsistent(result: Awaited<ReturnType<typeof directions>>) {
  for (const direction of result.directions) {
    expect({ recipient: direction.recipient, sides: direction.expected + direction.notExpected }).toEqual({
      recipient: direction.recipient,
      sides: returned(direction) + direction.missingCount,
    });
    // Named only among the members the caller may read.
    expect(direction.missing.length).toBeLessThanOrEqual(Math.min(100, direction.missingCount));
  }
  const sum = (pick: (direction: Direction) => number) => result.directions.reduce((total, direction) => total + pick(direction), 0);
  expect(result.expected).toBe(sum((direction) => direction.expected));
  expect(result.notExpected).toBe(sum((direction) => direction.notExpected));
  expect(result.missingCount).toBe(sum((direction) => direction.missingCount));
  expect(result.overdue).toBe(sum((direction) => direction.overdue));
  expect(result.byStatus).toEqual(STATUSES.map((status) => ({ status, count: sum((direction) => direction.byStatus.find((row) => row.status === status)!.count) })));
}

/** Returns to the partner come in kinds (失联, 已转出); those the partner writes are ordinary only. */
async function expectedIn(coverage: string): Promise<{ id: number }[]> {
  const condition = coverage === HOST_WRITTEN_SQL ? `not ${noHostReturnSql('covered.id', YEAR)}` : "status not in ('LOST_CONTACT', 'TRANSFERRED')";
  return sql(app, `select id from (${coverage}) covered where ${condition} order by id`);
}

describe('feedbackProgress per direction (issue 10, item 6)', () => {
  it('the host admin: each direction with its own expected members, returns and missing members, adding up', async () => {
    const result = await directions({});
    const toPartner = await expectedIn(HOST_WRITTEN_SQL);
    const toHost = await expectedIn(PARTNER_WRITTEN_SQL);
    const written = (recipient: string) => sql<{ member_id: number }>(app, `select member_id from annual_feedback where agreement_id = 1 and year = ${YEAR} and recipient = '${recipient}'`);
    const missingOf = async (expected: { id: number }[], recipient: string) => {
      const withReturn = new Set((await written(recipient)).map((row) => row.member_id));
      return expected.filter((member) => !withReturn.has(member.id));
    };
    const partnerMissing = await missingOf(toPartner, 'PARTNER');
    const hostMissing = await missingOf(toHost, 'HOST');

    expect(result.directions).toEqual([
      expect.objectContaining({
        recipient: 'PARTNER',
        visibleStatuses: STATUSES,
        expected: toPartner.length,
        byStatus: await statusCounts(YEAR, "recipient = 'PARTNER'"),
        notExpected: 0,
        missingCount: partnerMissing.length,
      }),
      expect.objectContaining({
        recipient: 'HOST',
        visibleStatuses: STATUSES,
        expected: toHost.length,
        byStatus: await statusCounts(YEAR, "recipient = 'HOST'"),
        notExpected: 0,
        missingCount: hostMissing.length,
      }),
    ]);
    expect(result.directions[0]!.missing.map((member) => member.memberId)).toEqual(partnerMissing.slice(0, 100).map((member) => String(member.id)));
    expect(result.directions[1]!.missing.map((member) => member.memberId)).toEqual(hostMissing.slice(0, 100).map((member) => String(member.id)));
    // The host board's drafts are the returns to the partner: its expected members, not both directions'.
    expect(result.directions[0]!.byStatus.find((row) => row.status === 'DRAFT')!.count).toBe(
      (await sql(app, `select 1 from annual_feedback where agreement_id = 1 and year = ${YEAR} and recipient = 'PARTNER' and status = 'DRAFT'`)).length,
    );
    expect(result.expected).toBe(toPartner.length + toHost.length);
    expectConsistent(result);
  });

  it('one direction when asked for', async () => {
    const result = await directions({ recipient: 'HOST' });
    expect(result.directions.map((direction) => direction.recipient)).toEqual(['HOST']);
    expect(result.expected).toBe((await expectedIn(PARTNER_WRITTEN_SQL)).length);
    expectConsistent(result);
  });

  it('a partner that reads returns: those addressed to it from DELIVERED on, none of those it does not write', async () => {
    const result = await directions({}, partner);
    const [toPartner, toHost] = result.directions;
    expect(toPartner).toMatchObject({
      recipient: 'PARTNER',
      visibleStatuses: ['DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'],
      expected: (await expectedIn(HOST_WRITTEN_SQL)).length,
      byStatus: await statusCounts(YEAR, "recipient = 'PARTNER' and status in ('DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED')"),
    });
    expect(toHost).toMatchObject({ recipient: 'HOST', visibleStatuses: [], byStatus: STATUSES.map((status) => ({ status, count: 0 })) });
    expect(toHost!.missingCount).toBe(toHost!.expected);
    expectConsistent(result);
  });

  it('a partner that also submits sees every state of the returns it writes to the host', async () => {
    const token = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ', 'FEEDBACK_SUBMIT'], years: [YEAR] })).token;
    const result = await directions({}, token);
    expect(result.directions[1]).toMatchObject({ recipient: 'HOST', visibleStatuses: STATUSES, byStatus: await statusCounts(YEAR, "recipient = 'HOST'") });
    expect(returned(result.directions[1]!)).toBe(2);
    expectConsistent(result);
  });

  it('a return whose member is no longer expected (lost contact since) is counted apart, so the figures still add up', async () => {
    const [draft] = await sql<{ member_id: number }>(
      app,
      `select member_id from annual_feedback where agreement_id = 1 and year = ${YEAR} and recipient = 'PARTNER' and status = 'DRAFT' order by id limit 1`,
    );
    const before = await directions({});
    await sql(app, "update member set status = 'LOST_CONTACT' where id = ?", [draft!.member_id]);
    const after = await directions({});
    expect(after.directions[0]).toMatchObject({ expected: before.directions[0]!.expected - 1, notExpected: 1, missingCount: before.directions[0]!.missingCount });
    expect(after.directions[0]!.byStatus).toEqual(before.directions[0]!.byStatus);
    expectConsistent(after);
  });
});

describe('an agreement not in force during the year (issue 10, item 5)', () => {
  it('expects no one: the Deyang agreement, expired at the end of last year, has no returns to make for this year', async () => {
    const result = await directions({ agreementId: '2' });
    expect(result).toMatchObject({ inForce: false, expected: 0, missingCount: 0, missing: [] });
    expect(result.directions).toEqual([expect.objectContaining({ recipient: 'PARTNER', expected: 0, missingCount: 0, missing: [] })]);
    expectConsistent(result);
  });

  it('but still does for a year it was in force', async () => {
    const result = await directions({ agreementId: '2', year: YEAR - 1 });
    expect(result.inForce).toBe(true);
    expect(result.expected).toBeGreaterThan(0);
    expectConsistent(result);
  });

  it('nor does the draft agreement', async () => {
    expect(await directions({ agreementId: '3' })).toMatchObject({ inForce: false, expected: 0, missingCount: 0 });
  });
});
