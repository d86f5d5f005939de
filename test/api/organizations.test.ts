import { onlyError, startTestApp, type TestApp } from '../support/app';
import { memberInput, nationalId, type SmallTree } from '../support/fixtures';

/** The organisation tree: CRUD, tree fields, moves, cycles, conflicts and member counts. */

let app: TestApp;

const ORGANIZATION_FIELDS = 'id code name kind level parentId ancestorIds depth regionCode hostRegionCode secretaryName contactName contactPhone';
const CREATE = `mutation($input: CreateOneOrganizationInput!) { createOneOrganization(input: $input) { ${ORGANIZATION_FIELDS} } }`;
const UPDATE = 'mutation($input: UpdateOneOrganizationInput!) { updateOneOrganization(input: $input) { id code parentId ancestorIds depth } }';
const DELETE = 'mutation($input: DeleteOneOrganizationInput!) { deleteOneOrganization(input: $input) { id code } }';
const TREE = '{ organizations(paging: {limit: 500}) { nodes { code parentId ancestorIds depth } } }';

/** The data of a response that must succeed; its errors otherwise, in the failure message. */
function ok(response: { data?: unknown; errors?: unknown[] }): any {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

async function create(organization: Record<string, unknown>): Promise<string> {
  return ok(await app.gql(CREATE, { input: { organization } })).createOneOrganization.id;
}

const branch = (code: string, name: string, parentId: string | null, regionCode = '510104') => ({
  code,
  name,
  kind: 'BRANCH',
  level: 'COMMUNITY',
  regionCode,
  parentId,
});

async function organizationCount(): Promise<number> {
  return ok(await app.gql('{ organizations { totalCount } }')).organizations.totalCount;
}

beforeAll(async () => {
  app = await startTestApp('empty');
});
afterAll(() => app.close());

describe('create, read, update, delete', () => {
  it('creates a root and a child, and reads them back whole', async () => {
    const root = ok(
      await app.gql(CREATE, {
        input: {
          organization: {
            code: ' CRUD-ROOT ',
            name: ' 中共青羊区委 ',
            kind: 'COMMITTEE',
            level: 'DISTRICT',
            regionCode: '510105',
            secretaryName: '刘书记',
            contactName: '王干事',
            contactPhone: '028-86001234',
          },
        },
      }),
    ).createOneOrganization;
    expect(root).toEqual({
      id: expect.any(String),
      code: 'CRUD-ROOT',
      name: '中共青羊区委',
      kind: 'COMMITTEE',
      level: 'DISTRICT',
      parentId: null,
      ancestorIds: [],
      depth: 0,
      regionCode: '510105',
      hostRegionCode: null,
      secretaryName: '刘书记',
      contactName: '王干事',
      contactPhone: '028-86001234',
    });
    const child = ok(await app.gql(CREATE, { input: { organization: branch('CRUD-CHILD', '草市街社区党支部', root.id, '510105') } })).createOneOrganization;
    expect(child).toMatchObject({ parentId: root.id, ancestorIds: [root.id], depth: 1 });

    const read = ok(await app.gql(`query($id: ID!) { organization(id: $id) { ${ORGANIZATION_FIELDS} createdAt updatedAt } }`, { id: root.id }));
    expect(read.organization).toEqual({ ...root, createdAt: expect.any(String), updatedAt: expect.any(String) });
  });

  it('updates only the fields sent and refuses null for a required one', async () => {
    const id = await create(branch('UPD-1', '旧名称党支部', null));
    const updated = ok(
      await app.gql('mutation($input: UpdateOneOrganizationInput!) { updateOneOrganization(input: $input) { code name kind secretaryName hostRegionCode } }', {
        input: { id, update: { name: '新名称党支部', secretaryName: '李书记', hostRegionCode: '110000' } },
      }),
    );
    expect(updated.updateOneOrganization).toEqual({ code: 'UPD-1', name: '新名称党支部', kind: 'BRANCH', secretaryName: '李书记', hostRegionCode: '110000' });
    const error = onlyError(await app.gql(UPDATE, { input: { id, update: { name: null } } }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.name', reason: 'REQUIRED' });
  });

  it('createMany writes all or nothing and names the item at fault', async () => {
    const before = await organizationCount();
    const many = 'mutation($input: CreateManyOrganizationsInput!) { createManyOrganizations(input: $input) { code depth } }';
    const error = onlyError(
      await app.gql(many, { input: { organizations: [branch('MANY-1', '一支部', null), { ...branch('MANY-2', '二支部', null), regionCode: '5101' }] } }),
    );
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'organizations.1.regionCode', reason: 'REGION_CODE' });
    expect(await organizationCount()).toBe(before);

    const created = ok(await app.gql(many, { input: { organizations: [branch('MANY-1', '一支部', null), branch('MANY-2', '二支部', null)] } }));
    expect(created.createManyOrganizations).toEqual([
      { code: 'MANY-1', depth: 0 },
      { code: 'MANY-2', depth: 0 },
    ]);
    expect(await organizationCount()).toBe(before + 2);
  });

  it('updateMany and deleteMany report counts; deleteOne returns the record, then NOT_FOUND', async () => {
    const ids = [await create(branch('BULK-1', '批量一支部', null)), await create(branch('BULK-2', '批量二支部', null))];
    const updated = await app.gql('mutation($input: UpdateManyOrganizationsInput!) { updateManyOrganizations(input: $input) { updatedCount } }', {
      input: { filter: { code: { like: 'BULK-%' } }, update: { contactPhone: '028-12345678' } },
    });
    expect(updated.data).toEqual({ updateManyOrganizations: { updatedCount: 2 } });
    const phones = ok(await app.gql('{ organizations(filter: {code: {like: "BULK-%"}}) { nodes { contactPhone } } }'));
    expect(phones.organizations.nodes).toEqual([{ contactPhone: '028-12345678' }, { contactPhone: '028-12345678' }]);

    expect((await app.gql(DELETE, { input: { id: ids[0] } })).data).toEqual({ deleteOneOrganization: { id: ids[0], code: 'BULK-1' } });
    const deleted = await app.gql('mutation($input: DeleteManyOrganizationsInput!) { deleteManyOrganizations(input: $input) { deletedCount } }', {
      input: { filter: { code: { like: 'BULK-%' } } },
    });
    expect(deleted.data).toEqual({ deleteManyOrganizations: { deletedCount: 1 } });
    expect(onlyError(await app.gql(DELETE, { input: { id: ids[0] } })).extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(onlyError(await app.gql('query($id: ID!) { organization(id: $id) { id } }', { id: ids[1] })).extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['region code', { regionCode: '5101' }, 'organization.regionCode', 'REGION_CODE'],
    ['host region code', { hostRegionCode: '000000' }, 'organization.hostRegionCode', 'REGION_CODE'],
    ['office phone', { contactPhone: '12345' }, 'organization.contactPhone', 'PHONE'],
    ['empty name', { name: '  ' }, 'organization.name', 'TEXT'],
    ['unknown parent', { parentId: '999999' }, 'organization.parentId', 'UNKNOWN_REFERENCE'],
    ['malformed parent id', { parentId: 'abc' }, 'organization.parentId', 'INVALID_ID'],
  ])('refuses a bad %s, naming the field', async (_case, overrides, field, reason) => {
    const error = onlyError(await app.gql(CREATE, { input: { organization: { ...branch('BAD-1', '支部', null), ...overrides } } }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason });
  });

  it('reads a malformed id as BAD_USER_INPUT and a missing one as NOT_FOUND', async () => {
    expect(onlyError(await app.gql('{ organization(id: "abc") { id } }')).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id', reason: 'INVALID_ID' });
    expect(onlyError(await app.gql('{ organization(id: "999999") { id } }')).extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers a duplicate code with CONFLICT naming organization.code, on create and on update', async () => {
    await create(branch('DUP-1', '重复一支部', null));
    const id = await create(branch('DUP-2', '重复二支部', null));
    const created = onlyError(await app.gql(CREATE, { input: { organization: branch('DUP-1', '另一个支部', null) } }));
    expect(created.extensions).toEqual({ code: 'CONFLICT', field: 'organization.code', reason: 'DUPLICATE' });
    expect(created.message).not.toMatch(/insert|constraint|organization_code/i);
    const updated = onlyError(await app.gql(UPDATE, { input: { id, update: { code: 'DUP-1' } } }));
    expect(updated.extensions).toEqual({ code: 'CONFLICT', field: 'update.code', reason: 'DUPLICATE' });
  });
});

describe('the tree', () => {
  /** 市委 → 区委 → 街道 → 社区, plus a sibling district and a second root. */
  let ids: Record<string, string>;

  beforeAll(async () => {
    ids = {};
    ids.T = await create({ code: 'T', name: '中共成都市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510100' });
    ids['T-A'] = await create({ code: 'T-A', name: '中共锦江区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510104', parentId: ids.T });
    ids['T-A-1'] = await create({ code: 'T-A-1', name: '春熙路街道党工委', kind: 'WORKING_COMMITTEE', level: 'TOWNSHIP', regionCode: '510104', parentId: ids['T-A'] });
    ids['T-A-1-x'] = await create(branch('T-A-1-x', '红星路社区党委', ids['T-A-1']!));
    ids['T-B'] = await create({ code: 'T-B', name: '中共武侯区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510107', parentId: ids.T });
    ids.U = await create({ code: 'U', name: '中共德阳市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510600' });
  });

  const treeOf = async () =>
    (ok(await app.gql(TREE)).organizations.nodes as { code: string; parentId: string | null; ancestorIds: string[]; depth: number }[]).filter(
      (node) => node.code === 'T' || node.code === 'U' || node.code.startsWith('T-'),
    );

  it('resolves parent, children, ancestors, depth and ancestorIds', async () => {
    const data = ok(
      await app.gql(
        `query($id: ID!) { organization(id: $id) {
           code depth ancestorIds
           parent { code }
           children { code }
           ancestors { code }
         } }`,
        { id: ids['T-A-1'] },
      ),
    );
    expect(data.organization).toEqual({
      code: 'T-A-1',
      depth: 2,
      ancestorIds: [ids.T, ids['T-A']],
      parent: { code: 'T-A' },
      children: [{ code: 'T-A-1-x' }],
      ancestors: [{ code: 'T' }, { code: 'T-A' }],
    });
    const root = ok(await app.gql('query($id: ID!) { organization(id: $id) { parent { code } ancestors { code } children { code } } }', { id: ids.T }));
    expect(root.organization).toEqual({ parent: null, ancestors: [], children: [{ code: 'T-A' }, { code: 'T-B' }] });
  });

  it('moves a node with its whole subtree, rewriting the descendants\' ancestorIds and depth', async () => {
    const moved = ok(await app.gql(UPDATE, { input: { id: ids['T-A'], update: { parentId: ids.U } } }));
    expect(moved.updateOneOrganization).toEqual({ id: ids['T-A'], code: 'T-A', parentId: ids.U, ancestorIds: [ids.U], depth: 1 });
    expect(await treeOf()).toEqual([
      { code: 'T', parentId: null, ancestorIds: [], depth: 0 },
      { code: 'T-A', parentId: ids.U, ancestorIds: [ids.U], depth: 1 },
      { code: 'T-A-1', parentId: ids['T-A'], ancestorIds: [ids.U, ids['T-A']], depth: 2 },
      { code: 'T-A-1-x', parentId: ids['T-A-1'], ancestorIds: [ids.U, ids['T-A'], ids['T-A-1']], depth: 3 },
      { code: 'T-B', parentId: ids.T, ancestorIds: [ids.T], depth: 1 },
      { code: 'U', parentId: null, ancestorIds: [], depth: 0 },
    ]);
    const subtree = ok(await app.gql('query($id: ID!) { organizations(filter: {subtreeOf: {eq: $id}}) { nodes { code } } }', { id: ids.U }));
    expect(subtree.organizations.nodes).toEqual([{ code: 'T-A' }, { code: 'T-A-1' }, { code: 'T-A-1-x' }, { code: 'U' }]);

    // A deeper node moved to the root: its subtree loses the prefix.
    ok(await app.gql(UPDATE, { input: { id: ids['T-A-1'], update: { parentId: null } } }));
    expect((await treeOf()).filter((node) => node.code.startsWith('T-A'))).toEqual([
      { code: 'T-A', parentId: ids.U, ancestorIds: [ids.U], depth: 1 },
      { code: 'T-A-1', parentId: null, ancestorIds: [], depth: 0 },
      { code: 'T-A-1-x', parentId: ids['T-A-1'], ancestorIds: [ids['T-A-1']], depth: 1 },
    ]);

    // And back where it was.
    ok(await app.gql(UPDATE, { input: { id: ids['T-A'], update: { parentId: ids.T } } }));
    ok(await app.gql(UPDATE, { input: { id: ids['T-A-1'], update: { parentId: ids['T-A'] } } }));
    expect((await treeOf()).find((node) => node.code === 'T-A-1-x')).toEqual({
      code: 'T-A-1-x',
      parentId: ids['T-A-1'],
      ancestorIds: [ids.T, ids['T-A'], ids['T-A-1']],
      depth: 3,
    });
  });

  it.each([
    ['its own descendant', 'T-A-1-x'],
    ['its child', 'T-A'],
    ['itself', 'T'],
  ])('refuses to move a node under %s (CYCLE) and changes nothing', async (_case, target) => {
    const before = await treeOf();
    const error = onlyError(await app.gql(UPDATE, { input: { id: ids.T, update: { parentId: ids[target] } } }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.parentId', reason: 'CYCLE' });
    expect(await treeOf()).toEqual(before);
  });

  it('refuses an unknown new parent', async () => {
    const error = onlyError(await app.gql(UPDATE, { input: { id: ids['T-B'], update: { parentId: '999999' } } }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.parentId', reason: 'UNKNOWN_REFERENCE' });
  });

  it('deleteMany removes a whole subtree at once', async () => {
    const parent = await create({ code: 'SUB-P', name: '临时党总支', kind: 'GENERAL_BRANCH', level: 'COMMUNITY', regionCode: '510104' });
    const child = await create(branch('SUB-C', '临时党支部', parent));
    await create(branch('SUB-G', '临时党小组', child));
    const deleted = await app.gql('mutation($input: DeleteManyOrganizationsInput!) { deleteManyOrganizations(input: $input) { deletedCount } }', {
      input: { filter: { subtreeOf: { eq: parent } } },
    });
    expect(deleted.data).toEqual({ deleteManyOrganizations: { deletedCount: 3 } });
    expect(ok(await app.gql('{ organizations(filter: {code: {like: "SUB-%"}}) { totalCount } }')).organizations.totalCount).toBe(0);
  });

  it('refuses to delete an organisation with children, deleting nothing', async () => {
    const before = await organizationCount();
    const error = onlyError(await app.gql(DELETE, { input: { id: ids['T-A-1'] } }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCED' });
    const many = onlyError(
      await app.gql('mutation($input: DeleteManyOrganizationsInput!) { deleteManyOrganizations(input: $input) { deletedCount } }', {
        input: { filter: { code: { in: ['T-B', 'T-A-1'] } } },
      }),
    );
    expect(many.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCED' });
    expect(await organizationCount()).toBe(before);
  });
});

describe('members and regions', () => {
  let tree: SmallTree & { shuangliu: string };

  beforeAll(async () => {
    const chengdu = await create({ code: 'M-CD', name: '中共成都市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510100' });
    const jinjiang = await create({ code: 'M-CD-JJ', name: '中共锦江区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510104', parentId: chengdu });
    const chunxilu = await create({ code: 'M-CD-JJ-CXL', name: '春熙路街道党工委', kind: 'WORKING_COMMITTEE', level: 'TOWNSHIP', regionCode: '510104', parentId: jinjiang });
    const shuangliu = await create({ code: 'M-CD-SL', name: '中共双流区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510116', parentId: chengdu });
    const deyang = await create({ code: 'M-DY', name: '中共德阳市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510600' });
    const deyangBranch = await create({ ...branch('M-DY-JY-01', '旌阳区东山社区党支部', deyang, '510603') });
    tree = { chengdu, jinjiang, chunxilu, deyang, deyangBranch, shuangliu };
  });

  it('members lists the members whose formal organisation is this one', async () => {
    const members = [
      // Outflow from Deyang, managed at Chunxilu.
      memberInput(tree, { name: '甲', idNumber: nationalId('510603', '19900101', '011') }),
      memberInput(tree, { name: '乙', idNumber: nationalId('510603', '19900101', '021') }),
      // Outflow from Deyang, not yet placed with an inflow organisation.
      memberInput(tree, { name: '丙', idNumber: nationalId('510603', '19900101', '031'), inflowOrganizationId: null }),
      // A Chengdu member whose formal and inflow organisations are both in Chengdu.
      memberInput(tree, { name: '丁', idNumber: nationalId('510104', '19900101', '041'), formalOrganizationId: tree.chunxilu, inflowOrganizationId: tree.shuangliu }),
    ];
    ok(await app.gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id } }', { input: { members } }));
    const data = ok(await app.gql('{ organizations(filter: {code: {like: "M-%"}}) { nodes { code members { totalCount nodes { name } } } } }'));
    expect(data.organizations.nodes).toEqual([
      { code: 'M-CD', members: { totalCount: 0, nodes: [] } },
      { code: 'M-CD-JJ', members: { totalCount: 0, nodes: [] } },
      { code: 'M-CD-JJ-CXL', members: { totalCount: 1, nodes: [{ name: '丁' }] } },
      { code: 'M-CD-SL', members: { totalCount: 0, nodes: [] } },
      { code: 'M-DY', members: { totalCount: 0, nodes: [] } },
      { code: 'M-DY-JY-01', members: { totalCount: 3, nodes: [{ name: '甲' }, { name: '乙' }, { name: '丙' }] } },
    ]);
  });

  it('memberCount counts members whose formal or inflow organisation is in the subtree, each once', async () => {
    const data = ok(await app.gql('{ organizations(filter: {code: {like: "M-%"}}) { nodes { code memberCount } } }'));
    expect(data.organizations.nodes).toEqual([
      { code: 'M-CD', memberCount: 3 },
      { code: 'M-CD-JJ', memberCount: 3 },
      { code: 'M-CD-JJ-CXL', memberCount: 3 },
      { code: 'M-CD-SL', memberCount: 1 },
      { code: 'M-DY', memberCount: 3 },
      { code: 'M-DY-JY-01', memberCount: 3 },
    ]);
  });

  it('refuses to delete an organisation that members belong to, deleting nothing', async () => {
    const before = await organizationCount();
    const error = onlyError(await app.gql(DELETE, { input: { id: tree.deyangBranch } }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCED' });
    const inflowOnly = onlyError(await app.gql(DELETE, { input: { id: tree.shuangliu } }));
    expect(inflowOnly.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCED' });
    expect(await organizationCount()).toBe(before);
  });

  it('resolves region when the code is in the reference table, null otherwise', async () => {
    await app.sql(`insert into region (code, name, level, parent_code) values ('510000', '四川省', 'PROVINCE', null), ('510100', '成都市', 'CITY', '510000')`);
    const data = ok(
      await app.gql(
        `query($ids: [ID!]) { organizations(filter: {id: {in: $ids}}) { nodes { code regionCode region { code name level parentCode parent { name } } hostRegion { code } } } }`,
        { ids: [tree.chengdu, tree.jinjiang] },
      ),
    );
    expect(data.organizations.nodes).toEqual([
      { code: 'M-CD', regionCode: '510100', region: { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000', parent: { name: '四川省' } }, hostRegion: null },
      { code: 'M-CD-JJ', regionCode: '510104', region: null, hostRegion: null },
    ]);
  });
});
