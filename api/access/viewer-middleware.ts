import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '../common/errors';
import { sendError } from '../common/http-errors';
import type { Viewer } from '../common/viewer';
import type { Credentials } from './credentials';
import { type RateLimits, TooManyRequestsError } from './rate-limits';

declare module 'node:http' {
  interface IncomingMessage {
    /** Who is asking, once viewerMiddleware has run. */
    viewer?: Viewer;
  }
}

/**
 * One viewer per request, from the Authorization header, before anything else runs (GraphQL and
 * the export endpoints alike), usually from the process's cache of credentials (./credentials.ts).
 * A credential that is presented but not valid is a 401, never anonymous; then the per-address
 * and per-token rate limits apply.
 */
export function viewerMiddleware(credentials: Credentials, rateLimits: RateLimits) {
  return async (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    try {
      const viewer = await credentials.resolveViewer(req.headers.authorization, req.ip ?? 'unknown', new Date());
      req.viewer = viewer;
      await rateLimits.request(req.ip ?? 'unknown', viewer.kind === 'token' ? (viewer.publicId ?? undefined) : undefined);
      next();
    } catch (error) {
      if (error instanceof TooManyRequestsError) {
        res.setHeader('retry-after', String(error.retryAfterSeconds));
        return sendError(res, 429, 'TOO_MANY_REQUESTS', error.message, { retryAfterSeconds: error.retryAfterSeconds });
      }
      if (error instanceof DomainError) return sendError(res, 401, 'UNAUTHENTICATED', error.message);
      next(error); // a database that cannot be reached becomes a 503 in the server's error handler
    }
  };
}
