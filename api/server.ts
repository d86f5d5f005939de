import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/postgresql';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Request } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { ANONYMOUS } from './access/viewer';
import { type RequestContext, createRequestContext } from './common/context';
import { createErrorFormatter } from './common/error-format';
import type { Config } from './config';
import { gongguanSchema } from './schema';

export interface GongguanServer {
  app: express.Express;
  httpServer: http.Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

const REQUEST_ID = /^[\w.-]{8,64}$/;

/** Express with Apollo Server 5 at /graphql, health probes, and the admin's static files at /. */
export async function createServer(config: Config, orm: MikroORM, log: Logger): Promise<GongguanServer> {
  const app = express();
  const httpServer = http.createServer(app);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  const apollo = new ApolloServer<RequestContext>({
    schema: await gongguanSchema(),
    formatError: createErrorFormatter(log),
    includeStacktraceInErrorResponses: false,
    introspection: config.env !== 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.use(
    '/graphql',
    cors<cors.CorsRequest>({ origin: config.corsOrigins, maxAge: 600 }),
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createRequestContext({
          requestId: String(req.id),
          em: orm.em.fork(),
          viewer: ANONYMOUS,
          log: (req as Request).log,
        }),
    }),
  );

  serveAdmin(app, config.adminDistDir);

  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    res.status(status).json({
      errors: [{ message: status === 413 ? 'Request body too large' : status < 500 ? 'Bad request' : 'Internal server error', extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR', requestId: req.id } }],
    });
  };
  app.use(onError);

  return {
    app,
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () => apollo.stop(),
  };
}

function serveAdmin(app: express.Express, distDir: string): void {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (_req, res) => {
      res.type('html').send('<!doctype html><meta charset="utf-8"><title>共管 Gongguan</title><h1>共管 Gongguan</h1><p>The admin console has not been built: run <code>npm run admin:build</code>. The API is at <a href="/graphql">/graphql</a>.</p>');
    });
    return;
  }
  app.use(express.static(distDir, { index: false, maxAge: '1h' }));
  // Client-side routes of the single-page admin all load its index.
  app.get(/^\/(?!graphql|healthz|readyz|export).*/, (_req, res) => {
    res.sendFile(index);
  });
}
