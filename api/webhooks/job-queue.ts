import type { EntityManager } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';

/**
 * The delivery queue: pg-boss over the application's own PostgreSQL (schema `pgboss`, created by
 * Migration20261201600000 as the owner). Every process works as `gongguan_app` with `migrate: false`:
 * it reads and writes the queue's rows, never its schema.
 */
export const DELIVERY_QUEUE = 'webhook-delivery';
export const PG_BOSS_SCHEMA_NAME = 'pgboss';

/** How deliveries are retried (README "Webhooks and events"); tests shorten it. */
export interface RetrySettings {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** The first pause; each retry waits about twice as long as the one before (pg-boss's backoff, with jitter). */
  retryDelaySeconds: number;
  /** A job a worker took and never finished (it stopped) is retried after this long. */
  expireInSeconds: number;
}

let retrySettings: RetrySettings = { retryLimit: 8, retryDelaySeconds: 30, expireInSeconds: 120 };

export function configureRetries(settings: RetrySettings): void {
  retrySettings = settings;
}

/**
 * Makes `settings` the delivery queue's own (its row in `pgboss.queue`): a job queued in SQL — by
 * the member trigger or the reconciliation (publish_events, Migration20261201810000) — takes its
 * retries from there, and without this kept the migration's defaults whatever the server was
 * configured with, while the jobs this process queues (enqueueDeliveries) carried the configured ones.
 */
export async function applyRetriesToQueue(em: EntityManager, settings: RetrySettings): Promise<void> {
  await em.getConnection().execute('update pgboss.queue set retry_limit = ?, retry_delay = ?, retry_backoff = true, expire_seconds = ?, updated_on = now() where name = ?', [
    settings.retryLimit,
    settings.retryDelaySeconds,
    settings.expireInSeconds,
    DELIVERY_QUEUE,
  ]);
}

export function currentRetries(): RetrySettings {
  return retrySettings;
}

/** Used only to build pg-boss's statements for jobs written in a caller's transaction; it never connects. */
let writer: PgBoss | undefined;
function jobWriter(): PgBoss {
  writer ??= new PgBoss({ connectionString: 'postgres://unused@localhost/unused', schema: PG_BOSS_SCHEMA_NAME, migrate: false, supervise: false, schedule: false });
  return writer;
}

/**
 * Queues deliveries inside the caller's transaction (pg-boss's `insert` with a `db` of ours): the
 * jobs commit with the change and its outbox row, or not at all.
 */
export async function enqueueDeliveries(em: EntityManager, deliveryIds: number[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  const { retryLimit, retryDelaySeconds, expireInSeconds } = retrySettings;
  await jobWriter().insert(
    deliveryIds.map((deliveryId) => ({
      name: DELIVERY_QUEUE,
      data: { deliveryId },
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds,
    })),
    { db: inTransaction(em) },
  );
}

/** pg-boss's `$n` placeholders as the `?` bindings MikroORM's connection takes, on the caller's transaction. */
function inTransaction(em: EntityManager) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const bindings: unknown[] = [];
      const sql = text.replace(/\$(\d+)/g, (_match, position: string) => {
        bindings.push(values[Number(position) - 1] ?? null);
        return '?';
      });
      const rows = await em.execute(sql, bindings);
      return { rows: rows as unknown[] };
    },
  };
}
