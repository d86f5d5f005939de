import type { ServerResponse } from 'node:http';

/**
 * An error answer in the GraphQL shape, for the plain HTTP routes (auth failures, limits,
 * exports), written with Node's response alone: POST /graphql's handlers get no Express response
 * (api/http/exact-route.ts).
 */
export function sendError(res: ServerResponse, status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }));
}
