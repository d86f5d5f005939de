import {
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { BadUserInputError, ConflictError } from './errors';

/** Constraint name → the input field a client knows it by. */
export type ConstraintFields = Record<string, string>;

/**
 * Turns a constraint violation into a client error that names the field and carries no SQL:
 * driver messages contain the statement and its bound values (ID numbers, phones).
 * Anything else is rethrown and masked by the error formatter.
 */
export function translateDbError(error: unknown, constraints: ConstraintFields, context: { deleting?: boolean; fieldPrefix?: string } = {}): never {
  const constraint = (error as { constraint?: string }).constraint ?? '';
  const field = constraints[constraint];
  const qualified = field && context.fieldPrefix ? `${context.fieldPrefix}.${field}` : field;
  if (error instanceof UniqueConstraintViolationException) {
    throw new ConflictError(field ? `${qualified}: a record with this value already exists` : 'A record with the same unique value already exists', {
      field: qualified ?? null,
      reason: 'DUPLICATE',
    });
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    if (context.deleting) {
      throw new ConflictError('The record is still referenced by other records and cannot be deleted', { reason: 'REFERENCED' });
    }
    throw new BadUserInputError(qualified ?? 'input', 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
  }
  if (error instanceof NotNullConstraintViolationException) {
    throw new BadUserInputError(qualified ?? 'input', 'is required', 'REQUIRED');
  }
  throw error;
}

/** Socket errors and PostgreSQL's "not now" states (shutdown, recovery, connection failures). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection error|Timeout acquiring a connection|ECONNREFUSED|the database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command/i;

/** Whether an error means the database could not be reached (rather than refused a statement). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, message, errno } = current as { code?: unknown; message?: unknown; errno?: unknown };
    if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || (typeof errno === 'string' && UNAVAILABLE_CODES.has(errno))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    current = (current as { cause?: unknown; previous?: unknown }).cause ?? (current as { previous?: unknown }).previous;
  }
  return false;
}
