import type { EntityClass, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Multi-row INSERTs of `chunkSize` rows (PostgreSQL accepts at most 65,535 bind parameters per
 * statement); returns the new ids in the order of `rows`. Plain rows bypass the unit of work,
 * so entity defaults do not apply: rows must carry every value.
 *
 * A query builder rather than `em.insertMany`, which on PostgreSQL returns only the first id.
 */
export async function insertInChunks<T extends { id: number }>(em: EntityManager, entity: EntityClass<T>, rows: RequiredEntityData<T>[], chunkSize: number): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const inserted: { id: number }[] = await em
      .createQueryBuilder(entity)
      .insert(rows.slice(start, start + chunkSize))
      .returning('id')
      .execute('all', false);
    for (const { id } of inserted) ids.push(Number(id));
  }
  if (ids.length !== rows.length) throw new Error(`inserted ${ids.length} of ${rows.length} rows`);
  return ids;
}
