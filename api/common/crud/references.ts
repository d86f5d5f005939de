import { BadUserInputError } from '../errors';
import type { WriteContext } from './crud.service';
import type { ReadService } from './read.service';

/**
 * The row an input refers to by id, looked up through the referenced resource's own service, so
 * inside the caller's read scope: a row out of scope answers exactly like one that does not exist.
 * Look-ups go through the request's loader, so a batch of 5,000 items costs one query, not 5,000.
 */
export async function referenced<E extends object>(write: WriteContext, service: ReadService<E, number>, raw: string, name: string): Promise<E> {
  const field = `${write.field}.${name}`;
  const row = await service.findOne(write.ctx, raw, field);
  if (!row) throw new BadUserInputError(field, 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
  return row;
}
