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
import { createServer } from './server';

/** `npm start`: database (embedded unless DATABASE_URL), migrations, demo data, HTTP server. */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  configurePersonalData(resolveDataKey(config, log));

  const db = await openDatabase(config, log);
  let server: Awaited<ReturnType<typeof createServer>> | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await server?.close();
      await db.close();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

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
  const port = await server.listen(config.port, config.host);
  log.info({ url: `http://localhost:${port}/`, graphql: `http://localhost:${port}/graphql`, embeddedDatabase: db.embedded }, 'Gongguan is ready');
}

/** The demo data set and its admin, on the first start of an empty database (as the owner). */
async function seedDemo(owner: MikroORM, config: Config, log: Logger): Promise<void> {
  if (await seedDemoDataIfEmpty(owner, log)) {
    // Fresh statistics, so the planner does not treat the freshly seeded tables as empty.
    await owner.em.getConnection().execute('analyze');
  }
  const admin = await ensureDemoAdmin(owner.em.fork());
  if (admin) {
    const file = path.join(path.dirname(config.embeddedDataDir), 'demo-admin.txt');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `username: ${admin.username}\npassword: ${admin.password}\n`, { mode: 0o600 });
    console.log(`\n  Demo admin created — username: ${admin.username}  password: ${admin.password}\n  (also saved in ${file})\n`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
