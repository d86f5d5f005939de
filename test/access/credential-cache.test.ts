import { AdminRole } from '../../api/common/viewer';
import { onlyError, startTestApp, type TestApp } from '../support/app';
import { adminQuery } from '../support/database';

/**
 * The server's cache of credentials over a real PostgreSQL: sessions and tokens come from it,
 * every change that matters is announced by the database's triggers whoever makes it (here the
 * owner, in plain SQL, as an operator would), and when the listening connection is lost or stops
 * answering the cache is emptied and bypassed until it listens again. The race of an
 * announcement with a look-up in flight is test/unit/credential-cache.test.ts's.
 */

let app: TestApp;
const cache = () => app.server.credentials.cache;

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  app = await startTestApp('empty');
  await until(() => cache().isTrusted);
});
afterAll(() => app?.close());

const ME = '{ me { username role regionCode } }';
let sequence = 0;
async function account(role = AdminRole.REGION_ADMIN): Promise<{ username: string; token: string }> {
  const username = `cache-${++sequence}`;
  const token = await app.adminSession({ username, password: 'a-long-password-1', role, regionCode: role === AdminRole.SUPER_ADMIN ? null : '510104' });
  return { username, token };
}
const me = async (token: string) => (await app.gqlAs(token, ME)).data?.me;

describe('served from the cache', () => {
  it('a session: looked up once, then from the cache', async () => {
    const { token } = await account();
    await me(token);
    const before = { ...cache().stats };
    app.queries.length = 0;
    await me(token);
    await me(token);
    expect(cache().stats.hits - before.hits).toBe(2);
    expect(app.queries.filter((sql) => /auth_session/.test(sql))).toEqual([]);
    // Nor does `me` itself read the password hash (AdminUser.passwordHash is lazy).
    const accountReads = app.queries.filter((sql) => /from "admin_user"/.test(sql));
    expect(accountReads.length).toBeGreaterThan(0);
    expect(accountReads.filter((sql) => /password_hash|\.\*/.test(sql))).toEqual([]);
  });

  it('a token: looked up once, then from the cache; a tampered copy is not found there', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const issued = await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
      input: { name: 'dashboard', scopes: ['STATS_READ'], expiresAt },
    });
    const token = issued.data!.issueApiToken.token as string;
    await app.gqlAs(token, '{ __typename }');
    app.queries.length = 0;
    expect((await app.gqlAs(token, '{ __typename }')).status).toBe(200);
    expect(app.queries.filter((sql) => /auth_token\(/.test(sql))).toEqual([]);
    // Same public id, another secret (and a valid checksum): never the cached entry.
    const { generateApiToken } = await import('../../api/access/token-format');
    const other = generateApiToken().token.replace(/^ggt_[0-9A-Za-z]{12}/, token.slice(0, 16));
    const forged = await app.gqlAs(other, '{ __typename }');
    expect(forged.status).toBe(401);
  });
});

describe('changes made in SQL take effect on the next request', () => {
  it('a new role and region', async () => {
    const { username, token } = await account();
    expect(await me(token)).toMatchObject({ role: 'REGION_ADMIN', regionCode: '510104' });
    await app.sql(`update admin_user set role = 'VIEWER', region_code = '510105' where username = ?`, [username]);
    expect(await me(token)).toMatchObject({ role: 'VIEWER', regionCode: '510105' });
  });

  it('a disabled account, an ended session, a new password hash', async () => {
    const disabled = await account();
    await me(disabled.token);
    await app.sql('update admin_user set disabled = true where username = ?', [disabled.username]);
    expect(onlyError(await app.gqlAs(disabled.token, ME)).extensions?.code).toBe('UNAUTHENTICATED');

    const ended = await account();
    await me(ended.token);
    await app.sql('update admin_session set revoked_at = now() where user_id = (select id from admin_user where username = ?)', [ended.username]);
    expect(onlyError(await app.gqlAs(ended.token, ME)).extensions?.code).toBe('UNAUTHENTICATED');

    // A password hash changed by hand announces the account, even though its sessions stay.
    const rehashed = await account();
    await me(rehashed.token);
    const invalidations = cache().stats.invalidations;
    await app.sql(`update admin_user set password_hash = 'x' || password_hash where username = ?`, [rehashed.username]);
    await until(() => cache().stats.invalidations > invalidations);
  });

  it('a deleted session, a shortened expiry', async () => {
    const deleted = await account();
    await me(deleted.token);
    await app.sql('delete from admin_session where user_id = (select id from admin_user where username = ?)', [deleted.username]);
    expect((await app.gqlAs(deleted.token, ME)).status).toBe(401);

    const expired = await account();
    await me(expired.token);
    await app.sql(`update admin_session set expires_at = now() - interval '1 second' where user_id = (select id from admin_user where username = ?)`, [expired.username]);
    expect((await app.gqlAs(expired.token, ME)).status).toBe(401);
  });

  it('nothing is announced for what a credential does not depend on', async () => {
    const { username, token } = await account();
    await me(token);
    const invalidations = cache().stats.invalidations;
    await app.sql(`update admin_user set display_name = '改名', last_login_at = now() where username = ?`, [username]);
    await me(token);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cache().stats.invalidations).toBe(invalidations);
  });
});

describe('an announcement still on its way', () => {
  /** Holds up the listening backend, so that announcements of changes made meanwhile are late. */
  async function withAnnouncementsHeldUp(work: () => Promise<void>): Promise<void> {
    const pid = app.server.credentials.notifications!.backendPid!;
    process.kill(pid, 'SIGSTOP');
    try {
      await work();
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until(() => cache().isTrusted);
  }

  it('the epoch read by the statement opening the transaction has the credential looked up again: refused', async () => {
    const { username, token } = await account();
    await me(token);
    await me(token);
    const rechecks = app.server.credentials.rechecks;
    await withAnnouncementsHeldUp(async () => {
      await app.sql('update admin_user set disabled = true where username = ?', [username]);
      const refused = await app.gqlAs(token, ME);
      expect(refused.status).toBe(401);
      expect(onlyError(refused).extensions?.code).toBe('UNAUTHENTICATED');
    });
    expect(app.server.credentials.rechecks).toBe(rechecks + 1);
  });

  it('… or run as the credential stands now', async () => {
    const { username, token } = await account();
    await me(token);
    await withAnnouncementsHeldUp(async () => {
      await app.sql(`update admin_user set role = 'VIEWER', region_code = '510105' where username = ?`, [username]);
      expect(await me(token)).toMatchObject({ role: 'VIEWER', regionCode: '510105' });
    });
  });

  it('a token revoked meanwhile is refused too', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const issued = await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token apiToken { id } } }', {
      input: { name: 'dashboard', scopes: ['STATS_READ'], expiresAt },
    });
    const { token, apiToken } = issued.data!.issueApiToken;
    await app.gqlAs(token, '{ __typename }');
    await withAnnouncementsHeldUp(async () => {
      await app.sql('update api_token set revoked_at = now() where id = ?', [Number(apiToken.id)]);
      expect((await app.gqlAs(token, '{ __typename }')).status).toBe(401);
    });
  });
});

describe('without a listening connection', () => {
  it('lost: the cache is emptied and bypassed, so changes still apply at once; back: it is used again', async () => {
    const { username, token } = await account();
    await me(token);
    expect(cache().size).toBeGreaterThan(0);
    const listener = app.server.credentials.notifications!;
    const distrusted = cache().stats.distrusted;
    await adminQuery(`select pg_terminate_backend(${listener.backendPid})`);
    await until(() => cache().stats.distrusted > distrusted);
    expect(cache().size).toBe(0);

    // Whatever is announced now may reach no one: until it listens again (a moment later), the
    // database is asked on every request instead, and once it does, the cache starts empty.
    const bypassed = cache().stats.bypassed;
    const stillLost = !cache().isTrusted;
    await app.sql(`update admin_user set role = 'VIEWER' where username = ?`, [username]);
    expect(await me(token)).toMatchObject({ role: 'VIEWER' });
    if (stillLost) expect(cache().stats.bypassed).toBeGreaterThan(bypassed);

    await until(() => cache().isTrusted);
    await me(token);
    const hits = cache().stats.hits;
    expect(await me(token)).toMatchObject({ role: 'VIEWER' });
    expect(cache().stats.hits).toBe(hits + 1);
  });

  it('silent (a connection that stops answering): counted as lost after the periodic check times out', async () => {
    const listener = app.server.credentials.notifications!;
    const pid = listener.backendPid!;
    const { token } = await account();
    await me(token);
    const distrusted = cache().stats.distrusted;
    process.kill(pid, 'SIGSTOP');
    try {
      await until(() => cache().stats.distrusted > distrusted, 10_000);
      expect(cache().size).toBe(0);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until(() => cache().isTrusted, 15_000);
    expect(listener.backendPid).not.toBe(pid);
  });
});
