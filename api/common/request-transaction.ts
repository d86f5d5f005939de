import type { EntityManager } from '@mikro-orm/postgresql';
import { confirmationOf } from './cached-viewers';
import type { RequestContext } from './context';
import type { Viewer } from './viewer';
import { setViewer, setViewerReadingEpoch, viewerSettings } from './viewer-settings';

/**
 * Every request runs in one transaction of its own, opened with the viewer handed to PostgreSQL
 * (transaction-local), so that row-level security applies to each statement and nothing is left
 * on the pooled connection afterwards. Writes nest inside as savepoints: a failing mutation
 * rolls back its own work only, as GraphQL expects of the fields of one request.
 *
 * A viewer served from the process's cache of credentials is confirmed here, by the same
 * statement (common/cached-viewers.ts): the answer is the viewer the request must run as —
 * the same one, or the credential as it stands now — or an UNAUTHENTICATED error (HTTP 401).
 */
export async function beginRequestTransaction(em: EntityManager, viewer: Viewer): Promise<Viewer> {
  await em.begin();
  try {
    const confirm = confirmationOf(viewer);
    if (!confirm) {
      await setViewer(em, viewer);
      return viewer;
    }
    const confirmed = await confirm(em, await setViewerReadingEpoch(em, viewer));
    if (confirmed !== viewer && viewerSettings(confirmed) !== viewerSettings(viewer)) await setViewer(em, confirmed);
    return confirmed;
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
