import 'reflect-metadata';
import { loadConfig } from './config';
import { resolveDataKey } from './db/data-key';
import { EMBEDDED_PASSWORDS, APP_ROLE } from './db/roles';
import { createLogger } from './logger';
import { configurePersonalData } from './members/personal-data';
import { startDeliveryWorker } from './webhooks/delivery-worker';

/**
 * `npm run worker`: the webhook delivery worker on its own, for a server started with
 * WEBHOOK_WORKER=off (or to add senders). Same database and data key as the server: DATABASE_URL,
 * or the embedded database a running `npm start` serves (EMBEDDED_PG_PORT).
 */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  configurePersonalData(resolveDataKey(config, log));
  const databaseUrl = config.databaseUrl ?? `postgresql://${APP_ROLE}:${EMBEDDED_PASSWORDS[APP_ROLE]}@127.0.0.1:${config.embeddedPort}/gongguan`;
  const worker = await startDeliveryWorker({ databaseUrl, config: config.webhooks, log });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'webhook worker stopping');
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'webhook worker stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`webhook worker could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
