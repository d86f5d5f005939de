import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../api/db/orm.config';

export const TEMPLATE_EMPTY = 'gongguan_template';
export const TEMPLATE_DEMO = 'gongguan_demo_template';

/** Fixed "today" of the demo template, so that the demo rows are the same on every run. */
export const DEMO_TODAY = new Date('2026-11-20T04:00:00Z');

/** A fixed 32-byte key; tests read ciphertexts only through the application. */
export const TEST_DATA_KEY = '7'.repeat(64);

export function serverUrl(): string {
  const url = process.env.GONGGUAN_TEST_PG;
  if (!url) throw new Error('GONGGUAN_TEST_PG is not set: run the tests through jest (its global setup starts PostgreSQL)');
  return url;
}

export function databaseUrl(name: string): string {
  return `${serverUrl()}/${name}`;
}

/** Runs statements on the server's maintenance database (create/drop database cannot run in a transaction). */
export async function adminQuery(sql: string): Promise<void> {
  const orm = await MikroORM.init(ormConfig(databaseUrl('postgres'), { pool: { min: 0, max: 1 } }));
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close(true);
  }
}

/** A fresh database for one test file, copied from a migrated template in a fraction of a second. */
export async function cloneDatabase(template: string): Promise<string> {
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`create database "${name}" template "${template}"`);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`drop database if exists "${name}" with (force)`);
}
