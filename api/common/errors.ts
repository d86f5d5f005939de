import { GraphQLError } from 'graphql';

/** The stable error codes a client can branch on (DESIGN §4). */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'SERVICE_UNAVAILABLE';

/** A domain error: its message and extensions are safe to show to any client. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/**
 * Invalid input. `field` is the path of the offending input field as the client sent it
 * (e.g. `member.idNumber`, `members.3.birthDate`); `reason` is a stable key the admin translates.
 */
export class BadUserInputError extends DomainError {
  constructor(field: string, message: string, reason = 'INVALID') {
    super('BAD_USER_INPUT', `${field}: ${message}`, { field, reason });
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string | number) {
    super('NOT_FOUND', `${entity} ${id} not found`, { entity });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super('CONFLICT', message, extensions);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Not allowed') {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

/** The database cannot be reached: nothing was done, and the same request may succeed a moment later. */
export class ServiceUnavailableError extends DomainError {
  static readonly RETRY_AFTER_SECONDS = 5;

  constructor() {
    super('SERVICE_UNAVAILABLE', 'The database is unavailable; retry in a few seconds', {
      retryAfterSeconds: ServiceUnavailableError.RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new Map([['retry-after', String(ServiceUnavailableError.RETRY_AFTER_SECONDS)]]) },
    });
  }
}
