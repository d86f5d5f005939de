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
import { ACTIVITY_YEAR, as, buildWorld, ok, type World } from './fixtures';

/**
 * Aggregate statistics: the totals are the database's, every published count passes small-cell
 * suppression, and a stats-only token can reach no type that carries personal data.
 */

let app: TestApp;
let world: World;

beforeAll(async () => {
  app = await startTestApp('empty');
  world = await buildWorld(app);
}, 120_000);
afterAll(() => app?.close());

const sql = <T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> => app.orm.em.fork().getConnection().execute(query, params);

/** A count that must not be published: any count under 5, zero included (the rule). */
const isSmall = (count: number) => count < 5;

/** The spec of suppression, written out again: small cells hidden; a lone hidden cell takes the next smallest with it. */
function expectedBuckets(counts: Map<string, number>) {
  const cells = [...counts].map(([key, count]) => ({ key, count }));
  const hidden = new Set(cells.filter((cell) => isSmall(cell.count)).map((cell) => cell.key));
  if (hidden.size === 1) {
    const next = cells.filter((cell) => !hidden.has(cell.key)).sort((a, b) => a.count - b.count)[0];
    if (next) hidden.add(next.key);
  }
  return cells
    .map((cell) => (hidden.has(cell.key) ? { key: cell.key, count: null, suppressed: true } : { key: cell.key, count: cell.count, suppressed: false }))
    .sort((a, b) => a.key.localeCompare(b.key));
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
} as const;

async function expectMemberStatistics(viewer: keyof typeof SCOPES) {
  const rows = await sql<{ status: string; mobility: string; formal: string; destination: string }>(
    `select m.status::text as status, m.mobility_type::text as mobility, f.region_code as formal, m.destination_region_code as destination
       from member m join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
      where ${SCOPES[viewer]}`,
  );
  const stats = ok(await as(app, world, viewer)(MEMBER_STATISTICS)).memberStatistics;
  expect(rows.length).toBeGreaterThanOrEqual(5);
  expect(stats.total).toBe(rows.length);
  expect(withoutLabels(stats.byStatus)).toEqual(expectedBuckets(tally(rows.map((row) => row.status))));
  expect(withoutLabels(stats.byMobilityType)).toEqual(expectedBuckets(tally(rows.map((row) => row.mobility))));
  expect(withoutLabels(stats.byFormalRegion)).toEqual(expectedBuckets(tally(rows.map((row) => cityOf(row.formal)))));
  expect(withoutLabels(stats.byDestinationRegion)).toEqual(expectedBuckets(tally(rows.map((row) => cityOf(row.destination)))));
  return stats;
}

describe.each(['viewer', 'partnerA'] as const)('memberStatistics for %s (within its scope)', (viewer) => {
  it('publishes the totals of the members in its scope, as the database counts them', async () => {
    const stats = await expectMemberStatistics(viewer);
    expect(stats.total).toBe(viewer === 'viewer' ? 18 : world.members.a.length);
  });
});

it('hides both cells of a two-cell breakdown when one is small (partner A byStatus: REGISTERED 3, MANAGED 8)', async () => {
  const stats = ok(await as(app, world, 'partnerA')(MEMBER_STATISTICS)).memberStatistics;
  expect(withoutLabels(stats.byStatus)).toEqual([
    { key: 'MANAGED', count: null, suppressed: true },
    { key: 'REGISTERED', count: null, suppressed: true },
  ]);
  expect(stats.total).toBe(11);
});

describe.each(['superAdmin', 'dashboard'] as const)('memberStatistics for %s (the whole platform)', (viewer) => {
  it('publishes the totals the database holds, every breakdown suppressed by the rule', async () => {
    await expectMemberStatistics(viewer);
  });

  it('hides a lone small cell together with the next smallest (byStatus: LOST_CONTACT 2 takes MANAGED 8 with it)', async () => {
    const stats = ok(await as(app, world, viewer)(MEMBER_STATISTICS)).memberStatistics;
    expect(withoutLabels(stats.byStatus)).toEqual([
      { key: 'LOST_CONTACT', count: null, suppressed: true },
      { key: 'MANAGED', count: null, suppressed: true },
      { key: 'REGISTERED', count: 9, suppressed: false },
    ]);
    // The one published cell and the total cannot be combined into either hidden one.
    expect(stats.total).toBe(19);
  });

  it('hides every cell under 5 when there are several (byMobilityType: STUDY 3, TEMPORARY 1)', async () => {
    const stats = ok(await as(app, world, viewer)(MEMBER_STATISTICS)).memberStatistics;
    expect(withoutLabels(stats.byMobilityType)).toEqual([
      { key: 'EMPLOYMENT', count: 15, suppressed: false },
      { key: 'STUDY', count: null, suppressed: true },
      { key: 'TEMPORARY', count: null, suppressed: true },
    ]);
    for (const bucket of [...stats.byStatus, ...stats.byMobilityType, ...stats.byFormalRegion, ...stats.byDestinationRegion]) {
      expect(bucket.suppressed).toBe(bucket.count === null);
      if (bucket.count !== null) expect(bucket.count).toBeGreaterThanOrEqual(5);
    }
  });

  it('labels region buckets with the region name', async () => {
    const stats = ok(await as(app, world, viewer)(MEMBER_STATISTICS)).memberStatistics;
    expect(stats.byFormalRegion.find((bucket: { key: string }) => bucket.key === '500000')?.label).toBe('重庆市');
    expect(stats.byDestinationRegion.find((bucket: { key: string }) => bucket.key === '510100')).toEqual({ key: '510100', label: '成都市', count: 15, suppressed: false });
  });
});

it('publishes no total under 5: the Guangzhou region admin (1 member) gets total null', async () => {
  const stats = ok(await as(app, world, 'regionAdmin')(MEMBER_STATISTICS)).memberStatistics;
  expect(stats.total).toBeNull();
  expect(withoutLabels(stats.byStatus)).toEqual([{ key: 'LOST_CONTACT', count: null, suppressed: true }]);
});

const ORG_LIFE = ['ORGANIZATIONAL_LIFE_MEETING', 'THEME_PARTY_DAY', 'THREE_MEETINGS_ONE_LESSON'];
const ACTIVITY_STATISTICS = `query($year: Int!) { activityStatistics(year: $year) { year months {
  month membersUnderCare participants participationRate volunteers volunteerHours suppressed } } }`;

describe.each(['superAdmin', 'dashboard', 'viewer', 'partnerA'] as const)('activityStatistics for %s', (viewer) => {
  it('publishes per month what the activity records say, under suppression', async () => {
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
    const shown = (count: number) => (isSmall(count) ? null : count);
    const expected = rows.map((row) => {
      const care = shown(row.care);
      const participants = shown(row.participants);
      const volunteers = shown(row.volunteers);
      return {
        month: row.month,
        membersUnderCare: care,
        participants,
        participationRate: care !== null && care > 0 && participants !== null ? Math.round((participants / care) * 1000) / 1000 : null,
        volunteers,
        volunteerHours: volunteers === null ? null : Math.round(row.hours * 10) / 10,
        suppressed: care === null || participants === null || volunteers === null,
      };
    });
    const stats = ok(await as(app, world, viewer)(ACTIVITY_STATISTICS, { year: ACTIVITY_YEAR })).activityStatistics;
    expect(stats.year).toBe(ACTIVITY_YEAR);
    expect(stats.months).toEqual(expected);
  });

  it('shows March (6 participants, 5 volunteers) in full and withholds June (3 participants)', async () => {
    const { months } = ok(await as(app, world, viewer)(ACTIVITY_STATISTICS, { year: ACTIVITY_YEAR })).activityStatistics;
    const care = { superAdmin: 19, dashboard: 19, viewer: 18, partnerA: 11 }[viewer];
    expect(months[2]).toEqual({
      month: 3,
      membersUnderCare: care,
      participants: 6,
      participationRate: Math.round((6 / care) * 1000) / 1000,
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
  expect(months[0]).toMatchObject({ month: 1, membersUnderCare: 19, participants: null, volunteers: null, suppressed: true });
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

const FEEDBACK_STATISTICS = `query($year: Int!) { feedbackStatistics(year: $year) { agreementId agreementCode total byStatus { key count suppressed } } }`;

describe.each(['superAdmin', 'dashboard', 'partnerA'] as const)('feedbackStatistics for %s', (viewer) => {
  it('counts the returns of each visible agreement by state, under suppression', async () => {
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
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
      expect({ agreement: entry.agreementId, total: entry.total }).toEqual({ agreement: entry.agreementId, total: isSmall(total) ? null : total });
      expect(entry.byStatus).toEqual(expectedBuckets(counts).sort((a, b) => [...counts.keys()].indexOf(a.key) - [...counts.keys()].indexOf(b.key)));
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
    expect(statsOnly.map((operation) => operation.name).sort()).toEqual(['activityStatistics', 'feedbackStatistics', 'memberStatistics']);
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
