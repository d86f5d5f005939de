import { onlyError, startTestApp, type TestApp } from '../support/app';
import { createSmallTree, memberInput, nationalId, type SmallTree } from '../support/fixtures';

/**
 * Offset paging bounds, pageInfo, totalCount and multi-field sorting, over 45 members with fixed
 * attributes: 党员01 … 党员45, statuses in a cycle, every third member without a last contact date.
 */

let app: TestApp;
let tree: SmallTree;

const STATUSES = ['MANAGED', 'REPORTED', 'REGISTERED', 'LOST_CONTACT', 'RETURNED'];
/** Declaration order of the PostgreSQL enum, which is the order `status` sorts in (the ledger's lifecycle). */
const STATUS_ORDER = ['REGISTERED', 'REPORTED', 'MANAGED', 'LOST_CONTACT', 'RETURNED', 'TRANSFERRED'];

interface Row {
  id: string;
  name: string;
  status: string;
  lastContactOn: string | null;
}

const COUNT = 45;
const DATA = Array.from({ length: COUNT }, (_, i) => {
  const n = i + 1;
  return {
    name: `党员${String(n).padStart(2, '0')}`,
    status: STATUSES[i % STATUSES.length]!,
    // Every third member has never been contacted; the others on one of 9 days, so dates repeat.
    lastContactOn: n % 3 === 0 ? null : `2026-0${(n % 9) + 1}-15`,
  };
});
let rows: Row[] = [];

const LIST = /* GraphQL */ `
  query($filter: MemberFilter, $paging: OffsetPaging, $sorting: [MemberSort!]) {
    members(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage }
      nodes { id name status lastContactOn }
    }
  }
`;

/** The data of a response that must succeed; its errors otherwise, in the failure message. */
function ok(response: { data?: unknown; errors?: unknown[] }): any {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

async function list(variables: Record<string, unknown>) {
  return ok(await app.gql(LIST, variables)).members as { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean }; nodes: Row[] };
}

const names = (nodes: { name: string }[]) => nodes.map((node) => node.name);

beforeAll(async () => {
  app = await startTestApp('empty');
  tree = await createSmallTree(app);
  const members = DATA.map((row, i) => memberInput(tree, { ...row, idNumber: nationalId('510603', '19900101', String(100 + i)) }));
  rows = ok(await app.gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id name status lastContactOn } }', { input: { members } }))
    .createManyMembers;
});
afterAll(() => app.close());

describe('paging bounds', () => {
  it('gives 20 rows when no paging is sent, with the total and pageInfo', async () => {
    const page = await list({});
    expect(names(page.nodes)).toEqual(DATA.slice(0, 20).map((row) => row.name));
    expect(page.totalCount).toBe(COUNT);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
  });

  it('gives 20 rows when paging is sent without a limit', async () => {
    const page = await list({ paging: { offset: 40 } });
    expect(names(page.nodes)).toEqual(DATA.slice(40).map((row) => row.name));
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
  });

  it('allows a limit of 500', async () => {
    const page = await list({ paging: { limit: 500 } });
    expect(page.nodes).toHaveLength(COUNT);
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false });
  });

  it.each([501, 0, -1, 100000])('refuses a limit of %d, naming paging.limit', async (limit) => {
    const response = await app.gql(LIST, { paging: { limit } });
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'paging.limit', reason: 'OUT_OF_RANGE' });
    expect(response.data?.members ?? null).toBeNull();
  });

  it('refuses a negative offset, naming paging.offset', async () => {
    const response = await app.gql(LIST, { paging: { limit: 10, offset: -1 } });
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'paging.offset', reason: 'OUT_OF_RANGE' });
  });

  it('applies the same bounds to nested connections', async () => {
    const response = await app.gql('query($id: ID!) { organization(id: $id) { members(paging: {limit: 501}) { totalCount } } }', { id: tree.deyangBranch });
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'paging.limit', reason: 'OUT_OF_RANGE' });
    const nested = ok(await app.gql('query($id: ID!) { organization(id: $id) { members { totalCount nodes { id } pageInfo { hasNextPage } } } }', { id: tree.deyangBranch }));
    expect(nested.organization.members).toMatchObject({ totalCount: COUNT, pageInfo: { hasNextPage: true } });
    expect(nested.organization.members.nodes).toHaveLength(20);
  });
});

describe('pageInfo and totalCount', () => {
  it.each<[string, { limit: number; offset: number }, [number, number], { hasNextPage: boolean; hasPreviousPage: boolean }]>([
    ['the first page', { limit: 10, offset: 0 }, [0, 10], { hasNextPage: true, hasPreviousPage: false }],
    ['a middle page', { limit: 10, offset: 10 }, [10, 20], { hasNextPage: true, hasPreviousPage: true }],
    ['a page ending exactly on the last row', { limit: 20, offset: 25 }, [25, 45], { hasNextPage: false, hasPreviousPage: true }],
    ['a short last page', { limit: 20, offset: 40 }, [40, 45], { hasNextPage: false, hasPreviousPage: true }],
    ['one page holding everything exactly', { limit: 45, offset: 0 }, [0, 45], { hasNextPage: false, hasPreviousPage: false }],
    ['one row short of everything', { limit: 44, offset: 0 }, [0, 44], { hasNextPage: true, hasPreviousPage: false }],
    ['past the end', { limit: 10, offset: 45 }, [45, 45], { hasNextPage: false, hasPreviousPage: true }],
    ['far past the end', { limit: 10, offset: 1000 }, [45, 45], { hasNextPage: false, hasPreviousPage: true }],
  ])('%s', async (_case, paging, [from, to], pageInfo) => {
    const page = await list({ paging });
    expect(names(page.nodes)).toEqual(DATA.slice(from, to).map((row) => row.name));
    expect(page.pageInfo).toEqual(pageInfo);
    expect(page.totalCount).toBe(COUNT);
  });

  it('counts every row the filter selects, whatever the page', async () => {
    const filter = { status: { eq: 'MANAGED' } };
    const managed = DATA.filter((row) => row.status === 'MANAGED').map((row) => row.name);
    const first = await list({ filter, paging: { limit: 2 } });
    const last = await list({ filter, paging: { limit: 2, offset: 8 } });
    const beyond = await list({ filter, paging: { limit: 2, offset: 50 } });
    expect([first.totalCount, last.totalCount, beyond.totalCount]).toEqual([9, 9, 9]);
    expect(names(first.nodes)).toEqual(managed.slice(0, 2));
    expect(names(last.nodes)).toEqual(managed.slice(8));
    expect(beyond.nodes).toEqual([]);
  });
});

describe('sorting', () => {
  /** The expected order, computed from the fixed data: compare fields in turn, then the id. */
  function sorted(compare: (a: Row, b: Row) => number): string[] {
    return [...rows].sort((a, b) => compare(a, b) || Number(a.id) - Number(b.id)).map((row) => row.name);
  }
  const byStatus = (a: Row, b: Row) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status);
  const byName = (a: Row, b: Row) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const nullsFirst = (a: Row, b: Row) => Number(a.lastContactOn !== null) - Number(b.lastContactOn !== null);
  const byDate = (a: Row, b: Row) => (a.lastContactOn ?? '').localeCompare(b.lastContactOn ?? '');

  it('sorts by one field descending', async () => {
    const page = await list({ paging: { limit: 500 }, sorting: [{ field: 'name', direction: 'DESC' }] });
    expect(names(page.nodes)).toEqual(sorted((a, b) => -byName(a, b)));
  });

  it('sorts by status ASC (declared enum order), then name DESC', async () => {
    const page = await list({ paging: { limit: 500 }, sorting: [{ field: 'status', direction: 'ASC' }, { field: 'name', direction: 'DESC' }] });
    const expected = sorted((a, b) => byStatus(a, b) || -byName(a, b));
    expect(names(page.nodes)).toEqual(expected);
    expect(page.nodes.slice(0, 3)).toEqual([
      { id: expect.any(String), name: '党员43', status: 'REGISTERED', lastContactOn: '2026-08-15' },
      { id: expect.any(String), name: '党员38', status: 'REGISTERED', lastContactOn: '2026-03-15' },
      { id: expect.any(String), name: '党员33', status: 'REGISTERED', lastContactOn: null },
    ]);
  });

  it.each<[string, string, string | undefined, (a: Row, b: Row) => number]>([
    ['ASC puts nulls last by default', 'ASC', undefined, (a, b) => -nullsFirst(a, b) || byDate(a, b)],
    ['DESC puts nulls first by default', 'DESC', undefined, (a, b) => nullsFirst(a, b) || -byDate(a, b)],
    ['ASC NULLS_FIRST', 'ASC', 'NULLS_FIRST', (a, b) => nullsFirst(a, b) || byDate(a, b)],
    ['ASC NULLS_LAST', 'ASC', 'NULLS_LAST', (a, b) => -nullsFirst(a, b) || byDate(a, b)],
    ['DESC NULLS_FIRST', 'DESC', 'NULLS_FIRST', (a, b) => nullsFirst(a, b) || -byDate(a, b)],
    ['DESC NULLS_LAST', 'DESC', 'NULLS_LAST', (a, b) => -nullsFirst(a, b) || -byDate(a, b)],
  ])('a nullable field: %s', async (_case, direction, nulls, compare) => {
    const page = await list({ paging: { limit: 500 }, sorting: [{ field: 'lastContactOn', direction, ...(nulls ? { nulls } : {}) }] });
    expect(names(page.nodes)).toEqual(sorted(compare));
  });

  it('walks every page of a sort with many ties without overlap or gaps', async () => {
    const sorting = [{ field: 'lastContactOn', direction: 'DESC', nulls: 'NULLS_LAST' }, { field: 'status', direction: 'ASC' }];
    const all = names((await list({ paging: { limit: 500 }, sorting })).nodes);
    const walked: string[] = [];
    for (let offset = 0, hasNextPage = true; hasNextPage; offset += 7) {
      const page = await list({ paging: { limit: 7, offset }, sorting });
      walked.push(...names(page.nodes));
      hasNextPage = page.pageInfo.hasNextPage;
    }
    expect(walked).toEqual(all);
    expect(new Set(walked).size).toBe(COUNT);
  });

  it('sorts by id descending, and by a relation key with ties falling back to the id', async () => {
    const byId = await list({ paging: { limit: 3 }, sorting: [{ field: 'id', direction: 'DESC' }] });
    expect(names(byId.nodes)).toEqual(['党员45', '党员44', '党员43']);
    const byOrganization = await list({ paging: { limit: 3 }, sorting: [{ field: 'formalOrganizationId', direction: 'DESC' }] });
    expect(names(byOrganization.nodes)).toEqual(['党员01', '党员02', '党员03']);
  });

  it('refuses an unknown sort field before anything runs', async () => {
    const response = await app.gql(LIST, { sorting: [{ field: 'idNumber', direction: 'ASC' }] });
    expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('getMany by ids (Refine sends only `filter: {id: {in: [...]}}`)', () => {
  it('returns every one of 30 requested ids when no paging is sent', async () => {
    const ids = rows.slice(5, 35).map((row) => row.id);
    const page = await list({ filter: { id: { in: ids } } });
    expect(page.nodes.map((node) => node.id)).toEqual(ids);
    expect(page.totalCount).toBe(30);
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false });
  });

  it('takes up to 500 ids in one page, and refuses a longer list naming it (every `in` has that cap)', async () => {
    const ids = [...rows.map((row) => row.id), ...Array.from({ length: 500 - COUNT }, (_, i) => String(900_000 + i))];
    const page = await list({ filter: { id: { in: ids } } });
    expect(page.nodes).toHaveLength(COUNT);
    expect(page.totalCount).toBe(COUNT);
    const response = await app.gql('query($filter: MemberFilter) { members(filter: $filter) { totalCount } }', { filter: { id: { in: [...ids, '999999'] } } });
    expect(response.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'filter.id.in', reason: 'TOO_MANY' }]);
  });

  it('keeps the default of 20 for any other filter, and an explicit limit wins', async () => {
    const ids = rows.slice(0, 30).map((row) => row.id);
    expect((await list({ filter: { id: { in: ids }, name: { like: '党员%' } } })).nodes).toHaveLength(20);
    expect((await list({ filter: { or: [{ id: { in: ids } }] } })).nodes).toHaveLength(20);
    expect((await list({ filter: { id: { in: ids } }, paging: { limit: 5 } })).nodes).toHaveLength(5);
  });
});
