import { statementCompilations } from '../../api/common/crud/statement-cache';
import { AdminRole } from '../../api/common/viewer';
import { inDays, issueToken, ok } from '../access/fixtures';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
/** Bearer credentials of viewers with different scopes: what a policy adds must not add statements. */
const viewers: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp('demo');
  viewers.superAdmin = app.adminToken;
  viewers.districtAdmin = await app.adminSession({ username: 'count-jinjiang', password: 'count-jinjiang-password', role: AdminRole.REGION_ADMIN, regionCode: '510104' });
  const agreements = ok(await app.gql('{ agreements(paging: { limit: 50 }) { nodes { id inForce } } }')).agreements.nodes;
  const agreement = agreements.find((candidate: { inForce: boolean }) => candidate.inForce);
  viewers.partner = (await issueToken(app, { name: 'count partner', agreementId: agreement.id, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) })).token;
});
afterAll(() => app.close());

/** The issue's workloads (W1–W4), with the page size as a variable. */
const WORKLOADS: Record<string, { query: string; rows: (data: any) => number }> = {
  W1: {
    query: `query($limit: Int!) { members(paging: { limit: $limit }, sorting: [{ field: name, direction: ASC }]) {
      totalCount nodes { id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name } } } }`,
    rows: (data) => data.members.nodes.length,
  },
  W2: {
    query: `query($limit: Int!) { members(paging: { limit: $limit }, sorting: [{ field: name, direction: ASC }]) {
      totalCount nodes { id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name }
        activities(paging: { limit: 3 }) { nodes { id occurredOn title } } } } }`,
    rows: (data) => data.members.nodes.length,
  },
  W3: {
    query: `query($id: ID!) { member(id: $id) { id name formalOrganization { name parent { name } } } }`,
    rows: (data) => (data.member ? 1 : 0),
  },
  W4: {
    query: `query($limit: Int!) { organizations(paging: { limit: $limit }) { totalCount nodes { id name parent { name } } } }`,
    rows: (data) => data.organizations.nodes.length,
  },
};

/** The audit of a partner's personal reads, and a token's last use (stamped at most once a minute): writes that go with a read. */
const READ_SIDE_WRITES = /^(insert into audit_event|select auth_token_used)/;

/**
 * Data statements the database saw for one request, its credential's look-up when not cached (transaction
 * control and the viewer setting are not data), apart from the writes that go with a read, of
 * which there is at most one audit insert whatever the page size.
 */
async function statementsFor(viewer: string, workload: string, variables: Record<string, unknown>): Promise<{ count: number; rows: number }> {
  app.queries.length = 0;
  const data = ok(await app.gqlAs(viewers[viewer]!, WORKLOADS[workload]!.query, variables));
  const statements = app.dataStatements();
  expect(statements.filter((sql) => sql.startsWith('insert into audit_event')).length).toBeLessThanOrEqual(1);
  return { count: statements.filter((sql) => !READ_SIDE_WRITES.test(sql)).length, rows: WORKLOADS[workload]!.rows(data) };
}

async function aMemberOf(viewer: string): Promise<string> {
  return ok(await app.gqlAs(viewers[viewer]!, '{ members(paging: { limit: 1 }) { nodes { id } } }')).members.nodes[0].id;
}

describe.each(['superAdmin', 'districtAdmin', 'partner'])('as %s, the statements of a request do not grow with the page', (viewer) => {
  it.each(['W1', 'W2', 'W4'])('%s: the same number for 10 rows as for 200, and at most 3', async (workload) => {
    if (workload === 'W4' && viewer === 'partner') return; // organisations are not in a members:read token's scope
    await statementsFor(viewer, workload, { limit: 1 }); // the credential, looked up once and then cached
    const small = await statementsFor(viewer, workload, { limit: 10 });
    const large = await statementsFor(viewer, workload, { limit: 200 });
    expect(large.rows).toBeGreaterThan(small.rows);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(3);
  });

  it('W3: one member with its organisation and that one\'s parent in at most 2', async () => {
    const { count, rows } = await statementsFor(viewer, 'W3', { id: await aMemberOf(viewer) });
    expect(rows).toBe(1);
    expect(count).toBeLessThanOrEqual(2);
  });

  it('W3: looking up other members reuses the compiled statement, and finds each one', async () => {
    const ids: string[] = ok(await app.gqlAs(viewers[viewer]!, '{ members(paging: { limit: 30 }) { nodes { id } } }')).members.nodes.map((node: { id: string }) => node.id);
    const names = new Map((await app.sql('select id, name from member where id in (?)', [ids])).map((row: any) => [String(row.id), row.name]));
    await statementsFor(viewer, 'W3', { id: ids[0] });
    const compiled = statementCompilations();
    for (const id of ids) {
      const data = ok(await app.gqlAs(viewers[viewer]!, WORKLOADS.W3!.query, { id }));
      expect(data.member.name).toBe(names.get(id));
    }
    expect(statementCompilations()).toBe(compiled);
  });
});

describe('nested lists and aliases', () => {
  it('costs one statement per list level, however many parents', async () => {
    ok(await app.gql('{ me { id } }')); // the session, looked up once and then cached
    app.queries.length = 0;
    const data = ok(await app.gql(`{
      a: members(paging: { limit: 100 }) { nodes { formalOrganization { parent { name } } } }
      b: organizations(paging: { limit: 100 }) { nodes { members(paging: { limit: 2 }) { totalCount nodes { id status } } } }
      c: organization(id: 2) { members(paging: { limit: 20 }) { nodes { activities(paging: { limit: 2 }) { nodes { id } } } } }
    }`));
    expect(data.b.nodes.filter((organization: any) => organization.members.nodes.length > 0).length).toBeGreaterThan(5);
    // a; b, its members under every organisation; c, its members, their activities (the credential is cached)
    expect(app.dataStatements().length).toBe(5);
  });
});
