import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDemoAdmin } from './access/admin-user.service';
import { type Config, loadConfig } from './config';
import { resolveDataKey } from './db/data-key';
import { asOwner, assertServerRole, migrateToLatest, openDatabase } from './db/database';
import { seedDemoDataIfEmpty } from './db/seed/demo-seed';
import { createLogger } from './logger';
import { configurePersonalData } from './members/personal-data';
import { createServer, type GongguanServer } from './server';
import { type DeliveryWorker, startDeliveryWorker } from './webhooks/delivery-worker';

/** `npm start`: database (embedded unless DATABASE_URL), migrations, demo data, HTTP server. */
async function main(config: Config, log: Logger) {
  configurePersonalData(resolveDataKey(config, log));

  const db = await openDatabase(config, log);
  let server: GongguanServer | undefined;
  let worker: DeliveryWorker | undefined;
  stopOnSignals(log, config, async () => {
    await worker?.stop();
    await server?.close();
    await db.close();
  });

  let port: number;
  try {
    if (db.ownerUrl) {
      await asOwner(db.ownerUrl, async (owner) => {
        const applied = await migrateToLatest(owner);
        if (applied.length) log.info({ applied }, 'migrations applied');
        if (config.seedDemoData) await seedDemo(owner, config, log);
      });
    } else {
      log.warn('DATABASE_OWNER_URL is not set: migrations are not applied at start (run `npm run migrate` as the owner)');
    }
    await assertServerRole(db.orm);

    server = await createServer(config, db.orm, log);
    port = await server.listen(config.port, config.host);
    // Webhook deliveries are sent from here unless WEBHOOK_WORKER=off (then `npm run worker` sends them).
    if (config.webhooks.worker) worker = await startDeliveryWorker({ databaseUrl: db.url, config: config.webhooks, log });
  } catch (error) {
    // Whatever started is stopped again, the embedded database included, before the cause is reported.
    await worker?.stop().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
  log.info({ url: `http://localhost:${port}/`, graphql: `http://localhost:${port}/graphql`, embeddedDatabase: db.embedded }, 'Gongguan is ready');
}

/**
 * SIGTERM or SIGINT: stop accepting, let requests in flight finish (SHUTDOWN_TIMEOUT_MS), close
 * the pool, then stop the embedded database — in that order, so that no answered write is lost
 * and none is cut off halfway. A second signal stops at once (the database's own recovery then
 * rolls back what was unfinished).
 */
function stopOnSignals(log: Logger, config: Config, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: stopping without waiting for requests in flight');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, drainMs: config.timeouts.shutdownMs }, 'shutting down: no new requests, finishing those in flight');
    // The drain is bounded by shutdownMs; the database's own stop by its fast shutdown.
    const deadline = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.timeouts.shutdownMs + 60_000).unref();
    stop().then(
      () => {
        clearTimeout(deadline);
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** The demo data set and its admin, on the first start of an empty database (as the owner). */
async function seedDemo(owner: MikroORM, config: Config, log: Logger): Promise<void> {
  if (await seedDemoDataIfEmpty(owner, log)) {
    // Fresh statistics, so the planner does not treat the freshly seeded tables as empty, and the
    // visibility map set, so a count can be read from an index alone; our tables only (a bare
    // VACUUM warns about every shared catalog the owner may not vacuum).
    const connection = owner.em.getConnection();
    const tables: { name: string }[] = await connection.execute(`select quote_ident(tablename) as name from pg_tables where schemaname = current_schema()`);
    if (tables.length > 0) await connection.execute(`vacuum (analyze) ${tables.map((table) => table.name).join(', ')}`);
  }
  const admin = await ensureDemoAdmin(owner.em.fork());
  if (admin) {
    const file = path.join(path.dirname(config.embeddedDataDir), 'demo-admin.txt');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `username: ${admin.username}\npassword: ${admin.password}\n`, { mode: 0o600 });
    console.log(`\n  Demo admin created — username: ${admin.username}  password: ${admin.password}\n  (also saved in ${file})\n`);
  }
}

const config = loadConfig();
const log = createLogger(config.logLevel);
main(config, log).catch((error: unknown) => {
  // The cause, at the default level, whatever failed (a busy port, a locked data folder, a migration).
  log.fatal({ err: error }, `Gongguan could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
