/**
 * `npm run bench:scale` — the statistics at national scale (issue 14).
 *
 * Grows a clone of the demo database in SQL to SCALE_MEMBERS members (2,000,000 by default), each
 * new member a copy of a demo member with a fixed share of that member's activity records (so the
 * records keep the demo's proportions of kinds, months and members, and number SCALE_RECORDS, 20
 * million by default), and returns for one in three members an agreement covers. The growth bypasses the triggers (session_replication_role =
 * replica, secondary indexes dropped and rebuilt), then `stats_rebuild()` recounts the rollups:
 * its time is the rebuild time at that size. Then prints, per viewer and operation, p50/p95 of
 * SCALE_ROUNDS sequential requests over HTTP, against
 *   - hand-written SQL over the raw tables, the viewer's scope written in as a predicate on the
 *     member's region codes (fewer rounds, SCALE_RAW_ROUNDS, as they take seconds), and
 *   - the hand-written query over the rollups (api/stats/rollups.ts run directly: the floor);
 * and the write path's cost of the rollup triggers: createManyActivityRecords of 5,000 rows and
 * createOneActivityRecord over HTTP, and the same inserts in plain SQL, with the activity triggers
 * disabled ("before") and enabled ("after"), alternating, the first round discarded.
 * Prints; asserts nothing about speed.
 *
 *   SCALE_MEMBERS=200000 npm run bench:scale     # a smaller run (SCALE_ROUNDS, SCALE_RAW_ROUNDS, SCALE_WRITE_ROUNDS too)
 */
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { chinaDate } from '../../api/common/dates';
import { AdminRole, TokenScope, type Viewer } from '../../api/common/viewer';
import { setViewer } from '../../api/common/viewer-settings';
import { ormConfig } from '../../api/db/orm.config';
import { activityFigures, feedbackFigures, memberFigures } from '../../api/stats/rollups';
import { startTestApp, type TestApp } from '../support/app';
import { databaseUrl } from '../support/database';

const MEMBERS = Number(process.env.SCALE_MEMBERS ?? 2_000_000);
const RECORDS = Number(process.env.SCALE_RECORDS ?? (MEMBERS / 2_000_000) * 20_000_000);
const ROUNDS = Number(process.env.SCALE_ROUNDS ?? 20);
const RAW_ROUNDS = Number(process.env.SCALE_RAW_ROUNDS ?? 3);
const WRITE_ROUNDS = Number(process.env.SCALE_WRITE_ROUNDS ?? 6);
const YEAR = 2026;
/** Members cloned per statement: progress is printed between them. */
const CHUNK = 250_000;

const OPERATIONS = {
  memberStatistics: `{ memberStatistics { asOf total byStatus { key count suppressed } byMobilityType { key count suppressed }
      byFormalRegion { key label count suppressed } byDestinationRegion { key label count suppressed } } }`,
  activityStatistics: `query($year: Int!) { activityStatistics(year: $year) { asOf year
      months { month membersUnderCare participants participationRate volunteers volunteerHours suppressed } } }`,
  feedbackStatistics: `query($year: Int!) { feedbackStatistics(year: $year) { asOf agreementId agreementCode total byStatus { key count suppressed } } }`,
};
type Operation = keyof typeof OPERATIONS;

const CITY_OF = (column: string) =>
  `case when left(${column}, 2) in ('11', '12', '31', '50') then left(${column}, 2) || '0000' else left(${column}, 4) || '00' end`;
const CLOSED = `('RETURNED', 'TRANSFERRED')`;

/**
 * The figures written by hand over the raw tables, the scope a predicate on `m` (the best one
 * statement can do without kept figures: members under care from a count per outflow month).
 */
const RAW = {
  members: (reach: string) => `
    select case when grouping(status) = 0 then 'status' when grouping(mobility) = 0 then 'mobility'
                when grouping(formal) = 0 then 'formal' when grouping(destination) = 0 then 'destination' end as dimension,
           coalesce(status, mobility, formal, destination) as key, count(*)::int as count
      from (select m.status::text as status, m.mobility_type::text as mobility, ${CITY_OF('m.formal_region_code')} as formal,
                   ${CITY_OF('m.destination_region_code')} as destination
              from member m where ${reach}) f
     group by grouping sets ((), (status), (mobility), (formal), (destination))`,
  activity: (reach: string) => `
    with months as (select month, make_date($1, month, 1) as first_day from generate_series(1, 12) as month where make_date($1, month, 1) <= $2::date),
    open as (select m.id, date_trunc('month', m.outflow_date)::date as since from member m where m.status not in ${CLOSED} and ${reach}),
    care as (select mo.month, sum(b.n)::int as care
               from months mo join (select since, count(*) as n from open group by since) b on b.since <= mo.first_day group by mo.month),
    acts as (select extract(month from a.occurred_on)::int as month,
                    count(distinct a.member_id) filter (where a.kind in ('THREE_MEETINGS_ONE_LESSON', 'THEME_PARTY_DAY', 'ORGANIZATIONAL_LIFE_MEETING'))::int as participants,
                    count(distinct a.member_id) filter (where a.kind = 'VOLUNTEER_SERVICE')::int as volunteers,
                    sum(a.hours) filter (where a.kind = 'VOLUNTEER_SERVICE')::float as hours
               from activity_record a join open o on o.id = a.member_id
              where a.occurred_on >= make_date($1, 1, 1) and a.occurred_on < make_date($1 + 1, 1, 1)
                and o.since <= date_trunc('month', a.occurred_on)::date
              group by 1)
    select months.month, care.care, acts.participants, acts.volunteers, acts.hours
      from months left join care using (month) left join acts using (month) order by months.month`,
  feedback: (reach: string) => `
    select f.agreement_id, f.status, count(*)::int as count
      from annual_feedback f join member m on m.id = f.member_id
     where f.year = $1 and ${reach}
     group by 1, 2`,
};

interface Timing {
  p50: number;
  p95: number;
}

async function timings(rounds: number, work: () => Promise<unknown>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);
const show = ({ p50, p95 }: Timing) => `${ms(p50).padStart(9)} ${ms(p95).padStart(9)}`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Grows the database as its superuser, past triggers and row-level security; then recounts the rollups. */
async function grow(superuser: Client): Promise<{ rebuildSeconds: number }> {
  const [{ members: existing, records: existingRecords }] = (
    await superuser.query('select (select count(*) from member)::int as members, (select count(*) from activity_record)::int as records')
  ).rows;
  const wanted = MEMBERS - existing;
  if (wanted <= 0) return { rebuildSeconds: 0 };
  // Per mille of a template's records each clone copies, for RECORDS in all.
  const share = Math.min(1000, Math.round((1000 * (RECORDS - existingRecords)) / ((existingRecords / existing) * wanted)));
  console.log(`growing ${existing} members / ${existingRecords} records to ${MEMBERS} members and about ${RECORDS} records (${share}‰ of each template's records)`);
  await superuser.query(`set session_replication_role = replica; set maintenance_work_mem = '1GB'; set work_mem = '256MB'; set synchronous_commit = off`);
  // Secondary indexes are rebuilt once at the end: much quicker than keeping them row by row.
  const { rows: indexes } = await superuser.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.schemaname = 'public' and i.tablename in ('member', 'activity_record')
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const { name } of indexes) await superuser.query(`drop index "${name}"`);
  await superuser.query(`create temp table template as select row_number() over (order by id) - 1 as n, id from member`);
  await superuser.query(`create temp table clone (id int, template_id int)`);
  for (let from = 0; from < wanted; from += CHUNK) {
    const count = Math.min(CHUNK, wanted - from);
    await timed(`members ${existing + from + 1}–${existing + from + count} and their records`, async () => {
      await superuser.query('begin');
      await superuser.query('truncate clone');
      await superuser.query(
        `with made as (
           insert into member (name, gender, birth_date, id_number_cipher, id_number_hash, id_number_masked, phone_cipher, phone_masked,
                               party_standing, joined_on, formal_organization_id, mobility_type, outflow_date, destination_region_code,
                               destination_address, occupation, work_unit, inflow_organization_id, status, last_contact_on, ledger_updated_at,
                               expertise_tags, formal_region_code, inflow_region_code)
           select m.name, m.gender, m.birth_date, m.id_number_cipher, md5('scale-' || g), m.id_number_masked, m.phone_cipher, m.phone_masked,
                  m.party_standing, m.joined_on, m.formal_organization_id, m.mobility_type, m.outflow_date, m.destination_region_code,
                  m.destination_address, m.occupation, m.work_unit, m.inflow_organization_id, m.status, m.last_contact_on, m.ledger_updated_at,
                  m.expertise_tags, m.formal_region_code, m.inflow_region_code
             from generate_series($1::int, $2::int) g
             join template t on t.n = g % $3
             join member m on m.id = t.id
            order by g
           returning id)
         insert into clone select id, null from made`,
        [existing + from, existing + from + count - 1, existing],
      );
      // The clones were made in g order, so their ids follow it: clone k of a chunk copies template (from + k) % existing.
      await superuser.query(
        `update clone c set template_id = t.id from (select id, row_number() over (order by id) - 1 as k from clone) o, template t
          where o.id = c.id and t.n = ($1 + o.k) % $2`,
        [existing + from, existing],
      );
      await superuser.query(
        `insert into activity_record (member_id, organization_id, occurred_on, kind, title, hours, points, source)
         select c.id, r.organization_id, r.occurred_on, r.kind, r.title, r.hours, r.points, 'scale'
           from clone c join activity_record r on r.member_id = c.template_id
          where (r.id::bigint * 7919 + c.id) % 1000 < $1`,
        [share],
      );
      await superuser.query('commit');
    });
  }
  await timed('returns for one in three covered members, every agreement, 2026', () =>
    superuser.query(`insert into annual_feedback (member_id, year, agreement_id, recipient, to_organization_id, due_on, status)
      select m.id, ${YEAR}, a.id, 'PARTNER', m.formal_organization_id, make_date(${YEAR + 1}, 1, 31), (enum_range(null::feedback_status))[1 + m.id % 6]
        from member m join agreement a
          on covers(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text), m.formal_region_code, m.destination_region_code, m.inflow_region_code)
       where m.id % 3 = 0
      on conflict (member_id, year, agreement_id) do nothing`),
  );
  await timed(`${indexes.length} secondary indexes rebuilt`, async () => {
    for (const { definition } of indexes) await superuser.query(definition);
  });
  await superuser.query(`set session_replication_role = origin`);
  const started = performance.now();
  const rebuilt = (await superuser.query('select rollup, keys, drifted from stats_rebuild()')).rows;
  const rebuildSeconds = (performance.now() - started) / 1000;
  console.log(`  stats_rebuild(): ${rebuildSeconds.toFixed(1)} s — ${rebuilt.map((row) => `${row.rollup} ${row.keys} keys`).join(', ')}`);
  await timed('vacuum analyze', () => superuser.query('vacuum analyze'));
  return { rebuildSeconds };
}

it('measures the statistics at scale against the raw tables and the rollups, and the triggers on the write path', async () => {
  const app: TestApp = await startTestApp('demo', { RATE_LIMIT_PER_IP: '10000000', RATE_LIMIT_PER_TOKEN: '10000000' });
  const [{ name }] = await app.sql<{ name: string }>('select current_database() as name');
  const superuser = new Client({ connectionString: databaseUrl(name!, 'superuser') });
  await superuser.connect();
  const owner = await MikroORM.init(ormConfig(databaseUrl(name!, 'owner'), { pool: { min: 0, max: 2 } }));
  try {
    const grown = await timed('growth, in all', () => grow(superuser));
    const { rows: sizes } = await superuser.query(
      `select relname as table, n_live_tup::bigint as rows, pg_size_pretty(pg_total_relation_size(relid)) as size
         from pg_stat_user_tables where relname in ('member', 'activity_record', 'annual_feedback', 'stats_member', 'stats_activity', 'stats_feedback', 'stats_version')
        order by pg_total_relation_size(relid) desc`,
    );
    const [{ members, records }] = (await superuser.query('select (select count(*) from member)::int as members, (select count(*) from activity_record)::int as records')).rows;

    // ── The viewers ─────────────────────────────────────────────────────────────────────────
    const [agreement] = (await superuser.query(`select id, host_region_code, partner_region_code, direction from agreement where code = 'CY-2024-01'`)).rows;
    const issue = async (by: string, input: Record<string, unknown>) => {
      const response = await app.gqlAs(by, 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
        input: { expiresAt: new Date(Date.now() + 86_400_000).toISOString(), ...input },
      });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return response.data!.issueApiToken.token as string;
    };
    const token = (tokenId: number, scopes: TokenScope[], withAgreement: boolean): Viewer => ({
      kind: 'token',
      tokenId,
      publicId: `p${tokenId}`,
      name: `t${tokenId}`,
      scopes,
      agreement: withAgreement
        ? { id: agreement.id, hostRegionCode: agreement.host_region_code, partnerRegionCode: agreement.partner_region_code, direction: agreement.direction }
        : null,
      partnerRegionCode: withAgreement ? agreement.partner_region_code : null,
      issuerRegionCode: null,
      years: [YEAR],
    } as Viewer);
    const sides = `agreement_sides('${agreement.host_region_code}', '${agreement.partner_region_code}', '${agreement.direction}')`;
    const REGION_CODES = 'm.formal_region_code, m.destination_region_code, m.inflow_region_code';
    const viewers: { name: string; credential: string; viewer: Viewer; reach: string }[] = [
      {
        name: 'platform stats token',
        credential: await issue(app.adminToken, { name: 'platform', scopes: ['STATS_READ'] }),
        viewer: token(1, [TokenScope.STATS_READ], false),
        reach: 'true',
      },
      {
        name: 'partner token (CY-2024-01)',
        credential: await issue(app.adminToken, { name: 'cq', agreementId: String(agreement.id), scopes: ['MEMBERS_READ', 'STATS_READ'], years: [YEAR] }),
        viewer: token(2, [TokenScope.MEMBERS_READ, TokenScope.STATS_READ], true),
        reach: `covers(${sides}, ${REGION_CODES})`,
      },
      {
        name: 'district admin (510104)',
        credential: await app.adminSession({ username: 'scale-jinjiang', password: 'scale-jinjiang-password', role: AdminRole.REGION_ADMIN, regionCode: '510104' }),
        viewer: { kind: 'admin', userId: 3, username: 'scale-jinjiang', role: AdminRole.REGION_ADMIN, regionCode: '510104', sessionId: 's' },
        reach: `in_region('510104', ${REGION_CODES})`,
      },
      {
        name: 'super admin',
        credential: app.adminToken,
        viewer: { kind: 'admin', userId: 1, username: 'root', role: AdminRole.SUPER_ADMIN, regionCode: null, sessionId: 's' },
        reach: 'true',
      },
    ];
    const asViewer = <T>(viewer: Viewer, work: (em: EntityManager) => Promise<T>) =>
      owner.em.fork().transactional(async (em) => {
        await setViewer(em, viewer);
        return work(em);
      });
    const today = chinaDate(new Date());
    const raw: Record<Operation, (reach: string) => Promise<unknown>> = {
      memberStatistics: (reach) => superuser.query(RAW.members(reach)),
      activityStatistics: (reach) => superuser.query(RAW.activity(reach), [YEAR, today]),
      feedbackStatistics: (reach) => superuser.query(RAW.feedback(reach), [YEAR]),
    };
    const floor: Record<Operation, (em: EntityManager) => Promise<unknown>> = {
      memberStatistics: (em) => memberFigures(em),
      activityStatistics: (em) => activityFigures(em, YEAR, today),
      feedbackStatistics: (em) => feedbackFigures(em, YEAR),
    };

    // ── Reads ───────────────────────────────────────────────────────────────────────────────
    const lines: string[] = [];
    for (const { name: viewerName, credential, viewer, reach } of viewers) {
      for (const operation of Object.keys(OPERATIONS) as Operation[]) {
        const request = () =>
          app.gqlAs(credential, OPERATIONS[operation], { year: YEAR }).then((response) => {
            if (response.errors) throw new Error(JSON.stringify(response.errors));
          });
        await request();
        const http = await timings(ROUNDS, request);
        const rollups = await timings(ROUNDS, () => asViewer(viewer, floor[operation]));
        const direct = await timings(RAW_ROUNDS, () => raw[operation](reach));
        lines.push(`  ${viewerName.padEnd(27)} ${operation.padEnd(19)} ${show(http)}   ${show(direct)}   ${show(rollups)}   ${(direct.p50 / http.p50).toFixed(0).padStart(6)}×`);
      }
    }
    // A dashboard polling an unchanged figure: If-None-Match → 304.
    const polled = viewers[0]!;
    const first = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${polled.credential}` },
      body: JSON.stringify({ query: OPERATIONS.activityStatistics, variables: { year: YEAR } }),
    });
    const etag = first.headers.get('etag') ?? '';
    const revalidate = await timings(ROUNDS, () =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${polled.credential}`, 'if-none-match': etag },
        body: JSON.stringify({ query: OPERATIONS.activityStatistics, variables: { year: YEAR } }),
      }).then((response) => {
        if (response.status !== 304) throw new Error(`expected 304, got ${response.status}`);
      }),
    );

    // ── Writes: the activity triggers off ("before") and on ("after") ───────────────────────
    const { rows: targets } = await superuser.query<{ id: number; organization_id: number }>(
      `select id, formal_organization_id as organization_id from member where status not in ('RETURNED', 'TRANSFERRED') order by id desc limit 5000`,
    );
    const batch = (round: number) =>
      targets.map((member, i) => ({
        memberId: String(member.id),
        organizationId: String(member.organization_id),
        occurredOn: `${YEAR}-0${1 + ((i + round) % 9)}-1${i % 10}`,
        kind: ['THREE_MEETINGS_ONE_LESSON', 'VOLUNTEER_SERVICE', 'STUDY', 'THEME_PARTY_DAY'][i % 4],
        title: 'bench write',
        hours: (i % 8) / 2,
      }));
    const CREATE_MANY = 'mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }';
    const CREATE_ONE = 'mutation($input: CreateOneActivityRecordInput!) { createOneActivityRecord(input: $input) { id } }';
    const SQL_INSERT = `insert into activity_record (member_id, organization_id, occurred_on, kind, title, hours)
      select m.id, m.formal_organization_id, make_date(${YEAR}, 1 + (m.id + $2) % 9, 10 + m.id % 10),
             (array['THREE_MEETINGS_ONE_LESSON', 'VOLUNTEER_SERVICE', 'STUDY', 'THEME_PARTY_DAY']::activity_kind[])[1 + m.id % 4], 'bench write', (m.id % 8) / 2.0
        from member m where m.id = any($1::int[])`;
    const ids = targets.map((member) => member.id);
    const triggers = async (enabled: boolean) => {
      for (const trigger of ['stats_activity_inserted', 'stats_activity_deleted']) {
        await superuser.query(`alter table activity_record ${enabled ? 'enable' : 'disable'} trigger ${trigger}`);
      }
    };
    type Phase = 'before' | 'after';
    const SINGLES = 10;
    const writes: Record<Phase, { many: number[]; one: number[]; sqlMany: number[]; sqlOne: number[] }> = {
      before: { many: [], one: [], sqlMany: [], sqlOne: [] },
      after: { many: [], one: [], sqlMany: [], sqlOne: [] },
    };
    const clock = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    // Round 0 warms up and is discarded; then before/after alternate which goes first.
    for (let round = 0; round <= WRITE_ROUNDS; round++) {
      for (const phase of round % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) {
        await triggers(phase === 'after');
        const keep = <T>(list: T[], value: T) => round > 0 && list.push(value);
        const many = await clock(async () => {
          const response = await app.gql(CREATE_MANY, { input: { activityRecords: batch(round) } });
          if (response.errors) throw new Error(JSON.stringify(response.errors).slice(0, 500));
        });
        keep(writes[phase].many, many);
        const singles = batch(round + 3);
        for (let i = 0; i < SINGLES; i++) {
          keep(
            writes[phase].one,
            await clock(async () => {
              const response = await app.gql(CREATE_ONE, { input: { activityRecord: singles[(round * SINGLES + i) * 37 % singles.length] } });
              if (response.errors) throw new Error(JSON.stringify(response.errors));
            }),
          );
        }
        keep(writes[phase].sqlMany, await clock(() => superuser.query(SQL_INSERT, [ids, round])));
        for (let i = 0; i < SINGLES; i++) keep(writes[phase].sqlOne, await clock(() => superuser.query(SQL_INSERT, [[ids[(round * SINGLES + i) * 37 % ids.length]], round + i])));
        await superuser.query(`delete from activity_record where title = 'bench write'`);
      }
    }
    await triggers(true);
    const stat = (values: number[]): Timing => {
      const sorted = [...values].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
      return { p50: at(0.5), p95: at(0.95) };
    };
    const overhead = (kind: keyof (typeof writes)['before']) => {
      const before = stat(writes.before[kind]);
      const after = stat(writes.after[kind]);
      return `before ${show(before)}, after ${show(after)}; p50 ${after.p50 >= before.p50 ? '+' : ''}${((after.p50 / before.p50 - 1) * 100).toFixed(0)}%`;
    };
    const drift = (await superuser.query('select rollup, drifted from stats_rebuild()')).rows;

    console.log(
      [
        `statistics at ${members.toLocaleString('en')} members and ${records.toLocaleString('en')} activity records (rollups rebuilt in ${grown.rebuildSeconds.toFixed(1)} s)`,
        ...sizes.map((row) => `  ${String(row.table).padEnd(16)} ${Number(row.rows).toLocaleString('en').padStart(12)} rows  ${row.size}`),
        '',
        `p50/p95 of ${ROUNDS} sequential requests over HTTP; raw-table SQL ${RAW_ROUNDS} rounds; rollup SQL (floor) ${ROUNDS} rounds`,
        `  ${'viewer'.padEnd(27)} ${'operation'.padEnd(19)} ${'HTTP p50'.padStart(9)} ${'p95'.padStart(9)}   ${'raw p50'.padStart(9)} ${'p95'.padStart(9)}   ${'floor p50'.padStart(9)} ${'p95'.padStart(9)}   raw/HTTP`,
        ...lines,
        `  revalidation of an unchanged activityStatistics (If-None-Match → 304): ${show(revalidate)}`,
        '',
        `write path, activity triggers off ("before") vs on ("after"), p50/p95 over ${WRITE_ROUNDS} rounds:`,
        `  createManyActivityRecords of 5,000 rows over HTTP:   ${overhead('many')}`,
        `  createOneActivityRecord over HTTP:                    ${overhead('one')}`,
        `  INSERT of the same 5,000 rows in SQL:                 ${overhead('sqlMany')}`,
        `  INSERT of one row in SQL:                             ${overhead('sqlOne')}`,
        `  rebuild afterwards found ${drift.map((row) => `${row.rollup} ${row.drifted}`).join(', ')} keys drifted`,
      ].join('\n'),
    );
  } finally {
    await superuser.end();
    await owner.close(true);
    await app.close();
  }
});
