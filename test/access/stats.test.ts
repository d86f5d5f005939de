import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { startTestApp, type TestApp } from '../support/app';
import { CALLERS, contractOperations, contractSchema, EXPECTED } from './expectations';
import { ACTIVITY_YEAR, as, buildWorld, CREATE_CONTACT, createActivity, ok, type World } from './fixtures';

/**
 * Aggregate statistics: the figures are the database's, every published count passes disclosure
 * control, and a stats-only token can reach no type that carries personal data.
 */

let app: TestApp;
let world: World;

beforeAll(async () => {
  app = await startTestApp('empty');
  world = await buildWorld(app);
}, 120_000);
afterAll(() => app?.close());

const sql = <T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> => app.sql(query, params);

/**
 * What may be published of a true count (api/stats/disclosure.ts, written out again): nothing
 * below 5 (zero included); otherwise a multiple of 5 within 2 of the truth, or nothing when the
 * audit withheld it as well.
 */
function expectProtected(published: number | null, truth: number, where: string) {
  if (truth < 5) expect({ where, published }).toEqual({ where, published: null });
  if (published === null) return;
  expect({ where, multipleOf5: published % 5 === 0, error: Math.abs(published - truth) <= 2 }).toEqual({ where, multipleOf5: true, error: true });
}

type Bucket = { key: string; label?: string | null; count: number | null; suppressed: boolean };

/** A breakdown against the truth: every key (and only keys) the rule lets it name, each count protected. */
function expectBreakdown(buckets: Bucket[], truth: Map<string, number>, kind: 'closed' | 'open', where: string) {
  for (const bucket of buckets) expect(bucket.suppressed).toBe(bucket.count === null);
  if (kind === 'closed') {
    for (const bucket of buckets) expectProtected(bucket.count, truth.get(bucket.key) ?? 0, `${where}.${bucket.key}`);
    return;
  }
  const named = buckets.filter((bucket) => bucket.key !== 'OTHER');
  expect(named.map((bucket) => bucket.key).sort()).toEqual([...truth].filter(([, count]) => count >= 5).map(([key]) => key).sort());
  for (const bucket of named) expectProtected(bucket.count, truth.get(bucket.key)!, `${where}.${bucket.key}`);
  const rest = [...truth].filter(([, count]) => count < 5).reduce((sum, [, count]) => sum + count, 0);
  expectProtected(buckets.find((bucket) => bucket.key === 'OTHER')!.count, rest, `${where}.OTHER`);
}

const tally = (values: string[]) => values.reduce((map, value) => map.set(value, (map.get(value) ?? 0) + 1), new Map<string, number>());
/** GB/T 2260: municipalities count as one city (XX0000), elsewhere the city is XXXX00. */
const cityOf = (code: string) => (['11', '12', '31', '50'].includes(code.slice(0, 2)) ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`);
const withoutLabels = (buckets: { key: string; count: number | null; suppressed: boolean }[]) =>
  buckets.map(({ key, count, suppressed }) => ({ key, count, suppressed }));

const MEMBER_STATISTICS = `{ memberStatistics {
  total
  byStatus { key label count suppressed }
  byMobilityType { key label count suppressed }
  byFormalRegion { key label count suppressed }
  byDestinationRegion { key label count suppressed } } }`;

/**
 * Which members each caller's statistics cover, as SQL over `member m`, `organization f` (formal)
 * and `organization i` (inflow): the whole platform, a region, or the agreement's coverage rule.
 */
const SCOPES = {
  superAdmin: 'true',
  dashboard: 'true',
  viewer: `(f.region_code like '5101%' or m.destination_region_code like '5101%' or i.region_code like '5101%')`,
  partnerA: `((f.region_code like '50%' and (m.destination_region_code like '5101%' or i.region_code like '5101%'))
           or (f.region_code like '5101%' and (m.destination_region_code like '50%' or i.region_code like '50%')))`,
  regionAdmin: `(f.region_code like '4401%' or m.destination_region_code like '4401%' or i.region_code like '4401%')`,
} as const;

async function truthOf(viewer: keyof typeof SCOPES) {
  return sql<{ status: string; mobility: string; formal: string; destination: string }>(
    `select m.status::text as status, m.mobility_type::text as mobility, f.region_code as formal, m.destination_region_code as destination
       from member m join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
      where ${SCOPES[viewer]}`,
  );
}

async function expectMemberStatistics(viewer: keyof typeof SCOPES) {
  const rows = await truthOf(viewer);
  const stats = ok(await as(app, world, viewer)(MEMBER_STATISTICS)).memberStatistics;
  expectProtected(stats.total, rows.length, 'total');
  expectBreakdown(stats.byStatus, tally(rows.map((row) => row.status)), 'closed', 'byStatus');
  expectBreakdown(stats.byMobilityType, tally(rows.map((row) => row.mobility)), 'closed', 'byMobilityType');
  expectBreakdown(stats.byFormalRegion, tally(rows.map((row) => cityOf(row.formal))), 'open', 'byFormalRegion');
  expectBreakdown(stats.byDestinationRegion, tally(rows.map((row) => cityOf(row.destination))), 'open', 'byDestinationRegion');
  return { stats, rows };
}

describe.each(['superAdmin', 'dashboard', 'viewer', 'partnerA', 'regionAdmin'] as const)('memberStatistics for %s', (viewer) => {
  it('publishes the figures of the members in its reach, as the database counts them, under disclosure control', async () => {
    const { rows } = await expectMemberStatistics(viewer);
    expect(rows.length).toBe({ superAdmin: 19, dashboard: 19, viewer: 18, partnerA: world.members.a.length, regionAdmin: 1 }[viewer]);
  });

  it('lists every status and mobility type, whether or not anyone has it', async () => {
    const stats = ok(await as(app, world, viewer)(MEMBER_STATISTICS)).memberStatistics;
    expect(stats.byStatus.map((bucket: Bucket) => bucket.key)).toEqual(['REGISTERED', 'REPORTED', 'MANAGED', 'LOST_CONTACT', 'RETURNED', 'TRANSFERRED']);
    expect(stats.byMobilityType.map((bucket: Bucket) => bucket.key)).toEqual(['EMPLOYMENT', 'STUDY', 'SETTLEMENT', 'TEMPORARY']);
  });
});

it('publishes no total under 5: the Guangzhou region admin (1 member) gets total null, and no region by name', async () => {
  const stats = ok(await as(app, world, 'regionAdmin')(MEMBER_STATISTICS)).memberStatistics;
  expect(stats.total).toBeNull();
  expect(withoutLabels(stats.byFormalRegion)).toEqual([{ key: 'OTHER', count: null, suppressed: true }]);
});

describe.each(['superAdmin', 'dashboard'] as const)('memberStatistics for %s (the whole platform)', (viewer) => {
  it('labels region buckets with the region name, and the gathered rest as 其他', async () => {
    const stats = ok(await as(app, world, viewer)(MEMBER_STATISTICS)).memberStatistics;
    expect(stats.byDestinationRegion.find((bucket: Bucket) => bucket.key === '510100')).toEqual({ key: '510100', label: '成都市', count: 15, suppressed: false });
    expect(stats.byDestinationRegion.at(-1)).toMatchObject({ key: 'OTHER', label: '其他' });
  });
});

const ORG_LIFE = ['ORGANIZATIONAL_LIFE_MEETING', 'THEME_PARTY_DAY', 'THREE_MEETINGS_ONE_LESSON'];
const ACTIVITY_STATISTICS = `query($year: Int!) { activityStatistics(year: $year) { year months {
  month membersUnderCare participants participationRate volunteers volunteerHours suppressed } } }`;

describe.each(['superAdmin', 'dashboard', 'viewer', 'partnerA'] as const)('activityStatistics for %s', (viewer) => {
  it('publishes per month what the activity records say, under disclosure control', async () => {
    const scoped = `select m.id from member m join organization f on f.id = m.formal_organization_id
                     left join organization i on i.id = m.inflow_organization_id where ${SCOPES[viewer]}`;
    const rows = await sql<{ month: number; care: number; participants: number; volunteers: number; hours: number }>(
      `select mo.month,
              (select count(*) from member m
                where m.id in (${scoped}) and m.outflow_date < (make_date(?, mo.month, 1) + interval '1 month')::date
                  and m.status::text not in ('RETURNED', 'TRANSFERRED'))::int as care,
              (select count(distinct a.member_id) from activity_record a
                where a.member_id in (${scoped}) and extract(year from a.occurred_on) = ? and extract(month from a.occurred_on) = mo.month
                  and a.kind::text = any(?::text[]))::int as participants,
              (select count(distinct a.member_id) from activity_record a
                where a.member_id in (${scoped}) and extract(year from a.occurred_on) = ? and extract(month from a.occurred_on) = mo.month
                  and a.kind = 'VOLUNTEER_SERVICE')::int as volunteers,
              (select coalesce(sum(a.hours), 0) from activity_record a
                where a.member_id in (${scoped}) and extract(year from a.occurred_on) = ? and extract(month from a.occurred_on) = mo.month
                  and a.kind = 'VOLUNTEER_SERVICE')::float as hours
         from generate_series(1, 12) as mo(month) order by mo.month`,
      [ACTIVITY_YEAR, ACTIVITY_YEAR, `{${ORG_LIFE.join(',')}}`, ACTIVITY_YEAR, ACTIVITY_YEAR],
    );
    const stats = ok(await as(app, world, viewer)(ACTIVITY_STATISTICS, { year: ACTIVITY_YEAR })).activityStatistics;
    expect(stats.year).toBe(ACTIVITY_YEAR);
    expect(stats.months.map((month: { month: number }) => month.month)).toEqual(rows.map((row) => row.month));
    for (const [i, row] of rows.entries()) {
      const month = stats.months[i];
      expectProtected(month.membersUnderCare, row.care, `${row.month}.membersUnderCare`);
      expectProtected(month.participants, row.participants, `${row.month}.participants`);
      expectProtected(month.volunteers, row.volunteers, `${row.month}.volunteers`);
      // Rates come from the published counts, hours only beside a published count of volunteers.
      expect(month.participationRate).toBe(month.participants === null || !month.membersUnderCare ? null : Math.round((month.participants / month.membersUnderCare) * 1000) / 1000);
      expect(month.volunteerHours).toBe(month.volunteers === null ? null : Math.round(row.hours * 10) / 10);
      expect(month.suppressed).toBe(month.membersUnderCare === null || month.participants === null || month.volunteers === null);
    }
  });

  it('shows March (6 participants, 5 volunteers) rounded and withholds June (3 participants)', async () => {
    const { months } = ok(await as(app, world, viewer)(ACTIVITY_STATISTICS, { year: ACTIVITY_YEAR })).activityStatistics;
    const care = { superAdmin: 20, dashboard: 20, viewer: 20, partnerA: 10 }[viewer];
    expect(months[2]).toEqual({
      month: 3,
      membersUnderCare: care,
      participants: 5,
      participationRate: Math.round((5 / care) * 1000) / 1000,
      volunteers: 5,
      volunteerHours: 12.5,
      suppressed: false,
    });
    // June's 3 participants are Deyang members (agreement B): withheld from the others, and partner A's zero is withheld too.
    expect(months[5]).toMatchObject({ month: 6, membersUnderCare: care, participants: null, participationRate: null, suppressed: true });
  });

  it('refuses a year outside 2000–2100 naming the argument', async () => {
    const response = await as(app, world, viewer)(ACTIVITY_STATISTICS, { year: 1999 });
    expect(response.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'year', reason: 'OUT_OF_RANGE' }]);
  });
});

// A zero next to a published total still tells about a whole group ("none of the 19 attended in January").
it('publishes a zero count as suppressed, like any count under 5 (the issue\'s rule)', async () => {
  const { months } = ok(await as(app, world, 'dashboard')(ACTIVITY_STATISTICS, { year: ACTIVITY_YEAR })).activityStatistics;
  // January: 19 members under care, no organisational life, no volunteer service recorded.
  expect(months[0]).toMatchObject({ month: 1, membersUnderCare: 20, participants: null, volunteers: null, suppressed: true });
});

it('lists only the months that have begun: up to this month this year, none for a year to come', async () => {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number];
  const monthsOf = async (of: number) => ok(await as(app, world, 'superAdmin')(ACTIVITY_STATISTICS, { year: of })).activityStatistics.months.map((m: { month: number }) => m.month);
  expect(await monthsOf(year)).toEqual(Array.from({ length: month }, (_, i) => i + 1));
  expect(await monthsOf(year + 1)).toEqual([]);
  expect(await monthsOf(year - 1)).toHaveLength(12);
});

const CARE_STATISTICS = `{ careStatistics { membersUnderCare withoutOrgLifeSixMonths withoutOrgLifeSixMonthsRate talksDue talksOverdue familyVisitsDue
  openLostContactCases openLostContactCasesByAge { key count suppressed } } }`;
/** Today in China, as the server's rules count it. */
const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
/** The first day of the calendar quarter, of the quarter before it, and of the half year of a date. */
const quarterStart = (date: string) => `${date.slice(0, 4)}-${String(Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
const previousQuarterStart = (date: string) => quarterStart(daysBefore(quarterStart(date), 1));
const halfYearStart = (date: string) => `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? '01' : '07'}-01`;

describe('careStatistics', () => {
  beforeAll(async () => {
    // Recent organisational life for six of agreement A's members, an old one and a volunteer day for two more.
    const today = chinaToday();
    const a = world.members.a;
    for (const memberId of a.slice(0, 6)) await createActivity(app, { memberId, organizationId: world.org['CD-JJ-CXL'], occurredOn: daysBefore(today, 10) });
    await createActivity(app, { memberId: a[6], organizationId: world.org['CD-JJ-CXL'], occurredOn: daysBefore(today, 200) });
    await createActivity(app, { memberId: a[7], organizationId: world.org['CD-JJ-CXL'], occurredOn: daysBefore(today, 5), kind: 'VOLUNTEER_SERVICE', title: '志愿服务', hours: 2 });
    // Talks this quarter for six, last quarter for two more; family visits this half year for five.
    const contact = (memberId: string, kind: string, occurredOn: string) =>
      app.gql(CREATE_CONTACT, { input: { contactRecord: { memberId, kind, occurredOn, heldBy: '支委委员' } } }).then(ok);
    for (const memberId of world.members.all.slice(0, 6)) await contact(memberId, 'TALK', quarterStart(today));
    for (const memberId of world.members.all.slice(6, 8)) await contact(memberId, 'REMINDER_TALK', daysBefore(quarterStart(today), 20));
    for (const memberId of world.members.all.slice(2, 7)) await contact(memberId, 'FAMILY_VISIT', today);
    // Open cases of different ages (their members' statuses are left alone: the figure counts cases).
    const open = world.members.all.filter((id) => ![world.members.local[0], world.members.gz[0]].includes(id));
    for (const [i, memberId] of open.slice(0, 12).entries()) {
      await app.sql(
        `insert into lost_contact_case (member_id, opened_on, opened_by, last_known_facts, status_before) values (?, ?::date, '支委委员', '电话停机', 'MANAGED')`,
        [Number(memberId), daysBefore(today, i < 6 ? 10 : 400)],
      );
    }
  });

  describe.each(['superAdmin', 'dashboard', 'viewer', 'partnerA', 'regionAdmin'] as const)('for %s', (viewer) => {
    it('publishes who had no organisational life in the last six months, as the ledger says, under disclosure control', async () => {
      const [truth] = await sql<{ care: number; without: number }>(
        `with today as (select ?::date as d),
         care as (
           select m.id from member m join organization f on f.id = m.formal_organization_id
             left join organization i on i.id = m.inflow_organization_id, today
            where ${SCOPES[viewer]} and m.status::text not in ('RETURNED', 'TRANSFERRED') and m.outflow_date <= (today.d - interval '6 months')::date),
         recent as (
           select distinct a.member_id from activity_record a, today
            where a.kind::text = any(?::text[]) and a.occurred_on > (today.d - interval '6 months')::date and a.occurred_on <= today.d)
         select count(*)::int as care, count(*) filter (where recent.member_id is null)::int as without
           from care left join recent on recent.member_id = care.id`,
        [chinaToday(), `{${ORG_LIFE.join(',')}}`],
      );
      const stats = ok(await as(app, world, viewer)(CARE_STATISTICS)).careStatistics;
      expectProtected(stats.membersUnderCare, truth!.care, 'membersUnderCare');
      expectProtected(stats.withoutOrgLifeSixMonths, truth!.without, 'withoutOrgLifeSixMonths');
      expect(stats.withoutOrgLifeSixMonthsRate).toBe(
        stats.withoutOrgLifeSixMonths === null || !stats.membersUnderCare ? null : Math.round((stats.withoutOrgLifeSixMonths / stats.membersUnderCare) * 1000) / 1000,
      );
    });

    it('publishes talks and family visits due, and open lost-contact cases by age, as the ledger says', async () => {
      const today = chinaToday();
      const [contacts] = await sql<{ talks_due: number; talks_overdue: number; visits_due: number }>(
        `with open as (
           select m.id,
                  max(c.occurred_on) filter (where c.kind::text in ('TALK', 'REMINDER_TALK')) as talk,
                  max(c.occurred_on) filter (where c.kind::text = 'FAMILY_VISIT') as visit
             from member m join organization f on f.id = m.formal_organization_id
             left join organization i on i.id = m.inflow_organization_id
             left join contact_record c on c.member_id = m.id
            where ${SCOPES[viewer]} and m.status::text not in ('RETURNED', 'TRANSFERRED', 'LOST_CONTACT')
            group by m.id)
         select count(*) filter (where talk is null or talk < ?::date)::int as talks_due,
                count(*) filter (where talk is null or talk < ?::date)::int as talks_overdue,
                count(*) filter (where visit is null or visit < ?::date)::int as visits_due
           from open`,
        [quarterStart(today), previousQuarterStart(today), halfYearStart(today)],
      );
      const ages = await sql<{ days: number }>(
        `select (?::date - c.opened_on)::int as days
           from lost_contact_case c join member m on m.id = c.member_id join organization f on f.id = m.formal_organization_id
           left join organization i on i.id = m.inflow_organization_id
          where ${SCOPES[viewer]} and c.closed_on is null`,
        [today],
      );
      const ageOf = (days: number) => (days < 30 ? 'UNDER_1_MONTH' : days < 91 ? 'MONTHS_1_TO_3' : days < 182 ? 'MONTHS_3_TO_6' : days < 365 ? 'MONTHS_6_TO_12' : 'OVER_1_YEAR');
      const stats = ok(await as(app, world, viewer)(CARE_STATISTICS)).careStatistics;
      expectProtected(stats.talksDue, contacts!.talks_due, 'talksDue');
      expectProtected(stats.talksOverdue, contacts!.talks_overdue, 'talksOverdue');
      expectProtected(stats.familyVisitsDue, contacts!.visits_due, 'familyVisitsDue');
      expectProtected(stats.openLostContactCases, ages.length, 'openLostContactCases');
      expect(stats.openLostContactCasesByAge.map((bucket: Bucket) => bucket.key)).toEqual(['UNDER_1_MONTH', 'MONTHS_1_TO_3', 'MONTHS_3_TO_6', 'MONTHS_6_TO_12', 'OVER_1_YEAR']);
      expectBreakdown(stats.openLostContactCasesByAge, tally(ages.map((row) => ageOf(row.days))), 'closed', 'openLostContactCasesByAge');
    });
  });
});

const POINTS_STATISTICS = `query($year: Int!) { pointsStatistics(year: $year) { year organizations { key organizationName total byGrade { key count suppressed } } } }`;

describe.each(['superAdmin', 'dashboard', 'viewer', 'partnerA', 'regionAdmin'] as const)('pointsStatistics for %s', (viewer) => {
  it('publishes per organisation the grades the year scores point to, as the scores say, under disclosure control', async () => {
    // Each member's year: its months (published ones only, for a token), their organisation and scheme version the latest month's.
    const rows = await sql<{ organization_id: string; name: string; score: number; excellent: number; qualified: number; basic: number }>(
      `select distinct on (s.member_id) s.organization_id::text, o.name,
              v.base_score + (select sum(x.score + x.adjustment) from monthly_score x
                               where x.member_id = s.member_id and x.year = ? and (? or x.publication_id is not null))::int as score,
              v.excellent_from as excellent, v.qualified_from as qualified, v.basically_qualified_from as basic
         from monthly_score s
         join points_scheme_version v on v.id = s.scheme_version_id
         join organization o on o.id = s.organization_id
         join member m on m.id = s.member_id join organization f on f.id = m.formal_organization_id
         left join organization i on i.id = m.inflow_organization_id
        where s.year = ? and (? or s.publication_id is not null) and ${SCOPES[viewer]} and m.party_standing <> 'PROBATIONARY'
        order by s.member_id, s.month desc`,
      [ACTIVITY_YEAR, !viewer.startsWith('partner') && viewer !== 'dashboard', ACTIVITY_YEAR, !viewer.startsWith('partner') && viewer !== 'dashboard'],
    );
    const gradeOf = (row: (typeof rows)[number]) =>
      row.score >= row.excellent ? 'EXCELLENT' : row.score >= row.qualified ? 'QUALIFIED' : row.score >= row.basic ? 'BASICALLY_QUALIFIED' : 'UNQUALIFIED';
    const perOrganization = new Map<string, { name: string; grades: string[] }>();
    for (const row of rows) {
      const entry = perOrganization.get(row.organization_id) ?? { name: row.name, grades: [] };
      entry.grades.push(gradeOf(row));
      perOrganization.set(row.organization_id, entry);
    }
    const named = [...perOrganization].filter(([, entry]) => entry.grades.length >= 5);
    const rest = [...perOrganization].filter(([, entry]) => entry.grades.length < 5).flatMap(([, entry]) => entry.grades);
    const stats = ok(await as(app, world, viewer)(POINTS_STATISTICS, { year: ACTIVITY_YEAR })).pointsStatistics;
    expect(stats.organizations.map((row: { key: string }) => row.key).sort()).toEqual([...named.map(([key]) => key), ...(rest.length ? ['OTHER'] : [])].sort());
    for (const row of stats.organizations as { key: string; organizationName: string; total: number | null; byGrade: Bucket[] }[]) {
      const grades = row.key === 'OTHER' ? rest : perOrganization.get(row.key)!.grades;
      expect(row.organizationName).toBe(row.key === 'OTHER' ? '其他' : perOrganization.get(row.key)!.name);
      expectProtected(row.total, grades.length, `${row.key}.total`);
      expect(row.byGrade.map((bucket) => bucket.key)).toEqual(['EXCELLENT', 'QUALIFIED', 'BASICALLY_QUALIFIED', 'UNQUALIFIED']);
      expectBreakdown(row.byGrade, tally(grades), 'closed', `${row.key}.byGrade`);
    }
    if (viewer === 'superAdmin') expect(rows.length).toBeGreaterThan(0);
  });
});

const FEEDBACK_STATISTICS = `query($year: Int!) { feedbackStatistics(year: $year) { agreementId agreementCode total byStatus { key count suppressed } } }`;

describe.each(['superAdmin', 'dashboard', 'partnerA'] as const)('feedbackStatistics for %s', (viewer) => {
  it('counts the returns of each visible agreement by state, under disclosure control', async () => {
    const rows = await sql<{ agreement: string; status: string; count: number }>(
      `select fb.agreement_id::text as agreement, fb.status::text as status, count(*)::int as count
         from annual_feedback fb join member m on m.id = fb.member_id
         join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
        where fb.year = ? and ${SCOPES[viewer]} group by 1, 2`,
      [ACTIVITY_YEAR],
    );
    const stats = ok(await as(app, world, viewer)(FEEDBACK_STATISTICS, { year: ACTIVITY_YEAR })).feedbackStatistics as {
      agreementId: string;
      total: number | null;
      byStatus: { key: string; count: number | null; suppressed: boolean }[];
    }[];
    const visible = viewer === 'partnerA' ? [world.agreements.A] : Object.values(world.agreements);
    expect(stats.map((entry) => entry.agreementId).sort()).toEqual([...visible].sort());
    for (const entry of stats) {
      const counts = new Map(['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'].map((status) => [status, 0]));
      for (const row of rows.filter((row) => row.agreement === entry.agreementId)) counts.set(row.status, row.count);
      expectProtected(entry.total, [...counts.values()].reduce((sum, count) => sum + count, 0), `${entry.agreementId}.total`);
      expect(entry.byStatus.map((bucket) => bucket.key)).toEqual([...counts.keys()]);
      expectBreakdown(entry.byStatus, counts, 'closed', `${entry.agreementId}.byStatus`);
    }
  });
});

describe('a stats-only token', () => {
  it('leaves no personal-data read in the audit trail', async () => {
    await as(app, world, 'dashboard')(MEMBER_STATISTICS);
    await as(app, world, 'dashboard')(ACTIVITY_STATISTICS, { year: ACTIVITY_YEAR });
    await as(app, world, 'dashboard')(FEEDBACK_STATISTICS, { year: ACTIVITY_YEAR });
    const reads = await sql(`select * from audit_event where actor_type = 'token' and actor_id = ? and action = 'read'`, [world.tokenIds.dashboard]);
    expect(reads).toEqual([]);
  });
});

/** Types that carry personal data (or secrets): none may be reachable from what a stats-only token can call. */
const PERSONAL_TYPES = ['Member', 'ActivityRecord', 'AdminUser', 'ApiToken', 'IssuedApiToken', 'LoginResult', 'AuditEvent', 'AnnualFeedback', 'MissingMember', 'SkippedMember'];
/** Field names that would carry personal data on any type. */
const PERSONAL_FIELDS = /^(name|idNumber|phone|birthDate|gender|destinationAddress|ideologicalNote|username|displayName|comments|memberId|memberName|token)$/;

/** Every named type reachable from a root field through object fields, interfaces and unions. */
function reachableFrom(schema: GraphQLSchema, root: 'query' | 'mutation', field: string): Map<string, GraphQLNamedType> {
  const rootType = root === 'query' ? schema.getQueryType() : schema.getMutationType();
  const start = rootType?.getFields()[field];
  if (!start) throw new Error(`${root} ${field} is not in the schema`);
  const seen = new Map<string, GraphQLNamedType>();
  const queue: GraphQLNamedType[] = [getNamedType(start.type)];
  while (queue.length) {
    const type = queue.pop()!;
    if (seen.has(type.name)) continue;
    seen.set(type.name, type);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const child of Object.values(type.getFields())) queue.push(getNamedType(child.type));
      if (isInterfaceType(type)) queue.push(...schema.getPossibleTypes(type));
    }
    if (isUnionType(type)) queue.push(...type.getTypes());
  }
  return seen;
}

describe('what a stats-only token can reach', () => {
  const operations = contractOperations();
  /** Operations anyone may call without credentials (login needs its own password): not part of a token's reach. */
  const publicOperations = operations.filter((operation) => EXPECTED[operation.name]?.anonymous === 'ok');
  const statsOnly = operations.filter((operation) => EXPECTED[operation.name]?.dashboard === 'ok' && !publicOperations.includes(operation));

  it('is decided by the matrix, which has a row for every operation', () => {
    expect(operations.filter((operation) => !EXPECTED[operation.name]).map((operation) => operation.name)).toEqual([]);
    expect(publicOperations.map((operation) => operation.name)).toEqual(['login']);
    expect(statsOnly.map((operation) => operation.name).sort()).toEqual(['activityStatistics', 'careStatistics', 'feedbackStatistics', 'memberStatistics', 'pointsStatistics']);
    expect(CALLERS).toContain('dashboard');
  });

  it('the walker finds personal types where they are (sanity check)', () => {
    const reach = reachableFrom(contractSchema(), 'query', 'organizations');
    expect([...reach.keys()]).toEqual(expect.arrayContaining(['Organization', 'Member', 'ActivityRecord']));
  });

  const check = (schema: GraphQLSchema) => {
    for (const operation of statsOnly) {
      const reach = reachableFrom(schema, operation.kind, operation.name);
      expect({ operation: operation.name, personalTypes: [...reach.keys()].filter((name) => PERSONAL_TYPES.includes(name)) }).toEqual({
        operation: operation.name,
        personalTypes: [],
      });
      const fields = [...reach.values()].flatMap((type) =>
        isObjectType(type) || isInterfaceType(type) ? Object.keys(type.getFields()).filter((field) => PERSONAL_FIELDS.test(field)).map((field) => `${type.name}.${field}`) : [],
      );
      expect({ operation: operation.name, personalFields: fields }).toEqual({ operation: operation.name, personalFields: [] });
    }
  };

  it('reaches no type or field carrying personal data in schema/schema.graphql', () => {
    check(contractSchema());
  });

  it('reaches none in the schema the server actually serves either', async () => {
    const introspection = ok(await app.gql(getIntrospectionQuery()));
    check(buildClientSchema(introspection as never));
  });
});
