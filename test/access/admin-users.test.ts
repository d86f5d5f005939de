import { onlyError, startTestApp, type TestApp } from '../support/app';

/**
 * Console accounts managed from the console by super admins: created with an initial password,
 * changed, disabled, given a new password — each change effective on the account's next request,
 * no password or hash ever in a response or the audit trail, and nobody able to lock the console.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('empty');
});
afterAll(() => app.close());

const FIELDS = 'id username displayName role regionCode disabled lastLoginAt';
const CREATE = `mutation($input: CreateOneAdminUserInput!) { createOneAdminUser(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateOneAdminUserInput!) { updateOneAdminUser(input: $input) { ${FIELDS} } }`;
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { token } }';
const ME = '{ me { username role regionCode } }';

let sequence = 0;
const account = (overrides: Record<string, unknown> = {}) => ({
  username: `district-${++sequence}`,
  displayName: '锦江区委组织部',
  role: 'REGION_ADMIN',
  regionCode: '510104',
  password: 'a-long-initial-password',
  ...overrides,
});

async function create(adminUser: Record<string, unknown>, as = app.adminToken) {
  return app.gqlAs(as, CREATE, { input: { adminUser } });
}
async function update(id: string, changes: Record<string, unknown>, as = app.adminToken) {
  return app.gqlAs(as, UPDATE, { input: { id, update: changes } });
}
async function login(username: string, password: string) {
  return app.gqlAs(null, LOGIN, { input: { username, password } });
}
async function loggedIn(username: string, password: string): Promise<string> {
  const response = await login(username, password);
  if (!response.data?.login) throw new Error(JSON.stringify(response.errors));
  return response.data.login.token;
}

describe('creating an account', () => {
  it('creates a region admin who can log in with the initial password; no password or hash comes back', async () => {
    const input = account({ username: ' Jinjiang-Admin ' });
    const response = await create(input);
    expect(response.errors).toBeUndefined();
    expect(response.data!.createOneAdminUser).toEqual({
      id: expect.any(String),
      username: 'jinjiang-admin',
      displayName: '锦江区委组织部',
      role: 'REGION_ADMIN',
      regionCode: '510104',
      disabled: false,
      lastLoginAt: null,
    });
    expect(JSON.stringify(response)).not.toMatch(/password|argon2/i);
    const token = await loggedIn('jinjiang-admin', input.password);
    expect((await app.gqlAs(token, ME)).data!.me).toEqual({ username: 'jinjiang-admin', role: 'REGION_ADMIN', regionCode: '510104' });

    const [event] = await app.sql(`select changes::text as changes from audit_event where entity = 'AdminUser' and action = 'create' order by id desc limit 1`);
    expect(event.changes).toContain('jinjiang-admin');
    expect(event.changes).not.toMatch(/passwordHash|argon2|a-long-initial-password/);
  });

  it.each([
    ['a username with spaces inside', { username: 'wang wei' }, 'adminUser.username', 'BAD_USER_INPUT'],
    ['a password under 12 characters', { password: 'short-pass' }, 'adminUser.password', 'BAD_USER_INPUT'],
    ['a region admin without a region', { regionCode: null }, 'adminUser.regionCode', 'BAD_USER_INPUT'],
    ['a malformed region code', { regionCode: '51010' }, 'adminUser.regionCode', 'BAD_USER_INPUT'],
    ['a username that is taken', { username: 'root' }, 'adminUser.username', 'CONFLICT'],
  ])('refuses %s, naming the field', async (_case, change, field, code) => {
    const error = onlyError(await create(account(change)));
    expect(error.extensions).toMatchObject({ code, field });
  });

  it('the same username created twice at once: one account, the other request hears CONFLICT', async () => {
    const input = account({ username: 'twice-at-once' });
    const responses = await Promise.all([create(input), create(input)]);
    expect(responses.filter((response) => !response.errors)).toHaveLength(1);
    expect(onlyError(responses.find((response) => response.errors)!).extensions).toMatchObject({ code: 'CONFLICT', field: 'adminUser.username' });
  });

  it('gives a super admin no region, whatever was sent', async () => {
    const created = (await create(account({ role: 'SUPER_ADMIN', regionCode: '510104' }))).data!.createOneAdminUser;
    expect(created).toMatchObject({ role: 'SUPER_ADMIN', regionCode: null });
  });
});

describe('listing accounts', () => {
  it('filters and sorts like every other list', async () => {
    await create(account({ username: 'viewer-b', role: 'VIEWER', regionCode: null }));
    await create(account({ username: 'viewer-a', role: 'VIEWER', regionCode: '510100' }));
    const response = await app.gql(`{ adminUsers(filter: { role: { eq: VIEWER } }, sorting: [{ field: username, direction: ASC }]) { totalCount nodes { username regionCode } } }`);
    expect(response.data!.adminUsers).toEqual({ totalCount: 2, nodes: [{ username: 'viewer-a', regionCode: '510100' }, { username: 'viewer-b', regionCode: null }] });
  });

  it('is for super admins only', async () => {
    const input = account();
    await create(input);
    const regionAdmin = await loggedIn(input.username, input.password);
    expect(onlyError(await app.gqlAs(regionAdmin, '{ adminUsers { totalCount } }')).extensions?.code).toBe('FORBIDDEN');
    expect(onlyError(await create(account(), regionAdmin)).extensions?.code).toBe('FORBIDDEN');
  });
});

describe('changing an account takes effect on its next request', () => {
  it('a region admin made a viewer can no longer write', async () => {
    const input = account();
    const { id } = (await create(input)).data!.createOneAdminUser;
    const token = await loggedIn(input.username, input.password);
    const write = 'mutation { updateManyMembers(input: { filter: { id: { eq: "987654" } }, update: { occupation: "x" } }) { updatedCount } }';
    expect((await app.gqlAs(token, write)).errors).toBeUndefined();
    expect((await update(id, { role: 'VIEWER' })).data!.updateOneAdminUser).toMatchObject({ role: 'VIEWER', regionCode: '510104' });
    expect(onlyError(await app.gqlAs(token, write)).extensions?.code).toBe('FORBIDDEN');
  });

  it('a disabled account loses its sessions and cannot log in; enabled again, it can', async () => {
    const input = account();
    const { id } = (await create(input)).data!.createOneAdminUser;
    const token = await loggedIn(input.username, input.password);
    expect((await update(id, { disabled: true })).data!.updateOneAdminUser.disabled).toBe(true);
    expect(onlyError(await app.gqlAs(token, ME)).extensions?.code).toBe('UNAUTHENTICATED');
    expect(onlyError(await login(input.username, input.password)).extensions?.code).toBe('UNAUTHENTICATED');
    await update(id, { disabled: false });
    // The old session stays ended; a new login works.
    expect(onlyError(await app.gqlAs(token, ME)).extensions?.code).toBe('UNAUTHENTICATED');
    await loggedIn(input.username, input.password);
  });

  it('a new password ends the sessions opened with the old one, which stops working', async () => {
    const input = account();
    const { id } = (await create(input)).data!.createOneAdminUser;
    const token = await loggedIn(input.username, input.password);
    expect((await update(id, { password: 'a-brand-new-password' })).errors).toBeUndefined();
    expect(onlyError(await app.gqlAs(token, ME)).extensions?.code).toBe('UNAUTHENTICATED');
    expect(onlyError(await login(input.username, input.password)).extensions?.code).toBe('UNAUTHENTICATED');
    await loggedIn(input.username, 'a-brand-new-password');
    const [event] = await app.sql(`select changes::text as changes from audit_event where entity = 'AdminUser' and action = 'update' and entity_id = ? order by id desc limit 1`, [id]);
    expect(event.changes).toContain('"password"');
    expect(event.changes).not.toMatch(/a-brand-new-password|argon2/);
  });

  it('refuses a short new password and an unknown account', async () => {
    const { id } = (await create(account())).data!.createOneAdminUser;
    expect(onlyError(await update(id, { password: 'too-short' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'update.password' });
    expect(onlyError(await update('987654', { displayName: '无此人' })).extensions?.code).toBe('NOT_FOUND');
  });
});

describe('nobody locks the console', () => {
  it('a super admin cannot disable or demote themselves', async () => {
    const me = (await app.gql('{ adminUsers(filter: { username: { eq: "root" } }) { nodes { id } } }')).data!.adminUsers.nodes[0].id;
    expect(onlyError(await update(me, { disabled: true })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'SELF_LOCKOUT' });
    expect(onlyError(await update(me, { role: 'VIEWER' })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'SELF_LOCKOUT' });
  });

  it('the last two super admins demoting each other at once: one succeeds, the other is refused', async () => {
    // A race: without the row lock it slips through now and then, so it runs a few rounds.
    for (let round = 0; round < 4; round++) {
      const fresh = await startTestApp('empty');
      try {
        const other = { username: 'second-super', password: 'second-super-password', role: 'SUPER_ADMIN' };
        const otherId = (await fresh.gql(CREATE, { input: { adminUser: other } })).data!.createOneAdminUser.id;
        const rootId = (await fresh.gql('{ adminUsers(filter: { username: { eq: "root" } }) { nodes { id } } }')).data!.adminUsers.nodes[0].id;
        const otherToken = (await fresh.gqlAs(null, LOGIN, { input: { username: other.username, password: other.password } })).data!.login.token;
        const responses = await Promise.all([
          fresh.gql(UPDATE, { input: { id: otherId, update: { role: 'VIEWER' } } }),
          fresh.gqlAs(otherToken, UPDATE, { input: { id: rootId, update: { role: 'VIEWER' } } }),
        ]);
        const refused = responses.filter((response) => response.errors);
        expect(refused).toHaveLength(1);
        // Refused by the lock (the other one is now the last) or, when it came later, by its lost role.
        expect(onlyError(refused[0]!).extensions).toMatchObject({ code: expect.stringMatching(/^(CONFLICT|FORBIDDEN)$/) });
        const supers = await fresh.sql(`select count(*)::int as n from admin_user where role = 'SUPER_ADMIN' and not disabled`);
        expect(supers[0].n).toBe(1);
      } finally {
        await fresh.close();
      }
    }
  }, 60_000);
});

describe('changing your own password', () => {
  const CHANGE = 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { token expiresAt user { username } } }';
  const change = (token: string | null, currentPassword: string, newPassword: string) => app.gqlAs(token, CHANGE, { input: { currentPassword, newPassword } });

  it('checks the current one, ends every session of the account, and hands back a new one', async () => {
    const input = account({ role: 'VIEWER' });
    const { id } = (await create(input)).data!.createOneAdminUser;
    const here = await loggedIn(input.username, input.password);
    const elsewhere = await loggedIn(input.username, input.password);
    const changed = await change(here, input.password, 'my-own-new-password');
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.changePassword).toMatchObject({ token: expect.stringMatching(/^ggs_/), user: { username: input.username } });
    // Both sessions opened with the old password end; the one handed back works.
    for (const token of [here, elsewhere]) expect(onlyError(await app.gqlAs(token, ME)).extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.gqlAs(changed.data!.changePassword.token, ME)).data!.me.username).toBe(input.username);
    expect(onlyError(await login(input.username, input.password)).extensions?.code).toBe('UNAUTHENTICATED');
    await loggedIn(input.username, 'my-own-new-password');
    // Audited as the account's own change, without the password or its hash.
    const [event] = await app.sql(
      `select actor_id, changes::text as changes from audit_event where entity = 'AdminUser' and action = 'update' and entity_id = ? order by id desc limit 1`,
      [id],
    );
    expect(event).toMatchObject({ actor_id: String(id) });
    expect(event.changes).toContain('"password"');
    expect(event.changes).not.toMatch(/my-own-new-password|argon2/);
  });

  it('names the field: a wrong current password, a short or unchanged new one; nothing changes', async () => {
    const input = account();
    await create(input);
    const token = await loggedIn(input.username, input.password);
    expect(onlyError(await change(token, 'not-the-password', 'another-long-password')).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'currentPassword',
      reason: 'WRONG_PASSWORD',
    });
    expect(onlyError(await change(token, input.password, 'too-short')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect(onlyError(await change(token, input.password, input.password)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', reason: 'SAME_PASSWORD' });
    expect((await app.gqlAs(token, ME)).data!.me.username).toBe(input.username);
    await loggedIn(input.username, input.password);
  });

  it('counts wrong current passwords as failed logins: the sixth try is refused even when right', async () => {
    const input = account();
    await create(input);
    const token = await loggedIn(input.username, input.password);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(onlyError(await change(token, `wrong-password-${attempt}`, 'another-long-password')).extensions?.reason).toBe('WRONG_PASSWORD');
    }
    expect(onlyError(await change(token, input.password, 'another-long-password')).extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(onlyError(await login(input.username, input.password)).extensions?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('is for console sessions: an API token is refused, and nobody anonymous', async () => {
    expect(onlyError(await change(null, 'whatever-password', 'another-long-password')).extensions?.code).toBe('UNAUTHENTICATED');
    const issued = await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
      input: { name: '大屏', scopes: ['STATS_READ'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(onlyError(await change(issued.data!.issueApiToken.token, 'whatever-password', 'another-long-password')).extensions?.code).toBe('FORBIDDEN');
  });
});
