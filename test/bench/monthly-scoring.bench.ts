/**
 * Monthly scoring (十二分制, recomputeMonthlyScores over HTTP, scope and all) of 100,000 members'
 * months from their records, against one hand-written SQL statement computing and writing the
 * same scores on the same data. Prints times and the ratio (issue 11 asks for ≤ 1.5); asserts
 * only that both wrote the same scores.
 */
import { startTestApp, type TestApp } from '../support/app';

const YEAR = 2026;
/** Timed runs of each (the best counts); one keeps the bench within minutes on a shared machine. */
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const RECOMPUTE = 'mutation($i: RecomputeMonthlyScoresInput!) { recomputeMonthlyScores(input: $i) { created updated deleted } }';

/** The same scores, written by hand: scheme of the nearest owning ancestor (else an agreement's), version in force, caps per month then per year. */
const HAND_WRITTEN = `
  insert into monthly_score (member_id, organization_id, month, year, scheme_version_id, score, items, computed_at)
  select member_id, keeper, month, ${YEAR}, version_id, sum(counted)::int,
         jsonb_agg(jsonb_build_object('code', code, 'label', label, 'count', n, 'raw', raw, 'counted', counted) order by code), now()
    from (
      select t.*, (case when t.year_cap is null then t.cum else sign(t.cum)::int * least(abs(t.cum), t.year_cap) end)
                - (case when t.year_cap is null then t.cum - t.mc else sign(t.cum - t.mc)::int * least(abs(t.cum - t.mc), t.year_cap) end) as counted
        from (
          select p.*, sum(p.mc) over (partition by p.member_id, p.code order by p.month) as cum
            from (
              select e.member_id, e.keeper, e.version_id, e.code, e.label, e.year_cap, e.month, count(*)::int as n, sum(e.amount)::int as raw,
                     case when e.month_cap is null then sum(e.amount)::int else sign(sum(e.amount))::int * least(abs(sum(e.amount)), e.month_cap)::int end as mc
                from (
                  select mv.member_id, mv.keeper, mv.version_id, i.code, i.label, i."monthCap" as month_cap, i."yearCap" as year_cap,
                         date_trunc('month', coalesce(r.occurred_on, pe.occurred_on))::date as month, coalesce(pe.value, i.value) as amount
                    from (
                      select m.id as member_id, coalesce(m.inflow_organization_id, m.formal_organization_id) as keeper,
                             (select v.id from points_scheme_version v where v.scheme_id = s.scheme_id and v.from_year <= ${YEAR}
                               order by v.from_year desc, v.number desc limit 1) as version_id
                        from member m
                        join lateral (
                          select coalesce(
                            (select ps.id from points_scheme ps join organization f on f.id = m.formal_organization_id
                              where ps.owner_organization_id = f.id or ps.owner_organization_id = any(f.ancestor_ids)
                              order by coalesce(array_position(f.ancestor_ids, ps.owner_organization_id), 1000000) desc, ps.id limit 1),
                            (select ps.id from points_scheme ps join agreement a on a.id = ps.agreement_id
                              where covers(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text),
                                           m.formal_region_code, m.destination_region_code, m.inflow_region_code)
                              order by ps.id limit 1)) as scheme_id) s on s.scheme_id is not null
                       -- the members kept by Chengdu's organisations, as recomputeMonthlyScores(Chengdu) scores
                       where coalesce(m.inflow_organization_id, m.formal_organization_id)
                             in (select o.id from organization o, (select id from organization where code = 'CD') cd where o.id = cd.id or cd.id = any(o.ancestor_ids))) mv
                    join points_scheme_version v on v.id = mv.version_id
                    cross join jsonb_to_recordset(v.items) as i(code text, label text, source text, "activityKind" text, value int, "monthCap" int, "yearCap" int)
                    left join activity_record r on i.source = 'ACTIVITY' and r.member_id = mv.member_id and r.kind::text = i."activityKind"
                          and r.occurred_on >= make_date(${YEAR}, 1, 1) and r.occurred_on < make_date(${YEAR + 1}, 1, 1)
                    left join points_entry pe on i.source = 'MANUAL' and pe.member_id = mv.member_id and pe.item_code = i.code and not pe.adjustment
                          and pe.occurred_on >= make_date(${YEAR}, 1, 1) and pe.occurred_on < make_date(${YEAR + 1}, 1, 1)
                   where r.id is not null or pe.id is not null) e
               group by e.member_id, e.keeper, e.version_id, e.code, e.label, e.month_cap, e.year_cap, e.month) p) t) scored
   group by member_id, keeper, month, version_id`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

const fingerprint = (app: TestApp) =>
  app.sql<{ rows: number; total: number; digest: string }>(
    `select count(*)::int as rows, coalesce(sum(score), 0)::int as total,
            md5(string_agg(member_id || ':' || month || ':' || score || ':' || items::text, ',' order by member_id, month)) as digest
       from monthly_score where year = ${YEAR}`,
  );

/** 98,000 Chongqing-formal members living in Chengdu (copied from the demo's), a year of records and a few manual entries each. */
async function scaleUp(app: TestApp, total: number): Promise<void> {
  await app.sql(
    `with source as (
       select m.*, (row_number() over (order by m.id) - 1)::int as n, (count(*) over ())::int as total
         from member m where formal_organization_id in (select id from organization where region_code like '50%') and destination_region_code like '5101%')
     insert into member (name, gender, birth_date, id_number_cipher, id_number_hash, id_number_masked, party_standing, joined_on,
                         formal_organization_id, mobility_type, outflow_date, destination_region_code, inflow_organization_id, status)
     select m.name, m.gender, m.birth_date, m.id_number_cipher, md5(m.id_number_hash || g) || md5(g::text), m.id_number_masked, m.party_standing,
            m.joined_on, m.formal_organization_id, m.mobility_type, m.outflow_date, m.destination_region_code, m.inflow_organization_id, 'MANAGED'
       from generate_series(1, ${total}) g
       join source m on m.n = g % m.total`,
  );
  await app.sql(
    `insert into activity_record (member_id, organization_id, occurred_on, kind, title, hours, points, source)
     select m.id, coalesce(m.inflow_organization_id, m.formal_organization_id), make_date(${YEAR}, k.month, 1 + (m.id + k2.n) % 27),
            (array['THEME_PARTY_DAY','THREE_MEETINGS_ONE_LESSON','VOLUNTEER_SERVICE','STUDY'])[1 + (m.id + k.month + k2.n) % 4]::activity_kind,
            '基准测试活动', 0, 0, 'bench'
       from member m cross join generate_series(1, 10) as k(month) cross join lateral generate_series(1, 1 + m.id % 2) as k2(n)
      where m.id > (select max(id) - ${total} from member)`,
  );
  await app.sql(
    `insert into points_entry (member_id, organization_id, occurred_on, item_code, value, reason, created_by)
     select m.id, coalesce(m.inflow_organization_id, m.formal_organization_id), make_date(${YEAR}, 1 + m.id % 10, 5),
            (array['ABSENT','NO_REPORT','MERIT'])[1 + m.id % 3], (array[-2, -1, 1])[1 + m.id % 3], '基准测试录入', 'bench'
       from member m where m.id % 5 = 0`,
  );
  await app.sql('analyze');
}

it('measures monthly scoring against hand-written SQL', async () => {
  const app = await startTestApp('demo');
  try {
    const scale = await timed(() => scaleUp(app, 98_000));
    const [counts] = await app.sql<{ members: number; records: number; entries: number }>(
      `select (select count(*) from member)::int as members, (select count(*) from activity_record where occurred_on >= make_date(${YEAR}, 1, 1))::int as records,
              (select count(*) from points_entry)::int as entries`,
    );
    console.log(`data: ${counts!.members} members, ${counts!.records} records of ${YEAR}, ${counts!.entries} manual entries (set up in ${(scale.ms / 1000).toFixed(1)} s)`);
    const [chengdu] = await app.sql<{ id: string }>(`select id::text from organization where code = 'CD'`);
    const clear = async () => {
      await app.sql('delete from monthly_score');
      await app.sql('delete from points_publication');
    };

    const runs: { ours: number; hand: number }[] = [];
    let ourFingerprint: unknown;
    let handFingerprint: unknown;
    for (let run = 0; run < RUNS; run++) {
      await clear();
      const ours = await timed(() => app.gql(RECOMPUTE, { i: { organizationId: chengdu!.id, year: YEAR } }));
      if (ours.result.errors) throw new Error(JSON.stringify(ours.result.errors));
      ourFingerprint = (await fingerprint(app))[0];
      await clear();
      const hand = await timed(() => app.sql(HAND_WRITTEN));
      handFingerprint = (await fingerprint(app))[0];
      runs.push({ ours: ours.ms, hand: hand.ms });
    }
    const rerun = await timed(() => app.gql(RECOMPUTE, { i: { organizationId: chengdu!.id, year: YEAR } }));
    const best = { ours: Math.min(...runs.map((run) => run.ours)), hand: Math.min(...runs.map((run) => run.hand)) };
    console.log(
      `monthly scoring of ${YEAR}: ${JSON.stringify(ourFingerprint)} (hand-written: ${JSON.stringify(handFingerprint)})\n` +
        `  recomputeMonthlyScores over HTTP: ${runs.map((run) => run.ours.toFixed(0)).join(', ')} ms (best ${best.ours.toFixed(0)})\n` +
        `  hand-written INSERT … SELECT:      ${runs.map((run) => run.hand.toFixed(0)).join(', ')} ms (best ${best.hand.toFixed(0)})\n` +
        `  ratio ours / hand-written:         ${(best.ours / best.hand).toFixed(2)} (issue 11: ≤ 1.5)\n` +
        `  re-run with nothing to change:     ${rerun.ms.toFixed(0)} ms, ${JSON.stringify(rerun.result.data?.recomputeMonthlyScores)}`,
    );
    expect(ourFingerprint).toEqual(handFingerprint);
  } finally {
    await app.close();
  }
});
