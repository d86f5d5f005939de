import pino from 'pino';
import { createLogger } from '../../api/logger';
import { startTestApp, type TestApp } from '../support/app';

/**
 * The test app with the production logger of api/logger.ts — its redaction included — at the
 * most verbose level, its output captured line by line instead of written to stdout, so that a
 * test can read what the server logs.
 */
export interface LoggedApp extends TestApp {
  logs: string[];
}

export async function startLoggedApp(env: Record<string, string> = {}): Promise<LoggedApp> {
  const logs: string[] = [];
  const log = createLogger('trace');
  // Child loggers (one per request that logs, api/http/request-log.ts) inherit the parent's stream.
  (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = { write: (line: string) => logs.push(line) };
  const app = await startTestApp('empty', env, { log });
  return Object.assign(app, { logs });
}
