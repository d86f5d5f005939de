import { startTestApp, type TestApp } from '../support/app';
import { PARTNER_MEMBERS, partnerToken, withoutRowSecurity } from './row-security';

/**
 * Row-level security alone: with the application-level scope off, a partner sees exactly what it
 * sees with both layers on — and everything once row-level security is lifted too, which proves
 * that the switch is real and the row-level-security-only suites (scope-matrix-rls,
 * escape-crawl-rls) mean something.
 */

let rlsOnly: TestApp;
beforeAll(async () => {
  rlsOnly = await startTestApp('demo', { GONGGUAN_APPLICATION_SCOPE: 'off' });
}, 60_000);
afterAll(() => rlsOnly?.close());

it('keeps a partner in its agreement on its own, and is all that does so here', async () => {
  const token = await partnerToken(rlsOnly);
  const [{ covered }] = await rlsOnly.sql<{ covered: number }>(
    `select count(*)::int as covered from member m
       join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
      where (f.region_code like '50%' and (m.destination_region_code like '5101%' or i.region_code like '5101%'))
         or (f.region_code like '5101%' and (m.destination_region_code like '50%' or i.region_code like '50%'))`,
  ) as [{ covered: number }];
  expect((await rlsOnly.gqlAs(token, PARTNER_MEMBERS)).data!.members.totalCount).toBe(covered);
  await withoutRowSecurity(rlsOnly, async () => expect((await rlsOnly.gqlAs(token, PARTNER_MEMBERS)).data!.members.totalCount).toBe(2000));
});
