import type { EntityManager } from '@mikro-orm/postgresql';
import { type AuditEntry, auditService } from './audit-trail';
import type { RequestContext } from './context';

export interface UnitOfWorkOptions<T> {
  /** Turns a database error into the client's error (a constraint into the field it guards, say); rethrows what it does not know. */
  translateError?: (error: unknown) => never;
  /** What the work did, for the audit trail: written in the same transaction, so it commits with the work or not at all. */
  audit?: (result: T) => AuditEntry[];
}

/**
 * One write of a service, all or nothing: the work runs in a transaction of its own (a savepoint
 * inside the request's, so a failing mutation rolls back its own work only), its audit entries are
 * written in it, the request's loaders forget what they cached (later fields of the same request
 * read what was written), and database errors reach the client translated.
 */
export async function unitOfWork<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>, options: UnitOfWorkOptions<T> = {}): Promise<T> {
  try {
    const result = await ctx.em.transactional(async (em) => {
      const done = await work(em as EntityManager);
      const entries = options.audit?.(done) ?? [];
      if (entries.length > 0) await auditService.record(ctx, em as EntityManager, entries);
      return done;
    });
    ctx.loaders.clearAll();
    return result;
  } catch (error) {
    if (options.translateError) options.translateError(error);
    throw error;
  }
}
