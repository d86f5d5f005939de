import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { Client } from 'pg';
import { chinaDate } from '../../api/common/dates';
import { ormConfig } from '../../api/db/orm.config';
import { AdminRole, TokenScope, type Viewer } from '../../api/common/viewer';
import { setViewer } from '../../api/common/viewer-settings';
import { activityFigures, feedbackFigures, memberFigures } from '../../api/stats/rollups';
import { publishActivityFigures, publishFeedbackFigures, publishMemberFigures } from '../../api/stats/stats.service';
import { startTestApp, type TestApp } from '../support/app';
import { databaseUrl } from '../support/database';
import { nationalId } from '../support/fixtures';
import { directActivityFigures, directFeedbackFigures, directMemberFigures } from './direct-figures';

/**
 * The rollups give the same figures as counting the tables directly (./direct-figures.ts), for
 * every kind of viewer: on the demo data, after generated sequences of writes (members arriving,
 * leaving and changing mid-month, records moved and deleted, returns, organisations and agreements
 * changing), under concurrent writers, and after a rebuild.
 */

let app: TestApp;
let owner: Client;
let ownerUrl: string;
/** The ground truth reads the tables as their owner (row-level security would hide rows the aggregates count), in the viewer's reach. */
let truth: MikroORM;
const YEARS = [2025, 2026];
const today = () => chinaDate(new Date());

beforeAll(async () => {
  app = await startTestApp('demo', { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000' });
  const [{ name }] = await app.sql<{ name: string }>('select current_database() as name');
  ownerUrl = databaseUrl(name!, 'owner');
  owner = new Client({ connectionString: ownerUrl });
  truth = await MikroORM.init(ormConfig(ownerUrl, { pool: { min: 0, max: 2 } }));
  await owner.connect();
  // Returns in every state for the two-way agreement (the demo has none yet), some for the expired one.
  await owner.query(`insert into annual_feedback (member_id, year, agreement_id, recipient, to_organization_id, due_on, status)
    select m.id, y.year, a.id, 'PARTNER', m.formal_organization_id, make_date(y.year + 1, 1, 31),
           (enum_range(null::feedback_status))[1 + m.id % 6]
      from member m cross join (values (2025), (2026)) y(year) join agreement a on a.code in ('CY-2024-01', 'CDDY-2024-01')
     where covers(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text), m.formal_region_code, m.destination_region_code, m.inflow_region_code)
       and m.id % 3 > 0`);
}, 120_000);
afterAll(async () => {
  await owner?.end();
  await truth?.close(true);
  await app?.close();
});

/** The six kinds of viewer, as the request would hand them to PostgreSQL; a partner's agreement as it stands now. */
async function viewers(): Promise<Record<string, Viewer>> {
  const admin = (userId: number, role: AdminRole, regionCode: string | null): Viewer => ({ kind: 'admin', userId, username: `u${userId}`, role, regionCode, sessionId: 's' });
  const token = (tokenId: number, scopes: TokenScope[], issuerRegionCode: string | null, agreement: Extract<Viewer, { kind: 'token' }>['agreement']): Viewer => ({
    kind: 'token',
    tokenId,
    publicId: `p${tokenId}`,
    name: `t${tokenId}`,
    scopes,
    agreement,
    partnerRegionCode: agreement?.partnerRegionCode ?? null,
    issuerRegionCode,
    years: YEARS,
  });
  const [a] = (await owner.query(`select id, host_region_code, partner_region_code, direction from agreement where code = 'CY-2024-01'`)).rows;
  const agreement = { id: a.id, hostRegionCode: a.host_region_code, partnerRegionCode: a.partner_region_code, direction: a.direction };
  return {
    'super admin': admin(1, AdminRole.SUPER_ADMIN, null),
    'region admin (Chengdu)': admin(2, AdminRole.REGION_ADMIN, '510100'),
    'district admin (Jinjiang)': admin(3, AdminRole.REGION_ADMIN, '510104'),
    'partner token (Chongqing, two-way)': token(4, [TokenScope.MEMBERS_READ, TokenScope.STATS_READ], null, agreement),
    'platform stats token': token(5, [TokenScope.STATS_READ], null, null),
    'region stats token (issued in Chengdu)': token(6, [TokenScope.STATS_READ], '510100', null),
  };
}

/** Work in a transaction (of the application's role, unless `orm` says otherwise), with PostgreSQL told who is asking. */
function asViewer<T>(viewer: Viewer, work: (em: EntityManager) => Promise<T>, orm = app.orm): Promise<T> {
  return orm.em.fork().transactional(async (em) => {
    await setViewer(em, viewer);
    return work(em);
  });
}

const withoutAsOf = <T extends { asOf: Date }>({ asOf, ...rest }: T) => {
  expect(asOf).toBeInstanceOf(Date);
  return rest;
};

/** Every figure of every statistic, rollups against the direct count, for every viewer. */
async function expectSameFigures(context = '') {
  for (const [name, viewer] of Object.entries(await viewers())) {
    const figures = (em: EntityManager, direct: boolean) =>
      Promise.all([
        direct ? directMemberFigures(em) : memberFigures(em).then(withoutAsOf),
        ...YEARS.map((year) => (direct ? directActivityFigures(em, year, today()) : activityFigures(em, year, today()).then(withoutAsOf))),
        ...YEARS.map((year) => (direct ? directFeedbackFigures(em, year) : feedbackFigures(em, year).then(withoutAsOf))),
      ]);
    const rollups = await asViewer(viewer, (em) => figures(em, false));
    const direct = await asViewer(viewer, (em) => figures(em, true), truth);
    expect({ viewer: name, context, figures: rollups }).toEqual({ viewer: name, context, figures: direct });
  }
}

async function rebuild(): Promise<{ rollup: string; keys: number; drifted: number }[]> {
  return (await owner.query('select rollup, keys::int, drifted::int from stats_rebuild()')).rows;
}

describe('on the demo data', () => {
  it('gives every figure the direct count gives, for every kind of viewer', async () => {
    await expectSameFigures('demo');
  });

  it('answers every viewer over HTTP with the direct count under disclosure control', async () => {
    const admin = async (username: string, role: AdminRole, regionCode?: string) => app.adminSession({ username, password: `${username}-password-1`, role, regionCode });
    const issue = async (by: string, input: Record<string, unknown>) => {
      const response = await app.gqlAs(by, 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
        input: { expiresAt: new Date(Date.now() + 86_400_000).toISOString(), ...input },
      });
      return response.data!.issueApiToken.token as string;
    };
    const chengdu = await admin('rollup-chengdu', AdminRole.REGION_ADMIN, '510100');
    const [agreement] = (await owner.query(`select id::text from agreement where code = 'CY-2024-01'`)).rows;
    const credentials: Record<string, string> = {
      'super admin': app.adminToken,
      'region admin (Chengdu)': chengdu,
      'district admin (Jinjiang)': await admin('rollup-jinjiang', AdminRole.REGION_ADMIN, '510104'),
      'partner token (Chongqing, two-way)': await issue(app.adminToken, { name: 'cq', agreementId: agreement.id, scopes: ['MEMBERS_READ', 'STATS_READ'], years: YEARS }),
      'platform stats token': await issue(app.adminToken, { name: 'platform', scopes: ['STATS_READ'] }),
      'region stats token (issued in Chengdu)': await issue(chengdu, { name: 'chengdu', scopes: ['STATS_READ'] }),
    };
    const byName = await viewers();
    const query = `query($year: Int!) {
      memberStatistics { asOf total byStatus { key count suppressed } byMobilityType { key count suppressed }
                         byFormalRegion { key count suppressed } byDestinationRegion { key count suppressed } }
      activityStatistics(year: $year) { asOf year months { month membersUnderCare participants participationRate volunteers volunteerHours suppressed } }
      feedbackStatistics(year: $year) { asOf agreementId agreementCode agreementTitle total byStatus { key count suppressed } } }`;
    const stripLabels = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value, (key, field) => (key === 'label' || key === 'asOf' ? undefined : key === 'agreementId' ? String(field) : field)));
    for (const [name, credential] of Object.entries(credentials)) {
      const response = await app.gqlAs(credential, query, { year: 2026 });
      expect(response.errors).toBeUndefined();
      const expected = await asViewer(
        byName[name]!,
        async (em) => {
          const asOf = new Date();
          return {
            memberStatistics: publishMemberFigures({ asOf, ...(await directMemberFigures(em)) }),
            activityStatistics: publishActivityFigures(2026, { asOf, ...(await directActivityFigures(em, 2026, today())) }),
            feedbackStatistics: publishFeedbackFigures({ asOf, ...(await directFeedbackFigures(em, 2026)) }),
          };
        },
        truth,
      );
      expect({ viewer: name, published: stripLabels(response.data) }).toEqual({ viewer: name, published: stripLabels(expected) });
      expect(Date.parse(response.data!.memberStatistics.asOf)).toBeGreaterThan(Date.now() - 60_000);
    }
  });
});

// ── Generated writes ─────────────────────────────────────────────────────────────────────────

const DAYS = ['2024-12-31', '2025-01-01', '2025-01-31', '2025-02-28', '2025-03-01', '2025-03-15', '2025-06-30', '2025-12-31', '2026-01-01', '2026-02-14', '2026-10-31', '2026-11-01', '2026-11-30', '2026-12-01'];
const OUTFLOWS = ['2019-05-10', '2025-02-28', '2025-03-01', '2025-03-31', '2025-12-31', '2026-01-15', '2026-11-30', '2026-12-31', '2027-01-01'];
const DESTINATIONS = ['510104', '510105', '510112', '500103', '500112', '110105', '440106', '510603'];
const REGIONS = ['510104', '510108', '500103', '510603', '511402', '440104', '110101'];
const STATUSES = ['REGISTERED', 'REPORTED', 'MANAGED', 'LOST_CONTACT', 'RETURNED', 'TRANSFERRED'];
const KINDS = ['THREE_MEETINGS_ONE_LESSON', 'THEME_PARTY_DAY', 'ORGANIZATIONAL_LIFE_MEETING', 'VOLUNTEER_SERVICE', 'STUDY', 'PIONEER_POST', 'OTHER'];
const FEEDBACK_STATES = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];

/** Picks about one row in `modulo` (ids ≡ rest): a different handful each time. */
const subset = fc.record({ modulo: fc.integer({ min: 7, max: 400 }), rest: fc.nat(6) });
const where = ({ modulo, rest }: { modulo: number; rest: number }, column = 'id') => `${column} % ${modulo} = ${rest}`;
const orgIndex = fc.nat(200);
/** The organisation at a position of the id order (wrapping), as SQL. */
const org = (index: number) => `(select id from organization order by id offset ${index} % (select count(*) from organization) limit 1)`;
const literal = (value: string | number) => (typeof value === 'number' ? String(value) : `'${value}'`);
const days = fc.constantFrom(...DAYS);

/** One write, as SQL of the owner (the triggers fire whoever writes). */
const write = fc.oneof(
  fc.record({ rows: subset, outflow: fc.constantFrom(...OUTFLOWS), status: fc.constantFrom(...STATUSES), formal: orgIndex, inflow: fc.option(orgIndex), destination: fc.constantFrom(...DESTINATIONS) }).map(
    (w) => `insert into member (name, gender, birth_date, id_number_cipher, id_number_hash, id_number_masked, party_standing, joined_on,
              formal_organization_id, mobility_type, outflow_date, destination_region_code, inflow_organization_id, status)
            select name, gender, birth_date, id_number_cipher, md5(random()::text || id), id_number_masked, party_standing, joined_on,
                   ${org(w.formal)}, mobility_type, ${literal(w.outflow)}, ${literal(w.destination)}, ${w.inflow === null ? 'null' : org(w.inflow)}, ${literal(w.status)}
              from member where ${where(w.rows)}`,
  ),
  fc
    .record({
      rows: subset,
      set: fc.oneof(
        fc.constantFrom(...STATUSES).map((status) => `status = '${status}'`),
        fc.constantFrom(...OUTFLOWS).map((day) => `outflow_date = '${day}'`),
        fc.integer({ min: -40, max: 40 }).map((shift) => `outflow_date = outflow_date + ${shift}`),
        orgIndex.map((index) => `formal_organization_id = ${org(index)}`),
        fc.option(orgIndex).map((index) => `inflow_organization_id = ${index === null ? 'null' : org(index)}`),
        fc.constantFrom(...DESTINATIONS).map((code) => `destination_region_code = '${code}'`),
        fc.constantFrom('EMPLOYMENT', 'STUDY', 'SETTLEMENT', 'TEMPORARY').map((type) => `mobility_type = '${type}'`),
        fc.constant(`phone_masked = '138****0000'`),
      ),
    })
    .map((w) => `update member set ${w.set} where ${where(w.rows)}`),
  subset.map((rows) => `delete from member where ${where(rows)} and id > 2000`),
  subset.map((rows) => `delete from member where ${where({ ...rows, modulo: rows.modulo * 4 })}`),
  fc.record({ rows: subset, day: days, kind: fc.constantFrom(...KINDS), hours: fc.integer({ min: 0, max: 40 }), copies: fc.integer({ min: 1, max: 3 }) }).map(
    // Several records of one member and month in one statement, too.
    (w) => `insert into activity_record (member_id, organization_id, occurred_on, kind, title, hours)
            select m.id, m.formal_organization_id, date ${literal(w.day)} + (c % 2) * 3, ${literal(w.kind)}, 'generated', ${w.hours / 4}
              from member m cross join generate_series(1, ${w.copies}) c where ${where(w.rows, 'm.id')}`,
  ),
  fc
    .record({
      rows: subset,
      set: fc.oneof(
        days.map((day) => `occurred_on = '${day}'`),
        fc.integer({ min: -20, max: 20 }).map((shift) => `occurred_on = occurred_on + ${shift}`),
        fc.constantFrom(...KINDS).map((kind) => `kind = '${kind}'`),
        fc.integer({ min: 0, max: 30 }).map((hours) => `hours = ${hours / 2}`),
        fc.integer({ min: 1, max: 9 }).map((shift) => `member_id = (select coalesce(min(id), activity_record.member_id) from member where id > activity_record.member_id + ${shift})`),
        fc.constant(`title = 'renamed'`),
      ),
    })
    .map((w) => `update activity_record set ${w.set} where ${where(w.rows)}`),
  subset.map((rows) => `delete from activity_record where ${where(rows)}`),
  fc.record({ org: orgIndex, region: fc.constantFrom(...REGIONS) }).map((w) => `update organization set region_code = '${w.region}' where id = ${org(w.org)}`),
  fc.record({ rows: subset, year: fc.constantFrom(...YEARS), agreement: fc.constantFrom('CY-2024-01', 'CDDY-2024-01', 'CDMS-2027-01'), status: fc.constantFrom(...FEEDBACK_STATES) }).map(
    (w) => `insert into annual_feedback (member_id, year, agreement_id, recipient, to_organization_id, due_on, status)
            select m.id, ${w.year}, a.id, 'PARTNER', m.formal_organization_id, '${w.year + 1}-01-31', '${w.status}'
              from member m, agreement a where a.code = '${w.agreement}' and ${where(w.rows, 'm.id')}
            on conflict (member_id, year, agreement_id) do update set status = excluded.status`,
  ),
  fc.record({ rows: subset, status: fc.constantFrom(...FEEDBACK_STATES) }).map((w) => `update annual_feedback set status = '${w.status}' where ${where(w.rows)}`),
  subset.map((rows) => `delete from annual_feedback where ${where(rows)}`),
  fc
    .record({ partner: fc.constantFrom('500000', '510600', '511400'), direction: fc.constantFrom('TWO_WAY', 'PARTNER_TO_HOST', 'HOST_TO_PARTNER') })
    .map((w) => `update agreement set partner_region_code = '${w.partner}', direction = '${w.direction}' where code = 'CY-2024-01'`),
);

describe('after generated writes', () => {
  it('gives every figure the direct count gives, for every kind of viewer, after each batch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 6 }), fc.boolean(), async (writes, together) => {
        // One transaction for the whole batch, or one per write.
        if (together) await owner.query(`begin; ${writes.join(';\n')}; commit;`);
        else for (const sql of writes) await owner.query(sql);
        await expectSameFigures(writes.join(';\n'));
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 240_000);

  it('keeps figures a rebuild finds nothing to correct in, and a rebuild changes no figure', async () => {
    expect((await rebuild()).map(({ rollup, drifted }) => ({ rollup, drifted }))).toEqual([
      { rollup: 'stats_member', drifted: 0 },
      { rollup: 'stats_activity', drifted: 0 },
      { rollup: 'stats_feedback', drifted: 0 },
    ]);
    await expectSameFigures('rebuilt');
  }, 60_000);
});

describe('through the API', () => {
  it('keeps every figure through a bulk import, member moves and deletions made over HTTP, and a rebuild finds nothing to correct', async () => {
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const response = await app.gql(query, variables);
      expect(response.errors).toBeUndefined();
      return response.data!;
    };
    const organizations = (await owner.query('select id::text from organization order by id')).rows.map((row) => row.id as string);
    const destinations = (await owner.query('select distinct destination_region_code as code from member order by 1')).rows.map((row) => row.code as string);
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    const outflows = ['2019-05-10', '2025-02-28', '2025-03-01', '2025-12-31', '2026-01-15', '2026-11-01'];
    // A bulk import: one createManyMembers, then one createManyActivityRecords for them and some demo members.
    const imported = await gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id formalOrganization { id } } }', {
      input: {
        members: Array.from({ length: 60 }, (_, i) => ({
          name: `导入${i}`,
          idNumber: nationalId('110101', `1971${String(1 + (i % 12)).padStart(2, '0')}${String(10 + (i % 18))}`, String(500 + i)),
          partyStanding: 'FULL',
          joinedOn: '2001-07-01',
          formalOrganizationId: pick(organizations, i * 7),
          mobilityType: pick(['EMPLOYMENT', 'STUDY', 'SETTLEMENT', 'TEMPORARY'], i),
          outflowDate: pick(outflows, i),
          destinationRegionCode: pick(destinations, i * 3),
          inflowOrganizationId: i % 4 === 0 ? null : pick(organizations, i * 13 + 1),
          status: pick(STATUSES, i),
        })),
      },
    });
    const newIds: string[] = imported.createManyMembers.map((member: { id: string }) => member.id);
    const demo = (await owner.query(`select id::text, formal_organization_id::text as org from member where id % 37 = 0 and outflow_date <= current_date order by id limit 40`)).rows as { id: string; org: string }[];
    const targets = [...imported.createManyMembers.map((member: { id: string; formalOrganization: { id: string } }) => ({ id: member.id, org: member.formalOrganization.id })), ...demo];
    await gql('mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }', {
      input: {
        activityRecords: Array.from({ length: 900 }, (_, i) => {
          const member = pick(targets, i * 11);
          return {
            memberId: member.id,
            organizationId: member.org,
            occurredOn: pick(DAYS.filter((day) => day <= today()), i * 5),
            kind: pick(KINDS, i),
            title: '导入记录',
            hours: (i % 9) / 2,
          };
        }),
      },
    });
    await expectSameFigures('imported over HTTP');

    // Members moving between organisations, regions and states, one by one and many at once.
    for (const [i, id] of newIds.slice(0, 12).entries()) {
      await gql('mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id } }', {
        input: {
          id,
          update: [
            { formalOrganizationId: pick(organizations, i * 29 + 5) },
            { inflowOrganizationId: pick(organizations, i * 31 + 2) },
            { destinationRegionCode: pick(destinations, i + 1) },
            { status: pick(STATUSES, i + 2) },
            { outflowDate: pick(outflows, i + 3) },
            { mobilityType: 'TEMPORARY', status: 'MANAGED' },
          ][i % 6],
        },
      });
    }
    await gql('mutation($input: UpdateManyMembersInput!) { updateManyMembers(input: $input) { updatedCount } }', {
      input: { filter: { id: { in: [...newIds.slice(12, 24), ...demo.slice(0, 10).map((member) => member.id)] } }, update: { status: 'RETURNED' } },
    });
    await expectSameFigures('moved over HTTP');

    // Deletions: members with their records, and records alone.
    for (const id of newIds.slice(24, 30)) await gql('mutation($input: DeleteOneMemberInput!) { deleteOneMember(input: $input) { id } }', { input: { id } });
    await gql('mutation($input: DeleteManyActivityRecordsInput!) { deleteManyActivityRecords(input: $input) { deletedCount } }', {
      input: { filter: { memberId: { in: newIds.slice(30, 45) } } },
    });
    await expectSameFigures('deleted over HTTP');
    expect((await rebuild()).every(({ drifted }) => drifted === 0)).toBe(true);
    await expectSameFigures('rebuilt after HTTP writes');
  }, 120_000);
});

describe('under concurrent writers', () => {
  it('loses no count and deadlocks nowhere when transactions write the same rollup rows in different orders', async () => {
    const writers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const client = new Client({ connectionString: ownerUrl });
        await client.connect();
        return client;
      }),
    );
    try {
      const ids = (await owner.query('select id from member order by id limit 40')).rows.map((row) => row.id as number);
      // Each writer: several transactions, each adding and removing records of the same few members and months, and moving members.
      const work = async (client: Client, w: number) => {
        for (let round = 0; round < 6; round++) {
          const mine = [...ids].sort((a, b) => ((a * (w + 3) + round) % 41) - ((b * (w + 3) + round) % 41)).slice(0, 12);
          await client.query('begin');
          await client.query(
            `insert into activity_record (member_id, organization_id, occurred_on, kind, title, hours)
             select m.id, m.formal_organization_id, date '2026-03-01' + (m.id + $2) % 40, $3, 'concurrent', 1.5
               from member m join unnest($1::int[]) with ordinality u(id, n) on u.id = m.id order by u.n`,
            [mine, round, KINDS[(w + round) % KINDS.length]],
          );
          await client.query(`update member set status = $2 where id = any($1::int[])`, [mine.slice(0, 3), STATUSES[(w + round) % STATUSES.length]]);
          await client.query(`delete from activity_record where member_id = any($1::int[]) and title = 'concurrent' and id % 3 = $2`, [mine.reverse().slice(0, 6), w % 3]);
          await client.query('commit');
        }
      };
      const outcomes = await Promise.allSettled(writers.map((client, w) => work(client, w)));
      expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual([]);
    } finally {
      await Promise.all(writers.map((client) => client.end()));
    }
    await expectSameFigures('concurrent');
    expect((await rebuild()).every(({ drifted }) => drifted === 0)).toBe(true);
  }, 120_000);
});
