import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../api/db/orm.config';
import { APP_ROLE, EMBEDDED_PASSWORDS, OWNER_ROLE } from '../../api/db/roles';

export const TEMPLATE_EMPTY = 'gongguan_template';
export const TEMPLATE_DEMO = 'gongguan_demo_template';

/** Fixed "today" of the demo template, so that the demo rows are the same on every run. */
export const DEMO_TODAY = new Date('2026-11-20T04:00:00Z');

/** A fixed 32-byte key; tests read ciphertexts only through the application. */
export const TEST_DATA_KEY = '7'.repeat(64);

/** The superuser's connection to the test server, set by the global setup (test/support/global-setup.ts). */
export function serverUrl(): string {
  const url = process.env.GONGGUAN_TEST_PG;
  if (!url) throw new Error('GONGGUAN_TEST_PG is not set: run the tests through jest (its global setup starts PostgreSQL)');
  return url;
}

/**
 * A database of the test server, as one of the roles the product uses: `app` (the server's role,
 * under row-level security), `owner` (migrations, and tests' own setup and ground truth) or the
 * superuser (creating and dropping databases).
 */
export function databaseUrl(name: string, role: 'app' | 'owner' | 'superuser' = 'app'): string {
  if (role === 'superuser') return `${serverUrl()}/${name}`;
  const user = role === 'app' ? APP_ROLE : OWNER_ROLE;
  const server = new URL(serverUrl());
  return `postgresql://${user}:${EMBEDDED_PASSWORDS[user]}@${server.host}/${name}`;
}

/** Runs statements on the server's maintenance database (create/drop database cannot run in a transaction). */
export async function adminQuery(sql: string): Promise<void> {
  const orm = await MikroORM.init(ormConfig(databaseUrl('postgres', 'superuser'), { pool: { min: 0, max: 1 } }));
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close(true);
  }
}

/** A fresh database for one test file, copied from a migrated template in a fraction of a second. */
export async function cloneDatabase(template: string): Promise<string> {
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`create database "${name}" template "${template}" owner ${OWNER_ROLE}`);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`drop database if exists "${name}" with (force)`);
}
