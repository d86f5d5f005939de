import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ArgumentValidationError } from 'type-graphql';
import { isDatabaseUnavailable } from './db-errors';
import { DomainError, ServiceUnavailableError } from './errors';

/** Codes produced by graphql-js and Apollo for malformed requests: safe and useful to show. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

function firstViolation(errors: ValidationError[], prefix: string[] = []): { field: string; message: string; reason: string } | null {
  for (const error of errors) {
    const path = [...prefix, error.property];
    if (error.constraints) {
      const [name, message] = Object.entries(error.constraints)[0]!;
      const reason = (error.contexts?.[name] as { reason?: string } | undefined)?.reason ?? name.toUpperCase();
      return { field: path.join('.'), message, reason };
    }
    const nested = firstViolation(error.children ?? [], path);
    if (nested) return nested;
  }
  return null;
}

function isRequestRefusedByApollo(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError) || error.path || error.extensions.code) return false;
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * graphql-js stops coercing variables after 50 errors and adds one of its own, without a code,
 * that Apollo does not mark as the client's: the errors listed before it name the fields.
 */
function isVariableErrorLimit(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && !error.path && error.message.startsWith('Too many errors processing variables');
}

/** PostgreSQL's insufficient_privilege: a row-level security policy (or a trigger speaking for one) refused a row. */
export function isRowSecurityRefusal(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '42501';
}

/** class-validator messages start with the property name; ours name it in `field` already. */
function withoutPropertyName(message: string, field: string): string {
  const property = field.split('.').pop()!;
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * The one place errors become client responses. Domain errors and request errors pass through
 * (without stack traces); input validation names the field; everything else is masked to a
 * generic message with a correlation id, and the detail goes only to the server log.
 */
export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError && Array.isArray(original.extensions.validationErrors)) {
      const violation = firstViolation(original.extensions.validationErrors);
      const field = violation?.field ?? 'input';
      return {
        message: `${field}: ${violation ? withoutPropertyName(violation.message, field) : 'is invalid'}`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT', field, reason: violation?.reason ?? 'INVALID' },
      };
    }
    if (original instanceof DomainError) {
      // `http` is Apollo's instruction for the response status, not part of the error a client reads.
      const { http: _http, ...extensions } = original.extensions;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    if (isDatabaseUnavailable(original)) {
      const unavailable = new ServiceUnavailableError();
      return { message: unavailable.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: ServiceUnavailableError.RETRY_AFTER_SECONDS } };
    }
    if (isRowSecurityRefusal(original)) {
      // Row-level security stopped a write the application let through: the database's "no".
      log.warn({ err: original, path: formatted.path }, 'row-level security refused a write');
      return { message: 'Not allowed: the record would be outside what you may change', locations: formatted.locations, path: formatted.path, extensions: { code: 'FORBIDDEN' } };
    }
    const code = formatted.extensions?.code;
    // An ArgumentValidationError still here holds the exception of a validator that threw instead of finding a violation: unexpected.
    const validatorThrew = original instanceof ArgumentValidationError;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code) && !validatorThrew && !(original instanceof Error && original.constructor.name.endsWith('Exception'))) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    if (isRequestRefusedByApollo(original)) {
      // Apollo refuses some requests without a code (a persisted query whose hash does not match
      // its text, an unknown persisted-query version): the client's fault, and said so.
      return { message: original.message, extensions: { code: 'BAD_REQUEST' } };
    }
    if (isVariableErrorLimit(original)) return { message: original.message, extensions: { code: 'BAD_REQUEST' } };
    const correlationId = randomUUID();
    log.error({ err: original, correlationId, path: formatted.path }, 'unexpected error while resolving a request');
    return {
      message: `Internal server error (correlation id ${correlationId})`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    };
  };
}
