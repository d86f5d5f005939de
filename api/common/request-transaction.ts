import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from './context';
import type { Viewer } from './viewer';
import { setViewer } from './viewer-settings';

/**
 * Every request runs in one transaction of its own, opened with the viewer handed to PostgreSQL
 * (transaction-local), so that row-level security applies to each statement and nothing is left
 * on the pooled connection afterwards. Writes nest inside as savepoints: a failing mutation
 * rolls back its own work only, as GraphQL expects of the fields of one request.
 */
export async function beginRequestTransaction(em: EntityManager, viewer: Viewer): Promise<void> {
  await em.begin();
  try {
    await setViewer(em, viewer);
  } catch (error) {
    await em.rollback();
    throw error;
  }
}

/** Commits the request's work (or rolls it back), leaving the unit of work alone: writes flushed in their own savepoints. */
export async function endRequestTransaction(ctx: RequestContext, outcome: 'commit' | 'rollback'): Promise<void> {
  if (!ctx.em.isInTransaction()) return;
  ctx.em.clear();
  if (outcome === 'commit') await ctx.em.commit();
  else await ctx.em.rollback();
}
