/**
 * The members list as the console asks for it — a page of 200 with formal organisation, inflow
 * organisation and destination region, a filter, a sort and the total — over HTTP as a region
 * admin (scope, validation, loaders, masking, JSON), against one hand-written SQL query that
 * returns the same rows and names. Prints times and ratios; asserts nothing about speed.
 */
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';

const ROUNDS = 30;
const QUERY = `query($filter: MemberFilter) {
  members(filter: $filter, paging: { limit: 200 }, sorting: [{ field: name, direction: ASC }]) {
    totalCount
    nodes { id name idNumber status transferDue formalOrganization { name } inflowOrganization { name } destinationRegion { name } }
  }
}`;
const FILTER = { status: { in: ['REGISTERED', 'REPORTED', 'MANAGED'] } };

/** The same page in one statement: the region admin's scope (members whose formal or inflow organisation or destination lies in 5101…). */
const HAND_WRITTEN = `
  with page as (
    select m.id, m.name, m.id_number_masked, m.status, m.outflow_date, m.formal_organization_id, m.inflow_organization_id, m.destination_region_code
      from member m
      join organization f on f.id = m.formal_organization_id
      left join organization i on i.id = m.inflow_organization_id
     where m.status in ('REGISTERED', 'REPORTED', 'MANAGED')
       and (f.region_code like '5101%' or i.region_code like '5101%' or m.destination_region_code like '5101%'))
  select p.*, f.name as formal_name, i.name as inflow_name, r.name as region_name, (select count(*) from page) as total
    from page p
    join organization f on f.id = p.formal_organization_id
    left join organization i on i.id = p.inflow_organization_id
    left join region r on r.code = p.destination_region_code
   order by p.name asc
   limit 200`;

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

it('measures a page of 200 members against hand-written SQL', async () => {
  const app: TestApp = await startTestApp('demo', { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000' });
  try {
    const token = await app.adminSession({ username: 'bench-chengdu', password: 'bench-chengdu-password', role: AdminRole.REGION_ADMIN, regionCode: '510100' });
    const first = await app.gqlAs(token, QUERY, { filter: FILTER });
    if (first.errors) throw new Error(JSON.stringify(first.errors));
    const rows = (await app.sql(HAND_WRITTEN)) as { total: string }[];
    app.queries.length = 0;
    await app.gqlAs(token, QUERY, { filter: FILTER });
    const statements = app.dataStatements().length;

    const ours = await median(() => app.gqlAs(token, QUERY, { filter: FILTER }));
    // The fixed cost of a request: HTTP, session look-up, parsing, validation, limits.
    const floor = await median(() => app.gqlAs(token, '{ me { id } }'));
    const flat = await median(() => app.gqlAs(token, QUERY.replace(/ formalOrganization \{ name \} inflowOrganization \{ name \} destinationRegion \{ name \}/, ''), { filter: FILTER }));
    const hand = await median(() => app.sql(HAND_WRITTEN));
    console.log(
      `members page of ${first.data!.members.nodes.length} of ${first.data!.members.totalCount} (hand-written: ${rows.length} of ${rows[0]?.total}), median of ${ROUNDS}:\n` +
        `  members(…) over HTTP as a region admin, ${statements} statements: ${ours.toFixed(1)} ms\n` +
        `  of which a request's fixed cost ({ me { id } }):   ${floor.toFixed(1)} ms; without the three relations: ${flat.toFixed(1)} ms\n` +
        `  hand-written SQL, one statement:                    ${hand.toFixed(1)} ms\n` +
        `  ratio ours / hand-written:                          ${(ours / hand).toFixed(2)}`,
    );
  } finally {
    await app.close();
  }
});
