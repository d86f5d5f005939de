import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopPostmaster } from '../../api/db/postmaster';
import { EMBEDDED_PASSWORDS } from '../../api/db/roles';
import { ensureServerBuilt } from '../support/builds';
import { freePort, ServerProcess, superuserQuery } from './server-process';

/**
 * Two server processes over one PostgreSQL, as two replicas behind a load balancer: A runs the
 * embedded database (as `npm start` does), B connects to it with DATABASE_URL as the application
 * role. Each keeps its own cache of credentials; what one replica changes is in force on the
 * other from its next request, the rate limits are one count for both, and a replica whose
 * LISTEN connection is lost or stalls never serves a revoked credential.
 *
 * The bound printed here: how long after A answered B had dropped what it cached (its /readyz
 * counts announcements heard). Refusal does not wait for it: every request confirms its
 * credential against the database's credentials epoch in the statement opening its transaction.
 */

jest.setTimeout(240_000);

const TOKEN_LIMIT = 12;
const ME = '{ me { username role regionCode } }';

let dataDir: string;
let pgPort: number;
let a: ServerProcess;
let b: ServerProcess;
let session: string;
const bounds: string[] = [];

interface CredentialState {
  cache: 'listening' | 'not listening' | 'off';
  entries: number;
  hits: number;
  misses: number;
  bypassed: number;
  rechecks: number;
  invalidations: number;
}

async function credentialState(server: ServerProcess): Promise<CredentialState> {
  const response = await fetch(`${server.url}/readyz`);
  return ((await response.json()) as { credentials: CredentialState }).credentials;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000, pauseMs = 5): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return Date.now() - started;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin = () => bearer(session);

async function issueToken(name: string): Promise<{ token: string; id: string }> {
  const issued = await a.post(
    'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token apiToken { id } } }',
    { input: { name, agreementId: '1', scopes: ['MEMBERS_READ'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } },
    admin(),
  );
  expect(issued.body.errors).toBeUndefined();
  return { token: issued.body.data!.issueApiToken.token, id: issued.body.data!.issueApiToken.apiToken.id };
}

async function revoke(id: string): Promise<void> {
  const revoked = await a.post('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id }, admin());
  expect(revoked.body.errors).toBeUndefined();
}

/** A token's request; its status, and its error code if refused. */
async function asToken(server: ServerProcess, token: string): Promise<{ status: number; code?: string }> {
  const response = await server.post('{ __typename }', {}, bearer(token));
  return { status: response.status, code: response.body.errors?.[0]?.extensions?.code };
}

/** Used twice on B, so that B holds it in its cache (the second use is a hit). */
async function cachedOnB(headers: Record<string, string>, query = '{ __typename }'): Promise<void> {
  expect((await b.post(query, {}, headers)).status).toBe(200);
  const before = await credentialState(b);
  expect((await b.post(query, {}, headers)).status).toBe(200);
  expect((await credentialState(b)).hits).toBe(before.hits + 1);
}

/** Milliseconds from now until B has heard an announcement more than it had at `before`. */
async function heardOnB(before: CredentialState, startedAt: number): Promise<number> {
  await until(async () => (await credentialState(b)).invalidations > before.invalidations, 5_000, 2);
  return Date.now() - startedAt;
}

/** The LISTEN connection of a server process, as PostgreSQL sees it. */
async function listenerPid(server: ServerProcess): Promise<number> {
  const [row] = await superuserQuery<{ pid: number }>(pgPort, `select pid from pg_stat_activity where application_name = $1`, [`gongguan-listener ${server.pid}`]);
  return row!.pid;
}

beforeAll(async () => {
  ensureServerBuilt();
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gongguan-replicas-')), 'postgres');
  const [portA, portB] = [await freePort(), await freePort()];
  pgPort = await freePort();
  const limits = { RATE_LIMIT_PER_TOKEN: String(TOKEN_LIMIT) };
  a = await ServerProcess.start({ dataDir, port: portA, pgPort, env: limits });
  expect(a.running).toBe(true);
  b = await ServerProcess.start({
    dataDir,
    port: portB,
    pgPort,
    env: {
      ...limits,
      DATABASE_URL: `postgres://gongguan_app:${EMBEDDED_PASSWORDS.gongguan_app}@127.0.0.1:${pgPort}/gongguan`,
      SEED_DEMO_DATA: 'false',
    },
  });
  expect(b.running).toBe(true);
  session = await a.login();
  for (const server of [a, b]) await until(async () => (await credentialState(server)).cache === 'listening');
});

afterAll(async () => {
  for (const server of [b, a]) {
    if (server?.running) {
      server.kill('SIGKILL');
      await server.exited;
    }
  }
  if (dataDir) {
    await stopPostmaster(dataDir);
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
  if (bounds.length) console.log(`two replicas — B dropped the cached credential this long after A answered:\n  ${bounds.join('\n  ')}`);
});

describe('what A changes is in force on B from its next request', () => {
  it('a token revoked through A is refused by B', async () => {
    const { token, id } = await issueToken('replica revocation');
    await cachedOnB(bearer(token));
    const before = await credentialState(b);
    await revoke(id);
    const answeredAt = Date.now();
    // At once, without waiting for the announcement.
    expect(await asToken(b, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const heard = await heardOnB(before, answeredAt);
    bounds.push(`token revoked: ${heard} ms`);
    expect(heard).toBeLessThan(1000);
    expect(await asToken(b, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await asToken(a, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('a session logged out on A is refused on B; the admin\'s other session goes on', async () => {
    const other = await a.login();
    await cachedOnB(bearer(other), ME);
    const before = await credentialState(b);
    const loggedOut = await a.post('mutation { logout }', {}, bearer(other));
    expect(loggedOut.body.data).toEqual({ logout: true });
    const answeredAt = Date.now();
    const refused = await b.post(ME, {}, bearer(other));
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    bounds.push(`session logged out: ${await heardOnB(before, answeredAt)} ms`);
    expect((await b.post(ME, {}, admin())).body.data?.me).toMatchObject({ username: 'admin' });
  });

  it('a role and region changed through A apply on B', async () => {
    const created = await a.post(
      'mutation($input: CreateOneAdminUserInput!) { createOneAdminUser(input: $input) { id version } }',
      { input: { adminUser: { username: 'replica-region', password: 'replica-password-1', role: 'REGION_ADMIN', regionCode: '510104' } } },
      admin(),
    );
    expect(created.body.errors).toBeUndefined();
    const user = created.body.data!.createOneAdminUser as { id: string; version: number };
    // Logged in on B, used there.
    const login = await b.post('mutation($input: LoginInput!) { login(input: $input) { token } }', { input: { username: 'replica-region', password: 'replica-password-1' } });
    const token = login.body.data!.login.token as string;
    await cachedOnB(bearer(token), ME);
    expect((await b.post(ME, {}, bearer(token))).body.data!.me).toEqual({ username: 'replica-region', role: 'REGION_ADMIN', regionCode: '510104' });

    const before = await credentialState(b);
    const updated = await a.post(
      'mutation($input: UpdateOneAdminUserInput!) { updateOneAdminUser(input: $input) { role } }',
      { input: { id: user.id, update: { role: 'VIEWER', regionCode: '510105', version: user.version } } },
      admin(),
    );
    expect(updated.body.errors).toBeUndefined();
    const answeredAt = Date.now();
    expect((await b.post(ME, {}, bearer(token))).body.data!.me).toEqual({ username: 'replica-region', role: 'VIEWER', regionCode: '510105' });
    bounds.push(`role changed: ${await heardOnB(before, answeredAt)} ms`);
    // A viewer may not do what the region admin could.
    const refused = await b.post('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
      input: { name: 'no longer allowed', scopes: ['STATS_READ'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    }, bearer(token));
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an idempotent mutation answered by A is replayed by B, not run again', async () => {
    const key = { 'idempotency-key': 'replicas-display-name-1' };
    const [user] = await superuserQuery<{ id: number }>(pgPort, `select id from admin_user where username = 'replica-region'`);
    const MUTATION = 'mutation($input: UpdateOneAdminUserInput!) { updateOneAdminUser(input: $input) { displayName version } }';
    const variables = { input: { id: String(user!.id), update: { displayName: '跨副本' } } };
    const first = await a.post(MUTATION, variables, { ...admin(), ...key });
    expect(first.body.errors).toBeUndefined();
    const retried = await b.post(MUTATION, variables, { ...admin(), ...key });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.data).toEqual(first.body.data);
  });
});

describe('rate limits are one count for both replicas', () => {
  it(`RATE_LIMIT_PER_TOKEN=${TOKEN_LIMIT}: requests alternating between A and B are refused after ${TOKEN_LIMIT} in all`, async () => {
    const { token } = await issueToken('replica rate limit');
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_LIMIT + 4; i++) statuses.push((await asToken(i % 2 === 0 ? a : b, token)).status);
    expect(statuses.slice(0, TOKEN_LIMIT)).toEqual(Array(TOKEN_LIMIT).fill(200));
    // Each replica alone would allow TOKEN_LIMIT: together they still do.
    expect(statuses.slice(TOKEN_LIMIT)).toEqual([429, 429, 429, 429]);
    const tooMany = await b.post('{ __typename }', {}, bearer(token));
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('a replica that loses its LISTEN connection never serves a revoked credential', () => {
  it('cut: B stops using its cache at once, refuses the token revoked meanwhile, and uses the cache again once it listens', async () => {
    const { token, id } = await issueToken('replica cut');
    await cachedOnB(bearer(token));
    const pid = await listenerPid(b);
    const [ended] = await superuserQuery<{ ended: boolean }>(pgPort, 'select pg_terminate_backend($1) as ended', [pid]);
    expect(ended!.ended).toBe(true);
    // Revoked while B may hear nothing of it.
    await revoke(id);
    expect(await asToken(b, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });

    await until(async () => (await credentialState(b)).cache === 'listening');
    expect(await listenerPid(b)).not.toBe(pid);
    expect(await asToken(b, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    await cachedOnB(admin(), ME);
  });

  it('stalled (the connection stays open but delivers nothing): B refuses by the epoch, then counts it lost and bypasses its cache', async () => {
    const { token, id } = await issueToken('replica stall');
    await cachedOnB(bearer(token));
    const pid = await listenerPid(b);
    process.kill(pid, 'SIGSTOP');
    try {
      const before = await credentialState(b);
      await revoke(id);
      // The announcement cannot reach B; the epoch read by the request's first statement is ahead of what B heard.
      expect(await asToken(b, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      const after = await credentialState(b);
      // Looked up again inside the request's transaction (unless the periodic check had already counted the connection lost).
      if (after.cache === 'listening') expect(after.rechecks).toBe(before.rechecks + 1);
      // The periodic check (every 2 s, 2 s to answer) finds the connection dead: nothing is kept meanwhile.
      const detected = await until(async () => (await credentialState(b)).cache === 'not listening', 10_000, 50);
      bounds.push(`stalled LISTEN connection counted lost after ${detected} ms (cache bypassed from then on)`);
      const state = await credentialState(b);
      expect(state.entries).toBe(0);
      expect((await b.post(ME, {}, admin())).status).toBe(200);
      // Read from the database, not from the cache: bypassed while B does not listen, or a miss if it
      // already listens again (it reconnects 100 ms after counting the connection lost).
      const served = await credentialState(b);
      expect(served.hits).toBe(state.hits);
      expect(served.bypassed + served.misses).toBeGreaterThan(state.bypassed + state.misses);
      expect(await asToken(b, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until(async () => (await credentialState(b)).cache === 'listening');
    expect(await asToken(b, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
