import { startTestApp, type TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';
import { ACTIVE, FEEDBACK_FIELDS, generate, NO_RATE_LIMITS, ok, sql, UPDATE, YEAR } from './helpers';

/**
 * Prorated expectations (issue 11): a member under care for part of the year is expected the
 * agreement's sessions for those months only, ceil(12 × months / 12), and is not flagged for
 * little organisational life for the months before arriving. Members are created through the API
 * under agreement 1 (Chongqing-formal, managed in Chengdu), with activity in the months they were here.
 */

let app: TestApp;
let chongqingBranch: string;
let chengduBranch: string;
let sequence = 100;

const READ = `query($filter: AnnualFeedbackFilter) { annualFeedbacks(filter: $filter) { nodes { ${FEEDBACK_FIELDS} warnings } } }`;

async function organization(filter: Record<string, unknown>): Promise<string> {
  return ok(await app.gql('query($f: OrganizationFilter) { organizations(filter: $f, paging: { limit: 1 }) { nodes { id } } }', { f: filter })).organizations
    .nodes[0].id;
}

async function createMember(name: string, outflowDate: string): Promise<string> {
  return ok(
    await app.gql('mutation($input: CreateOneMemberInput!) { createOneMember(input: $input) { id } }', {
      input: {
        member: {
          name,
          idNumber: nationalId('500103', '19900415', String(++sequence)),
          partyStanding: 'FULL',
          joinedOn: '2015-07-01',
          formalOrganizationId: chongqingBranch,
          mobilityType: 'EMPLOYMENT',
          outflowDate,
          destinationRegionCode: '510104',
          inflowOrganizationId: chengduBranch,
          status: 'MANAGED',
        },
      },
    }),
  ).createOneMember.id;
}

/** One 主题党日 a month in the given months of the year. */
async function attend(memberId: string, months: number[]): Promise<void> {
  const activityRecords = months.map((month) => ({
    memberId,
    organizationId: chengduBranch,
    occurredOn: `${YEAR}-${String(month).padStart(2, '0')}-15`,
    kind: 'THEME_PARTY_DAY',
    title: '主题党日',
  }));
  ok(await app.gql('mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }', { input: { activityRecords } }));
}

async function returnOf(memberId: string): Promise<Record<string, any>> {
  const nodes = ok(await app.gql(READ, { filter: { memberId: { eq: memberId }, agreementId: { eq: ACTIVE }, year: { eq: YEAR } } })).annualFeedbacks.nodes;
  expect(nodes).toHaveLength(1);
  return nodes[0];
}

/** Ground truth by hand: the months of the year from the member's outflow month, and the agreement's sessions for them, rounded up. */
async function truthOf(memberId: string): Promise<{ months: number; expected: number }> {
  const [row] = await sql<{ months: number; expected: number }>(
    app,
    `select c.months, ceil(a.expected_org_life_sessions * c.months / 12.0)::int as expected
       from member m
       cross join agreement a
       cross join lateral (select count(*)::int as months
                             from generate_series(make_date(?, 1, 1), make_date(?, 12, 1), interval '1 month') mo
                            where mo >= date_trunc('month', m.outflow_date)) c
      where m.id = ? and a.id = ?`,
    [YEAR, YEAR, Number(memberId), Number(ACTIVE)],
  );
  return row!;
}

let september: string;
let allYear: string;

beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
  chongqingBranch = await organization({ kind: { eq: 'BRANCH' }, regionCode: { like: '50%' } });
  chengduBranch = await organization({ kind: { eq: 'BRANCH' }, regionCode: { like: '5101%' } });
  september = await createMember('秋到达', `${YEAR}-09-10`);
  allYear = await createMember('全年在', '2024-03-01');
  // Both attend once a month from September to November (December is still to come as this is written):
  // all the September arrival could attend so far.
  await attend(september, [9, 10, 11]);
  await attend(allYear, [9, 10, 11]);
  ok(await generate(app, ACTIVE, YEAR));
}, 90_000);
afterAll(() => app.close());

describe('a member who arrived in September', () => {
  it('is expected 4 of the 12 sessions, for 4 months under care', async () => {
    const draft = await returnOf(september);
    expect(await sql(app, `select agreement.expected_org_life_sessions as n from agreement where id = ?`, [Number(ACTIVE)])).toEqual([{ n: 12 }]);
    expect(draft).toMatchObject({ orgLifeAttended: 3, orgLifeExpected: 4, monthsUnderCare: 4 });
    expect(await truthOf(september)).toEqual({ months: 4, expected: 4 });
  });

  it('is not flagged for little organisational life when attending those months', async () => {
    expect((await returnOf(september)).warnings).not.toContain('LOW_ORGANIZATIONAL_LIFE');
  });
});

describe('a member present all year', () => {
  it('is expected the agreement\'s 12, and flagged after attending the same 3', async () => {
    const draft = await returnOf(allYear);
    expect(draft).toMatchObject({ orgLifeAttended: 3, orgLifeExpected: 12, monthsUnderCare: 12 });
    expect(draft.warnings).toContain('LOW_ORGANIZATIONAL_LIFE');
    expect(await truthOf(allYear)).toEqual({ months: 12, expected: 12 });
  });
});

describe('refreshing an existing draft', () => {
  it('follows a corrected outflow date, keeping what people wrote', async () => {
    const before = await returnOf(september);
    const edited = ok(
      await app.gql(UPDATE, { input: { id: before.id, update: { version: before.version, comments: '九月到蓉，按月参加主题党日' } } }),
    ).updateOneAnnualFeedback;
    // The ledger is corrected: the member had in fact been here since June.
    ok(await app.gql('mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id outflowDate } }', {
      input: { id: september, update: { outflowDate: `${YEAR}-06-20` } },
    }));

    const rerun = ok(await generate(app, ACTIVE, YEAR)).generateAnnualFeedbackDrafts;
    expect(rerun).toMatchObject({ created: 0, refreshed: 1, untouched: 0 });
    const after = await returnOf(september);
    expect(after).toMatchObject({
      id: before.id,
      version: edited.version + 1,
      monthsUnderCare: 7,
      orgLifeExpected: 7,
      orgLifeAttended: 3,
      comments: '九月到蓉，按月参加主题党日',
    });
    expect(await truthOf(september)).toEqual({ months: 7, expected: 7 });
    // 3 of 7 is less than half: now flagged.
    expect(after.warnings).toContain('LOW_ORGANIZATIONAL_LIFE');

    // Here all year after all.
    ok(await app.gql('mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id } }', {
      input: { id: september, update: { outflowDate: `${YEAR - 1}-11-02` } },
    }));
    expect(ok(await generate(app, ACTIVE, YEAR)).generateAnnualFeedbackDrafts).toMatchObject({ created: 0, refreshed: 1 });
    const whole = await returnOf(september);
    expect(whole).toMatchObject({ monthsUnderCare: 12, orgLifeExpected: 12, version: edited.version + 2 });
    expect(whole.warnings).toContain('LOW_ORGANIZATIONAL_LIFE');
  });

  it('a run with nothing changed leaves every draft as it is', async () => {
    const snapshot = () => sql(app, 'select id, version, months_under_care, org_life_expected from annual_feedback order by id');
    const before = await snapshot();
    expect(ok(await generate(app, ACTIVE, YEAR)).generateAnnualFeedbackDrafts).toMatchObject({ created: 0, refreshed: 0 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('the whole demo data against ground truth computed in SQL', () => {
  it('every generated return carries the months and the prorated expectation', async () => {
    const mismatches = await sql(
      app,
      `select fb.member_id, fb.months_under_care, fb.org_life_expected, c.months, ceil(a.expected_org_life_sessions * c.months / 12.0)::int as expected
         from annual_feedback fb
         join member m on m.id = fb.member_id
         join agreement a on a.id = fb.agreement_id
         cross join lateral (select count(*)::int as months
                               from generate_series(make_date(fb.year, 1, 1), make_date(fb.year, 12, 1), interval '1 month') mo
                              where mo >= date_trunc('month', m.outflow_date)) c
        where fb.source = 'generated' and fb.status = 'DRAFT'
          and (fb.months_under_care, fb.org_life_expected) is distinct from (c.months, ceil(a.expected_org_life_sessions * c.months / 12.0)::int)`,
    );
    expect(mismatches).toEqual([]);
    const [counts] = await sql<{ drafts: number; part_year: number }>(
      app,
      `select count(*)::int as drafts, count(*) filter (where months_under_care < 12)::int as part_year
         from annual_feedback where agreement_id = ? and year = ? and source = 'generated'`,
      [Number(ACTIVE), YEAR],
    );
    expect(counts!.drafts).toBeGreaterThan(100);
    expect(counts!.part_year).toBeGreaterThan(0);
  });
});
