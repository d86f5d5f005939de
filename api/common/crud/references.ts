import type { EntityClass } from '@mikro-orm/core';
import { BadUserInputError } from '../errors';
import type { WriteContext } from './crud.service';
import { parseIntId } from './filter-query';

/**
 * The row an input refers to by id, or a field error. Look-ups go through a request loader, so
 * a batch of 5,000 items that all refer to members costs one query, not 5,000.
 */
export async function referenced<E extends { id: number }>(write: WriteContext, entity: EntityClass<E>, raw: string, name: string): Promise<E> {
  const field = `${write.field}.${name}`;
  const id = parseIntId(raw, field);
  const row = await write.ctx.loaders
    .get<number, E | null>(`reference:${entity.name}`, async (ids) => {
      const rows = await write.em.find(entity, { id: { $in: [...ids] } } as never);
      const byId = new Map(rows.map((found) => [found.id, found]));
      return ids.map((key) => byId.get(key) ?? null);
    })
    .load(id);
  if (!row) throw new BadUserInputError(field, 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
  return row;
}
