import type { EntityManager } from '@mikro-orm/postgresql';
import { Loaders } from './loaders';
import type { Viewer } from './viewer';

/** What logins need of the rate limits (access/rate-limits.ts implements it). */
export interface LoginThrottle {
  assertLoginAllowed(username: string, ip: string): Promise<void>;
  loginFailed(username: string, ip: string): Promise<void>;
  loginSucceeded(username: string): Promise<void>;
}

/** What a request logs through: the server's logger bound to the request (api/http/request-log.ts), or any pino logger. */
export interface RequestLog {
  error(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  info(details: object, message?: string): void;
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
  log: RequestLog;
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

/** A request's context: its loaders, its clock and the personal data it showed start empty. */
export function createRequestContext(options: Omit<RequestContext, 'loaders' | 'now' | 'personalDataReads'> & { now?: Date }): RequestContext {
  return { ...options, loaders: new Loaders(), now: options.now ?? new Date(), personalDataReads: new Set<string>() };
}
