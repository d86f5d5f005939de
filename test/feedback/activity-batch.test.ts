import { AdminRole } from '../../api/common/viewer';
import { onlyError, startTestApp, type TestApp } from '../support/app';
import { CREATE_MEMBER, createSmallTree, memberInput, nationalId, type SmallTree, withWrongCheckDigit } from '../support/fixtures';
import { NO_RATE_LIMITS, ok, sql, sqlNumber } from './helpers';

/**
 * createManyActivityRecords: the year's activity arrives in imports of thousands (up to 5,000 per
 * call), all or nothing, at a cost that does not grow per item.
 */

const CREATE_MANY = 'mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }';
const KINDS = ['THREE_MEETINGS_ONE_LESSON', 'THEME_PARTY_DAY', 'ORGANIZATIONAL_LIFE_MEETING', 'VOLUNTEER_SERVICE', 'STUDY', 'PIONEER_POST', 'OTHER'];

let app: TestApp;
let tree: SmallTree;
let members: string[];
const measured: Record<string, { statements: number; ms: number }> = {};

/** `count` valid records spread over the members, kinds and the first ten months of 2026. */
function records(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = KINDS[i % KINDS.length]!;
    return {
      memberId: members[i % members.length],
      organizationId: tree.chunxilu,
      occurredOn: `2026-${String((i % 10) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      kind,
      title: `批量导入活动 ${i}`,
      hours: kind === 'VOLUNTEER_SERVICE' ? 2.5 : 0,
      points: i % 5,
      source: 'import',
    };
  });
}

const recordCount = () => sqlNumber(app, 'select count(*) from activity_record');
const auditCount = () => sqlNumber(app, 'select count(*) from audit_event');

async function createMany(activityRecords: Record<string, unknown>[], label?: string, token?: string) {
  app.queries.length = 0;
  const started = performance.now();
  const response = token ? await app.gqlAs(token, CREATE_MANY, { input: { activityRecords } }) : await app.gql(CREATE_MANY, { input: { activityRecords } });
  if (label) measured[label] = { statements: app.dataStatements().length, ms: Math.round(performance.now() - started) };
  return response;
}

beforeAll(async () => {
  app = await startTestApp('empty', NO_RATE_LIMITS);
  tree = await createSmallTree(app);
  members = [];
  for (const sequence of ['201', '203', '205']) {
    const created = await app.gql(CREATE_MEMBER, { input: { member: memberInput(tree, { idNumber: nationalId('510603', '19900307', sequence) }) } });
    members.push(ok(created).createOneMember.id);
  }
}, 60_000);
afterAll(async () => {
  console.log(`createManyActivityRecords measurements: ${JSON.stringify(measured)}`);
  await app.close();
});

describe('createManyActivityRecords', () => {
  it('takes 5,000 valid records in one call, in a number of statements that does not grow per item', async () => {
    const before = await recordCount();
    const small = await createMany(records(50), '50 records');
    expect(ok(small).createManyActivityRecords).toHaveLength(50);
    const smallStatements = measured['50 records']!.statements;

    const response = await createMany(records(5000), '5,000 records');
    const created = ok(response).createManyActivityRecords as { id: string }[];
    expect(created).toHaveLength(5000);
    expect(new Set(created.map((row) => row.id)).size).toBe(5000);
    expect(await recordCount()).toBe(before + 5050);
    expect(await sqlNumber(app, "select count(*) from activity_record where title like '批量导入活动 %' and source = 'import'")).toBe(5050);

    const { statements } = measured['5,000 records']!;
    // Inserts and audit rows go in chunks, so a little more than for 50 rows, but nowhere near one per item.
    expect(statements).toBeLessThan(100);
    expect(statements).toBeLessThanOrEqual(smallStatements + 40);
  }, 180_000);

  it('stores what was sent', async () => {
    const [sample] = records(7).slice(3);
    const created = ok(await createMany([sample!])).createManyActivityRecords[0].id;
    const read = ok(await app.gql('query($id: ID!) { activityRecord(id: $id) { memberId organizationId occurredOn kind title hours points source } }', { id: created }));
    expect(read.activityRecord).toEqual(sample);
  });

  it('audits each record by its own columns: the member and organisation by id, never copied whole', async () => {
    const [sample] = records(1);
    const created = ok(await createMany([sample!])).createManyActivityRecords[0].id;
    const [event] = await sql(app, "select changes from audit_event where entity = 'ActivityRecord' and entity_id = ? and action = 'create'", [created]);
    expect(event!.changes).toMatchObject({ member: { before: null, after: Number(sample!.memberId) }, organization: { before: null, after: Number(tree.chunxilu) } });
    // Nothing derived from an ID number (keyed hash, ciphertext) may reach the trail, nested or not.
    expect(await sqlNumber(app, "select count(*) from audit_event where changes::text ~ '(Hash|Cipher)'")).toBe(0);
  });

  it('refuses 5,001 records and writes nothing', async () => {
    const before = await recordCount();
    const error = onlyError(await createMany(records(5001), '5,001 records (refused)'));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'activityRecords', reason: 'TOO_MANY' });
    expect(error.message).toContain('5000');
    expect(await recordCount()).toBe(before);
  }, 60_000);

  it.each([
    ['an unknown member', { memberId: '99999999' }, 'memberId', 'UNKNOWN_REFERENCE'],
    ['an unknown organisation', { organizationId: '99999999' }, 'organizationId', 'UNKNOWN_REFERENCE'],
    ['30 hours in a day', { hours: 30 }, 'hours', 'MAX'],
    ['a date in the future', { occurredOn: '2099-01-01' }, 'occurredOn', 'DATE_ORDER'],
    ['an empty title', { title: '  ' }, 'title', 'TEXT'],
  ])('one bad item at index 3217 (%s): nothing is written and the error names the item and field', async (_case, change, field, reason) => {
    const before = await recordCount();
    const audits = await auditCount();
    const batch = records(5000);
    batch[3217] = { ...batch[3217], ...change };
    const error = onlyError(await createMany(batch, `5,000 records, bad ${field} at 3217`));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: `activityRecords.3217.${field}`, reason });
    expect(await recordCount()).toBe(before);
    expect(await auditCount()).toBe(audits);
  }, 60_000);

  it("a region admin's batch with one record outside the region is FORBIDDEN and writes nothing", async () => {
    const token = await app.adminSession({ username: 'jj-admin', password: 'jinjiang-admin-pass-1', role: AdminRole.REGION_ADMIN, regionCode: '510104' });
    const before = await recordCount();
    const batch = records(10);
    batch[7] = { ...batch[7], organizationId: tree.deyangBranch };
    expect(onlyError(await createMany(batch, undefined, token)).extensions).toEqual({ code: 'FORBIDDEN' });
    expect(await recordCount()).toBe(before);
    // The same batch inside the region goes through.
    batch[7] = { ...batch[7], organizationId: tree.chunxilu };
    expect(ok(await createMany(batch, undefined, token)).createManyActivityRecords).toHaveLength(10);
  });
});

describe('by national ID number, for imports and partner systems that do not know our ids', () => {
  const idNumberOf = (sequence: string) => nationalId('510603', '19900307', sequence);
  const byIdNumber = (sequence: string, overrides: Record<string, unknown> = {}) => {
    const { memberId: _unused, ...record } = records(1)[0]!;
    return { ...record, memberIdNumber: idNumberOf(sequence), ...overrides };
  };

  it('resolves each item through the keyed hash, in the same batch as items given by id', async () => {
    const batch = [byIdNumber('203'), records(1)[0]!, byIdNumber('205', { memberIdNumber: idNumberOf('205').toLowerCase() })];
    const ids = ok(await createMany(batch)).createManyActivityRecords.map((r: { id: string }) => r.id);
    const rows: { member_id: number }[] = await app.sql('select member_id from activity_record where id = any(array[?]::int[]) order by id', [ids.map(Number)]);
    expect(rows.map((row) => String(row.member_id))).toEqual([members[1], members[0], members[2]]);
  });

  it.each([
    ['an unknown number', { memberIdNumber: nationalId('510603', '19900307', '299') }, 'memberIdNumber', 'UNKNOWN_REFERENCE'],
    ['a wrong check digit', { memberIdNumber: withWrongCheckDigit(nationalId('510603', '19900307', '203')) }, 'memberIdNumber', 'NATIONAL_ID'],
    ['both memberId and memberIdNumber', { memberId: '1' }, 'memberIdNumber', 'EXCLUSIVE'],
    ['neither', { memberIdNumber: null }, 'memberId', 'REQUIRED'],
  ])('%s at index 2: nothing is written and the error names the item and field', async (_case, change, field, reason) => {
    const before = await recordCount();
    const batch = [byIdNumber('201'), byIdNumber('203'), byIdNumber('205', change)];
    expect(onlyError(await createMany(batch)).extensions).toEqual({ code: 'BAD_USER_INPUT', field: `activityRecords.2.${field}`, reason });
    expect(await recordCount()).toBe(before);
  });

  it("does not find members outside a region admin's scope", async () => {
    const wuhou = await app.adminSession({ username: 'wuhou-admin', password: 'wuhou-admin-password-1', role: AdminRole.REGION_ADMIN, regionCode: '510107' });
    const error = onlyError(await createMany([byIdNumber('201')], undefined, wuhou));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'activityRecords.0.memberIdNumber', reason: 'UNKNOWN_REFERENCE' });
  });
});
