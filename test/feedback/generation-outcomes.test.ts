import { startTestApp, type TestApp } from '../support/app';
import { ACTIVE, advance, HOST_WRITTEN_SQL, issueToken, noHostReturnSql, NO_RATE_LIMITS, ok, sql, YEAR } from './helpers';

/**
 * The generation result in the lifecycle's own words (issue 10, item 7): every covered member has
 * exactly one outcome — a draft created, refreshed or unchanged, a return past the draft stage
 * counted under its state, or skipped with the reason — and the outcomes add up to the members covered.
 */

const GENERATE = /* GraphQL */ `
  mutation($input: GenerateAnnualFeedbackDraftsInput!) {
    generateAnnualFeedbackDrafts(input: $input) {
      created refreshed unchanged untouched
      pastDraft { status count }
      skipped { memberId name reason }
    }
  }
`;
const PAST_DRAFT = ['SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];

interface Outcome {
  created: number;
  refreshed: number;
  unchanged: number;
  untouched: number;
  pastDraft: { status: string; count: number }[];
  skipped: { memberId: string; name: string; reason: string }[];
}

let app: TestApp;
let partner: string;
let covered: { id: number; status: string; inflow_organization_id: number | null }[];

async function run(): Promise<Outcome> {
  return ok(await app.gql(GENERATE, { input: { agreementId: ACTIVE, year: YEAR } })).generateAnnualFeedbackDrafts;
}

const pastDraft = (counts: Record<string, number> = {}) => PAST_DRAFT.map((status) => ({ status, count: counts[status] ?? 0 }));
const total = (outcome: Outcome) =>
  outcome.created + outcome.refreshed + outcome.unchanged + outcome.pastDraft.reduce((sum, row) => sum + row.count, 0) + outcome.skipped.length;

/** Skipped members, from the rule (lost contact, transferred), in member order. */
async function expectedSkipped(): Promise<Outcome['skipped']> {
  const rows = await sql<{ id: number; name: string; status: string }>(
    app,
    `select id, name, status from (${HOST_WRITTEN_SQL}) covered where ${noHostReturnSql('covered.id', YEAR)} order by id`,
  );
  return rows.map((row) => ({ memberId: String(row.id), name: row.name, reason: row.status }));
}

async function draftIds(limit: number): Promise<string[]> {
  const rows = await sql<{ id: number }>(
    app,
    `select fb.id from annual_feedback fb join member m on m.id = fb.member_id
      where fb.agreement_id = 1 and fb.year = ? and fb.status = 'DRAFT' and m.party_standing = 'FULL'
        and m.status not in ('LOST_CONTACT', 'TRANSFERRED') order by fb.id limit ?`,
    [YEAR, limit],
  );
  return rows.map((row) => String(row.id));
}

beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
  partner = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'], years: [YEAR] })).token;
  covered = await sql(app, `${HOST_WRITTEN_SQL} order by m.id`);
}, 60_000);
afterAll(() => app.close());

describe('generateAnnualFeedbackDrafts reports every outcome', () => {
  it('the first run: a draft for everyone but the skipped, who are listed with their member status', async () => {
    const skipped = await expectedSkipped();
    const outcome = await run();
    expect(outcome).toEqual({ created: covered.length - skipped.length, refreshed: 0, unchanged: 0, untouched: 0, pastDraft: pastDraft(), skipped });
    expect(total(outcome)).toBe(covered.length);
  });

  it('the next run names the drafts it left unchanged, instead of leaving them out', async () => {
    const drafts = covered.length - (await expectedSkipped()).length;
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 0, refreshed: 0, unchanged: drafts, untouched: 0, pastDraft: pastDraft() });
    expect(total(outcome)).toBe(covered.length);
  });

  it('counts returns past the draft stage under their own state (a delivered return is not "submitted")', async () => {
    const [submitted, delivered, received, graded, refreshed] = await draftIds(5);
    await advance(app, partner, submitted!, 'SUBMITTED');
    await advance(app, partner, delivered!, 'DELIVERED');
    await advance(app, partner, received!, 'RECEIVED');
    await advance(app, partner, graded!, 'GRADED');
    // New activity for one draft: its counts are refreshed on the next run.
    const [member] = await sql<{ member_id: number; inflow_organization_id: number }>(
      app,
      'select fb.member_id, m.inflow_organization_id from annual_feedback fb join member m on m.id = fb.member_id where fb.id = ?',
      [Number(refreshed)],
    );
    ok(
      await app.gql('mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }', {
        input: { activityRecords: [{ memberId: String(member!.member_id), organizationId: String(member!.inflow_organization_id), occurredOn: `${YEAR}-09-01`, kind: 'THEME_PARTY_DAY', title: '主题党日' }] },
      }),
    );

    const drafts = covered.length - (await expectedSkipped()).length;
    const outcome = await run();
    expect(outcome).toMatchObject({
      created: 0,
      refreshed: 1,
      unchanged: drafts - 4 - 1,
      untouched: 4,
      pastDraft: pastDraft({ SUBMITTED: 1, DELIVERED: 1, RECEIVED: 1, GRADED: 1 }),
    });
    expect(total(outcome)).toBe(covered.length);
  });

  it('a member lost contact since their draft was made is skipped, with the reason, and no longer counted as a draft', async () => {
    const [draft] = await draftIds(1);
    const [row] = await sql<{ member_id: number; name: string }>(
      app,
      'select fb.member_id, m.name from annual_feedback fb join member m on m.id = fb.member_id where fb.id = ?',
      [Number(draft)],
    );
    await sql(app, "update member set status = 'LOST_CONTACT' where id = ?", [row!.member_id]);
    const before = await sql(app, 'select version, status::text from annual_feedback where id = ?', [Number(draft)]);

    const outcome = await run();
    expect(outcome.skipped).toContainEqual({ memberId: String(row!.member_id), name: row!.name, reason: 'LOST_CONTACT' });
    expect(outcome.skipped).toEqual(await expectedSkipped());
    expect(total(outcome)).toBe(covered.length);
    // The draft they had is left as it is.
    expect(await sql(app, 'select version, status::text from annual_feedback where id = ?', [Number(draft)])).toEqual(before);
  });
});
