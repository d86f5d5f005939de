import { startTestApp, type TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';

/** Names sort in pinyin order (migration 20261130100000: ICU collation zh-Hans-u-co-pinyin), not by code point. */

let app: TestApp;

function ok(response: { data?: unknown; errors?: unknown[] }): any {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

const NAMES = ['周婷', '阿明', '张敏', '白雪', '陈刚', '李强', '王芳', '安然'];
const PINYIN = ['阿明', '安然', '白雪', '陈刚', '李强', '王芳', '张敏', '周婷'];

beforeAll(async () => {
  app = await startTestApp('empty');
  const organizations = NAMES.map((name, i) => ({ code: `PY-${i}`, name: `${name}社区党支部`, kind: 'BRANCH', level: 'COMMUNITY', regionCode: '510104' }));
  const created = ok(await app.gql('mutation($input: CreateManyOrganizationsInput!) { createManyOrganizations(input: $input) { id } }', { input: { organizations } }));
  const members = NAMES.map((name, i) => ({
    name,
    idNumber: nationalId('510104', '19900101', String(200 + i)),
    partyStanding: 'FULL',
    joinedOn: '2015-07-01',
    formalOrganizationId: created.createManyOrganizations[0].id,
    mobilityType: 'EMPLOYMENT',
    outflowDate: '2024-01-01',
    destinationRegionCode: '510104',
  }));
  ok(await app.gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id } }', { input: { members } }));
});
afterAll(() => app.close());

it('sorts members by name in pinyin order, both ways', async () => {
  const sorted = async (direction: string) =>
    ok(await app.gql(`{ members(sorting: [{ field: name, direction: ${direction} }]) { nodes { name } } }`)).members.nodes.map((n: { name: string }) => n.name);
  expect(await sorted('ASC')).toEqual(PINYIN);
  expect(await sorted('DESC')).toEqual([...PINYIN].reverse());
});

it('sorts organisations by name in pinyin order', async () => {
  const data = ok(await app.gql('{ organizations(sorting: [{ field: name, direction: ASC }]) { nodes { name } } }'));
  expect(data.organizations.nodes.map((n: { name: string }) => n.name)).toEqual(PINYIN.map((name) => `${name}社区党支部`));
});

it('still finds names by exact value and pattern', async () => {
  const data = ok(await app.gql('{ exact: members(filter: { name: { eq: "张敏" } }) { totalCount } pattern: members(filter: { name: { like: "%明" } }) { nodes { name } } }'));
  expect(data).toEqual({ exact: { totalCount: 1 }, pattern: { nodes: [{ name: '阿明' }] } });
});
