import type { EntityName } from '@mikro-orm/core';
import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';

/**
 * `select id from <entity> where <scope>` as SQL with its parameters, for set-based statements
 * that join the rows a viewer may reach (`with scoped as (…)`), so the scope stays in SQL.
 */
export function scopedIdsSql<E extends object>(em: EntityManager, entity: EntityName<E>, scope: QBFilterQuery<E>): { sql: string; params: unknown[] } {
  const qb = em.createQueryBuilder(entity, 'e').select('e.id').where(scope);
  // The builder numbers PostgreSQL parameters ($1, $2 … in order); em.execute binds with `?`.
  return { sql: qb.getQuery().replace(/\$\d+/g, '?'), params: [...qb.getParams()] };
}
