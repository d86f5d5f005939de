import { AdminRole } from '../../api/common/viewer';
import { monthsUnderCare, proratedExpectation } from '../../api/feedback/feedback.rules';
import { onlyError, startTestApp, type TestApp } from '../support/app';
import {
  ACTIVE,
  createAgreement,
  DRAFT_AGREEMENT,
  EXPIRED,
  FEEDBACK_FIELDS,
  generate,
  HOST_WRITTEN_SQL,
  noHostReturnSql,
  NO_RATE_LIMITS,
  ok,
  sql,
  sqlNumber,
  stepOk,
  UPDATE,
  YEAR,
} from './helpers';

/**
 * generateAnnualFeedbackDrafts on the demo data: one draft per member agreement 1 covers in the
 * host-written direction (Chongqing-formal members living or managed in Chengdu), with counts
 * that match a hand-written aggregate over the year's activity records.
 */

let app: TestApp;
interface CoveredMember {
  id: number;
  name: string;
  status: string;
  party_standing: string;
  formal_organization_id: number;
  inflow_organization_id: number | null;
}
let covered: CoveredMember[];
/** What the draft generation cost: statements and milliseconds, per agreement. */
const measured: Record<string, { statements: number; ms: number; created: number; covered?: number }> = {};

const NO_RETURN = ['LOST_CONTACT', 'TRANSFERRED'];
const ORG_LIFE = "('THREE_MEETINGS_ONE_LESSON', 'THEME_PARTY_DAY', 'ORGANIZATIONAL_LIFE_MEETING')";

/**
 * The year's tallies per member, written by hand from the rules (not the application's SQL): the
 * months under care counted as the months of the year from the one the member left in (a series,
 * not the application's arithmetic), and the agreement's sessions prorated to them, rounded up.
 */
function talliesSql(memberIds: number[], year = YEAR): string {
  return `
    select m.id as member_id,
           (select count(*) from generate_series(make_date(${year}, 1, 1), make_date(${year}, 12, 1), interval '1 month') mo
             where mo >= date_trunc('month', m.outflow_date))::int as months_under_care,
           ceil(a.expected_org_life_sessions * (select count(*) from generate_series(make_date(${year}, 1, 1), make_date(${year}, 12, 1), interval '1 month') mo
             where mo >= date_trunc('month', m.outflow_date)) / 12.0)::int as org_life_expected,
           count(r.id) filter (where r.kind::text in ${ORG_LIFE})::int as org_life_attended,
           count(r.id) filter (where r.kind = 'VOLUNTEER_SERVICE')::int as volunteer_count,
           coalesce(sum(r.hours) filter (where r.kind = 'VOLUNTEER_SERVICE'), 0)::float as volunteer_hours,
           count(r.id) filter (where r.kind = 'STUDY')::int as study_count,
           count(r.id) filter (where r.kind = 'PIONEER_POST')::int as pioneer_count,
           -- 年考核 (issue 11): the base score of the member's scheme plus its monthly scores; 0 without a scheme.
           -- The monthly scores themselves are checked against records in test/api/points.test.ts.
           coalesce((select v.base_score + coalesce((select sum(s.score + s.adjustment) from monthly_score s where s.member_id = m.id and s.year = ${year}), 0)
                       from points_scheme ps join organization f on f.id = m.formal_organization_id
                       join points_scheme_version v on v.scheme_id = ps.id and v.from_year <= ${year}
                      where ps.owner_organization_id = f.id or ps.owner_organization_id = any(f.ancestor_ids)
                      order by v.from_year desc limit 1), 0)::int as points
      from member m
      cross join (select expected_org_life_sessions from agreement where id = ${Number(ACTIVE)}) a
      left join activity_record r on r.member_id = m.id and r.occurred_on between '${year}-01-01' and '${year}-12-31'
     where m.id in (${memberIds.map(Number).join(',')})
     group by m.id, m.outflow_date, a.expected_org_life_sessions
     order by m.id`;
}

async function timedGenerate(label: string, agreementId: string, year = YEAR, token: string | null = null) {
  app.queries.length = 0;
  const started = performance.now();
  const response = await generate(app, agreementId, year, token);
  const ms = Math.round(performance.now() - started);
  const statements = app.dataStatements().length;
  const result = ok(response).generateAnnualFeedbackDrafts;
  measured[label] = { statements, ms, created: result.created };
  return { result, statements, ms };
}

async function draftsSnapshot(): Promise<unknown[]> {
  return sql(app, 'select id, version, updated_at, status::text from annual_feedback order by id');
}

const READ = `query($filter: AnnualFeedbackFilter) { annualFeedbacks(filter: $filter, paging: { limit: 100 }, sorting: [{ field: memberId, direction: ASC }]) { totalCount nodes { ${FEEDBACK_FIELDS} } } }`;

async function draftOf(memberId: number): Promise<Record<string, any>> {
  const nodes = ok(await app.gql(READ, { filter: { memberId: { eq: String(memberId) }, agreementId: { eq: ACTIVE }, year: { eq: YEAR } } })).annualFeedbacks.nodes;
  expect(nodes).toHaveLength(1);
  return nodes[0];
}

async function addActivities(memberId: number, organizationId: number, records: Record<string, unknown>[]) {
  const activityRecords = records.map((record) => ({ memberId: String(memberId), organizationId: String(organizationId), title: '补录活动', ...record }));
  ok(await app.gql('mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }', { input: { activityRecords } }));
}

/** Covered members who get no return at all (noHostReturnSql); the others get one of some kind. */
let noReturn: Set<number>;
const notSkipped = (member: CoveredMember) => !noReturn.has(member.id);

beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
  covered = await sql<CoveredMember>(app, `${HOST_WRITTEN_SQL} order by m.id`);
  noReturn = new Set((await sql<{ id: number }>(app, `select id from (${HOST_WRITTEN_SQL}) covered where ${noHostReturnSql('covered.id', YEAR)}`)).map((row) => row.id));
  // The admin's session is looked up once, then served from the process's cache: each run measured below counts its own statements only.
  ok(await app.gql('{ me { id } }'));
}, 60_000);
afterAll(async () => {
  // The figures asked for in the report: statements and time per generation call.
  console.log(`draft generation measurements: ${JSON.stringify(measured)}`);
  await app.close();
});

describe('the first run for agreement 1 and this year', () => {
  let first: Awaited<ReturnType<typeof timedGenerate>>;

  beforeAll(async () => {
    first = await timedGenerate('agreement 1, first run', ACTIVE);
    measured['agreement 1, first run']!.covered = covered.length;
  });

  it('creates one draft per covered member, except lost-contact members with no open case and members transferred before the year, who are listed with the reason', () => {
    const skipped = covered.filter((member) => !notSkipped(member)).map((member) => ({ memberId: String(member.id), name: member.name, reason: member.status }));
    expect(covered.length).toBeGreaterThan(100);
    expect(new Set(skipped.map((member) => member.reason))).toEqual(new Set(NO_RETURN));
    expect(first.result).toEqual({ created: covered.length - skipped.length, refreshed: 0, untouched: 0, skipped });
  });

  it('writes exactly those drafts, addressed to the partner, due 2027-01-31, expecting the agreement\'s sessions prorated to the months under care', async () => {
    const truth = new Map(
      (await sql<Record<string, number>>(app, talliesSql(covered.filter(notSkipped).map((member) => member.id)))).map((row) => [row.member_id, row]),
    );
    const rows = await sql(
      app,
      `select member_id, status::text, recipient::text, version, source, to_organization_id, from_organization_id,
              to_char(due_on, 'YYYY-MM-DD') as due_on, org_life_expected, months_under_care, comments, suggested_grade
         from annual_feedback where agreement_id = 1 and year = ? order by member_id`,
      [YEAR],
    );
    expect(rows).toEqual(
      covered.filter(notSkipped).map((member) => ({
        member_id: member.id,
        status: 'DRAFT',
        recipient: 'PARTNER',
        version: 1,
        source: 'generated',
        to_organization_id: member.formal_organization_id,
        from_organization_id: member.inflow_organization_id,
        due_on: '2027-01-31',
        org_life_expected: truth.get(member.id)!.org_life_expected,
        months_under_care: truth.get(member.id)!.months_under_care,
        comments: null,
        suggested_grade: null,
      })),
    );
  });

  it('counts what each member did in 2026, exactly as a hand-written aggregate over activity_record', async () => {
    const candidates = covered.filter(notSkipped).map((member) => member.id);
    const tallies = await sql<Record<string, number>>(app, talliesSql(candidates));
    // Several members chosen for their extremes, and a probationary one.
    const by = (field: string, direction: 1 | -1) => [...tallies].sort((a, b) => direction * (a[field]! - b[field]!) || a.member_id! - b.member_id!)[0]!.member_id!;
    const probationary = covered.find((member) => notSkipped(member) && member.party_standing === 'PROBATIONARY')!.id;
    const chosen = [
      ...new Set([
        by('org_life_attended', -1),
        by('org_life_attended', 1),
        by('volunteer_hours', -1),
        by('volunteer_count', -1),
        by('study_count', -1),
        by('pioneer_count', -1),
        by('points', -1),
        by('points', 1),
        // One who did things of every kind.
        tallies.find((row) => row.volunteer_hours! > 0 && row.study_count! > 0 && row.pioneer_count! > 0)!.member_id!,
        probationary,
      ]),
    ].sort((a, b) => a - b);
    expect(chosen.length).toBeGreaterThanOrEqual(5);

    const nodes = ok(await app.gql(READ, { filter: { memberId: { in: chosen.map(String) }, year: { eq: YEAR } } })).annualFeedbacks.nodes;
    const expected = chosen.map((id) => {
      const tally = tallies.find((row) => row.member_id === id)!;
      return {
        memberId: String(id),
        orgLifeAttended: tally.org_life_attended,
        orgLifeExpected: tally.org_life_expected,
        monthsUnderCare: tally.months_under_care,
        volunteerCount: tally.volunteer_count,
        volunteerHours: tally.volunteer_hours,
        studyCount: tally.study_count,
        pioneerCount: tally.pioneer_count,
        points: tally.points,
      };
    });
    expect(nodes.map((node: Record<string, unknown>) => ({
      memberId: node.memberId,
      orgLifeAttended: node.orgLifeAttended,
      orgLifeExpected: node.orgLifeExpected,
      monthsUnderCare: node.monthsUnderCare,
      volunteerCount: node.volunteerCount,
      volunteerHours: node.volunteerHours,
      studyCount: node.studyCount,
      pioneerCount: node.pioneerCount,
      points: node.points,
    }))).toEqual(expected);
    // Some of them really did things of every kind.
    expect(expected.some((row) => row.volunteerHours > 0 && row.studyCount > 0 && row.pioneerCount > 0)).toBe(true);
  });

  it('and the same holds for every draft, not only the chosen ones', async () => {
    const ids = covered.filter(notSkipped).map((member) => member.id);
    const mismatches = await sqlNumber(
      app,
      `with expected as (${talliesSql(ids)})
       select count(*) from annual_feedback fb join expected e on e.member_id = fb.member_id
        where fb.agreement_id = 1 and fb.year = ${YEAR}
          and (fb.org_life_attended, fb.org_life_expected, fb.months_under_care, fb.volunteer_count, fb.volunteer_hours::float,
               fb.study_count, fb.pioneer_count, fb.points)
              is distinct from (e.org_life_attended, e.org_life_expected, e.months_under_care, e.volunteer_count, e.volunteer_hours,
                                e.study_count, e.pioneer_count, e.points)`,
    );
    expect(mismatches).toBe(0);
    expect(await sqlNumber(app, `select count(*) from annual_feedback where agreement_id = 1 and year = ${YEAR}`)).toBe(ids.length);
  });

  it('prorates on the demo data as the JavaScript rule does, with members who arrived during the year among them', async () => {
    const rows = await sql<{ member_id: number; outflow_date: string; months_under_care: number; org_life_expected: number; expected_per_year: number }>(
      app,
      `select fb.member_id, to_char(m.outflow_date, 'YYYY-MM-DD') as outflow_date, fb.months_under_care, fb.org_life_expected,
              a.expected_org_life_sessions as expected_per_year
         from annual_feedback fb join member m on m.id = fb.member_id join agreement a on a.id = fb.agreement_id
        where fb.agreement_id = 1 and fb.year = ${YEAR} order by fb.member_id`,
    );
    expect(rows.map((row) => ({ id: row.member_id, months: row.months_under_care, expected: row.org_life_expected }))).toEqual(
      rows.map((row) => {
        const months = monthsUnderCare({ outflowDate: row.outflow_date }, YEAR);
        return { id: row.member_id, months, expected: proratedExpectation(row.expected_per_year, months) };
      }),
    );
    const partYear = rows.filter((row) => row.months_under_care < 12);
    expect(partYear.length).toBeGreaterThan(0);
    expect(rows.length - partYear.length).toBeGreaterThan(0);
  });

  it('runs in a small constant number of statements', () => {
    // session, agreement, upsert, summary, audit
    expect(first.statements).toBeLessThanOrEqual(8);
  });
});

describe('running it again', () => {
  it('creates nothing and changes no version', async () => {
    const before = await draftsSnapshot();
    const again = await timedGenerate('agreement 1, second run', ACTIVE);
    expect(again.result).toMatchObject({ created: 0, refreshed: 0, untouched: 0 });
    expect(again.result.skipped).toHaveLength(covered.filter((member) => !notSkipped(member)).length);
    expect(await draftsSnapshot()).toEqual(before);
    expect(again.statements).toBe(measured['agreement 1, first run']!.statements);
  });

  it('refreshes the counts of an edited draft after new activity, keeping what people wrote', async () => {
    const member = covered.filter(notSkipped).find((m) => m.party_standing === 'FULL' && m.inflow_organization_id)!;
    const draft = await draftOf(member.id);
    const edited = ok(
      await app.gql(UPDATE, {
        input: { id: draft.id, update: { version: draft.version, comments: '热心公益，带头参加志愿服务', suggestedGrade: 'QUALIFIED', recommendedForAward: true } },
      }),
    ).updateOneAnnualFeedback;
    await addActivities(member.id, member.inflow_organization_id!, [
      { occurredOn: '2026-06-01', kind: 'THEME_PARTY_DAY', points: 1 },
      { occurredOn: '2026-06-15', kind: 'ORGANIZATIONAL_LIFE_MEETING' },
      { occurredOn: '2026-07-01', kind: 'VOLUNTEER_SERVICE', hours: 3.5, points: 4 },
      { occurredOn: '2026-07-02', kind: 'STUDY', points: 2 },
      { occurredOn: '2026-07-03', kind: 'PIONEER_POST', points: 5 },
      { occurredOn: '2026-07-04', kind: 'OTHER', points: -1 },
      // Last year's activity does not count for this year.
      { occurredOn: '2025-12-31', kind: 'VOLUNTEER_SERVICE', hours: 8, points: 10 },
    ]);
    const before = await draftsSnapshot();

    const rerun = await timedGenerate('agreement 1, refresh after new activity', ACTIVE);
    expect(rerun.result).toMatchObject({ created: 0, refreshed: 1, untouched: 0 });
    const refreshed = await draftOf(member.id);
    expect(refreshed).toEqual({
      ...edited,
      version: edited.version + 1,
      orgLifeAttended: edited.orgLifeAttended + 2,
      volunteerCount: edited.volunteerCount + 1,
      volunteerHours: edited.volunteerHours + 3.5,
      studyCount: edited.studyCount + 1,
      pioneerCount: edited.pioneerCount + 1,
      // The year score moves by what the scheme's items and caps make of the new records (checked against the tally below).
      points: expect.any(Number),
    });
    const [tally] = await sql(app, talliesSql([member.id]));
    expect(refreshed.orgLifeAttended).toBe(tally!.org_life_attended);
    expect(refreshed.points).toBe(tally!.points);
    // Nobody else's draft moved.
    const after = (await draftsSnapshot()) as { id: number }[];
    expect(after.filter((row) => String(row.id) !== draft.id)).toEqual((before as { id: number }[]).filter((row) => String(row.id) !== draft.id));
  });

  it('does not touch returns past the draft stage: their counts and versions stay', async () => {
    const member = covered.filter(notSkipped).filter((m) => m.inflow_organization_id)[5]!;
    const draft = await draftOf(member.id);
    const submitted = await stepOk(app, null, 'submit', draft.id, draft.version);
    await addActivities(member.id, member.inflow_organization_id!, [{ occurredOn: '2026-08-01', kind: 'THEME_PARTY_DAY', points: 3 }]);

    const rerun = await timedGenerate('agreement 1, with a submitted return', ACTIVE);
    expect(rerun.result).toMatchObject({ created: 0, refreshed: 0, untouched: 1 });
    const after = await draftOf(member.id);
    expect(after).toEqual(submitted);

    // Sent back to draft by the reviewer, it is refreshed on the next run.
    const returned = await stepOk(app, null, 'return', draft.id, submitted.version, { reason: '请核对组织生活次数' });
    const again = await timedGenerate('agreement 1, after a return to draft', ACTIVE);
    expect(again.result).toMatchObject({ created: 0, refreshed: 1, untouched: 0 });
    const refreshed = await draftOf(member.id);
    expect(refreshed).toEqual({ ...returned, version: returned.version + 1, orgLifeAttended: returned.orgLifeAttended + 1, points: expect.any(Number) });
    expect(refreshed.points).toBe((await sql(app, talliesSql([member.id])))[0]!.points);
  });
});

describe('cost', () => {
  it('the statement count does not grow with the number of covered members', async () => {
    const meishan = await createAgreement(app, { code: 'CDMS-2026-GEN', title: '眉山籍在蓉流动党员共管协议', partnerRegionCode: '511400' });
    const guangzhou = await createAgreement(app, { code: 'CDGZ-2026-GEN', title: '广州籍在蓉流动党员共管协议', partnerRegionCode: '440100' });
    const medium = await timedGenerate('Meishan agreement, first run', meishan);
    const empty = await timedGenerate('Guangzhou agreement (nobody covered), first run', guangzhou);
    const large = measured['agreement 1, first run']!;
    expect(medium.result.created).toBeGreaterThan(0);
    expect(medium.result.created).not.toBe(large.created);
    expect(empty.result).toEqual({ created: 0, refreshed: 0, untouched: 0, skipped: [] });
    expect(medium.statements).toBe(large.statements);
    expect(empty.statements).toBe(large.statements);
  });
});

describe('concurrent runs', () => {
  it('three runs at once for a new agreement create each draft exactly once', async () => {
    const ziyang = await createAgreement(app, { code: 'CDZY-2026-GEN', title: '资阳籍在蓉流动党员共管协议', partnerRegionCode: '512000' });
    const results = (await Promise.all([generate(app, ziyang, YEAR), generate(app, ziyang, YEAR), generate(app, ziyang, YEAR)])).map(
      (response) => ok(response).generateAnnualFeedbackDrafts,
    );
    const total = results.reduce((sum, result) => sum + result.created, 0);
    expect(total).toBeGreaterThan(0);
    expect(await sqlNumber(app, `select count(*) from annual_feedback where agreement_id = ${Number(ziyang)}`)).toBe(total);
    expect(await sqlNumber(app, `select count(distinct member_id) from annual_feedback where agreement_id = ${Number(ziyang)}`)).toBe(total);
    for (const result of results) expect(result.skipped).toEqual(results[0]!.skipped);
  });
});

describe('who may generate, and for which agreements', () => {
  it.each([
    ['Deyang', '510600'],
    ['Jinjiang district of Chengdu', '510104'],
  ])('a region admin of %s cannot reach agreement 1 and generates nothing', async (_name, regionCode) => {
    const token = await app.adminSession({ username: `region-${regionCode}`, password: 'region-admin-password-1', role: AdminRole.REGION_ADMIN, regionCode });
    const before = await draftsSnapshot();
    const response = await generate(app, ACTIVE, YEAR, token);
    expect(onlyError(response).extensions).toEqual({ code: 'NOT_FOUND', entity: 'Agreement' });
    expect(await draftsSnapshot()).toEqual(before);
  });

  it('a read-only admin may not generate', async () => {
    const token = await app.adminSession({ username: 'cd-viewer', password: 'chengdu-viewer-pass-1', role: AdminRole.VIEWER, regionCode: '510100' });
    expect(onlyError(await generate(app, ACTIVE, YEAR, token)).extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it.each([
    ['the draft agreement', DRAFT_AGREEMENT, YEAR],
    ['agreement 1 for a year before it took effect', ACTIVE, 2023],
    ['the expired agreement for a year after it ended', EXPIRED, YEAR],
  ])('refuses %s with CONFLICT and writes nothing', async (_case, agreementId, year) => {
    const before = await draftsSnapshot();
    const error = onlyError(await generate(app, agreementId, year));
    expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'AGREEMENT_NOT_IN_FORCE' });
    expect(await draftsSnapshot()).toEqual(before);
  });

  it('still serves the expired agreement for a year it was in force', async () => {
    const { result } = await timedGenerate('expired agreement 2, 2025', EXPIRED, 2025);
    expect(result.created).toBeGreaterThan(0);
    expect(await sqlNumber(app, "select count(*) from annual_feedback where agreement_id = 2 and year = 2025 and to_char(due_on, 'YYYY-MM-DD') = '2026-02-28'")).toBe(result.created);
  });

  it('refuses an agreement under which the partner writes the returns', async () => {
    const reverse = await createAgreement(app, { code: 'CDZY-2026-REV', title: '资阳协议', partnerRegionCode: '512000', direction: 'HOST_TO_PARTNER' });
    expect(onlyError(await generate(app, reverse, YEAR)).extensions).toEqual({ code: 'CONFLICT', reason: 'WRONG_DIRECTION' });
  });

  it('answers BAD_USER_INPUT for an impossible year', async () => {
    expect(onlyError(await generate(app, ACTIVE, 1999)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MIN' });
  });
});

describe('organisational life attended', () => {
  // Expected sessions are the agreement's baseline (e.g. 12 theme days); members who also attend
  // 三会一课 and 组织生活会 may exceed it, and neither generation nor a partner batch refuses that.
  it('may exceed the expected sessions', async () => {
    const over = await sqlNumber(app, `select count(*) from annual_feedback where agreement_id = 1 and year = ${YEAR} and org_life_attended > org_life_expected`);
    expect(over).toBeGreaterThan(0);
  });
});
