import path from 'node:path';

/** Everything the server reads from the environment, parsed once at start-up. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Set: use that PostgreSQL server, as a member of `gongguan_app`. Unset: start the embedded one. */
  databaseUrl?: string;
  /** With DATABASE_URL: the owner's connection, used for migrations (and the demo seed) at start. */
  databaseOwnerUrl?: string;
  embeddedDataDir: string;
  embeddedPort: number;
  /** Key (32 bytes, hex or base64) that encrypts ID and phone numbers at rest. */
  dataKey?: string;
  corsOrigins: string[];
  bodyLimit: string;
  logLevel: string;
  adminDistDir: string;
  seedDemoData: boolean;
  /** Express "trust proxy": which proxies' X-Forwarded-For to believe for client addresses. */
  trustProxy: string;
  /**
   * Tests only (NODE_ENV=test, GONGGUAN_APPLICATION_SCOPE=off): the policies' row conditions are
   * dropped and row-level security alone keeps each viewer in its rows.
   */
  applicationScope: boolean;
  /**
   * Tests only (NODE_ENV=test, GONGGUAN_READ_PLANNER=off): GraphQL reads go through the services
   * and their loaders instead of the read planner, so that the two can be compared.
   */
  readPlanner: boolean;
  timeouts: {
    /** A client must send its request headers within this. */
    headersMs: number;
    /** …and its whole request within this. */
    requestMs: number;
    /** An idle keep-alive connection is closed after this. */
    keepAliveMs: number;
    /** On SIGTERM, requests in flight get this long to finish before the server stops anyway. */
    shutdownMs: number;
  };
  rateLimits: {
    requestsPerMinutePerIp: number;
    requestsPerMinutePerToken: number;
    loginFailuresPerUsername: number;
    loginFailuresPerIp: number;
    /** `postgres`: one count shared by every process over the database; `memory`: each process its own. */
    store: 'postgres' | 'memory';
    /** Points a process takes from the shared count at a time (per limit and key); null: 2% of the limit, at least 1. */
    lease: number | null;
  };
  /** Webhooks to partner systems (README "Webhooks and events"). */
  webhooks: WebhookConfig;
  /** Sessions and tokens resolved from an in-process cache (api/access/credential-cache.ts). */
  credentialCache: {
    /** How long an entry is used at most; 0 turns the cache off. */
    ttlMs: number;
    maxEntries: number;
  };
}

export interface WebhookConfig {
  /** WEBHOOK_WORKER=off: this process only queues deliveries; `npm run worker` (or another server) sends them. */
  worker: boolean;
  /** Endpoints on loopback or private addresses: refused in production unless WEBHOOK_ALLOW_PRIVATE_URLS=true. */
  allowPrivateUrls: boolean;
  retryLimit: number;
  retryDelaySeconds: number;
  /** A delivery a stopped worker left unfinished is tried again after this long. */
  expireInSeconds: number;
  /** How long an endpoint has to answer. */
  timeoutMs: number;
  /** How often the worker looks for queued deliveries. */
  pollingIntervalSeconds: number;
  /** How often pg-boss's maintenance runs (expiring jobs of stopped workers, archiving). */
  maintenanceIntervalSeconds: number;
  /** How long a rotated-out secret keeps signing, unless the rotation says otherwise. */
  rotationGraceHours: number;
}

function webhookConfig(env: NodeJS.ProcessEnv, nodeEnv: Config['env']): WebhookConfig {
  return {
    worker: env.WEBHOOK_WORKER !== 'off',
    allowPrivateUrls: env.WEBHOOK_ALLOW_PRIVATE_URLS ? env.WEBHOOK_ALLOW_PRIVATE_URLS === 'true' : nodeEnv !== 'production',
    retryLimit: int('WEBHOOK_RETRY_LIMIT', 8, env, { zero: true }),
    retryDelaySeconds: int('WEBHOOK_RETRY_DELAY_SECONDS', 30, env),
    expireInSeconds: int('WEBHOOK_EXPIRE_SECONDS', 120, env),
    timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, env),
    pollingIntervalSeconds: int('WEBHOOK_POLLING_SECONDS', 2, env),
    maintenanceIntervalSeconds: int('WEBHOOK_MAINTENANCE_SECONDS', 60, env),
    rotationGraceHours: int('WEBHOOK_ROTATION_GRACE_HOURS', 24, env),
  };
}

const projectRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}.build${path.sep}`) ? '../..' : '..');

function int(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env, { zero = false } = {}): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !zero)) {
    throw new Error(`${name} must be a ${zero ? 'non-negative' : 'positive'} integer, got "${raw}"`);
  }
  return value;
}

function rateLimitStore(env: NodeJS.ProcessEnv): 'postgres' | 'memory' {
  const raw = env.RATE_LIMIT_STORE || 'postgres';
  if (raw !== 'postgres' && raw !== 'memory') throw new Error(`RATE_LIMIT_STORE must be "postgres" or "memory", got "${raw}"`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    env: nodeEnv,
    port: int('PORT', 4000, env),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    embeddedDataDir: path.resolve(projectRoot, env.EMBEDDED_PG_DIR || '.data/postgres'),
    embeddedPort: int('EMBEDDED_PG_PORT', 54329, env),
    dataKey: env.GONGGUAN_DATA_KEY || undefined,
    corsOrigins: (env.CORS_ORIGINS ?? 'http://localhost:4000,http://localhost:5173')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    bodyLimit: env.BODY_LIMIT || '4mb',
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    adminDistDir: path.resolve(projectRoot, 'admin/dist'),
    seedDemoData: env.SEED_DEMO_DATA ? env.SEED_DEMO_DATA === 'true' : !databaseUrl,
    trustProxy: env.TRUST_PROXY || 'loopback',
    applicationScope: !(nodeEnv === 'test' && env.GONGGUAN_APPLICATION_SCOPE === 'off'),
    readPlanner: !(nodeEnv === 'test' && env.GONGGUAN_READ_PLANNER === 'off'),
    timeouts: {
      headersMs: int('HEADERS_TIMEOUT_MS', 10_000, env),
      requestMs: int('REQUEST_TIMEOUT_MS', 120_000, env),
      keepAliveMs: int('KEEP_ALIVE_TIMEOUT_MS', 65_000, env),
      shutdownMs: int('SHUTDOWN_TIMEOUT_MS', 30_000, env),
    },
    rateLimits: {
      requestsPerMinutePerIp: int('RATE_LIMIT_PER_IP', 600, env),
      requestsPerMinutePerToken: int('RATE_LIMIT_PER_TOKEN', 300, env),
      loginFailuresPerUsername: int('LOGIN_FAILURES_PER_USERNAME', 5, env),
      loginFailuresPerIp: int('LOGIN_FAILURES_PER_IP', 20, env),
      store: rateLimitStore(env),
      lease: env.RATE_LIMIT_LEASE ? int('RATE_LIMIT_LEASE', 1, env) : null,
    },
    webhooks: webhookConfig(env, nodeEnv),
    credentialCache: {
      ttlMs: int('CREDENTIAL_CACHE_TTL_MS', 10_000, env, { zero: true }),
      maxEntries: int('CREDENTIAL_CACHE_SIZE', 10_000, env),
    },
  };
}

export { projectRoot };
