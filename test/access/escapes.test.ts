import { ID_NUMBER_LOOKUPS } from '../../api/members/member.policy';
import { AdminRole } from '../../api/common/viewer';
import { nationalId } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import {
  ACTIVITY_YEAR,
  buildWorld,
  CREATE_ACTIVITY,
  CREATE_MEMBER,
  CREATE_ORGANIZATION,
  createActivity,
  createMember,
  idNumberOf,
  inDays,
  issueToken,
  memberInput,
  ok,
  type World,
} from './fixtures';

/**
 * The eight ways out of scope that an attacker's pass over wave 1 found (issue 8), each as a
 * test that tries the escape and, next to it, attacks of the same family on neighbouring fields
 * and credentials. The generated crawl (escape-crawl.test.ts) covers every query path; these
 * cover the writes and the arithmetic.
 */

let app: TestApp;
let world: World;
/** Extra credentials and rows this file needs besides the access world. */
let jinjiang: string;
let feedbackOnly: string;
let submitOnly: string;
let wuhouOrg: string;
let wuhouMember: string;

const LIMITS = { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000' };

beforeAll(async () => {
  app = await startTestApp('empty', LIMITS);
  world = await buildWorld(app);
  await app.sql(`insert into region (code, name, level, parent_code) values ('510107', '武侯区', 'COUNTY', '510100') on conflict do nothing`);
  wuhouOrg = ok(
    await app.gql(CREATE_ORGANIZATION, {
      input: { organization: { code: 'CD-WH', name: '中共武侯区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510107', parentId: world.org.CD } },
    }),
  ).createOneOrganization.id;
  wuhouMember = await createMember(app, memberInput('510107', { formalOrganizationId: wuhouOrg, destinationRegionCode: '510107' }));
  // Enough people outside Jinjiang for the platform's rounded figures to differ from the district's.
  for (let i = 0; i < 8; i++) await createMember(app, memberInput('510107', { formalOrganizationId: wuhouOrg, destinationRegionCode: '510107' }));
  jinjiang = await app.adminSession({ username: 'jinjiang-admin', password: 'jinjiang-admin-password', role: AdminRole.REGION_ADMIN, regionCode: '510104' });
  feedbackOnly = (await issueToken(app, { name: '重庆 · 只读反馈', agreementId: world.agreements.A, scopes: ['FEEDBACK_READ'], years: [ACTIVITY_YEAR], expiresAt: inDays(30) })).token;
  submitOnly = (await issueToken(app, { name: '重庆 · 只报反馈', agreementId: world.agreements.A, scopes: ['FEEDBACK_SUBMIT'], years: [ACTIVITY_YEAR], expiresAt: inDays(30) })).token;
}, 120_000);
afterAll(() => app?.close());

const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id).sort((a, b) => Number(a) - Number(b));
const sorted = (list: string[]) => [...list].sort((a, b) => Number(a) - Number(b));
const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.map((error) => error.extensions?.code);

describe('1. masked ID numbers cannot be rebuilt', () => {
  const partnerA = () => world.credentials.partnerA!;

  it('shows partners the city of birth and the birth year, never the birth date or any personal digit', async () => {
    const member = ok(await app.gqlAs(partnerA(), 'query($id: ID!) { member(id: $id) { idNumber birthDate birthYear gender } }', { id: world.members.aCq[0] })).member;
    const full = idNumberOf.get(world.members.aCq[0]!)!;
    expect(member).toEqual({ idNumber: `${full.slice(0, 4)}**************`, birthDate: null, birthYear: Number(full.slice(6, 10)), gender: expect.any(String) });
  });

  it('leaves at least 10,000 numbers fitting everything a partner sees of one member', () => {
    // What a partner sees: the first four digits, the birth year, the gender (parity of digit 17), and —
    // giving the attacker the most — the whole six-digit region from the formal organisation.
    const full = idNumberOf.get(world.members.aCq[0]!)!;
    const year = Number(full.slice(6, 10));
    const female = Number(full[16]) % 2 === 0;
    let candidates = 0;
    for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day.setUTCDate(day.getUTCDate() + 1)) {
      for (let sequence = 0; sequence < 1000; sequence++) if ((sequence % 2 === 0) === female) candidates++;
    }
    expect(candidates).toBeGreaterThanOrEqual(10_000);
  });

  it.each([
    ['idNumber in', { idNumber: { in: [] as string[] } }],
    ['idNumber eq', { idNumber: { eq: '' } }],
    ['birthDate between', { birthDate: { between: { lower: '1990-01-01', upper: '1990-06-30' } } }],
  ])('refuses a partner a %s filter (a masked field), naming it', async (_label, filter) => {
    const response = await app.gqlAs(partnerA(), 'query($filter: MemberFilter) { members(filter: $filter) { totalCount } }', {
      filter: { id: { eq: world.members.aCq[0] }, ...filter },
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MASKED_FIELD' });
  });

  it('refuses a partner sorting by birth date, and nested lists are filtered by the same rules', async () => {
    const sorting = await app.gqlAs(partnerA(), '{ members(sorting: [{field: birthDate, direction: ASC}]) { totalCount } }');
    expect(sorting.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'sorting.0.field', reason: 'MASKED_FIELD' });
    const nested = await app.gqlAs(partnerA(), 'query($id: ID!) { organization(id: $id) { members(filter: {birthDate: {lt: "1991-01-01"}}) { totalCount } } }', { id: world.org['CQ-YZ-B1'] });
    expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MASKED_FIELD' });
  });

  it(`caps look-ups by ID number at ${ID_NUMBER_LOOKUPS.perCall} a call and ${ID_NUMBER_LOOKUPS.perDay} a day, and answers "not registered" and "not yours" alike`, async () => {
    const token = (await issueToken(app, { name: '重庆 · 名册核对', agreementId: world.agreements.A, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) })).token;
    const LOOKUP = 'query($idNumbers: [String!]!) { membersByIdNumber(idNumbers: $idNumbers) { idNumber member { id } } }';
    const unknown = nationalId('500103', '19800101', '999');
    const notYours = idNumberOf.get(world.members.b[0]!)!;
    const answer = ok(await app.gqlAs(token, LOOKUP, { idNumbers: [unknown, notYours] })).membersByIdNumber;
    expect(answer).toEqual([]);
    const tooMany = await app.gqlAs(token, LOOKUP, { idNumbers: Array.from({ length: ID_NUMBER_LOOKUPS.perCall + 1 }, () => unknown) });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumbers', reason: 'TOO_MANY' });
    // The rest of the day's allowance, in calls of distinct numbers, up to the last one.
    let sequence = 0;
    const fresh = (count: number) => Array.from({ length: count }, () => nationalId('500103', `1980${String(1 + Math.floor(sequence / 1000) % 12).padStart(2, '0')}01`, String(sequence++ % 1000).padStart(3, '0')));
    let left = ID_NUMBER_LOOKUPS.perDay - 2;
    while (left > 0) {
      const call = Math.min(left, ID_NUMBER_LOOKUPS.perCall);
      expect(codeOf(await app.gqlAs(token, LOOKUP, { idNumbers: fresh(call) }))).toBeUndefined();
      left -= call;
    }
    const over = await app.gqlAs(token, LOOKUP, { idNumbers: fresh(1) });
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'DAILY_LOOKUP_LIMIT' });
  });

  it('writes every look-up to the audit trail as keyed hashes, never the numbers', async () => {
    const token = (await issueToken(app, { name: '重庆 · 核对审计', agreementId: world.agreements.A, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) }));
    const asked = idNumberOf.get(world.members.aCq[1]!)!;
    ok(await app.gqlAs(token.token, 'query($n: [String!]!) { membersByIdNumber(idNumbers: $n) { member { id } } }', { n: [asked] }));
    const [event] = await app.sql<{ changes: string }>(`select changes::text from audit_event where actor_type = 'token' and actor_id = ? and action = 'lookup'`, [token.id]);
    expect(event!.changes).not.toContain(asked);
    expect(JSON.parse(event!.changes)).toEqual({ idNumberHashes: [expect.stringMatching(/^[0-9a-f]{64}$/)], matched: [Number(world.members.aCq[1])] });
  });
});

describe('2. tokens that read or submit returns see the members of those returns, no others', () => {
  const deliveredMember = () => world.members.aCq[0]!;

  it.each([
    ['agreement.coveredMembers', `query($id: ID!) { agreement(id: $id) { coveredMembers(paging: {limit: 500}) { totalCount nodes { id } } coveredMemberCount } }`],
    ['organizations.members', `query($id: ID!) { organizations(paging: {limit: 500}) { nodes { members(paging: {limit: 500}) { nodes { id } } } } agreement(id: $id) { id } }`],
  ])('a feedback:read token reaches through %s only the member of its one delivered return', async (_label, query) => {
    const data = ok(await app.gqlAs(feedbackOnly, query, { id: world.agreements.A }));
    const found = new Set<string>();
    JSON.stringify(data, (key, value) => (key === 'nodes' && Array.isArray(value) && value.every((node) => node && 'id' in node && Object.keys(node).length === 1) ? (value.forEach((node: { id: string }) => found.add(node.id)), value) : value));
    expect([...found]).toEqual([deliveredMember()]);
    if (data.agreement?.coveredMemberCount !== undefined) expect(data.agreement.coveredMemberCount).toBe(1);
  });

  it('a feedback:read token lists no member missing a return (it has none to read) but counts them', async () => {
    const progress = ok(
      await app.gqlAs(feedbackOnly, `query($id: ID!) { feedbackProgress(agreementId: $id, year: ${ACTIVITY_YEAR}, recipient: PARTNER) { expected missingCount missing { memberId } } }`, {
        id: world.agreements.A,
      }),
    ).feedbackProgress;
    expect(progress.missing).toEqual([]);
    expect(progress.expected).toBe(world.members.aCq.length);
    expect(progress.missingCount).toBe(world.members.aCq.length - 1);
  });

  it('a feedback:submit token sees exactly the host members it reports on (Chengdu members living in Chongqing)', async () => {
    const agreement = ok(await app.gqlAs(submitOnly, 'query($id: ID!) { agreement(id: $id) { coveredMembers(paging: {limit: 500}) { nodes { id } } } }', { id: world.agreements.A })).agreement;
    expect(ids(agreement.coveredMembers.nodes)).toEqual(sorted(world.members.aCd));
    for (const memberId of world.members.aCq) {
      expect(codeOf(await app.gqlAs(submitOnly, 'query($id: ID!) { member(id: $id) { id } }', { id: memberId }))).toEqual(['FORBIDDEN']);
    }
  });
});

describe('3. a district admin writes activity records only for members it may read and manage', () => {
  it('refuses another district\'s member by id, as if the member did not exist', async () => {
    const create = await app.gqlAs(jinjiang, CREATE_ACTIVITY, {
      input: { activityRecord: { memberId: wuhouMember, organizationId: world.org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-09-01`, kind: 'STUDY', title: '越界' } },
    });
    expect(create.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'activityRecord.memberId', reason: 'UNKNOWN_REFERENCE' });
    const missing = await app.gqlAs(jinjiang, CREATE_ACTIVITY, {
      input: { activityRecord: { memberId: '999999', organizationId: world.org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-09-01`, kind: 'STUDY', title: '越界' } },
    });
    expect({ message: missing.errors?.[0]?.message, extensions: missing.errors?.[0]?.extensions }).toEqual({ message: create.errors![0]!.message, extensions: create.errors![0]!.extensions });
  });

  it('refuses moving one of its records to such a member, and by ID number too', async () => {
    const own = await createActivity(app, { memberId: world.members.aCq[2], organizationId: world.org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-09-02` });
    const moved = await app.gqlAs(jinjiang, 'mutation($input: UpdateOneActivityRecordInput!) { updateOneActivityRecord(input: $input) { id } }', {
      input: { id: own, update: { memberId: wuhouMember } },
    });
    expect(moved.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.memberId', reason: 'UNKNOWN_REFERENCE' });
    const byNumber = await app.gqlAs(jinjiang, CREATE_ACTIVITY, {
      input: { activityRecord: { memberIdNumber: idNumberOf.get(wuhouMember), organizationId: world.org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-09-01`, kind: 'STUDY', title: '越界' } },
    });
    expect(byNumber.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'activityRecord.memberIdNumber', reason: 'UNKNOWN_REFERENCE' });
    const [row] = await app.sql<{ member_id: number }>('select member_id from activity_record where id = ?', [Number(own)]);
    expect(String(row!.member_id)).toBe(world.members.aCq[2]);
  });

  it('refuses recording by another district\'s organisation (FORBIDDEN), and nothing is written', async () => {
    const before = await app.sql<{ n: number }>('select count(*)::int as n from activity_record');
    const response = await app.gqlAs(jinjiang, CREATE_ACTIVITY, {
      input: { activityRecord: { memberId: world.members.aCq[0], organizationId: wuhouOrg, occurredOn: `${ACTIVITY_YEAR}-09-01`, kind: 'STUDY', title: '越界' } },
    });
    expect(codeOf(response)).toEqual(['FORBIDDEN']);
    expect(await app.sql('select count(*)::int as n from activity_record')).toEqual(before);
  });
});

describe('4. uniqueness answers reveal nothing about people outside the caller\'s scope', () => {
  it('refuses an out-of-region member FORBIDDEN whether or not the ID number is registered elsewhere', async () => {
    const registered = idNumberOf.get(wuhouMember)!;
    const fresh = nationalId('510107', '19880808', '441');
    const outside = (idNumber: string) => memberInput('510107', { idNumber, formalOrganizationId: wuhouOrg, destinationRegionCode: '510107' });
    const a = await app.gqlAs(jinjiang, CREATE_MEMBER, { input: { member: outside(registered) } });
    const b = await app.gqlAs(jinjiang, CREATE_MEMBER, { input: { member: outside(fresh) } });
    expect([codeOf(a), codeOf(b)]).toEqual([['FORBIDDEN'], ['FORBIDDEN']]);
    expect(a.errors![0]!.message).toBe(b.errors![0]!.message);
  });

  it('answers an in-region entry that clashes the same way whether the other entry is in its scope or not', async () => {
    const inside = (idNumber: string) => memberInput('510104', { idNumber, formalOrganizationId: world.org['CD-JJ-B1'], destinationRegionCode: '510104' });
    const outOfScope = await app.gqlAs(jinjiang, CREATE_MEMBER, { input: { member: inside(idNumberOf.get(wuhouMember)!) } });
    const inScope = await app.gqlAs(jinjiang, CREATE_MEMBER, { input: { member: inside(idNumberOf.get(world.members.local[0]!)!) } });
    expect(outOfScope.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'member.idNumber', reason: 'DUPLICATE' });
    expect(outOfScope.errors?.[0]?.message).toBe(inScope.errors?.[0]?.message);
    expect(outOfScope.errors?.[0]?.extensions).toEqual(inScope.errors?.[0]?.extensions);
  });

  it('looks the referenced organisation up in scope first: an unknown and an out-of-scope one answer alike', async () => {
    // Organisations are readable by every admin, so out-of-scope here means "not writable": FORBIDDEN, never a conflict.
    const response = await app.gqlAs(jinjiang, CREATE_MEMBER, { input: { member: memberInput('510107', { formalOrganizationId: '999999', destinationRegionCode: '510104' }) } });
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'member.formalOrganizationId', reason: 'UNKNOWN_REFERENCE' });
  });
});

describe('5. token reads of personal data leave an audit event on every path', () => {
  const readsOf = async (tokenId: string) =>
    (await app.sql<{ changes: { ids: string[] } }>(`select changes from audit_event where actor_type = 'token' and actor_id = ? and action = 'read' order by id`, [tokenId])).flatMap(
      (row) => row.changes.ids,
    );

  it('activityRecord(id) notes the member whose record was shown', async () => {
    const token = await issueToken(app, { name: '重庆 · 审计 1', agreementId: world.agreements.A, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) });
    ok(await app.gqlAs(token.token, 'query($id: ID!) { activityRecord(id: $id) { id title } }', { id: world.activities.a[0] }));
    const [record] = await app.sql<{ member_id: number }>('select member_id from activity_record where id = ?', [Number(world.activities.a[0])]);
    expect(await readsOf(token.id)).toEqual([String(record!.member_id)]);
  });

  it('feedbackProgress notes the members it names as missing', async () => {
    const token = await issueToken(app, { name: '重庆 · 审计 2', agreementId: world.agreements.A, scopes: ['MEMBERS_READ', 'FEEDBACK_READ'], years: [ACTIVITY_YEAR], expiresAt: inDays(30) });
    const progress = ok(
      await app.gqlAs(token.token, `query($id: ID!) { feedbackProgress(agreementId: $id, year: ${ACTIVITY_YEAR}) { missing { memberId name } } }`, { id: world.agreements.A }),
    ).feedbackProgress;
    expect(progress.missing.length).toBeGreaterThan(0);
    expect(sorted(await readsOf(token.id))).toEqual(sorted(progress.missing.map((line: { memberId: string }) => line.memberId)));
  });

  it('an aliased, nested path notes what it showed too', async () => {
    const token = await issueToken(app, { name: '重庆 · 审计 3', agreementId: world.agreements.A, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) });
    const data = ok(await app.gqlAs(token.token, 'query($id: ID!) { x: organization(id: $id) { y: members { nodes { z: name id } } } }', { id: world.org['CQ-YZ-B1'] }));
    expect(sorted(await readsOf(token.id))).toEqual(ids(data.x.y.nodes));
  });
});

describe('6. a district admin creates and moves organisations only under parents in its district', () => {
  const organization = (code: string, parentId: string) => ({ code, name: `${code} 党支部`, kind: 'BRANCH', level: 'COMMUNITY', regionCode: '510104', parentId });

  it('refuses a parent in another district, accepts one in its own', async () => {
    expect(codeOf(await app.gqlAs(jinjiang, CREATE_ORGANIZATION, { input: { organization: organization('JJ-UNDER-WH', wuhouOrg) } }))).toEqual(['FORBIDDEN']);
    expect(codeOf(await app.gqlAs(jinjiang, CREATE_ORGANIZATION, { input: { organization: organization('JJ-UNDER-CD', world.org.CD) } }))).toEqual(['FORBIDDEN']);
    expect(codeOf(await app.gqlAs(jinjiang, CREATE_ORGANIZATION, { input: { organization: organization('JJ-UNDER-JJ', world.org['CD-JJ']) } }))).toBeUndefined();
  });

  it('refuses moving one of its organisations under another district, and leaves it where it was', async () => {
    const own = ok(await app.gqlAs(jinjiang, CREATE_ORGANIZATION, { input: { organization: organization('JJ-MOVE', world.org['CD-JJ']) } })).createOneOrganization.id;
    const moved = await app.gqlAs(jinjiang, 'mutation($input: UpdateOneOrganizationInput!) { updateOneOrganization(input: $input) { id } }', { input: { id: own, update: { parentId: wuhouOrg } } });
    expect(codeOf(moved)).toEqual(['FORBIDDEN']);
    const [row] = await app.sql<{ parent_id: number }>('select parent_id from organization where id = ?', [Number(own)]);
    expect(String(row!.parent_id)).toBe(world.org['CD-JJ']);
  });

  it('still edits its own district committee, whose parent is the city\'s', async () => {
    expect(codeOf(await app.gqlAs(jinjiang, 'mutation($input: UpdateOneOrganizationInput!) { updateOneOrganization(input: $input) { id } }', { input: { id: world.org['CD-JJ'], update: { contactName: '王明' } } }))).toBeUndefined();
  });
});

describe('7. a credential an admin issues never reaches further than the admin', () => {
  const STATS = '{ memberStatistics { total byStatus { key count } } }';

  it('a district admin\'s dashboard token sees the district\'s figures, not the platform\'s', async () => {
    const token = ok(await app.gqlAs(jinjiang, 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token apiToken { issuerRegionCode } } }', {
      input: { name: '锦江区大屏', scopes: ['STATS_READ'], expiresAt: inDays(30) },
    })).issueApiToken;
    expect(token.apiToken.issuerRegionCode).toBe('510104');
    const issuer = ok(await app.gqlAs(jinjiang, STATS)).memberStatistics;
    const dashboard = ok(await app.gqlAs(token.token, STATS)).memberStatistics;
    const platform = ok(await app.gqlAs(world.credentials.dashboard, STATS)).memberStatistics;
    expect(dashboard).toEqual(issuer);
    expect(dashboard.total).toBeLessThan(platform.total);
  });

  it('a district admin cannot issue a token on an agreement its region does not host', async () => {
    const response = await app.gqlAs(jinjiang, 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
      input: { name: '越权', agreementId: world.agreements.A, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) },
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agreementId', reason: 'UNKNOWN_REFERENCE' });
  });

  it('the partner side\'s region admin sees the tokens of a shared agreement but cannot revoke them', async () => {
    const deyang = await app.adminSession({ username: 'deyang-admin', password: 'deyang-admin-password', role: AdminRole.REGION_ADMIN, regionCode: '510600' });
    const issued = await issueToken(app, { name: '德阳 · 共享协议', agreementId: world.agreements.B, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) });
    expect(ok(await app.gqlAs(deyang, 'query($id: ID!) { apiToken(id: $id) { id } }', { id: issued.id })).apiToken.id).toBe(issued.id);
    expect(codeOf(await app.gqlAs(deyang, 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: issued.id }))).toEqual(['FORBIDDEN']);
    const [row] = await app.sql<{ revoked_at: string | null }>('select revoked_at from api_token where id = ?', [Number(issued.id)]);
    expect(row!.revoked_at).toBeNull();
  });

  it('logging in lends the session to nothing else of the same request', async () => {
    await app.adminSession({ username: 'same-request', password: 'same-request-password', role: AdminRole.SUPER_ADMIN });
    const response = await app.gqlAs(
      null,
      `mutation { login(input: {username: "same-request", password: "same-request-password"}) { token }
                  createOneOrganization(input: {organization: {code: "SAME-REQ", name: "同一请求", kind: BRANCH, level: COMMUNITY, regionCode: "510104"}}) { id } }`,
    );
    // The login itself succeeds (its session exists); the field after it is still anonymous.
    expect(codeOf(response)).toEqual(['UNAUTHENTICATED']);
    expect(await app.sql(`select s.id from admin_session s join admin_user u on u.id = s.user_id where u.username = 'same-request'`)).toHaveLength(2);
    expect(await app.sql(`select id from organization where code = 'SAME-REQ'`)).toEqual([]);
  });

  it('a token stops working once its agreement is no longer hosted in its issuer\'s region', async () => {
    const chengdu = await app.adminSession({ username: 'chengdu-admin', password: 'chengdu-admin-password', role: AdminRole.REGION_ADMIN, regionCode: '510100' });
    const token = (await issueToken(app, { name: '成都签发', agreementId: world.agreements.B, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) }, chengdu)).token;
    expect(codeOf(await app.gqlAs(token, '{ members { totalCount } }'))).toBeUndefined();
    await app.sql(`update agreement set host_region_code = '440100' where id = ?`, [Number(world.agreements.B)]);
    try {
      const refused = await app.gqlAs(token, '{ members { totalCount } }');
      expect(refused.status).toBe(401);
    } finally {
      await app.sql(`update agreement set host_region_code = '510100' where id = ?`, [Number(world.agreements.B)]);
    }
  });
});

describe('8. withheld statistics cannot be worked out by arithmetic', () => {
  const STATS = `{ memberStatistics { total byStatus { count } byMobilityType { count } byFormalRegion { count } byDestinationRegion { count } } }`;
  /** What an observer who knows the method can say of a true count from its published value. */
  const interval = (count: number | null): [number, number] => (count === null ? [0, 4] : [Math.max(5, count - 2), count + 2]);

  it.each(['dashboard', 'partnerA', 'superAdmin', 'regionAdmin'] as const)('for %s, every published count is a multiple of 5 and no withheld one is pinned by the others', async (viewer) => {
    const stats = ok(await app.gqlAs(world.credentials[viewer], STATS)).memberStatistics as Record<string, { count: number | null }[]> & { total: number | null };
    const breakdowns: (number | null)[][] = [stats.byStatus, stats.byMobilityType, stats.byFormalRegion, stats.byDestinationRegion].map((cells) => cells.map((cell) => cell.count));
    for (const count of [stats.total, ...breakdowns.flat()]) if (count !== null) expect(count % 5).toBe(0);
    // total − Σ visible, one month minus another: multiples of 5, never a count of 1 to 4.
    let [low, high] = interval(stats.total);
    for (const cells of breakdowns) {
      low = Math.max(low, cells.reduce<number>((sum, count) => sum + interval(count)[0], 0));
      high = Math.min(high, cells.reduce<number>((sum, count) => sum + interval(count)[1], 0));
    }
    for (const cells of breakdowns) {
      cells.forEach((count, i) => {
        if (count !== null) return;
        const others = cells.filter((_, j) => j !== i).map(interval);
        const lo = Math.max(0, low - others.reduce((sum, [, hi]) => sum + hi, 0));
        const hi = Math.min(4, high - others.reduce((sum, [lo2]) => sum + lo2, 0));
        expect({ viewer, cell: i, pinned: lo >= hi }).toEqual({ viewer, cell: i, pinned: false });
      });
    }
  });

  it('the differencing attack of the report finds nothing: partner A, two withheld cells, total minus the rest', async () => {
    const stats = ok(await app.gqlAs(world.credentials.partnerA!, '{ memberStatistics { total byStatus { key count suppressed } } }')).memberStatistics;
    const visible = (stats.byStatus as { count: number | null }[]).reduce((sum, cell) => sum + (cell.count ?? 0), 0);
    const difference = (stats.total ?? 0) - visible;
    expect(difference % 5).toBe(0);
  });
});
