import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('demo');
});
afterAll(() => app.close());

const PAGE = /* GraphQL */ `
  query Page($limit: Int!) {
    members(paging: { limit: $limit }, sorting: [{ field: id, direction: ASC }]) {
      totalCount
      nodes {
        id
        name
        formalOrganization { id name }
        inflowOrganization { id name }
        destinationRegion { code name }
      }
    }
  }
`;

/** Data statements the database saw for one request, auth included (transaction control and the viewer setting are not data). */
async function statementsFor(limit: number): Promise<{ count: number; nodes: number }> {
  app.queries.length = 0;
  const response = await app.gql(PAGE, { limit });
  expect(response.errors).toBeUndefined();
  return { count: app.dataStatements().length, nodes: response.data!.members.nodes.length };
}

describe('a page of members with its relations', () => {
  it('costs the same small number of statements for 10 rows as for 200 (no N+1)', async () => {
    await statementsFor(10); // the session is looked up once, then comes from the process's cache
    const small = await statementsFor(10);
    const large = await statementsFor(200);
    expect(small.nodes).toBe(10);
    expect(large.nodes).toBe(200);
    expect(app.queries.filter((sql) => /auth_session/.test(sql))).toEqual([]);
    // page, count, organisations (formal and inflow in one batch), regions
    expect(large.count).toBe(small.count);
    expect(large.count).toBeGreaterThanOrEqual(3);
    expect(large.count).toBeLessThanOrEqual(4);
  });

  it('still batches when relations are resolved through aliases and nested lists', async () => {
    app.queries.length = 0;
    const response = await app.gql(`{
      a: members(paging: { limit: 100 }) { nodes { formalOrganization { parent { name } } } }
      b: organizations(paging: { limit: 100 }) { nodes { memberCount children { id } } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(app.dataStatements().length).toBeGreaterThanOrEqual(5);
    expect(app.dataStatements().length).toBeLessThanOrEqual(8);
  });
});
