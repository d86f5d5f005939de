import { lookup } from 'node:dns/promises';
import { Pool } from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import type { WebhookConfig } from '../config';
import { sealer } from '../members/personal-data';
import { DELIVERY_QUEUE, PG_BOSS_SCHEMA_NAME } from './job-queue';
import { wireType, type EventType } from './outbox-event.entity';
import { isPrivateAddress } from './webhook.rules';

interface Begun {
  attempt_id: number;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  event_id: string;
  event_type: EventType;
  agreement_id: number;
  audience: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  interrupted: number;
}

export interface DeliveryWorker {
  stop(): Promise<void>;
}

/**
 * Sends queued deliveries: one pg-boss job per delivery, retried by pg-boss with exponential
 * backoff. Each attempt runs in two steps of the database's own (webhook_delivery_begin/finish):
 * the delivery is marked SENDING with an open attempt before the request, the answer recorded
 * after it. A worker that stops in between leaves the attempt open; its job expires
 * (WEBHOOK_EXPIRE_SECONDS), the next attempt marks it INTERRUPTED and resends with the same
 * webhook-id — the receiver, as Standard Webhooks asks of it, processes a webhook-id once.
 * A delivery already answered 2xx is never sent again by the queue (only a replay does that).
 *
 * It works as `gongguan_app` (the server's role): pg-boss with `migrate: false`, since its schema
 * is the owner's (Migration20261201600000).
 */
export async function startDeliveryWorker(options: { databaseUrl: string; config: WebhookConfig; log: Logger }): Promise<DeliveryWorker> {
  const { databaseUrl, config, log } = options;
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: PG_BOSS_SCHEMA_NAME,
    migrate: false,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
    max: 3,
    application_name: 'gongguan-webhooks',
  });
  boss.on('error', (error) => log.warn({ err: error }, 'webhook queue error'));
  const pool = new Pool({ connectionString: databaseUrl, max: 3, application_name: 'gongguan-webhook-deliveries' });
  pool.on('error', (error) => log.warn({ err: error }, 'a webhook delivery connection was lost'));
  await boss.start();
  await boss.work<{ deliveryId: number }>(
    DELIVERY_QUEUE,
    { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: config.pollingIntervalSeconds },
    async ([job]) => {
      if (!job) return;
      await deliver(pool, config, log, job.data.deliveryId, job.retryCount >= job.retryLimit);
    },
  );
  log.info({ queue: DELIVERY_QUEUE }, 'webhook delivery worker started');
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: config.timeoutMs + 5_000 });
      await pool.end();
    },
  };
}

/** The Standard Webhooks body: type, timestamp, data. */
export function webhookBody(begun: Pick<Begun, 'event_id' | 'event_type' | 'agreement_id' | 'audience' | 'payload' | 'occurred_at'>): string {
  return JSON.stringify({
    type: wireType(begun.event_type),
    timestamp: new Date(begun.occurred_at).toISOString(),
    data: { eventId: String(begun.event_id), agreementId: String(begun.agreement_id), audience: begun.audience, ...begun.payload },
  });
}

/** One attempt; throws when it failed, so that pg-boss schedules the next one. */
async function deliver(pool: Pool, config: WebhookConfig, log: Logger, deliveryId: number, final: boolean): Promise<void> {
  const { rows } = await pool.query<Begun>('select * from webhook_delivery_begin($1, now())', [deliveryId]);
  const begun = rows[0];
  if (!begun) return;
  if (begun.interrupted) log.warn({ deliveryId }, 'webhook: a previous attempt was interrupted; resending with the same webhook-id');
  const body = webhookBody(begun);
  const webhookId = `msg_${deliveryId}`;
  const at = new Date();
  const open = sealer().open;
  // During a rotation's grace period both secrets sign: receivers on either one verify.
  const secrets = [open(begun.secret_sealed)];
  if (begun.previous_secret_sealed && begun.previous_secret_expires_at && new Date(begun.previous_secret_expires_at) > at) secrets.push(open(begun.previous_secret_sealed));
  const signature = secrets.map((secret) => new Webhook(secret).sign(webhookId, at, body)).join(' ');

  const started = performance.now();
  let statusCode: number | null = null;
  let failure: string | null = null;
  try {
    if (!config.allowPrivateUrls) await assertPublicDestination(begun.url);
    const response = await fetch(begun.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Gongguan-Webhooks/1',
        'webhook-id': webhookId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    statusCode = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (statusCode < 200 || statusCode >= 300) failure = `HTTP ${statusCode}`;
  } catch (error) {
    failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const took = Math.round(performance.now() - started);
  const succeeded = failure === null;
  await pool.query('select webhook_delivery_finish($1, now(), $2, $3, $4, $5, $6)', [begun.attempt_id, statusCode, failure, took, succeeded, !succeeded && final]);
  if (!succeeded) throw new Error(`webhook delivery ${deliveryId} failed: ${failure}`);
}

/** The URL's host must not resolve to a loopback or private address (checked again at each send: DNS can change). */
async function assertPublicDestination(url: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = await lookup(host, { all: true });
  if (addresses.some(({ address }) => isPrivateAddress(address))) throw new Error(`${host} resolves to a private address`);
}
