import { onlyError, startTestApp, type TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';

/** Co-governance agreements: CRUD, validation, and the DESIGN §3 coverage rule in both directions. */

let app: TestApp;
const org: Record<string, string> = {};

const AGREEMENT_FIELDS = `id code title hostRegionCode partnerRegionCode direction signedOn effectiveFrom effectiveTo status
  hostResponsibilities partnerResponsibilities feedbackDeadline expectedOrgLifeSessions hostOrganizationId
  partnerOrganizationName hostContactName hostContactPhone partnerContactName partnerContactPhone`;
const CREATE = `mutation($input: CreateOneAgreementInput!) { createOneAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const UPDATE = 'mutation($input: UpdateOneAgreementInput!) { updateOneAgreement(input: $input) { id code status effectiveTo } }';

/** The data of a response that must succeed; its errors otherwise, in the failure message. */
function ok(response: { data?: unknown; errors?: unknown[] }): any {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

const agreement = (overrides: Record<string, unknown> = {}) => ({
  code: 'CD-DY-2025',
  title: '成都市—德阳市流动党员协同共管协议',
  hostRegionCode: '510100',
  partnerRegionCode: '510600',
  direction: 'PARTNER_TO_HOST',
  effectiveFrom: '2025-01-01',
  ...overrides,
});

async function create(input: Record<string, unknown>): Promise<string> {
  return ok(await app.gql(CREATE, { input: { agreement: input } })).createOneAgreement.id;
}

async function agreementCount(): Promise<number> {
  return ok(await app.gql('{ agreements { totalCount } }')).agreements.totalCount;
}

const ORGANIZATIONS = [
  { code: 'CD', name: '中共成都市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510100' },
  { code: 'CD-JJ-CXL', name: '春熙路街道党工委', kind: 'WORKING_COMMITTEE', level: 'TOWNSHIP', regionCode: '510104', parent: 'CD' },
  { code: 'CD-WH', name: '中共武侯区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510107', parent: 'CD' },
  { code: 'DY-JY-01', name: '旌阳区东山社区党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '510603' },
  { code: 'MS-01', name: '东坡区苏祠社区党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '511402' },
  { code: 'CQ-YZ-01', name: '渝中区解放碑街道党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '500103' },
  { code: 'CQ-YB-01', name: '渝北区两路街道流动党员党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '500112' },
];

beforeAll(async () => {
  app = await startTestApp('empty');
  for (const { parent, ...organization } of ORGANIZATIONS) {
    const data = ok(
      await app.gql('mutation($input: CreateOneOrganizationInput!) { createOneOrganization(input: $input) { id } }', {
        input: { organization: { ...organization, parentId: parent ? org[parent] : undefined } },
      }),
    );
    org[organization.code] = data.createOneOrganization.id;
  }
});
afterAll(() => app.close());

describe('create, read, update, delete', () => {
  it('creates an agreement with defaults and reads it back whole', async () => {
    const created = ok(
      await app.gql(CREATE, {
        input: {
          agreement: agreement({
            code: 'CRUD-1',
            signedOn: '2024-12-20',
            effectiveTo: '2027-12-31',
            hostOrganizationId: org.CD,
            hostResponsibilities: '流入地负责日常教育管理、组织生活和志愿服务',
            partnerResponsibilities: '流出地负责民主评议和党籍管理',
            partnerOrganizationName: '中共德阳市委组织部',
            hostContactName: '王干事',
            hostContactPhone: '028-86001234',
            partnerContactName: '李干事',
            partnerContactPhone: '13912345678',
          }),
        },
      }),
    ).createOneAgreement;
    expect(created).toEqual({
      id: expect.any(String),
      code: 'CRUD-1',
      title: '成都市—德阳市流动党员协同共管协议',
      hostRegionCode: '510100',
      partnerRegionCode: '510600',
      direction: 'PARTNER_TO_HOST',
      signedOn: '2024-12-20',
      effectiveFrom: '2025-01-01',
      effectiveTo: '2027-12-31',
      status: 'DRAFT',
      hostResponsibilities: '流入地负责日常教育管理、组织生活和志愿服务',
      partnerResponsibilities: '流出地负责民主评议和党籍管理',
      feedbackDeadline: '01-31',
      expectedOrgLifeSessions: 12,
      hostOrganizationId: org.CD,
      partnerOrganizationName: '中共德阳市委组织部',
      hostContactName: '王干事',
      hostContactPhone: '028-86001234',
      partnerContactName: '李干事',
      partnerContactPhone: '13912345678',
    });
    const read = ok(await app.gql(`query($id: ID!) { agreement(id: $id) { ${AGREEMENT_FIELDS} hostOrganization { code } } }`, { id: created.id }));
    expect(read.agreement).toEqual({ ...created, hostOrganization: { code: 'CD' } });
  });

  it('updates only the fields sent, refusing null for a required one', async () => {
    const id = await create(agreement({ code: 'UPD-1' }));
    const updated = ok(await app.gql(UPDATE, { input: { id, update: { status: 'ACTIVE', effectiveTo: '2026-12-31' } } }));
    expect(updated.updateOneAgreement).toEqual({ id, code: 'UPD-1', status: 'ACTIVE', effectiveTo: '2026-12-31' });
    const reopened = ok(await app.gql(UPDATE, { input: { id, update: { effectiveTo: null } } }));
    expect(reopened.updateOneAgreement.effectiveTo).toBeNull();
    const error = onlyError(await app.gql(UPDATE, { input: { id, update: { effectiveFrom: null } } }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.effectiveFrom', reason: 'REQUIRED' });
  });

  it('createMany is all or nothing; updateMany and deleteMany report counts; deleteOne then NOT_FOUND', async () => {
    const before = await agreementCount();
    const many = 'mutation($input: CreateManyAgreementsInput!) { createManyAgreements(input: $input) { code status } }';
    const error = onlyError(
      await app.gql(many, { input: { agreements: [agreement({ code: 'BULK-1' }), agreement({ code: 'BULK-2', effectiveTo: '2024-01-01' })] } }),
    );
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'agreements.1.effectiveTo', reason: 'DATE_ORDER' });
    expect(await agreementCount()).toBe(before);

    const created = ok(await app.gql(many, { input: { agreements: [agreement({ code: 'BULK-1' }), agreement({ code: 'BULK-2', status: 'ACTIVE' })] } }));
    expect(created.createManyAgreements).toEqual([
      { code: 'BULK-1', status: 'DRAFT' },
      { code: 'BULK-2', status: 'ACTIVE' },
    ]);
    const updated = await app.gql('mutation($input: UpdateManyAgreementsInput!) { updateManyAgreements(input: $input) { updatedCount } }', {
      input: { filter: { code: { like: 'BULK-%' } }, update: { status: 'SUSPENDED' } },
    });
    expect(updated.data).toEqual({ updateManyAgreements: { updatedCount: 2 } });

    const ids = ok(await app.gql('{ agreements(filter: {code: {like: "BULK-%"}}, sorting: [{field: code, direction: ASC}]) { nodes { id status } } }')).agreements.nodes;
    expect(ids.map((node: { status: string }) => node.status)).toEqual(['SUSPENDED', 'SUSPENDED']);
    const deletedOne = await app.gql('mutation($input: DeleteOneAgreementInput!) { deleteOneAgreement(input: $input) { id code } }', { input: { id: ids[0].id } });
    expect(deletedOne.data).toEqual({ deleteOneAgreement: { id: ids[0].id, code: 'BULK-1' } });
    const deleted = await app.gql('mutation($input: DeleteManyAgreementsInput!) { deleteManyAgreements(input: $input) { deletedCount } }', {
      input: { filter: { code: { like: 'BULK-%' } } },
    });
    expect(deleted.data).toEqual({ deleteManyAgreements: { deletedCount: 1 } });
    expect(onlyError(await app.gql('query($id: ID!) { agreement(id: $id) { id } }', { id: ids[0].id })).extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await agreementCount()).toBe(before);
  });

  it('answers a duplicate code with CONFLICT naming agreement.code', async () => {
    await create(agreement({ code: 'DUP-1' }));
    const error = onlyError(await app.gql(CREATE, { input: { agreement: agreement({ code: 'DUP-1' }) } }));
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'agreement.code', reason: 'DUPLICATE' });
  });

  it('resolves host and partner regions when they are in the reference table', async () => {
    await app.sql(`insert into region (code, name, level, parent_code) values ('510100', '成都市', 'CITY', '510000'), ('500000', '重庆市', 'PROVINCE', null)`);
    const id = await create(agreement({ code: 'REGIONS-1', partnerRegionCode: '500000' }));
    const withUnknown = await create(agreement({ code: 'REGIONS-2', partnerRegionCode: '511400' }));
    const data = ok(
      await app.gql('query($ids: [ID!]) { agreements(filter: {id: {in: $ids}}, sorting: [{field: code, direction: ASC}]) { nodes { code hostRegion { name level } partnerRegion { name level } } } }', {
        ids: [id, withUnknown],
      }),
    );
    expect(data.agreements.nodes).toEqual([
      { code: 'REGIONS-1', hostRegion: { name: '成都市', level: 'CITY' }, partnerRegion: { name: '重庆市', level: 'PROVINCE' } },
      { code: 'REGIONS-2', hostRegion: { name: '成都市', level: 'CITY' }, partnerRegion: null },
    ]);
  });
});

describe('validation', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['effectiveTo before effectiveFrom', { effectiveFrom: '2025-06-01', effectiveTo: '2025-05-31' }, 'agreement.effectiveTo', 'DATE_ORDER'],
    ['signed after the agreement ended', { signedOn: '2026-01-01', effectiveTo: '2025-12-31' }, 'agreement.signedOn', 'DATE_ORDER'],
    ['a partner inside the host (district of the host city)', { hostRegionCode: '510100', partnerRegionCode: '510104' }, 'agreement.partnerRegionCode', 'REGION_OVERLAP'],
    ['a partner containing the host (its province)', { hostRegionCode: '510100', partnerRegionCode: '510000' }, 'agreement.partnerRegionCode', 'REGION_OVERLAP'],
    ['the same region on both sides', { hostRegionCode: '510100', partnerRegionCode: '510100' }, 'agreement.partnerRegionCode', 'REGION_OVERLAP'],
    ['feedbackDeadline 13-01', { feedbackDeadline: '13-01' }, 'agreement.feedbackDeadline', 'MONTH_DAY'],
    ['feedbackDeadline 02-30', { feedbackDeadline: '02-30' }, 'agreement.feedbackDeadline', 'MONTH_DAY'],
    ['feedbackDeadline as a full date', { feedbackDeadline: '2026-01-31' }, 'agreement.feedbackDeadline', 'MONTH_DAY'],
    ['a four-digit host region code', { hostRegionCode: '5101' }, 'agreement.hostRegionCode', 'REGION_CODE'],
    ['a partner region code with letters', { partnerRegionCode: '51060X' }, 'agreement.partnerRegionCode', 'REGION_CODE'],
    ['an unknown host organisation', { hostOrganizationId: '999999' }, 'agreement.hostOrganizationId', 'UNKNOWN_REFERENCE'],
    ['a malformed host organisation id', { hostOrganizationId: 'abc' }, 'agreement.hostOrganizationId', 'INVALID_ID'],
    ['an empty title', { title: ' ' }, 'agreement.title', 'TEXT'],
    ['a bad contact phone', { hostContactPhone: '8600' }, 'agreement.hostContactPhone', 'PHONE'],
  ])('refuses %s, naming the field', async (_case, overrides, field, reason) => {
    const before = await agreementCount();
    const error = onlyError(await app.gql(CREATE, { input: { agreement: agreement({ code: 'BAD-1', ...overrides }) } }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason });
    expect(error.message).toContain(field);
    expect(await agreementCount()).toBe(before);
  });

  it('refuses the year 0000 as bad input, not a 500', async () => {
    const response = await app.gql(CREATE, { input: { agreement: agreement({ code: 'BAD-0', effectiveFrom: '0000-01-01' }) } });
    expect(response.status).toBeLessThan(500);
    expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([0, 101])('refuses %d expected organisational-life sessions', async (sessions) => {
    const error = onlyError(await app.gql(CREATE, { input: { agreement: agreement({ code: 'BAD-2', expectedOrgLifeSessions: sessions }) } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agreement.expectedOrgLifeSessions' });
  });

  it('updateMany checks every row against its own stored values, and changes none when one fails', async () => {
    await create(agreement({ code: 'MANY-EARLY', effectiveFrom: '2024-01-01' }));
    await create(agreement({ code: 'MANY-LATE', effectiveFrom: '2026-01-01' }));
    const error = onlyError(
      await app.gql('mutation($input: UpdateManyAgreementsInput!) { updateManyAgreements(input: $input) { updatedCount } }', {
        input: { filter: { code: { like: 'MANY-%' } }, update: { effectiveTo: '2025-12-31', status: 'ACTIVE' } },
      }),
    );
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.effectiveTo', reason: 'DATE_ORDER' });
    const rows = ok(await app.gql('{ agreements(filter: {code: {like: "MANY-%"}}, sorting: [{field: code, direction: ASC}]) { nodes { code status effectiveTo } } }'));
    expect(rows.agreements.nodes).toEqual([
      { code: 'MANY-EARLY', status: 'DRAFT', effectiveTo: null },
      { code: 'MANY-LATE', status: 'DRAFT', effectiveTo: null },
    ]);
  });

  it('checks an update against the stored agreement', async () => {
    const id = await create(agreement({ code: 'UPD-CHECK', effectiveFrom: '2025-06-01' }));
    const dates = onlyError(await app.gql(UPDATE, { input: { id, update: { effectiveTo: '2025-01-01' } } }));
    expect(dates.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.effectiveTo', reason: 'DATE_ORDER' });
    const regions = onlyError(await app.gql(UPDATE, { input: { id, update: { partnerRegionCode: '510107' } } }));
    expect(regions.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.partnerRegionCode', reason: 'REGION_OVERLAP' });
    const deadline = onlyError(await app.gql(UPDATE, { input: { id, update: { feedbackDeadline: '13-01' } } }));
    expect(deadline.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.feedbackDeadline', reason: 'MONTH_DAY' });
  });
});

describe('coverage (DESIGN §3)', () => {
  /**
   * Members by name: formal organisation (outflow) → where they live / who manages them.
   * Host is Chengdu (510100) throughout.
   */
  const MEMBERS: [string, string, string, string, string | null][] = [
    // name, ID region, formal organisation, destination region, inflow organisation
    ['吴静', '510603', 'DY-JY-01', '510104', 'CD-JJ-CXL'], // Deyang → lives and is managed in Chengdu
    ['郑浩', '510603', 'DY-JY-01', '440305', null], // Deyang → Shenzhen: nothing to do with Chengdu
    ['冯雪', '510603', 'DY-JY-01', '440305', 'CD-JJ-CXL'], // Deyang → lives in Shenzhen, managed in Chengdu
    ['何磊', '511402', 'MS-01', '510104', 'CD-JJ-CXL'], // Meishan → Chengdu
    ['许晴', '510104', 'CD-JJ-CXL', '510603', 'DY-JY-01'], // Chengdu → Deyang (the reverse flow)
    ['邓军', '500103', 'CQ-YZ-01', '510107', 'CD-WH'], // Chongqing (Yuzhong) → Chengdu
    ['曹阳', '500103', 'CQ-YZ-01', '500105', null], // Chongqing → elsewhere in Chongqing
    ['彭敏', '510107', 'CD-WH', '500112', null], // Chengdu → lives in Chongqing, not yet placed
    ['蒋涛', '510100', 'CD', '510104', 'CD-JJ-CXL'], // Chengdu member at home
    ['韩梅', '510603', 'DY-JY-01', '510107', null], // Deyang → lives in Chengdu, not yet placed
  ];

  const cases: [string, Record<string, unknown>, string[]][] = [
    ['Deyang PARTNER_TO_HOST', { partnerRegionCode: '510600', direction: 'PARTNER_TO_HOST' }, ['吴静', '冯雪', '韩梅']],
    ['Deyang HOST_TO_PARTNER', { partnerRegionCode: '510600', direction: 'HOST_TO_PARTNER' }, ['许晴']],
    ['Deyang TWO_WAY', { partnerRegionCode: '510600', direction: 'TWO_WAY' }, ['吴静', '冯雪', '许晴', '韩梅']],
    ['Meishan PARTNER_TO_HOST', { partnerRegionCode: '511400', direction: 'PARTNER_TO_HOST' }, ['何磊']],
    ['Chongqing (province level) PARTNER_TO_HOST', { partnerRegionCode: '500000', direction: 'PARTNER_TO_HOST' }, ['邓军']],
    ['Chongqing (province level) HOST_TO_PARTNER', { partnerRegionCode: '500000', direction: 'HOST_TO_PARTNER' }, ['彭敏']],
    ['Chongqing (province level) TWO_WAY', { partnerRegionCode: '500000', direction: 'TWO_WAY' }, ['邓军', '彭敏']],
    ['Guangdong, where nobody comes from', { partnerRegionCode: '440000', direction: 'TWO_WAY' }, []],
  ];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const members = MEMBERS.map(([name, region, formal, destination, inflow], i) => ({
      name,
      idNumber: nationalId(region, '19880808', String(201 + 2 * i)),
      partyStanding: 'FULL',
      joinedOn: '2010-07-01',
      formalOrganizationId: org[formal],
      inflowOrganizationId: inflow ? org[inflow] : null,
      mobilityType: 'EMPLOYMENT',
      outflowDate: '2024-03-01',
      destinationRegionCode: destination,
    }));
    ok(await app.gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id } }', { input: { members } }));
    for (const [index, [label, overrides]] of cases.entries()) ids[label] = await create(agreement({ code: `COVER-${index}`, ...overrides }));
  });

  it.each(cases)('%s: coveredMembers and coveredMemberCount agree with the rule', async (label, _overrides, expected) => {
    const data = ok(
      await app.gql('query($id: ID!) { agreement(id: $id) { coveredMemberCount coveredMembers(paging: {limit: 100}) { totalCount nodes { name } } } }', {
        id: ids[label],
      }),
    );
    expect(data.agreement).toEqual({
      coveredMemberCount: expected.length,
      coveredMembers: { totalCount: expected.length, nodes: expected.map((name) => ({ name })) },
    });
  });

  it('counts a page of agreements at once, and filters and pages covered members', async () => {
    const data = ok(
      await app.gql(`{ agreements(filter: {code: {like: "COVER-%"}}, sorting: [{field: code, direction: ASC}]) {
        nodes { code coveredMemberCount coveredMembers(filter: {name: {neq: "冯雪"}}, paging: {limit: 1}) { totalCount nodes { name } pageInfo { hasNextPage } } }
      } }`),
    );
    expect(data.agreements.nodes).toEqual(
      cases.map(([, , expected], index) => {
        const filtered = expected.filter((name) => name !== '冯雪');
        return {
          code: `COVER-${index}`,
          coveredMemberCount: expected.length,
          coveredMembers: { totalCount: filtered.length, nodes: filtered.slice(0, 1).map((name) => ({ name })), pageInfo: { hasNextPage: filtered.length > 1 } },
        };
      }),
    );
  });

  it('follows a change of direction', async () => {
    const id = await create(agreement({ code: 'COVER-SWITCH', partnerRegionCode: '510600', direction: 'PARTNER_TO_HOST' }));
    ok(await app.gql(UPDATE, { input: { id, update: { direction: 'HOST_TO_PARTNER' } } }));
    const data = ok(await app.gql('query($id: ID!) { agreement(id: $id) { coveredMemberCount coveredMembers { totalCount nodes { name } } } }', { id }));
    expect(data.agreement).toEqual({ coveredMemberCount: 1, coveredMembers: { totalCount: 1, nodes: [{ name: '许晴' }] } });
  });
});

describe('in force, today and during a year (issue 10, item 5)', () => {
  /** status, effective from, effective to → in force today; and, per year, whether that year's returns are made under it. */
  const cases: [string, string, string | null, boolean, Record<number, boolean>][] = [
    ['ACTIVE', '2024-01-01', null, true, { 2023: false, 2024: true, 2026: true, 2030: true }],
    ['ACTIVE', '2024-01-01', '2024-06-30', false, { 2023: false, 2024: true, 2025: false }],
    ['EXPIRED', '2024-01-01', '2025-12-31', false, { 2023: false, 2024: true, 2025: true, 2026: false }],
    ['DRAFT', '2024-01-01', null, false, { 2024: false, 2026: false }],
    ['SUSPENDED', '2024-01-01', null, false, { 2024: false, 2026: false }],
    ['TERMINATED', '2024-01-01', '2030-12-31', false, { 2024: false, 2026: false }],
  ];

  it.each(cases)('%s from %s to %s: in force today %s; returns made under it by year %j', async (status, effectiveFrom, effectiveTo, today, years) => {
    const id = await create(agreement({ code: `FORCE-${status}-${effectiveTo ?? 'OPEN'}`, status, effectiveFrom, effectiveTo }));
    const selections = Object.keys(years).map((year) => `y${year}: inForceDuring(year: ${year})`).join(' ');
    const data = ok(await app.gql(`query($id: ID!) { agreement(id: $id) { inForce ${selections} } }`, { id }));
    expect(data.agreement).toEqual({ inForce: today, ...Object.fromEntries(Object.entries(years).map(([year, expected]) => [`y${year}`, expected])) });
  });
});
