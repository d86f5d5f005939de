import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
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
}

export function createRequestContext(options: Omit<RequestContext, 'loaders' | 'now'> & { now?: Date }): RequestContext {
  return { ...options, loaders: new Loaders(), now: options.now ?? new Date() };
}
