import { buildWorld, inDays, issueToken, ok, REVOKE_TOKEN, VIEWERS, type World } from '../access/fixtures';
import { startTestApp, type TestApp } from '../support/app';

/**
 * A query Apollo Server answered cleanly is answered again without its pipeline
 * (api/http/known-queries.ts). That path must answer exactly what Apollo Server answers: every
 * credential, queries that succeed and queries that fail, both content types. Apollo Server's
 * answer is had by sending the same query with a comment no request sent before (a text it does
 * not know); the known path's by sending the query itself again.
 */

let app: TestApp;
let world: World;

beforeAll(async () => {
  app = await startTestApp('empty', { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000' });
  world = await buildWorld(app);
}, 120_000);
afterAll(() => app?.close());

interface RawAnswer {
  status: number;
  contentType: string | null;
  etag: string | null;
  body: string;
}

let sent = 0;
async function send(credential: string | null, query: string, variables?: Record<string, unknown>, accept?: string): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (credential !== null) headers.authorization = `Bearer ${credential}`;
  if (accept) headers.accept = accept;
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, contentType: response.headers.get('content-type'), etag: response.headers.get('etag'), body: await response.text() };
}

/** Apollo Server's own answer: the query under a text no request sent before. */
const throughApollo = (credential: string | null, query: string, variables?: Record<string, unknown>, accept?: string) =>
  send(credential, `${query}\n# control ${++sent}`, variables, accept);

const clean = (answer: RawAnswer) => answer.status === 200 && !JSON.parse(answer.body).errors;

const QUERIES: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'a members page with its organisations (W1)',
    query: '{ members(paging: { limit: 20 }, sorting: [{ field: name, direction: ASC }]) { totalCount nodes { id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name } } } }',
  },
  {
    name: 'members with their latest activities (W2)',
    query: 'query($limit: Int!) { members(paging: { limit: $limit }) { nodes { id name activities(paging: { limit: 3 }) { nodes { id occurredOn title } } } } }',
    variables: { limit: 10 },
  },
  {
    name: 'one member by id (W3)',
    query: 'query($id: ID!) { member(id: $id) { id name formalOrganization { name parent { name } } } }',
    variables: { id: '1' },
  },
  { name: 'organisations with their parents (W4)', query: '{ organizations(paging: { limit: 50 }) { totalCount nodes { id name parent { name } } } }' },
  {
    name: 'aliases, a fragment, __typename and @include',
    query: `query($with: Boolean!) { first: members(paging: { limit: 2 }) { nodes { ...M } } second: members(paging: { limit: 2, offset: 2 }) { nodes { __typename id } }
      agreements(paging: { limit: 5 }) @include(if: $with) { nodes { id inForce } } }
      fragment M on Member { id name __typename }`,
    variables: { with: true },
  },
  { name: 'a filter some viewers may not use', query: '{ organizations(paging: { limit: 5 }) { nodes { id members(filter: { birthDate: { gte: "1900-01-01" } }) { totalCount } } } }' },
  { name: 'returns', query: '{ annualFeedbacks(paging: { limit: 10 }) { totalCount nodes { id year member { id name } } } }' },
  { name: 'who am I', query: '{ me { __typename } }' },
];

describe.each(['application/json', 'application/graphql-response+json'])('accepting %s', (accept) => {
  it.each(QUERIES.map((query) => [query.name, query] as const))('%s: every credential gets what Apollo Server answers', async (_name, { query, variables }) => {
    for (const viewer of VIEWERS) {
      const credential = world.credentials[viewer] ?? null;
      const apollo = await throughApollo(credential, query, variables, accept);
      // The first may be Apollo Server's too, when no one has had a clean answer yet; the second is known if any was.
      const served = app.server.knownQueries.served;
      const first = await send(credential, query, variables, accept);
      const second = await send(credential, query, variables, accept);
      expect({ viewer, ...first }).toEqual({ viewer, ...apollo });
      expect({ viewer, ...second }).toEqual({ viewer, ...apollo });
      const answeredHere = app.server.knownQueries.served - served;
      if (clean(apollo)) expect({ viewer, answeredHere: answeredHere >= 1 }).toEqual({ viewer, answeredHere: true });
      else expect({ viewer, answeredHere }).toEqual({ viewer, answeredHere: 0 });
    }
  });
});

it('a token revoked after its query became known is refused on the next request', async () => {
  const { token, id } = await issueToken(app, { name: 'known then revoked', agreementId: world.agreements.A, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) });
  const query = '{ members(paging: { limit: 3 }) { nodes { id name } } }';
  expect(clean(await send(token, query))).toBe(true);
  expect(clean(await send(token, query))).toBe(true);
  ok(await app.gql(REVOKE_TOKEN, { id }));
  const refused = await send(token, query);
  expect(refused.status).toBe(401);
  expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
});

it('variables that do not fit a known query are refused as Apollo Server refuses them', async () => {
  const query = 'query($id: ID!) { member(id: $id) { id name } }';
  await send(world.credentials.superAdmin, query, { id: '1' });
  const served = app.server.knownQueries.served;
  for (const variables of [{}, { id: { not: 'an id' } }, { id: null }, { id: 'x'.repeat(100_000) }]) {
    const answer = await send(world.credentials.superAdmin, query, variables);
    expect(answer.status).toBe(400);
    expect(answer).toEqual(await throughApollo(world.credentials.superAdmin, query, variables));
  }
  expect(app.server.knownQueries.served).toBe(served);
  // A variable the operation does not declare is ignored, by both.
  expect(await send(world.credentials.superAdmin, query, { id: '1', extra: 1 })).toEqual(await throughApollo(world.credentials.superAdmin, query, { id: '1', extra: 1 }));
  expect(app.server.knownQueries.served).toBe(served + 1);
});

it('a statistics query keeps its ETag: it is always Apollo Server\'s', async () => {
  const query = '{ memberStatistics { total } }';
  const served = app.server.knownQueries.served;
  const first = await send(world.credentials.superAdmin, query);
  const second = await send(world.credentials.superAdmin, query);
  expect(first.etag).toBeTruthy();
  expect(second.etag).toBe(first.etag);
  expect(app.server.knownQueries.served).toBe(served);
});

it('a partner\'s personal reads are written to the audit trail on the known path as on Apollo Server\'s', async () => {
  const query = '{ members(paging: { limit: 4 }) { nodes { id name } } }';
  const reads = async () => (await app.sql<{ n: string }>("select count(*) as n from audit_event where action = 'read' and entity = 'Member'"))[0]!.n;
  await send(world.credentials.partnerA, query);
  const before = Number(await reads());
  const served = app.server.knownQueries.served;
  await send(world.credentials.partnerA, query);
  await send(world.credentials.partnerA, query);
  expect(app.server.knownQueries.served).toBe(served + 2);
  expect(Number(await reads())).toBe(before + 2);
});
