import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Loaders } from './loaders';
import type { Viewer } from './viewer';

/** What logins need of the rate limits (access/rate-limits.ts implements it). */
export interface LoginThrottle {
  assertLoginAllowed(username: string, ip: string): Promise<void>;
  loginFailed(username: string, ip: string): Promise<void>;
  loginSucceeded(username: string): Promise<void>;
}

/**
 * Everything one request carries: its own EntityManager fork — inside the request's transaction,
 * where PostgreSQL knows the viewer — the viewer, and the loaders.
 */
export interface RequestContext {
  requestId: string;
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  log: Logger;
  /** The request's clock, so every rule in one request agrees on "today". */
  now: Date;
  ip?: string;
  rateLimits: LoginThrottle;
  /** The request's `Idempotency-Key` header, if it sent one (request-lifecycle.ts). */
  idempotencyKey?: string;
  /** A query run again because its cached viewer changed under it (request-lifecycle.ts): its viewer is the one found then, or this refusal. */
  rerun?: { refusal?: Error };
  /** Members whose personal data this request showed (common/personal-reads.ts), written to the audit trail at its end. */
  personalDataReads: Set<string>;
}

/**
 * A request's context. Its logger may be given as a function that makes it: a request's logger is
 * a child of the server's bound to the request, which costs more than some whole reads to make,
 * and most requests never log through it; it is made when first used.
 */
export function createRequestContext(options: Omit<RequestContext, 'loaders' | 'now' | 'personalDataReads' | 'log'> & { now?: Date; log: Logger | (() => Logger) }): RequestContext {
  const { log, ...rest } = options;
  const ctx = { ...rest, loaders: new Loaders(), now: options.now ?? new Date(), personalDataReads: new Set<string>() } as RequestContext;
  if (typeof log !== 'function') ctx.log = log;
  else {
    let made: Logger | undefined;
    Object.defineProperty(ctx, 'log', { enumerable: true, configurable: true, get: () => (made ??= log()) });
  }
  return ctx;
}
