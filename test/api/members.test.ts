import { AdminRole } from '../../api/common/viewer';
import { onlyError, startTestApp, type TestApp } from '../support/app';
import { CREATE_MEMBER, createSmallTree, memberInput, nationalId, type SmallTree, withWrongCheckDigit } from '../support/fixtures';

let app: TestApp;
let tree: SmallTree;

beforeAll(async () => {
  app = await startTestApp('empty');
  tree = await createSmallTree(app);
});
afterAll(() => app.close());

const createMember = (member: Record<string, unknown>) => app.gql(CREATE_MEMBER, { input: { member } });
const createMany = (members: Record<string, unknown>[]) =>
  app.gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id } }', { input: { members } });

describe('createOneMember', () => {
  it('stores a ledger entry and returns personal data masked, with gender and birth date read from the ID number', async () => {
    const idNumber = nationalId('510603', '19900307', '124');
    const response = await createMember(memberInput(tree, { idNumber, name: '李娜' }));
    expect(response.errors).toBeUndefined();
    expect(response.data!.createOneMember).toEqual({
      id: expect.any(String),
      name: '李娜',
      idNumber: '5106**************',
      phone: '138****5678',
      gender: 'FEMALE',
      birthDate: '1990-03-07',
      status: 'REGISTERED',
    });
  });

  it('never stores the ID or phone number in clear', async () => {
    const idNumber = nationalId('510603', '19850101', '315');
    const response = await createMember(memberInput(tree, { idNumber, phone: '13987654321' }));
    const rows: Record<string, unknown>[] = await app.sql('select * from member where id = ?', [
      Number(response.data!.createOneMember.id),
    ]);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(idNumber);
    expect(stored).not.toContain('13987654321');
  });

  it.each([
    ['a wrong check digit', withWrongCheckDigit(nationalId('510603', '19900307', '125')), 'check digit does not match'],
    ['an impossible birth date', nationalId('510603', '19900230', '125'), 'birth date'],
    ['a birth date in the future', nationalId('510603', '20991231', '125'), 'birth date'],
    ['seventeen digits', '51060319900307125', '18 characters'],
  ])('refuses an ID number with %s, naming the field', async (_case, idNumber, message) => {
    const error = onlyError(await createMember(memberInput(tree, { idNumber })));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'member.idNumber', reason: 'NATIONAL_ID' });
    expect(error.message).toContain('member.idNumber');
    expect(error.message).toContain(message);
  });

  it.each([
    ['phone', { phone: '12345' }, 'member.phone', 'PHONE'],
    ['destination region code', { destinationRegionCode: '5101' }, 'member.destinationRegionCode', 'REGION_CODE'],
    ['name', { name: '   ' }, 'member.name', 'TEXT'],
    ['outflow date in the future', { outflowDate: '2999-01-01' }, 'member.outflowDate', 'DATE_ORDER'],
    ['joining before 18', { joinedOn: '2005-01-01' }, 'member.joinedOn', 'DATE_ORDER'],
    ['certificate dates out of order', { certificateIssuedOn: '2024-05-01', certificateExpiresOn: '2024-04-01' }, 'member.certificateExpiresOn', 'DATE_ORDER'],
    ['unknown formal organisation', { formalOrganizationId: '999999' }, 'member.formalOrganizationId', 'UNKNOWN_REFERENCE'],
    ['malformed organisation id', { inflowOrganizationId: 'abc' }, 'member.inflowOrganizationId', 'INVALID_ID'],
  ])('refuses a bad %s with BAD_USER_INPUT naming the field', async (_case, overrides, field, reason) => {
    const error = onlyError(await createMember(memberInput(tree, { idNumber: nationalId('510603', '19900307', '777'), ...overrides })));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
  });

  it('refuses an unknown enum value before anything runs', async () => {
    const response = await createMember(memberInput(tree, { mobilityType: 'HOLIDAY' }));
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('MobilityType');
  });

  it('answers a duplicate ID number with CONFLICT, without SQL or the number in the message', async () => {
    const idNumber = nationalId('510603', '19770707', '441');
    expect((await createMember(memberInput(tree, { idNumber }))).errors).toBeUndefined();
    const error = onlyError(await createMember(memberInput(tree, { idNumber: idNumber.toLowerCase() })));
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'member.idNumber', reason: 'DUPLICATE' });
    expect(error.message).not.toMatch(/insert|select|constraint|member_id/i);
    expect(JSON.stringify(error)).not.toContain(idNumber.slice(6, 14));
  });
});

describe('createManyMembers', () => {
  it('writes nothing when one item is invalid, and names the item', async () => {
    const before = await app.gql('{ members { totalCount } }');
    const good = memberInput(tree, { idNumber: nationalId('510603', '19800101', '551') });
    const bad = memberInput(tree, { idNumber: nationalId('510603', '19800101', '553'), outflowDate: '2999-01-01' });
    const error = onlyError(await createMany([good, bad]));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'members.1.outflowDate' });
    expect((await app.gql('{ members { totalCount } }')).data).toEqual(before.data);
  });

  it('writes nothing when two items share an ID number', async () => {
    const before = await app.gql('{ members { totalCount } }');
    const member = memberInput(tree, { idNumber: nationalId('510603', '19810101', '557') });
    const other = memberInput(tree, { idNumber: nationalId('510603', '19810101', '559') });
    const error = onlyError(await createMany([other, member, member]));
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'members.2.idNumber', reason: 'DUPLICATE' });
    expect(error.message).toContain('item 1');
    expect((await app.gql('{ members { totalCount } }')).data).toEqual(before.data);
  });

  it('names the first item whose ID number is already registered, and writes nothing', async () => {
    const registered = nationalId('510603', '19820202', '611');
    expect((await createMember(memberInput(tree, { idNumber: registered }))).errors).toBeUndefined();
    const before = await app.gql('{ members { totalCount } }');
    const fresh = (sequence: string) => memberInput(tree, { idNumber: nationalId('510603', '19820202', sequence) });
    const error = onlyError(await createMany([fresh('613'), fresh('615'), memberInput(tree, { idNumber: registered.toLowerCase() }), fresh('617')]));
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'members.2.idNumber', reason: 'DUPLICATE' });
    expect(JSON.stringify(error)).not.toContain(registered.slice(6, 14));
    expect((await app.gql('{ members { totalCount } }')).data).toEqual(before.data);
  });
});

describe('membersByIdNumber', () => {
  const LOOKUP = 'query($idNumbers: [String!]!) { membersByIdNumber(idNumbers: $idNumbers) { idNumber member { id name idNumber } } }';
  let known: { id: string; idNumber: string };

  beforeAll(async () => {
    const idNumber = nationalId('510603', '19830303', '715');
    const created = await createMember(memberInput(tree, { idNumber, name: '赵敏' }));
    known = { id: created.data!.createOneMember.id, idNumber };
  });

  it('ties each found member to the number asked; unknown numbers are left out', async () => {
    const unknown = nationalId('510603', '19830303', '733');
    const response = await app.gql(LOOKUP, { idNumbers: [unknown, known.idNumber.toLowerCase(), known.idNumber] });
    expect(response.errors).toBeUndefined();
    expect(response.data!.membersByIdNumber).toEqual([
      { idNumber: known.idNumber, member: { id: known.id, name: '赵敏', idNumber: '5106**************' } },
    ]);
  });

  it('names an invalid number by its index', async () => {
    const error = onlyError(await app.gql(LOOKUP, { idNumbers: [known.idNumber, withWrongCheckDigit(known.idNumber)] }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'idNumbers.1', reason: 'NATIONAL_ID' });
  });

  it('refuses more than 500 numbers in one call', async () => {
    const error = onlyError(await app.gql(LOOKUP, { idNumbers: Array.from({ length: 501 }, () => known.idNumber) }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'idNumbers', reason: 'TOO_MANY' });
  });

  it("finds nothing outside the caller's scope: a region admin cannot probe who is registered elsewhere", async () => {
    const wuhou = await app.adminSession({ username: 'wuhou-admin', password: 'wuhou-admin-password-1', role: AdminRole.REGION_ADMIN, regionCode: '510107' });
    const response = await app.gqlAs(wuhou, LOOKUP, { idNumbers: [known.idNumber] });
    expect(response.errors).toBeUndefined();
    expect(response.data!.membersByIdNumber).toEqual([]);
    expect(onlyError(await app.gqlAs(null, LOOKUP, { idNumbers: [known.idNumber] })).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('updating and deleting members', () => {
  it('updates only the fields sent, re-derives identity fields, refuses null for required ones', async () => {
    const created = await createMember(memberInput(tree, { idNumber: nationalId('510603', '19920202', '661') }));
    const id = created.data!.createOneMember.id;
    const newId = nationalId('510603', '19920202', '662');
    const updated = await app.gql(
      'mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id name idNumber gender status occupation } }',
      { input: { id, update: { idNumber: newId, status: 'MANAGED', occupation: '软件工程师' } } },
    );
    expect(updated.data!.updateOneMember).toEqual({
      id,
      name: '张伟',
      idNumber: '5106**************',
      gender: 'FEMALE',
      status: 'MANAGED',
      occupation: '软件工程师',
    });
    const error = onlyError(await app.gql('mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id } }', { input: { id, update: { name: null } } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'update.name', reason: 'REQUIRED' });
  });

  it('updateMany and deleteMany report counts; deleteOne answers NOT_FOUND for a missing id', async () => {
    const ids: string[] = [];
    for (const sequence of ['701', '703']) {
      ids.push((await createMember(memberInput(tree, { idNumber: nationalId('510603', '19930303', sequence) }))).data!.createOneMember.id);
    }
    const updated = await app.gql('mutation($input: UpdateManyMembersInput!) { updateManyMembers(input: $input) { updatedCount } }', {
      input: { filter: { id: { in: ids } }, update: { status: 'REPORTED' } },
    });
    expect(updated.data).toEqual({ updateManyMembers: { updatedCount: 2 } });
    const deletedOne = await app.gql('mutation($input: DeleteOneMemberInput!) { deleteOneMember(input: $input) { id name } }', { input: { id: ids[0] } });
    expect(deletedOne.data).toEqual({ deleteOneMember: { id: ids[0], name: '张伟' } });
    const deleted = await app.gql('mutation($input: DeleteManyMembersInput!) { deleteManyMembers(input: $input) { deletedCount } }', {
      input: { filter: { id: { in: ids } } },
    });
    expect(deleted.data).toEqual({ deleteManyMembers: { deletedCount: 1 } });
    const missing = onlyError(await app.gql('mutation($input: DeleteOneMemberInput!) { deleteOneMember(input: $input) { id } }', { input: { id: ids[0] } }));
    expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
