import { onlyError, startTestApp, type TestApp } from '../support/app';

/** GB/T 2260 reference data: read-only list, filter, look-up by code. */

let app: TestApp;

/** The data of a response that must succeed; its errors otherwise, in the failure message. */
function ok(response: { data?: unknown; errors?: unknown[] }): any {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

const REGIONS: [string, string, string, string | null][] = [
  ['510000', '四川省', 'PROVINCE', null],
  ['510100', '成都市', 'CITY', '510000'],
  ['510104', '锦江区', 'COUNTY', '510100'],
  ['510107', '武侯区', 'COUNTY', '510100'],
  ['510600', '德阳市', 'CITY', '510000'],
  ['510603', '旌阳区', 'COUNTY', '510600'],
  ['500000', '重庆市', 'PROVINCE', null],
  ['500103', '渝中区', 'COUNTY', '500000'],
];

const LIST = 'query($filter: RegionFilter, $sorting: [RegionSort!], $paging: OffsetPaging) { regions(filter: $filter, sorting: $sorting, paging: $paging) { totalCount nodes { code } pageInfo { hasNextPage hasPreviousPage } } }';

async function codes(variables: Record<string, unknown>): Promise<string[]> {
  const data = ok(await app.gql(LIST, variables));
  return data.regions.nodes.map((node: { code: string }) => node.code);
}

beforeAll(async () => {
  app = await startTestApp('empty');
  const values = REGIONS.map(() => '(?, ?, ?, ?)').join(', ');
  await app.sql(`insert into region (code, name, level, parent_code) values ${values}`, REGIONS.flat());
});
afterAll(() => app.close());

describe('regions', () => {
  it('lists regions by code, with their parent', async () => {
    const data = ok(await app.gql('{ regions(paging: {limit: 3}) { totalCount nodes { code name level parentCode parent { code name } } pageInfo { hasNextPage hasPreviousPage } } }'));
    expect(data.regions).toEqual({
      totalCount: 8,
      nodes: [
        { code: '500000', name: '重庆市', level: 'PROVINCE', parentCode: null, parent: null },
        { code: '500103', name: '渝中区', level: 'COUNTY', parentCode: '500000', parent: { code: '500000', name: '重庆市' } },
        { code: '510000', name: '四川省', level: 'PROVINCE', parentCode: null, parent: null },
      ],
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
    });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['level eq', { level: { eq: 'CITY' } }, ['510100', '510600']],
    ['level in', { level: { in: ['PROVINCE', 'CITY'] } }, ['500000', '510000', '510100', '510600']],
    ['parentCode eq', { parentCode: { eq: '510100' } }, ['510104', '510107']],
    ['parentCode is null (top level)', { parentCode: { is: null } }, ['500000', '510000']],
    ['code like (inside Chengdu)', { code: { like: '5101%' } }, ['510100', '510104', '510107']],
    ['code in', { code: { in: ['510104', '500103', '110000'] } }, ['500103', '510104']],
    ['name like', { name: { like: '%区' } }, ['500103', '510104', '510107', '510603']],
    ['and / or', { or: [{ level: { eq: 'PROVINCE' } }, { and: [{ level: { eq: 'COUNTY' } }, { code: { gte: '510600' } }] }] }, ['500000', '510000', '510603']],
  ])('filters: %s', async (_case, filter, expected) => {
    expect(await codes({ filter })).toEqual(expected);
  });

  it('sorts by level (declared order) then code, both descending', async () => {
    expect(await codes({ sorting: [{ field: 'level', direction: 'DESC' }, { field: 'code', direction: 'DESC' }] })).toEqual([
      '510603',
      '510107',
      '510104',
      '500103',
      '510600',
      '510100',
      '510000',
      '500000',
    ]);
  });

  it('fetches many by code when no paging is sent (getMany)', async () => {
    const all = REGIONS.map(([code]) => code).sort();
    expect(await codes({ filter: { code: { in: all } }, paging: null })).toEqual(all);
  });

  describe('id: the code, for generic clients such as the stock Refine provider', () => {
    const BY_ID = 'query($filter: RegionFilter, $sorting: [RegionSort!], $paging: OffsetPaging) { regions(filter: $filter, sorting: $sorting, paging: $paging) { nodes { id code } } }';

    it('getOne: region(id) answers with id = code', async () => {
      expect(ok(await app.gql('{ region(id: "510104") { id code name } }')).region).toEqual({ id: '510104', code: '510104', name: '锦江区' });
    });

    it('getMany: filter id in, no paging, every key asked for', async () => {
      const all = REGIONS.map(([code]) => code).sort();
      const data = ok(await app.gql(BY_ID, { filter: { id: { in: all } } }));
      expect(data.regions.nodes).toEqual(all.map((code) => ({ id: code, code })));
    });

    it('getList: sorts and filters by id', async () => {
      const data = ok(await app.gql(BY_ID, { filter: { id: { gte: '510000' } }, sorting: [{ field: 'id', direction: 'DESC' }] }));
      expect(data.regions.nodes.map((node: { id: string }) => node.id)).toEqual(['510603', '510600', '510107', '510104', '510100', '510000']);
    });

    it('refuses a malformed id in a filter, naming the value', async () => {
      const response = await app.gql(BY_ID, { filter: { id: { in: ['510104', 'abc'] } } });
      expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.id.in.1', reason: 'REGION_CODE' });
    });
  });

  it('reads one region by code', async () => {
    const data = ok(await app.gql('{ region(id: "510104") { code name level parentCode parent { name parent { name } } } }'));
    expect(data.region).toEqual({ code: '510104', name: '锦江区', level: 'COUNTY', parentCode: '510100', parent: { name: '成都市', parent: { name: '四川省' } } });
  });

  it.each(['abc', '5101', '5101040', '000000', '990000'])('refuses the malformed code %s with BAD_USER_INPUT', async (code) => {
    const response = await app.gql('query($id: ID!) { region(id: $id) { code } }', { id: code });
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id', reason: 'REGION_CODE' });
  });

  it('answers a well-formed code that is not in the table with NOT_FOUND', async () => {
    const response = await app.gql('{ region(id: "110000") { code } }');
    expect(onlyError(response).extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(response.data).toEqual({ region: null });
  });

  it('is read-only: no mutations exist', async () => {
    const response = await app.gql('mutation { createOneRegion(input: {region: {code: "510105"}}) { code } }');
    expect(onlyError(response).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
