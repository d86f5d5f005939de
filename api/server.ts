import { applyRetriesToQueue, configureRetries } from './webhooks/job-queue';
import { configureWebhookService } from './webhooks/webhook.service';
import { existsSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import path from 'node:path';
import { ApolloServer, type GraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { MikroORM } from '@mikro-orm/postgresql';
import cors from 'cors';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import helmet from 'helmet';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { Credentials } from './access/credentials';
import { RateLimits } from './access/rate-limits';
import { viewerMiddleware } from './access/viewer-middleware';
import { sendError } from './common/http-errors';
import { type RequestContext, createRequestContext } from './common/context';
import { createErrorFormatter } from './common/error-format';
import type { Rerun } from './common/request-transaction';
import { isDatabaseUnavailable } from './common/db-errors';
import { ServiceUnavailableError } from './common/errors';
import { inputLimitsRule } from './common/input-limits';
import { exactRoute, type NodeErrorHandler, type NodeHandler, type Route } from './http/exact-route';
import { graphqlHandler } from './http/graphql-handler';
import { KnownQueries, type KnownQueryRequest } from './http/known-queries';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import { setApplicationScope } from './common/policy';
import { setReadPlanner } from './common/crud/read-planner';
import type { Config } from './config';
import { feedbackExportRouter } from './feedback/feedback-export';
import { answerKnownQuery, requestLifecyclePlugin } from './request-lifecycle';
import { gongguanSchema } from './schema';

export interface GongguanServer {
  app: express.Express;
  httpServer: http.Server;
  /** Sessions and tokens as this process resolves and caches them. */
  credentials: Credentials;
  /** Queries answered again without Apollo Server's pipeline. */
  knownQueries: KnownQueries;
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, lets in-flight requests finish (up to config.timeouts.shutdownMs), closes every socket. */
  close(): Promise<void>;
}

/** Limits from OWASP's GraphQL cheat sheet, enforced before execution (DESIGN: hardening). */
export const QUERY_LIMITS = { depth: 6, aliases: 15, directives: 50, cost: 5000, tokens: 2000 };

/** Express with Apollo Server 5 at /graphql, health probes, and the admin's static files at /. */
export async function createServer(config: Config, orm: MikroORM, log: Logger): Promise<GongguanServer> {
  setApplicationScope(config.applicationScope);
  setReadPlanner(config.readPlanner);
  configureWebhookService(config.webhooks);
  const retries = { retryLimit: config.webhooks.retryLimit, retryDelaySeconds: config.webhooks.retryDelaySeconds, expireInSeconds: config.webhooks.expireInSeconds };
  configureRetries(retries);
  await applyRetriesToQueue(orm.em.fork(), retries);
  const app = express();
  // Slow or stalled clients lose their socket instead of holding it (Node's defaults: 60 s / 5 min),
  // checked every second rather than Node's every 30 s, so the limits hold as configured. An idle
  // keep-alive connection stays open longer than Node's 5 s, and longer than the usual proxy's 60 s:
  // a client (or a load balancer) reusing a connection the server has just closed gets ECONNRESET,
  // a race a short server-side timeout makes likely on a busy machine.
  const httpServer = http.createServer(
    {
      headersTimeout: config.timeouts.headersMs,
      requestTimeout: config.timeouts.requestMs,
      keepAliveTimeout: config.timeouts.keepAliveMs,
      connectionsCheckingInterval: 1000,
    },
    // POST /graphql, nearly every request, goes straight to its handlers (./http/exact-route.ts).
    (req, res) => graphqlRoute?.(req, res) || app(req, res),
  );
  let graphqlRoute: Route | undefined;
  // Credentials and rate limits are shared with every other process over the same database: the
  // cache of credentials listens there for changes, and the limits count there (README "Scaling").
  const databaseUrl = orm.config.get('clientUrl') as string;
  const credentials = new Credentials(orm, config.credentialCache, log);
  if (config.credentialCache.ttlMs > 0) credentials.listen(databaseUrl);
  const rateLimitPool =
    config.rateLimits.store === 'postgres'
      ? new Pool({ connectionString: databaseUrl, max: 4, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, application_name: 'gongguan-rate-limits' })
      : undefined;
  // A connection the database ends while idle is replaced on the next use; it must not end the process.
  rateLimitPool?.on('error', (error) => log.warn({ err: error }, 'a rate-limit connection was lost'));
  const rateLimits = new RateLimits(config.rateLimits, rateLimitPool);
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // nosniff, frame and referrer policies everywhere; the content security policy is the admin's.
  const headers = securityHeaders({ contentSecurityPolicy: false });
  // One short line per request — which, from where, how it ended, how long — with its id.
  const logRequest = requestLog(log, { ignore: (url) => url === '/healthz' || url === '/readyz' });
  app.use(headers, logRequest);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  let stopping = false;
  app.get('/readyz', async (_req, res) => {
    // A stopping server finishes what it has, and tells load balancers to send nothing new.
    if (stopping) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready', credentials: credentials.state() });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  const resolveViewer = viewerMiddleware(credentials, rateLimits);

  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.depth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: QUERY_LIMITS.aliases },
    maxDirectives: { n: QUERY_LIMITS.directives },
    costLimit: { maxCost: QUERY_LIMITS.cost, ignoreIntrospection: true },
    // Armor's own token limit turns parse errors into HTTP 500; graphql-js parseOptions does it right.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();

  const contextOf = (req: IncomingMessage) => {
    // Node joins repeated headers it does not know into one string, as Express's req.get returns them.
    const idempotencyKey = req.headers['idempotency-key'];
    return createRequestContext({
      requestId: String(req.id),
      em: orm.em.fork(),
      viewer: req.viewer!,
      log: req.log,
      ip: req.ip,
      rateLimits,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    });
  };
  // A query whose cached viewer turned out changed under it runs again, as the credential stands now.
  const contextToRunAgain = (ctx: RequestContext, rerun: Rerun): RequestContext => ({
    ...createRequestContext({ ...ctx, viewer: rerun.viewer ?? ctx.viewer, em: orm.em.fork() }),
    rerun: { refusal: rerun.refusal },
  });
  const runAgain = (request: GraphQLRequest, ctx: RequestContext, rerun: Rerun) => apollo.executeOperation(request, { contextValue: contextToRunAgain(ctx, rerun) });
  const answerKnown = async (request: KnownQueryRequest, ctx: RequestContext) => {
    const outcome = await answerKnownQuery(schema, request, ctx);
    return outcome && 'rerun' in outcome ? { context: contextToRunAgain(ctx, outcome.rerun) } : outcome;
  };

  // Queries Apollo Server answered cleanly, answered again without its pipeline (http/known-queries.ts).
  const knownQueries = new KnownQueries();
  const schema = await gongguanSchema();
  const apollo: ApolloServer<RequestContext> = new ApolloServer<RequestContext>({
    schema,
    formatError: createErrorFormatter(log),
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    introspection: config.env !== 'production',
    csrfPrevention: true,
    // The process's signals are main.ts's: it drains this server, then stops the database.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    validationRules: [...armor.validationRules, inputLimitsRule],
    plugins: [
      ...armor.plugins,
      // On stop: no new connections, in-flight requests finish (within the bound), then sockets close.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.timeouts.shutdownMs }),
      // Responses are personal and never cached; the default cache-control plugin would only add a hook to every field.
      ApolloServerPluginCacheControlDisabled(),
      requestLifecyclePlugin(runAgain, knownQueries),
    ],
  });
  await apollo.start();

  const graphql: NodeHandler[] = [
    cors<cors.CorsRequest>({ origin: config.corsOrigins, maxAge: 600 }),
    express.json({ limit: config.bodyLimit }),
    resolveViewer,
    graphqlHandler(apollo, async (req) => contextOf(req), { queries: knownQueries, answer: answerKnown }),
  ];
  app.use('/graphql', ...graphql);

  app.use('/export', feedbackExportRouter(orm, rateLimits, resolveViewer));

  serveAdmin(app, config.adminDistDir);

  // Four parameters: Express tells an error handler by its arity.
  const onError: NodeErrorHandler = (error, req, res, _next) => {
    if (isDatabaseUnavailable(error)) {
      res.setHeader('retry-after', String(ServiceUnavailableError.RETRY_AFTER_SECONDS));
      return sendError(res, 503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; retry in a few seconds', { retryAfterSeconds: ServiceUnavailableError.RETRY_AFTER_SECONDS });
    }
    // body-parser's errors carry the HTTP status they stand for (400, 413, 415).
    const given = (error as { status?: unknown } | null)?.status;
    const status = typeof given === 'number' && given >= 400 && given < 500 ? given : 500;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    if (status === 413) return sendError(res, 413, 'PAYLOAD_TOO_LARGE', `Request body larger than ${config.bodyLimit}`);
    if (status < 500) return sendError(res, status, 'BAD_REQUEST', 'Malformed request body');
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', `Internal server error (request id ${req.id})`);
  };
  app.use(onError);
  graphqlRoute = exactRoute(app, 'POST', '/graphql', [headers, logRequest, ...graphql], onError);

  return {
    app,
    httpServer,
    credentials,
    knownQueries,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      stopping = true;
      knownQueries.close();
      try {
        await apollo.stop();
      } finally {
        await credentials.close();
        await rateLimitPool?.end();
      }
    },
  };
}

/**
 * The console keeps its session token in the browser: only its own scripts may run, and no other
 * site may frame it. Ant Design injects its styles at run time, hence inline styles.
 */
const adminContentSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/** Hashed file names (admin/dist/assets/*-<hash>.js): a new build makes new names, so browsers keep these for a year. */
const IMMUTABLE_ASSET = 'public, max-age=31536000, immutable';
/** index.html and other unhashed files: stored, but checked with the server (ETag) before each use. */
const REVALIDATE = 'no-cache';

function serveAdmin(app: express.Express, distDir: string): void {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', adminContentSecurityPolicy, (_req, res) => {
      res
        .type('html')
        .send('<!doctype html><meta charset="utf-8"><title>共管 Gongguan</title><h1>共管 Gongguan</h1><p>The admin console has not been built: run <code>npm run admin:build</code>. The API is at <a href="/graphql">/graphql</a>.</p>');
    });
    return;
  }
  // The build writes a .br and a .gz copy beside each text file (admin/vite.config.ts); this serves
  // the brotli one to browsers that accept it, else gzip, else the file itself, with
  // Content-Encoding and Vary: Accept-Encoding. The list of copies is read once, here.
  const assets = path.join(distDir, 'assets') + path.sep;
  const files = expressStaticGzip(distDir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('cache-control', file.startsWith(assets) ? IMMUTABLE_ASSET : REVALIDATE);
      },
    },
  });
  app.use(adminContentSecurityPolicy, files);
  // A hashed file that is not there (a tab still holding an older release's index.html asks for
  // one) is a 404, not the console's page served as a script.
  app.use('/assets', (_req, res) => {
    res.status(404).setHeader('cache-control', 'no-store');
    res.type('text').send('Not found');
  });
  // Client-side routes of the single-page admin all load its index, compressed like any file.
  app.get(/^\/(?!graphql|healthz|readyz|export).*/, adminContentSecurityPolicy, (req, res, next) => {
    req.url = '/index.html';
    files(req, res, next);
  });
}
