import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { RateLimits } from '../access/rate-limits';
import type { Viewer } from '../access/viewer';
import { Loaders } from './loaders';

/** Everything one request carries: its own EntityManager fork, viewer and loaders. */
export interface RequestContext {
  requestId: string;
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  log: Logger;
  /** The request's clock, so every rule in one request agrees on "today". */
  now: Date;
  ip?: string;
  rateLimits: RateLimits;
  /** Personal data a token was shown in this request, written to the audit trail at its end. */
  personalDataReads: Record<string, Set<string>>;
}

export function createRequestContext(options: Omit<RequestContext, 'loaders' | 'now' | 'personalDataReads'> & { now?: Date }): RequestContext {
  return { ...options, loaders: new Loaders(), now: options.now ?? new Date(), personalDataReads: {} };
}
