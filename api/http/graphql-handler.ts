import type { ApolloServer, BaseContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { KnownQueries, KnownQueryRequest } from './known-queries';

/**
 * Queries Apollo Server answered before, and how to answer one again without it
 * (request-lifecycle.ts): with the result, or with the context Apollo Server is to answer it in
 * instead (the credential changed under it), or null for Apollo Server to answer it afresh.
 */
export interface KnownQueryAnswers<Context> {
  queries: KnownQueries;
  answer(request: KnownQueryRequest, context: Context): Promise<{ result: ExecutionResult } | { context: Context } | null>;
}

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's body, once express.json has parsed it. */
    body?: unknown;
  }
}

/**
 * Apollo Server at a route, as @as-integrations/express5 does it with Express's request and
 * response, but with Node's (./exact-route.ts), and less two costs that route paid on every
 * request: the answer is written with `res.end` rather than Express's `res.send`, which hashes
 * every body for a weak ETag no GraphQL client uses (answers are personal and `no-store`;
 * statistics carry their own ETag, request-lifecycle.ts), and the query string is cut from the
 * URL instead of parsed by the legacy `url.parse`.
 *
 * A query Apollo Server has answered cleanly before is answered by `known` when it can be, with
 * the answer Apollo Server would write: the same status, content type and JSON.
 */
export function graphqlHandler<Context extends BaseContext>(
  server: ApolloServer<Context>,
  context: (req: IncomingMessage) => Promise<Context>,
  known?: KnownQueryAnswers<Context>,
) {
  server.assertStarted('graphqlHandler()');
  return async (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    try {
      const asked = known?.queries.match(req.method!, req.url!, req.headers, req.body);
      const outcome = asked ? await known!.answer(asked, await context(req)) : null;
      if (outcome && 'result' in outcome) {
        known!.queries.served++;
        res.statusCode = 200;
        res.setHeader('content-type', asked!.contentType);
        res.end(`${JSON.stringify(outcome.result)}\n`);
        return;
      }
      const headers = new HeaderMap();
      for (const name in req.headers) {
        const value = req.headers[name];
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = req.url!;
      const query = url.indexOf('?');
      const answer = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: query === -1 ? '' : url.slice(query), body: req.body },
        context: async () => (outcome ? outcome.context : context(req)),
      });
      for (const [name, value] of answer.headers) res.setHeader(name, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === 'complete') {
        res.end(answer.body.string);
        if (req.method === 'POST' && res.statusCode === 200) known?.queries.answeredWith(req.headers.accept, answer.headers.get('content-type'));
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      next(error);
    }
  };
}
