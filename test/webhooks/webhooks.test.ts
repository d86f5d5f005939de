import { type ChildProcess, spawn } from 'node:child_process';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../../api/config';
import { type DeliveryWorker, startDeliveryWorker } from '../../api/webhooks/delivery-worker';
import { ACTIVITY_YEAR, buildWorld, CREATE_ENDPOINT, feedbackStep, ok, type World } from '../access/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { ensureServerBuilt, ROOT } from '../support/builds';
import { TEST_DATA_KEY } from '../support/database';

/**
 * Webhooks end to end: a real local HTTP endpoint receives what the worker sends, verifies every
 * signature with the standardwebhooks verifier, fails twice and sees the retries; a worker process
 * killed between sending and recording is followed by another that resends the same webhook-id,
 * which the receiver processes once. Short backoff and expiry settings keep it quick.
 */

const RETRIES = { WEBHOOK_RETRY_LIMIT: '4', WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_EXPIRE_SECONDS: '2', WEBHOOK_POLLING_SECONDS: '1', WEBHOOK_MAINTENANCE_SECONDS: '1' };

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The partner's system: records every request; what it answers is up to the test, per path. */
class Receiver {
  readonly requests: Received[] = [];
  /** webhook-ids processed, as a receiver following the spec keeps them: each processed once. */
  readonly processed: string[] = [];
  answer: (request: Received, res: ServerResponse) => void = (_request, res) => res.writeHead(200).end();
  private server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() };
      this.requests.push(request);
      this.answer(request, res);
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  /** Processes a webhook once per webhook-id; a repeat is acknowledged without processing. */
  processOnce(request: Received): boolean {
    const id = request.headers['webhook-id']!;
    if (this.processed.includes(id)) return false;
    this.processed.push(id);
    return true;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const DELIVERIES = `query($id: ID!) { webhookEndpoint(id: $id) { id deliveries { id webhookId status attemptCount attempts { statusCode outcome durationMs error } } } }`;

let app: TestApp;
let world: World;
const receiver = new Receiver();
let draftIndex = 1;

/** Delivers one more of agreement A's draft returns to Chongqing (the host submits and approves it). */
async function deliverAReturn(): Promise<string> {
  const id = world.feedback.a[world.members.aCq[draftIndex++]!]!;
  await feedbackStep(app, app.adminToken, 'submitAnnualFeedback', id);
  await feedbackStep(app, app.adminToken, 'approveAnnualFeedback', id);
  return id;
}

async function register(pathName: string, eventTypes = ['FEEDBACK_DELIVERED']): Promise<{ id: string; secret: string }> {
  const created = ok(await app.gqlAs(world.credentials.partnerA!, CREATE_ENDPOINT, { input: { url: `${receiver.url}${pathName}`, eventTypes } })).createWebhookEndpoint;
  return { id: created.endpoint.id, secret: created.secret };
}

async function disable(id: string): Promise<void> {
  const [{ version }] = await app.sql<{ version: number }>('select version from webhook_endpoint where id = ?', [Number(id)]);
  ok(await app.gqlAs(world.credentials.partnerA!, 'mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id } }', { input: { id, version, enabled: false } }));
}

beforeAll(async () => {
  // Built first: the build blocks this process, and the server's idle connections would not survive it.
  ensureServerBuilt();
  app = await startTestApp('empty', RETRIES);
  world = await buildWorld(app);
  await receiver.start();
}, 300_000);
afterAll(async () => {
  await receiver.close();
  await app?.close();
});

describe('endpoints', () => {
  it('shows the secret once, stores it sealed, and names the field of a bad URL', async () => {
    const { id, secret } = await register('/once');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [stored] = await app.sql<{ secret_sealed: string }>('select secret_sealed from webhook_endpoint where id = ?', [Number(id)]);
    expect(stored!.secret_sealed).not.toContain(secret.slice(6));
    const fields = ok(await app.gql('{ __type(name: "WebhookEndpoint") { fields { name } } }')).__type.fields.map((field: { name: string }) => field.name);
    expect(fields.filter((name: string) => /secret/i.test(name))).toEqual(['previousSecretExpiresAt']);

    for (const [url, reason] of [
      ['ftp://example.com/hook', 'INVALID_URL'],
      ['not a url', 'INVALID_URL'],
      ['https://user:pw@example.com/hook', 'INVALID_URL'],
    ]) {
      const response = await app.gqlAs(world.credentials.partnerA!, CREATE_ENDPOINT, { input: { url, eventTypes: ['FEEDBACK_DELIVERED'] } });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url', reason });
    }
    const none = await app.gqlAs(world.credentials.partnerA!, CREATE_ENDPOINT, { input: { url: 'https://example.com/hook', eventTypes: [] } });
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventTypes' });
    const side = await app.gqlAs(world.credentials.partnerA!, CREATE_ENDPOINT, { input: { url: 'https://example.com/hook', audience: 'HOST', eventTypes: ['FEEDBACK_RECEIVED'] } });
    expect(side.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'audience' });
    await disable(id);
  });

  it('queues a delivery made in SQL (the member trigger, the reconciliation) with the retries the server was given, as it queues its own', async () => {
    const { id } = await register('/from-sql');
    await app.sql('select publish_events(?::jsonb)', [JSON.stringify([{ type: 'FEEDBACK_DELIVERED', agreementId: Number(world.agreements.A), audience: 'PARTNER', payload: {} }])]);
    const jobsOf = `select j.retry_limit, j.retry_delay, j.retry_backoff, extract(epoch from j.expire_in)::int as expire_seconds
                      from pgboss.job j join webhook_delivery d on d.id = (j.data->>'deliveryId')::int where d.endpoint_id = ?`;
    const configured = { retry_limit: Number(RETRIES.WEBHOOK_RETRY_LIMIT), retry_delay: Number(RETRIES.WEBHOOK_RETRY_DELAY_SECONDS), retry_backoff: true, expire_seconds: Number(RETRIES.WEBHOOK_EXPIRE_SECONDS) };
    expect(await app.sql(jobsOf, [Number(id)])).toEqual([configured]);
    // Not delivered: no worker runs yet, and the job is gone before the next tests start one.
    await app.sql(`delete from pgboss.job where data->>'deliveryId' in (select id::text from webhook_delivery where endpoint_id = ?)`, [Number(id)]);
    await disable(id);
  });
});

describe('deliveries', () => {
  let worker: DeliveryWorker;
  let endpoint: { id: string; secret: string };

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', ...RETRIES });
    worker = await startDeliveryWorker({ databaseUrl: app.orm.config.get('clientUrl') as string, config: config.webhooks, log: pino({ level: 'silent' }) });
  });
  afterAll(() => worker?.stop());

  it('signs per Standard Webhooks, retries with backoff after two failures, and records every attempt', async () => {
    endpoint = await register('/flaky');
    let calls = 0;
    const arrivals: number[] = [];
    receiver.answer = (request, res) => {
      calls += 1;
      arrivals.push(Date.now());
      if (calls <= 2) return void res.writeHead(500).end('not now');
      receiver.processOnce(request);
      res.writeHead(204).end();
    };
    const feedbackId = await deliverAReturn();
    await until('three requests', () => receiver.requests.filter((request) => request.path === '/flaky').length >= 3 && true);
    const requests = receiver.requests.filter((request) => request.path === '/flaky');
    const verifier = new Webhook(endpoint.secret);
    for (const request of requests) {
      const payload = verifier.verify(request.body, request.headers) as { type: string; data: Record<string, unknown> };
      expect(payload).toMatchObject({ type: 'feedback.delivered', data: { feedbackId, agreementId: world.agreements.A, audience: 'PARTNER', status: 'DELIVERED', year: ACTIVITY_YEAR } });
    }
    // One message: the same webhook-id on every retry; signatures of another secret do not verify.
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(requests[0]!.body, requests[0]!.headers)).toThrow();
    // Exponential backoff (pg-boss, retry delay 1 s): the first pause is 1–2 s, the second 2–4 s — at least
    // what the first could be at most. (Jitter and the worker's polling make a strict "longer" comparison flaky.)
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(950);
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(1950);

    const delivery = await until('the delivery to succeed', async () => {
      const [row] = ok(await app.gqlAs(world.credentials.partnerA!, DELIVERIES, { id: endpoint.id })).webhookEndpoint.deliveries;
      return row.status === 'SUCCEEDED' && row;
    });
    expect(delivery).toMatchObject({ webhookId: requests[0]!.headers['webhook-id'], attemptCount: 3 });
    expect(delivery.attempts.map((attempt: { statusCode: number; outcome: string }) => [attempt.statusCode, attempt.outcome])).toEqual([
      [500, 'FAILED'],
      [500, 'FAILED'],
      [204, 'SUCCEEDED'],
    ]);
  }, 40_000);

  it('replays a delivery by hand with the same webhook-id', async () => {
    const [delivery] = ok(await app.gqlAs(world.credentials.partnerA!, DELIVERIES, { id: endpoint.id })).webhookEndpoint.deliveries;
    const before = receiver.requests.length;
    receiver.answer = (_request, res) => res.writeHead(200).end();
    ok(await app.gqlAs(world.credentials.partnerA!, 'mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status } }', { id: delivery.id }));
    const replayed = await until('the replay', () => receiver.requests.slice(before).find((request) => request.path === '/flaky'));
    expect(replayed.headers['webhook-id']).toBe(delivery.webhookId);
    const after = await until('the replay recorded', async () => {
      const [row] = ok(await app.gqlAs(world.credentials.partnerA!, DELIVERIES, { id: endpoint.id })).webhookEndpoint.deliveries;
      return row.attemptCount === 4 && row.status === 'SUCCEEDED' && row;
    });
    expect(after.attempts.at(-1)).toMatchObject({ statusCode: 200, outcome: 'SUCCEEDED' });
  }, 30_000);

  it('signs with both secrets during a rotation\'s grace period', async () => {
    const [{ version }] = await app.sql<{ version: number }>('select version from webhook_endpoint where id = ?', [Number(endpoint.id)]);
    const rotated = ok(await app.gqlAs(world.credentials.partnerA!, 'mutation($input: RotateWebhookSecretInput!) { rotateWebhookEndpointSecret(input: $input) { secret endpoint { previousSecretExpiresAt } } }', {
      input: { id: endpoint.id, version, graceHours: 1 },
    })).rotateWebhookEndpointSecret;
    expect(rotated.secret).not.toBe(endpoint.secret);
    const before = receiver.requests.length;
    await deliverAReturn();
    const request = await until('a delivery after the rotation', () => receiver.requests.slice(before).find((received) => received.path === '/flaky'));
    expect(request.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(rotated.secret).verify(request.body, request.headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(request.body, request.headers)).not.toThrow();
    await disable(endpoint.id);
  }, 30_000);
});

describe('a worker process killed between sending and recording', () => {
  const workers: ChildProcess[] = [];
  function startWorkerProcess(): ChildProcess {
    const child = spawn(process.execPath, [path.join(ROOT, '.build/api/worker.js')], {
      cwd: ROOT,
      env: { ...process.env, ...RETRIES, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: app.orm.config.get('clientUrl') as string, GONGGUAN_DATA_KEY: TEST_DATA_KEY },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  }
  afterAll(() => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('is followed by a resend with the same webhook-id, which the receiver processes once', async () => {
    const { id } = await register('/crash');
    const first = startWorkerProcess();
    const exited = new Promise((resolve) => first.once('exit', resolve));
    let processedCount = 0;
    receiver.answer = (request, res) => {
      if (request.path !== '/crash') return void res.writeHead(410).end();
      if (receiver.processOnce(request)) {
        processedCount += 1;
        // The partner has processed it; the worker dies before it hears the answer.
        first.kill('SIGKILL');
        return void exited.then(() => res.destroy());
      }
      res.writeHead(200).end();
    };
    await deliverAReturn();
    await until('the first worker to be killed', () => first.signalCode === 'SIGKILL' && true, 30_000);
    const [open] = await app.sql<{ status: string; attempts: number }>(
      `select d.status::text, (select count(*)::int from webhook_attempt a where a.delivery_id = d.id and a.outcome is null) as attempts
         from webhook_delivery d where d.endpoint_id = ?`,
      [Number(id)],
    );
    expect(open).toEqual({ status: 'SENDING', attempts: 1 });

    startWorkerProcess();
    const delivery = await until(
      'the second worker to finish the delivery',
      async () => {
        const [row] = ok(await app.gqlAs(world.credentials.partnerA!, DELIVERIES, { id })).webhookEndpoint.deliveries;
        return row?.status === 'SUCCEEDED' && row;
      },
      30_000,
    );
    const requests = receiver.requests.filter((request) => request.path === '/crash');
    expect(requests).toHaveLength(2);
    expect(requests.map((request) => request.headers['webhook-id'])).toEqual([delivery.webhookId, delivery.webhookId]);
    expect(processedCount).toBe(1);
    expect(delivery.attempts.map((attempt: { outcome: string }) => attempt.outcome)).toEqual(['INTERRUPTED', 'SUCCEEDED']);
    expect(await app.sql('select id from webhook_delivery where endpoint_id = ?', [Number(id)])).toHaveLength(1);
  }, 90_000);
});
