import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import proxyAddress from 'proxy-addr';

declare module 'node:http' {
  interface IncomingMessage {
    /** The client's address under the app's `trust proxy`, as Express's `req.ip` computes it. */
    ip?: string;
  }
}

/** A handler of an exact route: Node's request and response, which Express's own handlers accept too. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown;
export type NodeErrorHandler = (error: unknown, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown;

/** Serves the request and answers true, or leaves it to the app and answers false. */
export type Route = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * One route of `app` served ahead of Express's router: a request for exactly `method path` runs
 * `handlers` in order, and `onError` with what one of them passes to `next` (or throws, or
 * rejects with), as Express 5 runs them. Express's router tests every layer's path against every
 * request and wraps each call: on a read by id that was about a tenth of the server's CPU.
 *
 * The handlers get Node's request and response, not Express's: Express swaps the prototype of
 * both for its own on every request, and objects whose prototype changed slow every property
 * access made on them afterwards, Node's HTTP code's included. Left alone, a read by id took
 * about 15% less CPU. What they need of Express is the client's address, `req.ip`, computed here
 * under the app's `trust proxy` as Express computes it. The same handlers stay mounted in `app`,
 * which serves the requests this does not take (another method, a query string, a trailing
 * slash) with its own request and response, so those answer as these do.
 */
export function exactRoute(app: Express, method: string, path: string, handlers: NodeHandler[], onError: NodeErrorHandler): Route {
  const trusted = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  return (req, res) => {
    if (req.method !== method || req.url !== path) return false;
    req.ip = proxyAddress(req, trusted);
    let index = 0;
    let failed = false;
    const fail = (error: unknown) => {
      // A failing error handler, or a second failure: Express's final handler would answer 500.
      if (failed) return finalAnswer(res, 500);
      failed = true;
      call(() => onError(error, req, res, fail), fail);
    };
    const next = (error?: unknown) => {
      if (error) return fail(error);
      const handler = handlers[index++];
      // Past the last handler: the router would find no other route for it.
      if (!handler) return finalAnswer(res, 404);
      call(() => handler(req, res, next), fail);
    };
    next();
    return true;
  };
}

/** Runs a handler as Express 5's router does: a throw or a rejected promise is an error passed on. */
function call(run: () => unknown, fail: (error: unknown) => void): void {
  try {
    const result = run();
    if (result instanceof Promise) result.then(undefined, (error: unknown) => fail(error ?? new Error('Rejected promise')));
  } catch (error) {
    fail(error);
  }
}

function finalAnswer(res: ServerResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(status === 404 ? 'Not found' : 'Internal server error');
}
