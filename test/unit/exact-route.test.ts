import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { exactRoute } from '../../api/http/exact-route';

/**
 * A route served ahead of Express's router runs its handlers as Express would: every way a handler
 * can fail reaches the error handler, the app's request and response are what handlers get, and
 * a request it does not take reaches the app.
 */
async function serve(handlers: RequestHandler[], onError: ErrorRequestHandler) {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use((_req, res) => {
    res.status(299).send('app');
  });
  const route = exactRoute(app, 'POST', '/route', handlers, onError);
  const server = http.createServer((req, res) => route(req, res) || app(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ask = async (path = '/route', method = 'POST') => {
    const response = await fetch(url + path, { method, headers: { 'x-forwarded-for': '203.0.113.9' } });
    return { status: response.status, text: await response.text() };
  };
  return { ask, close: () => new Promise((resolve) => server.close(resolve)) };
}

const reportError: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(418).send(`error: ${(error as Error).message}`);
};

describe('exactRoute', () => {
  it.each<[string, RequestHandler]>([
    ['passed to next', (_req, _res, next) => next(new Error('passed to next'))],
    ['thrown', () => {
      throw new Error('thrown');
    }],
    ['rejected', async () => {
      throw new Error('rejected');
    }],
  ])('hands an error %s to the error handler', async (how, failing) => {
    const served = await serve([(_req, _res, next) => next(), failing], reportError);
    try {
      expect(await served.ask()).toEqual({ status: 418, text: `error: ${how}` });
    } finally {
      await served.close();
    }
  });

  it("gives handlers the app's request and response, in order", async () => {
    const served = await serve(
      [
        (req, res, next) => {
          res.locals.seen = [req.ip];
          next();
        },
        (req, res) => {
          res.status(201).json({ seen: res.locals.seen, app: req.app !== undefined });
        },
      ],
      reportError,
    );
    try {
      expect(await served.ask()).toEqual({ status: 201, text: JSON.stringify({ seen: ['203.0.113.9'], app: true }) });
    } finally {
      await served.close();
    }
  });

  it('leaves other methods and paths to the app', async () => {
    const served = await serve([(_req, res) => res.status(200).send('route')], reportError);
    try {
      expect(await served.ask()).toEqual({ status: 200, text: 'route' });
      expect(await served.ask('/route', 'GET')).toEqual({ status: 299, text: 'app' });
      expect(await served.ask('/route/')).toEqual({ status: 299, text: 'app' });
      expect(await served.ask('/route?x=1')).toEqual({ status: 299, text: 'app' });
    } finally {
      await served.close();
    }
  });

  it('answers 500 when the error handler fails too, and 404 when no handler answers', async () => {
    const failingHandler: ErrorRequestHandler = () => {
      throw new Error('handler failed');
    };
    const broken = await serve([(_req, _res, next) => next(new Error('first'))], failingHandler);
    const silent = await serve([(_req, _res, next) => next()], reportError);
    try {
      expect((await broken.ask()).status).toBe(500);
      expect((await silent.ask()).status).toBe(404);
    } finally {
      await broken.close();
      await silent.close();
    }
  });
});
