import 'reflect-metadata';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../../api/db/embedded-postgres';
import { ormConfig } from '../../api/db/orm.config';
import { OWNER_ROLE } from '../../api/db/roles';
import { seedDemoData } from '../../api/db/seed/demo-seed';
import { configurePersonalData, PersonalDataProtector } from '../../api/members/personal-data';
import { freePort } from './ports';
import { adminQuery, DEMO_TODAY, TEMPLATE_DEMO, TEMPLATE_EMPTY, TEST_DATA_KEY } from './database';

/**
 * One real PostgreSQL for the whole run (from the embedded-postgres package), with the product's
 * two roles and two migrated templates: an empty one and one holding the deterministic demo
 * data. Each test file clones one; its server connects as the application role, as in production.
 */
export default async function globalSetup(): Promise<void> {
  // The metadata this leaves in MikroORM's global store is cleared by each file's setup
  // (test/support/per-file-setup.ts), also when jest runs the files in this same process.
  await prepareDatabases();
}

async function prepareDatabases(): Promise<void> {
  const dataDir = path.join(os.tmpdir(), `gongguan-test-pg-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const port = await freePort();
  const database = await startEmbeddedPostgres({ dataDir, port, database: TEMPLATE_EMPTY });
  process.env.GONGGUAN_TEST_PG = database.superuserUrl;
  process.env.GONGGUAN_DATA_KEY = TEST_DATA_KEY;
  (globalThis as Record<string, unknown>).__GONGGUAN_PG__ = { stop: database.stop, dataDir };

  const template = await MikroORM.init(ormConfig(database.ownerUrl));
  await template.getMigrator().up();
  await template.close(true);

  await adminQuery(`create database "${TEMPLATE_DEMO}" template "${TEMPLATE_EMPTY}" owner ${OWNER_ROLE}`);
  // GONGGUAN_TEST_DEMO=off skips the demo data for a quicker run of files that do not use it.
  if (process.env.GONGGUAN_TEST_DEMO === 'off') return;
  configurePersonalData(PersonalDataProtector.parseKey(TEST_DATA_KEY));
  const demo = await MikroORM.init(ormConfig(database.ownerUrl.replace(/\/[^/]+$/, `/${TEMPLATE_DEMO}`)));
  await demo.em.fork().transactional((em) => seedDemoData(em, { today: DEMO_TODAY }));
  // Planner statistics travel with the template into every clone.
  await demo.em.getConnection().execute('analyze');
  await demo.close(true);
}
