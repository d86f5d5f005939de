import type { FilterQuery } from '@mikro-orm/core';
import { BadUserInputError } from '../errors';

/**
 * A computed boolean field used as a filter (`transferDue: { is: true }` or `{ eq: true }`): picks the condition
 * that means true or the one that means false.
 */
export function computedBooleanFilter<E>(
  comparison: Record<string, unknown>,
  field: string,
  whenTrue: FilterQuery<E>,
  whenFalse: FilterQuery<E>,
): FilterQuery<E> {
  const entries = Object.entries(comparison).filter(([, value]) => value !== undefined);
  const [op, value] = entries[0] ?? [];
  if (entries.length !== 1 || typeof value !== 'boolean' || !['is', 'eq', 'isNot', 'neq'].includes(op!)) {
    throw new BadUserInputError(field, 'use one of is, eq, isNot or neq with true or false', 'UNSUPPORTED_OPERATOR');
  }
  const wanted = op === 'is' || op === 'eq' ? value : !value;
  return wanted ? whenTrue : whenFalse;
}
