import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './viewer';

/**
 * Viewers a process served from its cache of credentials (access/credentials.ts), each with how
 * to confirm it once the request's transaction has read the database's credentials epoch
 * (common/request-transaction.ts): the viewer itself when the process has heard of every change
 * that committed, otherwise the credential looked up again — a changed viewer, or a refusal.
 */
export type ConfirmViewer = (em: EntityManager, epoch: number) => Promise<Viewer>;

const pending = new WeakMap<Viewer, ConfirmViewer>();

export function confirmLater<V extends Viewer>(viewer: V, confirm: ConfirmViewer): V {
  pending.set(viewer, confirm);
  return viewer;
}

export function confirmationOf(viewer: Viewer): ConfirmViewer | undefined {
  return pending.get(viewer);
}
