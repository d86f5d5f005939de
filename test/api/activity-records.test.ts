import { addDays, chinaDate } from '../../api/common/dates';
import { onlyError, startTestApp, type TestApp } from '../support/app';
import { CREATE_MEMBER, createSmallTree, memberInput, nationalId, type SmallTree } from '../support/fixtures';

/** Activity records: CRUD, validation, the member's timeline and the cascade when a member goes. */

let app: TestApp;
let tree: SmallTree;
let memberId: string;

const RECORD_FIELDS = 'id memberId organizationId occurredOn kind title hours points source';
const CREATE = `mutation($input: CreateOneActivityRecordInput!) { createOneActivityRecord(input: $input) { ${RECORD_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateOneActivityRecordInput!) { updateOneActivityRecord(input: $input) { ${RECORD_FIELDS} } }`;

/** The data of a response that must succeed; its errors otherwise, in the failure message. */
function ok(response: { data?: unknown; errors?: unknown[] }): any {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

const record = (overrides: Record<string, unknown> = {}) => ({
  memberId,
  organizationId: tree.chunxilu,
  occurredOn: '2026-03-05',
  kind: 'VOLUNTEER_SERVICE',
  title: '社区义诊志愿服务',
  hours: 2.5,
  points: 5,
  ...overrides,
});

async function createMember(sequence: string, name: string): Promise<string> {
  return ok(await app.gql(CREATE_MEMBER, { input: { member: memberInput(tree, { name, idNumber: nationalId('510603', '19900307', sequence) }) } })).createOneMember.id;
}

async function create(overrides: Record<string, unknown> = {}): Promise<string> {
  return ok(await app.gql(CREATE, { input: { activityRecord: record(overrides) } })).createOneActivityRecord.id;
}

async function recordCount(): Promise<number> {
  return ok(await app.gql('{ activityRecords { totalCount } }')).activityRecords.totalCount;
}

beforeAll(async () => {
  app = await startTestApp('empty');
  tree = await createSmallTree(app);
  memberId = await createMember('101', '王芳');
});
afterAll(() => app.close());

describe('create, read, update, delete', () => {
  it('creates a record with defaults and reads it back with its member and organisation', async () => {
    const created = ok(
      await app.gql(CREATE, { input: { activityRecord: { memberId, organizationId: tree.chunxilu, occurredOn: '2026-04-01', kind: 'THEME_PARTY_DAY', title: ' 四月主题党日 ' } } }),
    ).createOneActivityRecord;
    expect(created).toEqual({
      id: expect.any(String),
      memberId,
      organizationId: tree.chunxilu,
      occurredOn: '2026-04-01',
      kind: 'THEME_PARTY_DAY',
      title: '四月主题党日',
      hours: 0,
      points: 0,
      source: 'manual',
    });
    const read = ok(await app.gql(`query($id: ID!) { activityRecord(id: $id) { ${RECORD_FIELDS} member { name } organization { code } } }`, { id: created.id }));
    expect(read.activityRecord).toEqual({ ...created, member: { name: '王芳' }, organization: { code: 'CD-JJ-CXL' } });
  });

  it('keeps one decimal of hours and negative points', async () => {
    const id = await create({ hours: 24, points: -100, source: 'import', kind: 'OTHER', title: '通宵抗洪抢险' });
    const read = ok(await app.gql('query($id: ID!) { activityRecord(id: $id) { hours points source } }', { id }));
    expect(read.activityRecord).toEqual({ hours: 24, points: -100, source: 'import' });
    const decimal = await create({ hours: 0.1 });
    expect(ok(await app.gql('query($id: ID!) { activityRecord(id: $id) { hours } }', { id: decimal })).activityRecord).toEqual({ hours: 0.1 });
  });

  it('updates only the fields sent; null hours and points go back to 0; null title is refused', async () => {
    const id = await create();
    const updated = ok(await app.gql(UPDATE, { input: { id, update: { title: '社区义诊', organizationId: tree.jinjiang, hours: null, points: null } } }));
    expect(updated.updateOneActivityRecord).toEqual({ ...record(), id, title: '社区义诊', organizationId: tree.jinjiang, hours: 0, points: 0, source: 'manual' });
    const error = onlyError(await app.gql(UPDATE, { input: { id, update: { title: null } } }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.title', reason: 'REQUIRED' });
  });

  it('createMany is all or nothing; updateMany and deleteMany report counts; deleteOne then NOT_FOUND', async () => {
    const other = await createMember('111', '李强');
    const before = await recordCount();
    const many = 'mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { memberId title } }';
    const bad = onlyError(
      await app.gql(many, { input: { activityRecords: [record({ memberId: other, title: '学习一' }), record({ memberId: other, title: '学习二', hours: 30 })] } }),
    );
    expect(bad.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'activityRecords.1.hours', reason: 'MAX' });
    expect(await recordCount()).toBe(before);

    const created = ok(await app.gql(many, { input: { activityRecords: [record({ memberId: other, title: '学习一' }), record({ memberId: other, title: '学习二' })] } }));
    expect(created.createManyActivityRecords).toEqual([
      { memberId: other, title: '学习一' },
      { memberId: other, title: '学习二' },
    ]);
    const updated = await app.gql('mutation($input: UpdateManyActivityRecordsInput!) { updateManyActivityRecords(input: $input) { updatedCount } }', {
      input: { filter: { memberId: { eq: other } }, update: { kind: 'STUDY' } },
    });
    expect(updated.data).toEqual({ updateManyActivityRecords: { updatedCount: 2 } });

    const ids = ok(await app.gql('query($id: ID!) { activityRecords(filter: {memberId: {eq: $id}}, sorting: [{field: id, direction: ASC}]) { nodes { id kind } } }', { id: other }))
      .activityRecords.nodes;
    expect(ids.map((node: { kind: string }) => node.kind)).toEqual(['STUDY', 'STUDY']);
    const deletedOne = await app.gql('mutation($input: DeleteOneActivityRecordInput!) { deleteOneActivityRecord(input: $input) { id title } }', { input: { id: ids[0].id } });
    expect(deletedOne.data).toEqual({ deleteOneActivityRecord: { id: ids[0].id, title: '学习一' } });
    const deleted = await app.gql('mutation($input: DeleteManyActivityRecordsInput!) { deleteManyActivityRecords(input: $input) { deletedCount } }', {
      input: { filter: { memberId: { eq: other } } },
    });
    expect(deleted.data).toEqual({ deleteManyActivityRecords: { deletedCount: 1 } });
    expect(onlyError(await app.gql('query($id: ID!) { activityRecord(id: $id) { id } }', { id: ids[0].id })).extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await recordCount()).toBe(before);
  });
});

describe('validation', () => {
  const tomorrow = () => addDays(chinaDate(new Date()), 1);

  it.each<[string, () => Record<string, unknown>, string, string]>([
    ['a date in the future', () => ({ occurredOn: tomorrow() }), 'activityRecord.occurredOn', 'DATE_ORDER'],
    ['25 hours', () => ({ hours: 25 }), 'activityRecord.hours', 'MAX'],
    ['1.25 hours (steps of 0.1)', () => ({ hours: 1.25 }), 'activityRecord.hours', 'ISNUMBER'],
    ['5e-324 hours (a number written with an exponent)', () => ({ hours: 5e-324 }), 'activityRecord.hours', 'ISNUMBER'],
    ['negative hours', () => ({ hours: -0.5 }), 'activityRecord.hours', 'MIN'],
    ['101 points', () => ({ points: 101 }), 'activityRecord.points', 'MAX'],
    ['an empty title', () => ({ title: '  ' }), 'activityRecord.title', 'TEXT'],
    ['an unknown member', () => ({ memberId: '999999' }), 'activityRecord.memberId', 'UNKNOWN_REFERENCE'],
    ['an unknown organisation', () => ({ organizationId: '999999' }), 'activityRecord.organizationId', 'UNKNOWN_REFERENCE'],
    ['a malformed member id', () => ({ memberId: 'abc' }), 'activityRecord.memberId', 'INVALID_ID'],
  ])('refuses %s, naming the field', async (_case, overrides, field, reason) => {
    const before = await recordCount();
    const error = onlyError(await app.gql(CREATE, { input: { activityRecord: record(overrides()) } }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason });
    expect(await recordCount()).toBe(before);
  });

  it('refuses the year 0000 as bad input, not a 500', async () => {
    const response = await app.gql(CREATE, { input: { activityRecord: record({ occurredOn: '0000-01-01' }) } });
    expect(response.status).toBeLessThan(500);
    expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('accepts today', async () => {
    const today = chinaDate(new Date());
    const id = await create({ occurredOn: today });
    expect(ok(await app.gql('query($id: ID!) { activityRecord(id: $id) { occurredOn } }', { id })).activityRecord).toEqual({ occurredOn: today });
  });

  it('applies the same checks to an update', async () => {
    const id = await create();
    expect(onlyError(await app.gql(UPDATE, { input: { id, update: { occurredOn: tomorrow() } } })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'update.occurredOn',
      reason: 'DATE_ORDER',
    });
    expect(onlyError(await app.gql(UPDATE, { input: { id, update: { hours: 25 } } })).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.hours', reason: 'MAX' });
    expect(onlyError(await app.gql(UPDATE, { input: { id, update: { memberId: '999999' } } })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'update.memberId',
      reason: 'UNKNOWN_REFERENCE',
    });
  });

  it('refuses an unknown kind before anything runs', async () => {
    const error = onlyError(await app.gql(CREATE, { input: { activityRecord: record({ kind: 'PARTY' }) } }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('ActivityKind');
  });
});

describe('a member\'s timeline', () => {
  let member: string;

  beforeAll(async () => {
    member = await createMember('121', '周婷');
    for (const [occurredOn, kind, title, hours] of [
      ['2026-01-10', 'THREE_MEETINGS_ONE_LESSON', '一月支部党员大会', 0],
      ['2026-03-12', 'VOLUNTEER_SERVICE', '植树节志愿服务', 3],
      ['2026-02-01', 'STUDY', '专题党课', 1.5],
      ['2026-03-12', 'THEME_PARTY_DAY', '三月主题党日', 0],
    ] as const) {
      await create({ memberId: member, occurredOn, kind, title, hours, points: 1 });
    }
  });

  it('lists member.activities newest first, with the same filter, paging and sorting as the list', async () => {
    const data = ok(
      await app.gql(
        `query($id: ID!) { member(id: $id) {
           name
           activities { totalCount nodes { occurredOn title } }
           volunteering: activities(filter: {kind: {eq: VOLUNTEER_SERVICE}}) { totalCount nodes { title hours } }
           oldest: activities(sorting: [{field: occurredOn, direction: ASC}], paging: {limit: 1}) { nodes { title } pageInfo { hasNextPage hasPreviousPage } }
         } }`,
        { id: member },
      ),
    );
    expect(data.member).toEqual({
      name: '周婷',
      activities: {
        totalCount: 4,
        nodes: [
          // Same day: ties fall back to the id, ascending.
          { occurredOn: '2026-03-12', title: '植树节志愿服务' },
          { occurredOn: '2026-03-12', title: '三月主题党日' },
          { occurredOn: '2026-02-01', title: '专题党课' },
          { occurredOn: '2026-01-10', title: '一月支部党员大会' },
        ],
      },
      volunteering: { totalCount: 1, nodes: [{ title: '植树节志愿服务', hours: 3 }] },
      oldest: { nodes: [{ title: '一月支部党员大会' }], pageInfo: { hasNextPage: true, hasPreviousPage: false } },
    });
  });

  it('deleting a member deletes their records with them', async () => {
    const before = await recordCount();
    const deleted = await app.gql('mutation($input: DeleteOneMemberInput!) { deleteOneMember(input: $input) { id name } }', { input: { id: member } });
    expect(deleted.data).toEqual({ deleteOneMember: { id: member, name: '周婷' } });
    expect(await recordCount()).toBe(before - 4);
    const left = ok(await app.gql('query($id: ID!) { activityRecords(filter: {memberId: {eq: $id}}) { totalCount } }', { id: member }));
    expect(left.activityRecords.totalCount).toBe(0);
  });

  it('deleting an organisation that recorded activities is refused', async () => {
    const other = await createMember('131', '赵丽');
    const branch = ok(
      await app.gql('mutation($input: CreateOneOrganizationInput!) { createOneOrganization(input: $input) { id } }', {
        input: { organization: { code: 'REC-ONLY', name: '志愿服务队功能型党支部', kind: 'FUNCTIONAL', level: 'COMMUNITY', regionCode: '510104', parentId: tree.chunxilu } },
      }),
    ).createOneOrganization.id;
    await create({ memberId: other, organizationId: branch });
    const error = onlyError(await app.gql('mutation($input: DeleteOneOrganizationInput!) { deleteOneOrganization(input: $input) { id } }', { input: { id: branch } }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCED' });
  });
});
