import { AdminRole } from '../../api/common/viewer';
import { onlyError, startTestApp, type TestApp } from '../support/app';
import { CREATE_MEMBER, createSmallTree, memberInput, nationalId, type SmallTree } from '../support/fixtures';
import { NO_RATE_LIMITS, ok, sql, sqlNumber } from '../feedback/helpers';

/**
 * Contact records (谈心谈话, 提醒谈话, 家访, 思想汇报 …) and pairings (一对一联): batches all or
 * nothing and idempotent, errors naming the field, lastContactOn following the records, and the
 * due flags against a hand-written SQL ground truth.
 */

const CREATE_MANY = 'mutation($input: CreateManyContactRecordsInput!) { createManyContactRecords(input: $input) { id memberId kind occurredOn channel heldBy } }';
const CREATE_ONE = 'mutation($input: CreateOneContactRecordInput!) { createOneContactRecord(input: $input) { id } }';

let app: TestApp;
let tree: SmallTree;
let members: string[];

const recordCount = () => sqlNumber(app, 'select count(*) from contact_record');
const lastContactOf = async (id: string) => (await sql<{ d: string | null }>(app, "select to_char(last_contact_on, 'YYYY-MM-DD') as d from member where id = ?", [Number(id)]))[0]!.d;

function records(count: number): Record<string, unknown>[] {
  const kinds = ['TALK', 'REMINDER_TALK', 'HOMECOMING_MEETING', 'FAMILY_VISIT', 'THOUGHT_REPORT'];
  return Array.from({ length: count }, (_, i) => ({
    memberId: members[i % members.length],
    kind: kinds[i % kinds.length],
    occurredOn: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    channel: i % 2 ? 'PHONE' : 'IN_PERSON',
    heldBy: `支委委员${i % 3}`,
    source: 'import',
  }));
}

beforeAll(async () => {
  app = await startTestApp('empty', NO_RATE_LIMITS);
  tree = await createSmallTree(app);
  members = [];
  for (const sequence of ['311', '313', '315', '317']) {
    const created = await app.gql(CREATE_MEMBER, { input: { member: memberInput(tree, { idNumber: nationalId('510603', '19880512', sequence), status: 'MANAGED' }) } });
    members.push(ok(created).createOneMember.id);
  }
}, 60_000);
afterAll(() => app.close());

describe('createManyContactRecords', () => {
  it('stores a batch, all of it, and lastContactOn moves to the latest record of each member', async () => {
    const batch = records(40);
    const created = ok(await app.gql(CREATE_MANY, { input: { contactRecords: batch } })).createManyContactRecords as Record<string, unknown>[];
    expect(created).toHaveLength(40);
    expect(created[3]).toMatchObject({ memberId: batch[3]!.memberId, kind: batch[3]!.kind, occurredOn: batch[3]!.occurredOn, heldBy: batch[3]!.heldBy });
    for (const member of members) {
      const [truth] = await sql<{ d: string }>(app, "select to_char(max(occurred_on), 'YYYY-MM-DD') as d from contact_record where member_id = ?", [Number(member)]);
      expect(await lastContactOf(member)).toBe(truth!.d);
    }
  });

  it.each([
    ['an unknown member', { memberId: '99999999' }, 'memberId', 'UNKNOWN_REFERENCE'],
    ['a date in the future', { occurredOn: '2099-01-01' }, 'occurredOn', 'DATE_ORDER'],
    ['nobody who held it', { heldBy: '   ' }, 'heldBy', 'TEXT'],
    ['no member at all', { memberId: null }, 'memberId', 'REQUIRED'],
  ])('one bad item at index 17 (%s): nothing is written and the error names the item and field', async (_case, change, field, reason) => {
    const before = await recordCount();
    const batch = records(30);
    batch[17] = { ...batch[17], ...change };
    const error = onlyError(await app.gql(CREATE_MANY, { input: { contactRecords: batch } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `contactRecords.17.${field}`, reason });
    expect(await recordCount()).toBe(before);
  });

  it('a retried batch with the same Idempotency-Key adds nothing the second time', async () => {
    const before = await recordCount();
    const batch = records(12);
    const headers = { 'Idempotency-Key': 'contacts-import-2025-batch-1' };
    const first = ok(await app.gql(CREATE_MANY, { input: { contactRecords: batch } }, headers)).createManyContactRecords as { id: string }[];
    const again = ok(await app.gql(CREATE_MANY, { input: { contactRecords: batch } }, headers)).createManyContactRecords as { id: string }[];
    expect(again.map((row) => row.id)).toEqual(first.map((row) => row.id));
    expect(await recordCount()).toBe(before + 12);
  });

  it('takes the member by national ID number for imports', async () => {
    const idNumber = nationalId('510603', '19880512', '313');
    const created = ok(await app.gql(CREATE_ONE, { input: { contactRecord: { memberIdNumber: idNumber, kind: 'THOUGHT_REPORT', occurredOn: '2025-06-01', heldBy: '支部书记', channel: 'ONLINE' } } }));
    const [row] = await sql(app, 'select member_id from contact_record where id = ?', [Number(created.createOneContactRecord.id)]);
    expect(String(row!.member_id)).toBe(members[1]);
  });

  it("a region admin's batch with a member outside the region is FORBIDDEN and writes nothing", async () => {
    const outside = ok(await app.gql(CREATE_MEMBER, {
      input: { member: memberInput(tree, { idNumber: nationalId('510603', '19880512', '351'), destinationRegionCode: '510603', inflowOrganizationId: null }) },
    })).createOneMember.id;
    const token = await app.adminSession({ username: 'jj-contacts', password: 'jinjiang-contacts-pass-1', role: AdminRole.REGION_ADMIN, regionCode: '510104' });
    const before = await recordCount();
    const batch = records(5);
    batch[2] = { ...batch[2], memberId: outside };
    // Outside the admin's region the member is not even visible: an unknown reference, at its index.
    expect(onlyError(await app.gqlAs(token, CREATE_MANY, { input: { contactRecords: batch } })).extensions).toMatchObject({ field: 'contactRecords.2.memberId' });
    expect(await recordCount()).toBe(before);
  });
});

describe('lastContactOn follows the records', () => {
  it('moves on with a newer record, stays with an older one, and is recomputed when a record is corrected or deleted', async () => {
    const member = ok(await app.gql(CREATE_MEMBER, { input: { member: memberInput(tree, { idNumber: nationalId('510603', '19880512', '371'), lastContactOn: '2025-01-10' }) } })).createOneMember.id;
    const add = async (occurredOn: string) =>
      ok(await app.gql(CREATE_ONE, { input: { contactRecord: { memberId: member, kind: 'TALK', occurredOn, heldBy: '李书记' } } })).createOneContactRecord.id as string;
    const newer = await add('2025-05-20');
    expect(await lastContactOf(member)).toBe('2025-05-20');
    await add('2025-03-01');
    expect(await lastContactOf(member)).toBe('2025-05-20');
    ok(await app.gql('mutation($input: UpdateOneContactRecordInput!) { updateOneContactRecord(input: $input) { id } }', { input: { id: newer, update: { occurredOn: '2025-04-02' } } }));
    expect(await lastContactOf(member)).toBe('2025-04-02');
    ok(await app.gql('mutation($input: DeleteOneContactRecordInput!) { deleteOneContactRecord(input: $input) { id } }', { input: { id: newer } }));
    expect(await lastContactOf(member)).toBe('2025-03-01');
    const read = ok(await app.gql('query($id: ID!) { member(id: $id) { lastContactOn contactRecords { totalCount nodes { occurredOn } } } }', { id: member }));
    expect(read.member).toEqual({ lastContactOn: '2025-03-01', contactRecords: { totalCount: 1, nodes: [{ occurredOn: '2025-03-01' }] } });
  });
});

describe('due flags', () => {
  it('talkDue and familyVisitDue agree with a hand-written SQL over the records, for every member', async () => {
    // This quarter and half year, by China's calendar, with records on both sides of the boundaries.
    const [{ today, quarter, half }] = (await sql(app, `select to_char(t, 'YYYY-MM-DD') as today, to_char(date_trunc('quarter', t), 'YYYY-MM-DD') as quarter,
        to_char(make_date(extract(year from t)::int, case when extract(month from t) <= 6 then 1 else 7 end, 1), 'YYYY-MM-DD') as half
      from (select (now() at time zone 'Asia/Shanghai')::date as t) x`)) as { today: string; quarter: string; half: string }[] as [{ today: string; quarter: string; half: string }];
    const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const fresh: string[] = [];
    for (const sequence of ['401', '403', '405', '407']) {
      fresh.push(ok(await app.gql(CREATE_MEMBER, { input: { member: memberInput(tree, { idNumber: nationalId('510603', '19870101', sequence), status: 'MANAGED' }) } })).createOneMember.id);
    }
    ok(await app.gql(CREATE_MANY, {
      input: {
        contactRecords: [
          { memberId: fresh[0], kind: 'TALK', occurredOn: today, heldBy: '王委员' },
          { memberId: fresh[1], kind: 'TALK', occurredOn: dayBefore(quarter), heldBy: '王委员' },
          { memberId: fresh[1], kind: 'FAMILY_VISIT', occurredOn: half, heldBy: '王委员' },
          { memberId: fresh[2], kind: 'REMINDER_TALK', occurredOn: quarter, heldBy: '王委员' },
          { memberId: fresh[3], kind: 'FAMILY_VISIT', occurredOn: dayBefore(half), heldBy: '王委员' },
        ],
      },
    }));
    await sql(app, "update member set status = 'LOST_CONTACT' where id = ?", [Number(fresh[3])]);
    const data = ok(await app.gql('{ members(paging: {limit: 500}) { nodes { id talkDue familyVisitDue } } }'));
    const truth = await sql<{ id: string; talk_due: boolean; visit_due: boolean }>(
      app,
      `select m.id::text,
              m.status not in ('RETURNED', 'TRANSFERRED', 'LOST_CONTACT')
                and not exists (select 1 from contact_record c where c.member_id = m.id and c.kind in ('TALK', 'REMINDER_TALK') and c.occurred_on >= ?::date) as talk_due,
              m.status not in ('RETURNED', 'TRANSFERRED', 'LOST_CONTACT')
                and not exists (select 1 from contact_record c where c.member_id = m.id and c.kind = 'FAMILY_VISIT' and c.occurred_on >= ?::date) as visit_due
         from member m`,
      [quarter, half],
    );
    const expected = Object.fromEntries(truth.map((row) => [row.id, { talkDue: row.talk_due, familyVisitDue: row.visit_due }]));
    const actual = Object.fromEntries((data.members.nodes as { id: string; talkDue: boolean; familyVisitDue: boolean }[]).map((row) => [row.id, { talkDue: row.talkDue, familyVisitDue: row.familyVisitDue }]));
    expect(actual).toEqual(expected);
    // The cases the records were chosen for.
    expect(actual[fresh[0]!]).toEqual({ talkDue: false, familyVisitDue: true });
    expect(actual[fresh[1]!]).toEqual({ talkDue: true, familyVisitDue: false });
    expect(actual[fresh[2]!]).toEqual({ talkDue: false, familyVisitDue: true });
    expect(actual[fresh[3]!]).toEqual({ talkDue: false, familyVisitDue: false });
  });
});

describe('contact pairings (一对一联)', () => {
  it('shows the contact person in force, with the phone masked', async () => {
    const create = 'mutation($input: CreateOneContactPairingInput!) { createOneContactPairing(input: $input) { id phone contactName } }';
    ok(await app.gql(create, { input: { contactPairing: { memberId: members[0], contactName: '赵敏', contactRole: 'LIAISON', phone: '13900001111', fromOn: '2023-01-01', toOn: '2024-12-31' } } }));
    const current = ok(await app.gql(create, {
      input: { contactPairing: { memberId: members[0], contactName: '陈立', contactRole: 'COMMITTEE_MEMBER', organizationId: tree.deyangBranch, phone: '13912345678', fromOn: '2025-01-01' } },
    })).createOneContactPairing;
    expect(current).toMatchObject({ contactName: '陈立', phone: '139****5678' });
    const read = ok(await app.gql('query($id: ID!) { member(id: $id) { contactPerson { contactName contactRole phone organization { id } } } }', { id: members[0] }));
    expect(read.member.contactPerson).toEqual({ contactName: '陈立', contactRole: 'COMMITTEE_MEMBER', phone: '139****5678', organization: { id: tree.deyangBranch } });
    expect(await sqlNumber(app, "select count(*) from contact_pairing where phone_cipher like '%13912345678%' or phone_masked = '13912345678'")).toBe(0);
  });

  it('refuses a pairing that ends before it starts, naming the field', async () => {
    const error = onlyError(await app.gql('mutation($input: CreateOneContactPairingInput!) { createOneContactPairing(input: $input) { id } }', {
      input: { contactPairing: { memberId: members[1], contactName: '陈立', contactRole: 'LIAISON', fromOn: '2025-01-01', toOn: '2024-01-01' } },
    }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contactPairing.toOn', reason: 'DATE_ORDER' });
  });
});
