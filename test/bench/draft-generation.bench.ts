/**
 * Draft generation (generateAnnualFeedbackDrafts over HTTP, scope and all) against the same
 * INSERT … SELECT written by hand in SQL, on the demo data and on 100,000 covered members.
 * Prints times and ratios; asserts nothing about speed.
 */
import { startTestApp, type TestApp } from '../support/app';

const YEAR = 2026;
const AGREEMENT = '1';
const GENERATE = 'mutation($i: GenerateAnnualFeedbackDraftsInput!) { generateAnnualFeedbackDrafts(input: $i) { created refreshed untouched } }';

const HAND_WRITTEN = `
  insert into annual_feedback (member_id, year, agreement_id, recipient, from_organization_id, to_organization_id,
    org_life_attended, org_life_expected, months_under_care, volunteer_count, volunteer_hours, study_count, pioneer_count, points, due_on, status, version, source)
  select m.id, ${YEAR}, a.id, 'PARTNER', m.inflow_organization_id, m.formal_organization_id,
         coalesce(t.org_life, 0), (a.expected_org_life_sessions * c.months + 11) / 12, c.months, coalesce(t.volunteer_count, 0), coalesce(t.volunteer_hours, 0),
         coalesce(t.study_count, 0), coalesce(t.pioneer_count, 0), coalesce(t.points, 0), make_date(${YEAR + 1}, 1, 31), 'DRAFT', 1, 'generated'
    from agreement a
    join organization f on f.region_code like region_prefix(a.partner_region_code) || '%'
    join member m on m.formal_organization_id = f.id
    left join organization i on i.id = m.inflow_organization_id
    -- months of the year under care: from the outflow month to December, 0–12
    cross join lateral (select least(12, greatest(0, (${YEAR} - extract(year from m.outflow_date)::int) * 12
                                                     + 13 - extract(month from m.outflow_date)::int)) as months) c
    left join (
      select member_id,
             count(*) filter (where kind in ('THREE_MEETINGS_ONE_LESSON', 'THEME_PARTY_DAY', 'ORGANIZATIONAL_LIFE_MEETING')) as org_life,
             count(*) filter (where kind = 'VOLUNTEER_SERVICE') as volunteer_count,
             coalesce(sum(hours) filter (where kind = 'VOLUNTEER_SERVICE'), 0) as volunteer_hours,
             count(*) filter (where kind = 'STUDY') as study_count,
             count(*) filter (where kind = 'PIONEER_POST') as pioneer_count,
             coalesce(sum(points), 0) as points
        from activity_record
       where occurred_on >= make_date(${YEAR}, 1, 1) and occurred_on < make_date(${YEAR + 1}, 1, 1)
       group by member_id) t on t.member_id = m.id
   where a.id = ${AGREEMENT}
     and (m.destination_region_code like region_prefix(a.host_region_code) || '%' or i.region_code like region_prefix(a.host_region_code) || '%')
     and m.status not in ('LOST_CONTACT', 'TRANSFERRED')
  on conflict (member_id, year, agreement_id) do nothing`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

async function sql(app: TestApp, statement: string): Promise<unknown> {
  return app.sql(statement);
}

async function measure(app: TestApp, label: string): Promise<void> {
  await sql(app, 'delete from annual_feedback');
  const ours = await timed(() => app.gql(GENERATE, { i: { agreementId: AGREEMENT, year: YEAR } }));
  if (ours.result.errors) throw new Error(JSON.stringify(ours.result.errors));
  const rerun = await timed(() => app.gql(GENERATE, { i: { agreementId: AGREEMENT, year: YEAR } }));
  await sql(app, 'delete from annual_feedback');
  const hand = await timed(() => sql(app, HAND_WRITTEN));
  const [{ count }] = (await sql(app, 'select count(*)::int as count from annual_feedback')) as { count: number }[];
  const created = ours.result.data!.generateAnnualFeedbackDrafts.created;
  console.log(
    `${label}: ${created} drafts (hand-written SQL wrote ${count})\n` +
      `  generateAnnualFeedbackDrafts over HTTP: ${ours.ms.toFixed(0)} ms; re-run with nothing to change: ${rerun.ms.toFixed(0)} ms\n` +
      `  hand-written INSERT … SELECT:           ${hand.ms.toFixed(0)} ms\n` +
      `  ratio ours / hand-written:               ${(ours.ms / hand.ms).toFixed(2)}`,
  );
}

/** 100,000 members covered by the active agreement, copied from the demo members by SQL, with a year of activity each. */
async function scaleUp(app: TestApp, total: number): Promise<void> {
  await sql(
    app,
    `insert into member (name, gender, birth_date, id_number_cipher, id_number_hash, id_number_masked, party_standing, joined_on,
                         formal_organization_id, mobility_type, outflow_date, destination_region_code, inflow_organization_id, status)
     select m.name, m.gender, m.birth_date, m.id_number_cipher, md5(m.id_number_hash || g) || md5(g::text), m.id_number_masked, m.party_standing,
            m.joined_on, m.formal_organization_id, m.mobility_type, m.outflow_date, m.destination_region_code, m.inflow_organization_id, 'MANAGED'
       from generate_series(1, ${total}) g
       join lateral (select * from member where formal_organization_id in (select id from organization where region_code like '50%')
                      and destination_region_code like '5101%' order by id offset (g % 100) limit 1) m on true`,
  );
  await sql(
    app,
    `insert into activity_record (member_id, organization_id, occurred_on, kind, title, hours, points, source)
     select m.id, coalesce(m.inflow_organization_id, m.formal_organization_id), make_date(${YEAR}, k.month, 10),
            (array['THEME_PARTY_DAY','THREE_MEETINGS_ONE_LESSON','VOLUNTEER_SERVICE','STUDY'])[1 + (m.id + k.month) % 4]::activity_kind,
            '基准测试活动', case when (m.id + k.month) % 4 = 2 then 2.5 else 0 end, 2, 'bench'
       from member m cross join generate_series(1, 10) as k(month)
      where m.id > (select max(id) - ${total} from member)`,
  );
  await sql(app, 'analyze');
}

it('measures draft generation against hand-written SQL', async () => {
  const app = await startTestApp('demo');
  try {
    await sql(app, 'analyze');
    await measure(app, 'demo data (2,000 members)');
    const scale = await timed(() => scaleUp(app, 98_000));
    console.log(`  (added 98,000 covered members and 980,000 activity records in ${(scale.ms / 1000).toFixed(1)} s)`);
    await measure(app, '100,000 members');
  } finally {
    await app.close();
  }
});
