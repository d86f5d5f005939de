import { startTestApp, type TestApp } from '../support/app';
import { ACTIVE, generate, NO_RATE_LIMITS, ok, sql, sqlNumber, YEAR } from '../feedback/helpers';

/**
 * The demo data carries 一对一联 and 组织找党员: pairings, a year and a half of talks, visits and
 * reports, and lost-contact cases open and closed; a generated 2026 return shows talks and
 * reports, and a member in an open case gets a 失联 return with the case history.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
}, 60_000);
afterAll(() => app.close());

it('has pairings, contact records of every kind, and open and closed cases with attempts', async () => {
  expect(await sqlNumber(app, 'select count(*) from contact_pairing')).toBeGreaterThan(1000);
  const kinds = await sql<{ kind: string; n: number }>(app, 'select kind::text, count(*)::int as n from contact_record group by kind order by kind');
  expect(kinds.map((row) => row.kind)).toEqual(expect.arrayContaining(['TALK', 'REMINDER_TALK', 'HOMECOMING_MEETING', 'FAMILY_VISIT', 'THOUGHT_REPORT']));
  const cases = await sql<{ open: boolean; outcome: string | null; n: number }>(
    app,
    'select closed_on is null as open, outcome::text, count(*)::int as n from lost_contact_case group by 1, 2 order by 1, 2',
  );
  expect(cases.find((row) => row.open)?.n).toBeGreaterThan(5);
  expect(cases.map((row) => row.outcome)).toEqual(expect.arrayContaining(['FOUND', 'HANDED_TO_OUTFLOW']));
  expect(await sqlNumber(app, 'select count(*) from lost_contact_case c where not exists (select 1 from lost_contact_attempt a where a.lost_contact_case_id = c.id)')).toBe(0);
  // Every open case is of a member who lost contact; transferred members say when and where.
  expect(await sqlNumber(app, "select count(*) from lost_contact_case c join member m on m.id = c.member_id where c.closed_on is null and m.status <> 'LOST_CONTACT'")).toBe(0);
  expect(await sqlNumber(app, "select count(*) from member where status = 'TRANSFERRED' and (transferred_on is null or transferred_to is null)")).toBe(0);
});

it('lastContactOn is never before the latest contact record', async () => {
  expect(
    await sqlNumber(app, 'select count(*) from member m join (select member_id, max(occurred_on) as last_on from contact_record group by member_id) r on r.member_id = m.id where m.last_contact_on is null or m.last_contact_on < r.last_on'),
  ).toBe(0);
});

it('a generated 2026 return shows talks and reports, and a member in an open case gets a 失联 return with the case history', async () => {
  ok(await generate(app, ACTIVE, YEAR));
  const summary = await sql<{ kind: string; n: number; talks: number; reports: number }>(
    app,
    `select kind::text, count(*)::int as n, sum(talks_held)::int as talks, sum(thought_reports)::int as reports
       from annual_feedback where agreement_id = ? and year = ? group by kind order by kind`,
    [Number(ACTIVE), YEAR],
  );
  const byKind = Object.fromEntries(summary.map((row) => [row.kind, row]));
  expect(byKind.ORDINARY!.talks).toBeGreaterThan(byKind.ORDINARY!.n);
  expect(byKind.ORDINARY!.reports).toBeGreaterThan(0);
  expect(byKind.LOST_CONTACT!.n).toBeGreaterThan(0);
  // The year score with the items behind it (十二分制: organisational life, study, thought reports…) and the prorated expectation.
  const scored = ok(
    await app.gql(`query($a: ID!, $y: Int!) { annualFeedbacks(filter: { agreementId: { eq: $a }, year: { eq: $y }, kind: { eq: ORDINARY } }, paging: { limit: 500 }) {
      nodes { yearScore pointsGrade monthsUnderCare orgLifeExpected scoreItems { code counted } } } }`, { a: ACTIVE, y: YEAR }),
  ).annualFeedbacks.nodes as { yearScore: number | null; pointsGrade: string | null; monthsUnderCare: number; orgLifeExpected: number; scoreItems: { code: string; counted: number }[] }[];
  const withScore = scored.filter((row) => row.yearScore !== null);
  expect(withScore.length).toBeGreaterThan(0);
  expect(withScore.some((row) => row.scoreItems.some((item) => item.code === 'THOUGHT_REPORT' && item.counted > 0))).toBe(true);
  expect(withScore.every((row) => row.yearScore === 12 + row.scoreItems.reduce((sum, item) => sum + item.counted, 0))).toBe(true);
  expect(scored.some((row) => row.monthsUnderCare < 12 && row.orgLifeExpected < 12)).toBe(true);
  const [lost] = await sql<{ id: number; case_id: number }>(
    app,
    "select id, lost_contact_case_id as case_id from annual_feedback where agreement_id = ? and year = ? and kind = 'LOST_CONTACT' order by id limit 1",
    [Number(ACTIVE), YEAR],
  );
  const read = ok(await app.gql('query($id: ID!) { annualFeedback(id: $id) { kind lostContactCase { id open attempts { totalCount } } } }', { id: String(lost!.id) }));
  expect(read.annualFeedback).toMatchObject({ kind: 'LOST_CONTACT', lostContactCase: { id: String(lost!.case_id), open: true } });
  expect(read.annualFeedback.lostContactCase.attempts.totalCount).toBeGreaterThan(0);
});
