import type { FilterQuery } from '@mikro-orm/core';
import { BadUserInputError } from '../errors';

/**
 * A computed boolean field used as a filter (`transferDue: { is: true }`): picks the condition
 * that means true or the one that means false.
 */
export function computedBooleanFilter<E>(
  comparison: Record<string, unknown>,
  field: string,
  whenTrue: FilterQuery<E>,
  whenFalse: FilterQuery<E>,
): FilterQuery<E> {
  const { is, isNot } = comparison;
  const wanted = typeof is === 'boolean' ? is : typeof isNot === 'boolean' ? !isNot : undefined;
  if (wanted === undefined || Object.keys(comparison).length !== 1) {
    throw new BadUserInputError(field, 'use is: true/false or isNot: true/false', 'UNSUPPORTED_OPERATOR');
  }
  return wanted ? whenTrue : whenFalse;
}
