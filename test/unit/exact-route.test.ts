import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exactRoute, type NodeErrorHandler, type NodeHandler } from '../../api/http/exact-route';

/**
 * A route served ahead of Express's router runs its handlers as Express would: every way a handler
 * can fail reaches the error handler, handlers get Node's request and response with the client's
 * address as Express would give it, and a request it does not take reaches the app.
 */
async function serve(handlers: NodeHandler[], onError: NodeErrorHandler) {
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

const reportError: NodeErrorHandler = (error, _req, res, _next) => {
  res.statusCode = 418;
  res.end(`error: ${(error as Error).message}`);
};

describe('exactRoute', () => {
  it.each<[string, NodeHandler]>([
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

  it("gives handlers Node's own request and response, in order, with the address under the app's trust proxy", async () => {
    const served = await serve(
      [
        (req, _res, next) => {
          req.headers['x-seen'] = req.ip;
          next();
        },
        (req, res) => {
          // Express's prototypes, swapped in, slow every access to the objects after (exact-route.ts).
          const own = Object.getPrototypeOf(req) === http.IncomingMessage.prototype && Object.getPrototypeOf(res) === http.ServerResponse.prototype;
          res.statusCode = 201;
          res.end(JSON.stringify({ seen: req.headers['x-seen'], own }));
        },
      ],
      reportError,
    );
    try {
      expect(await served.ask()).toEqual({ status: 201, text: JSON.stringify({ seen: '203.0.113.9', own: true }) });
    } finally {
      await served.close();
    }
  });

  it('leaves other methods and paths to the app', async () => {
    const served = await serve([(_req, res) => res.end('route')], reportError);
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
    const failingHandler: NodeErrorHandler = () => {
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
