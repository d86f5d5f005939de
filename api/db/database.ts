import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { ormConfig } from './orm.config';
import { APP_ROLE } from './roles';

const POOL_CLOSE_GRACE_MS = 2000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export interface Database {
  /** The server's connection pool, as a member of `gongguan_app`: row-level security applies. */
  orm: MikroORM;
  url: string;
  /** The owner's connection (migrations, the demo seed); null with DATABASE_URL and no DATABASE_OWNER_URL. */
  ownerUrl: string | null;
  embedded: boolean;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL when none is configured. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort, database: 'gongguan', log });
  const url = config.databaseUrl ?? embedded!.url;
  try {
    const orm = await MikroORM.init(
      ormConfig(url, {
        debug: config.logLevel === 'trace',
        logger: (message) => log.trace({ orm: message }),
        // knex's own warnings (a connection the database dropped) go to the log, not to stdout.
        driverOptions: { log: { warn: (message: string) => log.warn({ db: message }), error: (message: string) => log.error({ db: message }), debug: () => undefined, deprecate: () => undefined } },
      }),
    );
    return {
      orm,
      url,
      ownerUrl: embedded?.ownerUrl ?? config.databaseOwnerUrl ?? null,
      embedded: Boolean(embedded),
      async close() {
        // Requests the drain cut off may still hold connections, and the pool waits for them: it
        // gets a moment, then our database stops under them (ending their sessions, rolling their
        // transactions back), and the pool closes.
        const poolClosed = orm.close(true);
        const closedInTime = await Promise.race([poolClosed.then(() => true), delay(POOL_CLOSE_GRACE_MS).then(() => false)]);
        await embedded?.stop();
        if (!closedInTime) await Promise.race([poolClosed, delay(POOL_CLOSE_GRACE_MS)]);
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Runs work on a short-lived connection as the owner (migrations, seeding, the first admin). */
export async function asOwner<T>(ownerUrl: string, work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init(ormConfig(ownerUrl, { pool: { min: 0, max: 2 } }));
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}

/** Applies every pending committed migration; returns the names applied. */
export async function migrateToLatest(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

/**
 * Refuses to serve over a connection that row-level security would not hold: a superuser, a
 * role with BYPASSRLS, the owner of the tables, or a role outside `gongguan_app`.
 */
export async function assertServerRole(orm: MikroORM): Promise<void> {
  const [role] = await orm.em.getConnection().execute<{ name: string; super: boolean; bypass: boolean; owns: boolean; member: boolean }[]>(
    `select current_user as name, r.rolsuper as super, r.rolbypassrls as bypass,
            exists (select 1 from pg_tables where schemaname = 'public' and tableowner = current_user) as owns,
            pg_has_role(current_user, '${APP_ROLE}', 'member') as member
       from pg_roles r where r.rolname = current_user`,
  );
  const problems = [
    role?.super && 'is a superuser',
    role?.bypass && 'bypasses row-level security',
    role?.owns && 'owns the tables',
    role && !role.member && `is not a member of ${APP_ROLE}`,
  ].filter(Boolean);
  if (!role || problems.length > 0) {
    throw new Error(
      `The server's database role "${role?.name}" ${problems.join(', ')}: connect as a member of ${APP_ROLE} ` +
        '(DATABASE_URL) and run migrations as the owner (DATABASE_OWNER_URL); see README "Database roles".',
    );
  }
}
