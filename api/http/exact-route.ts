import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';

/** Serves the request and answers true, or leaves it to the app and answers false. */
export type Route = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * One route of `app` served ahead of Express's router: a request for exactly `method path` runs
 * `handlers` in order, and `onError` with what one of them passes to `next` (or throws, or
 * rejects with), as Express 5 runs them, with the app's request and response (`req.ip` under its
 * `trust proxy`, `res.json`, ...). Express's router tests every layer's path against every request
 * and wraps each call: on a read by id that was about a tenth of the server's CPU. The same
 * handlers stay mounted in `app`, which serves the requests this does not take (another method, a
 * query string, a trailing slash), so those answer as these do.
 */
export function exactRoute(app: Express, method: string, path: string, handlers: RequestHandler[], onError: ErrorRequestHandler): Route {
  return (incoming, outgoing) => {
    if (incoming.method !== method || incoming.url !== path) return false;
    // What app.handle does before its router: circular references, then the app's prototypes.
    const req = incoming as Request;
    const res = outgoing as Response;
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    res.locals ??= Object.create(null);
    let index = 0;
    let failed = false;
    const fail = (error: unknown) => {
      // A failing error handler, or a second failure: Express's final handler would answer 500.
      if (failed) return finalAnswer(res, 500);
      failed = true;
      call(() => onError(error, req, res, fail), fail);
    };
    const next: NextFunction = (error?: unknown) => {
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

function finalAnswer(res: Response, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(status === 404 ? 'Not found' : 'Internal server error');
}
