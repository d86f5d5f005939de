import { accountYears, buildWorld, feedbackStep, inDays, issueToken, ok, UPDATE_AGREEMENT, type World } from './fixtures';
import { type LoggedApp, startLoggedApp } from './logged-app';

/**
 * Partner accounts: people of the partner side log in to the console, bound to one agreement.
 * Their viewer is their agreement's partner token viewer (api/access/partner-scope.ts): they see
 * exactly what a token with the same scopes and years sees, do what it may do and nothing else,
 * are refused on the next request once disabled or once the agreement ends, and the audit trail
 * names the account.
 */

let app: LoggedApp;
let world: World;
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { token user { username role agreementId permissions } } }';
const CREATE = 'mutation($input: CreatePartnerAccountInput!) { createPartnerAccount(input: $input) { id username role agreementId disabled version } }';
const UPDATE = 'mutation($input: UpdatePartnerAccountInput!) { updatePartnerAccount(input: $input) { id role disabled version } }';
const sql = <T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> => app.sql(query, params);

async function login(username: string, password: string): Promise<string> {
  return ok(await app.gqlAs(null, LOGIN, { input: { username, password } })).login.token as string;
}

/** The list queries a partner's console reads, each answering ids and a total. */
const LISTS: Record<string, string> = {
  members: '{ members(paging: {limit: 500}) { totalCount nodes { id idNumber name } } }',
  organizations: '{ organizations(paging: {limit: 500}) { totalCount nodes { id } } }',
  agreements: '{ agreements(paging: {limit: 500}) { totalCount nodes { id } } }',
  annualFeedbacks: '{ annualFeedbacks(paging: {limit: 500}) { totalCount nodes { id status recipient } } }',
  activityRecords: '{ activityRecords(paging: {limit: 500}) { totalCount nodes { id } } }',
  contactRecords: '{ contactRecords(paging: {limit: 500}) { totalCount nodes { id } } }',
  lostContactCases: '{ lostContactCases(paging: {limit: 500}) { totalCount nodes { id } } }',
  monthlyScores: '{ monthlyScores(paging: {limit: 500}) { totalCount nodes { id } } }',
  pointsSchemes: '{ pointsSchemes(paging: {limit: 500}) { totalCount nodes { id } } }',
  pointsPublications: '{ pointsPublications(paging: {limit: 500}) { totalCount nodes { id } } }',
  regions: '{ regions(paging: {limit: 500}) { totalCount nodes { code } } }',
};

let reviewerA: string;
let adminB: string;
let viewerB: string;
let viewerBId: string;
/** Tokens with exactly the scopes and years the accounts stand for. */
let tokenReviewerA: string;
let tokenViewerB: string;

beforeAll(async () => {
  app = await startLoggedApp();
  world = await buildWorld(app);
  const { A, B } = world.agreements;
  // The world's partner accounts (fixtures.ts PARTNER_ACCOUNTS), made by the super admin: Chongqing's reviewer under A, Deyang's partner administrator under B.
  reviewerA = world.credentials.accountA!;
  adminB = world.credentials.partnerAdminB!;
  viewerBId = ok(await app.gqlAs(adminB, CREATE, { input: { agreementId: B, username: 'dy-viewer', role: 'PARTNER_VIEWER', password: 'dy-viewer-password-1' } })).createPartnerAccount.id;
  viewerB = await login('dy-viewer', 'dy-viewer-password-1');
  // The agreements run from 2024: the accounts reach 2024 up to the current year.
  const years = accountYears();
  tokenReviewerA = (
    await issueToken(app, { name: 'reviewer-equivalent', agreementId: A, scopes: ['MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE', 'FEEDBACK_SUBMIT'], years, expiresAt: inDays(30) })
  ).token;
  tokenViewerB = (await issueToken(app, { name: 'viewer-equivalent', agreementId: B, scopes: ['MEMBERS_READ', 'FEEDBACK_READ'], years, expiresAt: inDays(30) })).token;
}, 180_000);
afterAll(() => app?.close());

describe('what a partner account sees', () => {
  it.each(Object.keys(LISTS))('%s: exactly what a partner token of the same agreement and scopes sees', async (name) => {
    for (const [account, token] of [
      [reviewerA, tokenReviewerA],
      [viewerB, tokenViewerB],
    ] as const) {
      const asAccount = await app.gqlAs(account, LISTS[name]!);
      const asToken = await app.gqlAs(token, LISTS[name]!);
      expect(asAccount.errors?.map((e) => e.extensions?.code)).toEqual(asToken.errors?.map((e) => e.extensions?.code));
      expect(asAccount.data).toEqual(asToken.data);
    }
  });

  it('sees the covered members only, masked', async () => {
    const members = ok(await app.gqlAs(viewerB, LISTS.members!)).members;
    expect(members.nodes.map((m: { id: string }) => m.id).sort()).toEqual([...world.members.b].sort());
    for (const member of members.nodes) expect(member.idNumber).toMatch(/\*{6,}/);
    const outside = await app.gqlAs(viewerB, 'query($id: ID!) { member(id: $id) { id } }', { id: world.members.aCq[0] });
    expect(outside.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is told its permissions: a partner token\'s, never an admin\'s', async () => {
    const me = ok(await app.gqlAs(reviewerA, '{ me { username role agreementId permissions } }')).me;
    expect(me).toMatchObject({ username: 'cq-reviewer', role: 'PARTNER_REVIEWER', agreementId: world.agreements.A });
    expect(me.permissions).toEqual(expect.arrayContaining(['MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE', 'FEEDBACK_SUBMIT']));
    for (const never of ['MEMBERS_WRITE', 'FEEDBACK_MANAGE', 'TOKENS_MANAGE', 'PARTNERS_MANAGE', 'USERS_MANAGE', 'STATS_READ', 'AUDIT_READ']) expect(me.permissions).not.toContain(never);
    const viewer = ok(await app.gqlAs(viewerB, '{ me { permissions } }')).me.permissions;
    expect(viewer.filter((p: string) => /RECEIVE|GRADE|SUBMIT|WRITE|MANAGE/.test(p))).toEqual([]);
    expect(ok(await app.gqlAs(adminB, '{ me { permissions } }')).me.permissions).toContain('PARTNERS_MANAGE');
  });
});

describe('what a partner account does', () => {
  it('a reviewer acknowledges and grades a return addressed to its side, and the audit trail names the account', async () => {
    const id = world.feedback.aDelivered;
    expect((await feedbackStep(app, reviewerA, 'acknowledgeAnnualFeedback', id)).status).toBe('RECEIVED');
    expect((await feedbackStep(app, reviewerA, 'gradeAnnualFeedback', id, { finalGrade: 'QUALIFIED' })).status).toBe('GRADED');
    const [user] = await sql<{ id: number }>(`select id from admin_user where username = 'cq-reviewer'`);
    const events = await sql<{ action: string; actor_type: string; actor_id: string; actor_name: string }>(
      `select action, actor_type, actor_id, actor_name from audit_event where entity = 'AnnualFeedback' and entity_id = ? order by id`,
      [id],
    );
    const mine = events.filter((e) => e.actor_name === 'cq-reviewer');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const event of mine) expect(event).toMatchObject({ actor_type: 'admin', actor_id: String(user!.id) });
    expect(events.some((e) => e.actor_type === 'token')).toBe(false);
  });

  it('a retried step with the same Idempotency-Key is replayed, under the account\'s own keys', async () => {
    const id = Object.values(world.feedback.a).find((candidate) => candidate !== world.feedback.aDelivered)!;
    const recipient = ok(await app.gql('query($id: ID!) { annualFeedback(id: $id) { recipient } }', { id })).annualFeedback.recipient;
    expect(recipient).toBe('PARTNER');
    await feedbackStep(app, app.adminToken, 'submitAnnualFeedback', id);
    await feedbackStep(app, app.adminToken, 'approveAnnualFeedback', id);
    const version = ok(await app.gql('query($id: ID!) { annualFeedback(id: $id) { version } }', { id })).annualFeedback.version;
    const send = () =>
      app.gql('mutation($input: FeedbackTransitionInput!) { acknowledgeAnnualFeedback(input: $input) { id status version } }', { input: { id, version } }, {
        authorization: `Bearer ${reviewerA}`,
        'idempotency-key': 'partner-account-retry-1',
      });
    const first = await send();
    const again = await send();
    expect(first.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.data!.acknowledgeAnnualFeedback).toMatchObject({ status: 'RECEIVED', version: version + 1 });
    const [user] = await sql<{ id: number }>(`select id from admin_user where username = 'cq-reviewer'`);
    expect(await sql(`select credential from idempotency_key where key = 'partner-account-retry-1'`)).toEqual([{ credential: `admin:${user!.id}` }]);
  });

  it('a viewer cannot act', async () => {
    const id = world.feedback.bDelivered[0]!;
    const version = ok(await app.gql('query($id: ID!) { annualFeedback(id: $id) { version } }', { id })).annualFeedback.version;
    for (const mutation of ['acknowledgeAnnualFeedback', 'archiveAnnualFeedback']) {
      const response = await app.gqlAs(viewerB, `mutation($input: FeedbackTransitionInput!) { ${mutation}(input: $input) { id } }`, { input: { id, version } });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const create = await app.gqlAs(viewerB, CREATE, { input: { agreementId: world.agreements.B, username: 'dy-x', role: 'PARTNER_VIEWER', password: 'dy-x-password-123' } });
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const status = ok(await app.gql('query($id: ID!) { annualFeedback(id: $id) { status } }', { id })).annualFeedback.status;
    expect(status).toBe('DELIVERED');
  });
});

describe('who creates partner accounts', () => {
  it('a partner administrator cannot create accounts for another agreement, nor another administrator', async () => {
    const other = await app.gqlAs(adminB, CREATE, { input: { agreementId: world.agreements.A, username: 'dy-sneak', role: 'PARTNER_VIEWER', password: 'dy-sneak-password-1' } });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agreementId', reason: 'NOT_YOUR_AGREEMENT' });
    const admin = await app.gqlAs(adminB, CREATE, { input: { agreementId: world.agreements.B, username: 'dy-admin2', role: 'PARTNER_ADMIN', password: 'dy-admin2-password-1' } });
    expect(admin.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.role', reason: 'ROLE_NOT_ALLOWED' });
    expect(await sql(`select 1 from admin_user where username in ('dy-sneak', 'dy-admin2')`)).toEqual([]);
    // It lists the accounts of its agreement, and none of A's.
    const listed = ok(await app.gqlAs(adminB, '{ partnerAccounts { username agreementId } }')).partnerAccounts;
    expect(listed.map((a: { username: string }) => a.username).sort()).toEqual(['dy-partner-admin', 'dy-viewer']);
    // Nor can it reach A's accounts directly.
    const [cq] = await sql<{ id: number }>(`select id from admin_user where username = 'cq-reviewer'`);
    const change = await app.gqlAs(adminB, UPDATE, { input: { id: String(cq!.id), disabled: true } });
    expect(change.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a region admin creates them only for agreements its region hosts', async () => {
    const response = await app.gqlAs(world.credentials.regionAdmin, CREATE, {
      input: { agreementId: world.agreements.A, username: 'gz-sneak', role: 'PARTNER_VIEWER', password: 'gz-sneak-password-1' },
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agreementId' });
    expect(ok(await app.gqlAs(world.credentials.regionAdmin, '{ partnerAccounts { username } }')).partnerAccounts).toEqual([]);
  });

  it('partner roles are refused on host accounts', async () => {
    const response = await app.gql('mutation($input: CreateOneAdminUserInput!) { createOneAdminUser(input: $input) { id } }', {
      input: { adminUser: { username: 'loose-partner', role: 'PARTNER_VIEWER', password: 'loose-partner-pass-1' } },
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ROLE_NOT_ALLOWED' });
  });
});

describe('a forgotten password', () => {
  it('the partner administrator sets a new one to hand over: the old sessions and password stop working, the new one logs in', async () => {
    const { id } = ok(await app.gqlAs(adminB, CREATE, { input: { agreementId: world.agreements.B, username: 'dy-forgetful', role: 'PARTNER_VIEWER', password: 'dy-forgetful-pass-1' } }))
      .createPartnerAccount;
    const session = await login('dy-forgetful', 'dy-forgetful-pass-1');
    expect(ok(await app.gqlAs(adminB, UPDATE, { input: { id, password: 'dy-handed-over-pass-2' } })).updatePartnerAccount.id).toBe(id);
    expect((await app.gqlAs(session, '{ me { username } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.gqlAs(null, LOGIN, { input: { username: 'dy-forgetful', password: 'dy-forgetful-pass-1' } })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const handedOver = await login('dy-forgetful', 'dy-handed-over-pass-2');
    // The person then chooses their own; the administrator's stops working.
    const own = ok(
      await app.gqlAs(handedOver, 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { token } }', {
        input: { currentPassword: 'dy-handed-over-pass-2', newPassword: 'dy-my-own-password-3' },
      }),
    ).changePassword.token;
    expect(ok(await app.gqlAs(own, '{ me { username } }')).me.username).toBe('dy-forgetful');
    expect((await app.gqlAs(null, LOGIN, { input: { username: 'dy-forgetful', password: 'dy-handed-over-pass-2' } })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const [event] = await sql(`select changes::text as changes from audit_event where entity = 'AdminUser' and action = 'update' and entity_id = ? order by id limit 1`, [id]);
    expect(event!.changes).toContain('"password"');
    expect(event!.changes).not.toMatch(/dy-handed-over|argon2/);
  });

  it('is refused beyond the accounts one manages, and a short one names the field', async () => {
    const [cq] = await sql<{ id: number }>(`select id from admin_user where username = 'cq-reviewer'`);
    const otherAgreement = await app.gqlAs(adminB, UPDATE, { input: { id: String(cq!.id), password: 'dy-takeover-password' } });
    expect(otherAgreement.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const outOfRegion = await app.gqlAs(world.credentials.regionAdmin, UPDATE, { input: { id: String(cq!.id), password: 'gz-takeover-password' } });
    expect(outOfRegion.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const short = await app.gqlAs(adminB, UPDATE, { input: { id: viewerBId, password: 'short' } });
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    // Still the original password, for the tests that follow.
    await login('cq-reviewer', 'cq-reviewer-password-1');
    await login('dy-viewer', 'dy-viewer-password-1');
  });
});

describe('when access ends', () => {
  it('a disabled account is refused on its next request', async () => {
    expect(ok(await app.gqlAs(viewerB, '{ me { username } }')).me.username).toBe('dy-viewer');
    ok(await app.gqlAs(adminB, UPDATE, { input: { id: viewerBId, disabled: true } }));
    const refused = await app.gqlAs(viewerB, '{ members { totalCount } }');
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const again = await app.gqlAs(null, LOGIN, { input: { username: 'dy-viewer', password: 'dy-viewer-password-1' } });
    expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an agreement that ends takes its accounts with it on the next request', async () => {
    expect(ok(await app.gqlAs(reviewerA, '{ members { totalCount } }')).members.totalCount).toBeGreaterThan(0);
    ok(await app.gql(UPDATE_AGREEMENT, { input: { id: world.agreements.A, update: { status: 'SUSPENDED' } } }));
    const refused = await app.gqlAs(reviewerA, '{ members { totalCount } }');
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.message).toMatch(/not in force/);
  });
});
