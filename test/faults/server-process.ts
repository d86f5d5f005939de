import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ROOT } from '../support/builds';
export { freePort } from '../support/ports';
// api/node-flags.js is plain JavaScript, shared with api/start.js.
const { serverNodeFlags } = require('../../api/node-flags') as { serverNodeFlags(env: NodeJS.ProcessEnv): string[] };

/**
 * The server as `npm start` runs it (node .build/api/main.js, embedded PostgreSQL, demo data), in
 * a process of its own that a test can kill, signal and start again on the same data folder.
 */

export interface ServerOptions {
  dataDir: string;
  port: number;
  pgPort: number;
  env?: Record<string, string>;
}

export class ServerProcess {
  /** What it printed, stdout and stderr interleaved. */
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly url: string;

  private constructor(
    private readonly child: ChildProcess,
    readonly options: ServerOptions,
  ) {
    this.url = `http://127.0.0.1:${options.port}`;
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts it; resolves once it says it is ready, or once it has exited (a start that fails). */
  static async start(options: ServerOptions): Promise<ServerProcess> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(options.port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(options.pgPort),
      EMBEDDED_PG_DIR: options.dataDir,
      RATE_LIMIT_PER_IP: '1000000',
      RATE_LIMIT_PER_TOKEN: '1000000',
      ...options.env,
    };
    // The flags `npm start` gives it (api/node-flags.js).
    const child = spawn(process.execPath, [...serverNodeFlags(env), path.join(ROOT, '.build/api/main.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, options);
    await Promise.race([server.waitFor(/Gongguan is ready/, 120_000), server.exited]);
    return server;
  }

  /** The server's process id (its LISTEN connection is named after it). */
  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (!this.running) throw new Error(`the server exited before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the server did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The demo admin's session (the password is written next to the data folder on the first start). */
  async login(): Promise<string> {
    const password = /password: (\S+)/.exec(readFileSync(path.join(path.dirname(this.options.dataDir), 'demo-admin.txt'), 'utf8'))![1]!;
    const response = await this.post('mutation($input: LoginInput!) { login(input: $input) { token } }', { input: { username: 'admin', password } });
    return (response.body.data as { login: { token: string } }).login.token;
  }

  async post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] };
    return { status: response.status, headers: response.headers, body };
  }
}

/** SQL as PostgreSQL's superuser on the embedded server: ground truth, past every policy. */
export async function superuserQuery<T = Record<string, any>>(pgPort: number, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', database: 'gongguan' });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A superuser session that holds a lock until released: a request that needs the locked table
 * waits in the middle of its transaction, so that a kill or an outage lands while it runs.
 */
export async function holdLock(pgPort: number, statement: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', database: 'gongguan' });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('begin');
  await client.query(statement);
  return {
    async release() {
      await client.query('rollback').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** Waits until a session of the application is blocked waiting for a lock (the request is mid-flight). */
export async function untilWaitingOnLock(pgPort: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await superuserQuery<{ waiting: number }>(
      pgPort,
      `select count(*)::int as waiting from pg_stat_activity where usename = 'gongguan_app' and wait_event_type = 'Lock'`,
    );
    if (row!.waiting > 0) return;
    if (Date.now() > deadline) throw new Error('no request of the server started waiting on the lock');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
