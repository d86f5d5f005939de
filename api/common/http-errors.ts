import type { Response } from 'express';

/** An error answer in the GraphQL shape, for the plain HTTP routes (auth failures, limits, exports). */
export function sendError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}
