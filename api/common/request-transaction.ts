import type { EntityManager } from '@mikro-orm/postgresql';
import { type PinnedConnection, pinConnection } from '../connection/pinned-connection';
import { confirmationOf } from './cached-viewers';
import type { RequestContext } from './context';
import { DomainError } from './errors';
import type { Viewer } from './viewer';
import { setViewer, setViewerReadingEpoch, VIEWER_AND_EPOCH, viewerSettings, viewerSettingsOf } from './viewer-settings';

/**
 * A mutation (and an export) runs in one transaction of its own, opened with the viewer handed to
 * PostgreSQL (transaction-local), so that row-level security applies to each statement and nothing
 * is left on the pooled connection afterwards. Writes nest inside as savepoints: a failing mutation
 * rolls back its own work only, as GraphQL expects of the fields of one request. A query holds no
 * transaction: beginReadRequest.
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

/** A query's reads (beginReadRequest): the credentials epochs its statements read, in order. */
export interface ReadRequest {
  epochs: number[];
}

const pinnedConnections = new WeakMap<EntityManager, PinnedConnection>();

/**
 * A query, which only reads, holds no transaction open: each of its statements travels with the
 * statement that hands PostgreSQL the viewer and reads the credentials epoch, in the implicit
 * transaction of that one round trip, on one connection kept for the request
 * (api/connection/pinned-connection.ts), so a read by id costs one round trip rather than three (BEGIN
 * with the viewer, the read, COMMIT). Each statement sees what had committed when it ran, as it
 * would in the READ COMMITTED transaction; one that is not a plain read (the audit of personal
 * data shown, a unit of work) opens a transaction there and then, with the viewer, and the
 * request commits it as any other.
 *
 * The viewer is confirmed (confirmReadRequest) against the epoch the first statement read, before
 * any of the answer leaves.
 */
export async function beginReadRequest(em: EntityManager, viewer: Viewer): Promise<ReadRequest> {
  const read: ReadRequest = { epochs: [] };
  const pinned = await pinConnection(em, { sql: VIEWER_AND_EPOCH, values: viewerSettingsOf(viewer).values, onRow: (row) => read.epochs.push(Number(row.epoch)) });
  pinnedConnections.set(em, pinned);
  return read;
}

/** How a query whose viewer changed under it runs again: as the credential stands now, or refused. */
export type Rerun = { viewer: Viewer; refusal?: undefined } | { refusal: DomainError; viewer?: undefined };

/**
 * Confirms the viewer a query read as, by the rule of beginRequestTransaction, against the epoch
 * its first statement read (a query that read nothing reads it now, in one round trip). Null when
 * it stands; otherwise the answer is not the caller's, and how the request must run again.
 */
export async function confirmReadRequest(ctx: RequestContext, read: ReadRequest): Promise<Rerun | null> {
  const confirm = confirmationOf(ctx.viewer);
  if (!confirm) return null;
  if (read.epochs.length === 0) await ctx.em.execute('select 1');
  try {
    const confirmed = await confirm(ctx.em, read.epochs[0]!);
    if (confirmed !== ctx.viewer && viewerSettings(confirmed) !== viewerSettings(ctx.viewer)) return { viewer: confirmed };
    ctx.viewer = confirmed;
    return null;
  } catch (error) {
    if (error instanceof DomainError) return { refusal: error };
    throw error;
  }
}

/** Commits the request's work (or rolls it back), leaving the unit of work alone: writes flushed in their own savepoints. */
export async function endRequestTransaction(ctx: RequestContext, outcome: 'commit' | 'rollback'): Promise<void> {
  const pinned = pinnedConnections.get(ctx.em);
  if (pinned) {
    pinnedConnections.delete(ctx.em);
    ctx.em.clear();
    return pinned.release(outcome);
  }
  if (!ctx.em.isInTransaction()) return;
  ctx.em.clear();
  if (outcome === 'commit') await ctx.em.commit();
  else await ctx.em.rollback();
}
