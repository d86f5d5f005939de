import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';

/** The builds that suites running the product as users do need: the console's and the server's. */

export const ROOT = path.resolve(__dirname, '../..');

/** The newest modification time below a path (files only). */
function newest(target: string): number {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

/** How admin/dist was built, from the stamp admin/vite.config.ts writes. */
export function adminBuildMode(): string | null {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'admin/dist/build.json'), 'utf8')).mode ?? null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One build of a kind at a time across the suites jest runs side by side (a directory is created atomically). */
function withBuildLock(name: string, build: () => void): void {
  const lock = path.join(ROOT, `node_modules/.cache/gongguan-${name}-build.lock`);
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 240_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock}`);
      sleep(200);
    }
  }
  try {
    build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds admin/dist when it is missing, older than the admin's sources or not a production build.
 * It runs under jest's NODE_ENV=test, and must still come out exactly as `npm start` serves it.
 */
export function ensureAdminBuilt(): void {
  withBuildLock('admin', () => {
    const built = newest(path.join(ROOT, 'admin/dist/index.html'));
    const sources = Math.max(
      ...['admin/src', 'admin/public', 'admin/index.html', 'admin/vite.config.ts'].map((p) => newest(path.join(ROOT, p))),
    );
    if (built > sources && adminBuildMode() === 'production') return;
    try {
      execFileSync('npx', ['vite', 'build', '--config', 'admin/vite.config.ts'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`admin build failed:\n${stdout?.toString() ?? ''}\n${stderr?.toString() ?? ''}`);
    }
  });
}

/**
 * Compiles the server (tsc, into .build) when it is missing or older than its sources, as
 * `npm start` does (api/start.js): suites that run it as a process run what users run.
 */
export function ensureServerBuilt(): void {
  withBuildLock('server', () => {
    const main = path.join(ROOT, '.build/api/main.js');
    const sources = Math.max(...['api', 'migrations', 'tsconfig.json', 'package-lock.json'].map((p) => newest(path.join(ROOT, p))));
    if (newest(main) > sources) return;
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`server build failed:\n${stdout?.toString() ?? ''}\n${stderr?.toString() ?? ''}`);
    }
    // tsc leaves unchanged outputs alone; the stamp says the build is current.
    utimesSync(main, new Date(), new Date());
  });
}
