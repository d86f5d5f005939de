import { createHash } from 'node:crypto';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';

/**
 * Dashboards polling statistics: an ETag from the rollups' version in the caller's reach, 304 while
 * nothing in that reach changed, a new ETag once it did; one caller's ETag never validates another's
 * answer; and automatic persisted queries for the dashboard's fixed documents.
 */

let app: TestApp;
let platform: string;
let jinjiang: string;

const QUERY = `query($year: Int!) { activityStatistics(year: $year) { asOf year months { month membersUnderCare } } memberStatistics { asOf total } }`;

beforeAll(async () => {
  app = await startTestApp('demo', { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000' });
  const issued = await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
    input: { name: 'dashboard', scopes: ['STATS_READ'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  platform = issued.data!.issueApiToken.token;
  jinjiang = await app.adminSession({ username: 'cache-jinjiang', password: 'cache-jinjiang-password', role: AdminRole.REGION_ADMIN, regionCode: '510104' });
}, 120_000);
afterAll(() => app?.close());

async function post(credential: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), cacheControl: response.headers.get('cache-control'), body: text ? JSON.parse(text) : null };
}

/** A record for a member in Jinjiang's reach (lives there), as the owner: the triggers fire whoever writes. */
async function recordInJinjiang(): Promise<void> {
  await app.sql(`insert into activity_record (member_id, organization_id, occurred_on, kind, title, hours)
    select m.id, m.formal_organization_id, date '2026-03-10', 'VOLUNTEER_SERVICE', 'cache test', 2
      from member m where m.destination_region_code = '510104' and m.status not in ('RETURNED', 'TRANSFERRED') order by m.id limit 1`);
}

it('answers 304 while the figures in the caller’s reach are unchanged, and a new ETag once they change', async () => {
  const first = await post(platform, { query: QUERY, variables: { year: 2026 } });
  expect(first.status).toBe(200);
  expect(first.body.errors).toBeUndefined();
  expect(first.etag).toMatch(/^W\/"/);
  expect(first.cacheControl).toBe('private, no-cache');

  const again = await post(platform, { query: QUERY, variables: { year: 2026 } }, { 'if-none-match': first.etag! });
  expect(again.status).toBe(304);
  expect(again.etag).toBe(first.etag);

  // Other variables, another answer: the ETag does not carry over.
  const otherYear = await post(platform, { query: QUERY, variables: { year: 2025 } }, { 'if-none-match': first.etag! });
  expect(otherYear.status).toBe(200);
  expect(otherYear.etag).not.toBe(first.etag);

  await recordInJinjiang();
  const changed = await post(platform, { query: QUERY, variables: { year: 2026 } }, { 'if-none-match': first.etag! });
  expect(changed.status).toBe(200);
  expect(changed.etag).not.toBe(first.etag);
});

it('never validates one caller’s answer with another’s ETag, and leaves queries other than statistics alone', async () => {
  const mine = await post(platform, { query: QUERY, variables: { year: 2026 } });
  const theirs = await post(jinjiang, { query: QUERY, variables: { year: 2026 } }, { 'if-none-match': mine.etag! });
  expect(theirs.status).toBe(200);
  expect(theirs.etag).not.toBe(mine.etag);

  // (Express's own content ETag may be there; it never turns a POST into a 304.)
  const notStatistics = await post(app.adminToken, { query: '{ me { id } memberStatistics { total } }' });
  expect(notStatistics.status).toBe(200);
  expect(notStatistics.cacheControl).not.toBe('private, no-cache');
  const repeated = await post(app.adminToken, { query: '{ me { id } memberStatistics { total } }' }, { 'if-none-match': notStatistics.etag ?? '*' });
  expect(repeated.status).toBe(200);
  expect(repeated.body.data.me).toBeTruthy();

  // `__typename` alone is a probe, not statistics; beside them it changes nothing.
  const probe = await post(platform, { query: '{ __typename }' });
  expect(probe.status).toBe(200);
  expect(probe.cacheControl).not.toBe('private, no-cache');
  const withTypename = await post(platform, { query: '{ __typename memberStatistics { total } }' });
  expect(withTypename.etag).toMatch(/^W\/"/);
  expect((await post(platform, { query: '{ __typename memberStatistics { total } }' }, { 'if-none-match': withTypename.etag! })).status).toBe(304);
});

it('keeps a region admin’s ETag while writes happen outside its reach', async () => {
  const before = await post(jinjiang, { query: QUERY, variables: { year: 2026 } });
  // A member far from Jinjiang (Chongqing formal organisation, lives in Chongqing, no inflow organisation in 510104).
  await app.sql(`insert into activity_record (member_id, organization_id, occurred_on, kind, title, hours)
    select m.id, m.formal_organization_id, date '2026-03-10', 'STUDY', 'cache test', 1
      from member m where not in_region('510104', m.formal_region_code, m.destination_region_code, m.inflow_region_code) order by m.id limit 1`);
  const after = await post(jinjiang, { query: QUERY, variables: { year: 2026 } }, { 'if-none-match': before.etag! });
  expect(after.status).toBe(304);
  await recordInJinjiang();
  expect((await post(jinjiang, { query: QUERY, variables: { year: 2026 } }, { 'if-none-match': before.etag! })).status).toBe(200);
});

it('accepts the dashboard’s fixed documents as automatic persisted queries', async () => {
  const sha256Hash = createHash('sha256').update(QUERY).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };
  const unknown = await post(platform, { extensions, variables: { year: 2026 } });
  expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  const registered = await post(platform, { query: QUERY, extensions, variables: { year: 2026 } });
  expect(registered.body.errors).toBeUndefined();
  const byHash = await post(platform, { extensions, variables: { year: 2026 } });
  expect(byHash.status).toBe(200);
  expect(byHash.body.data.memberStatistics.total).toBe(registered.body.data.memberStatistics.total);
  expect(byHash.etag).toBe(registered.etag);
});
