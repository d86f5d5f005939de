import path from 'node:path';

/** Everything the server reads from the environment, parsed once at start-up. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Set: use that PostgreSQL server. Unset: start the embedded one. */
  databaseUrl?: string;
  embeddedDataDir: string;
  embeddedPort: number;
  /** Key (32 bytes, hex or base64) that encrypts ID and phone numbers at rest. */
  dataKey?: string;
  corsOrigins: string[];
  bodyLimit: string;
  logLevel: string;
  adminDistDir: string;
  seedDemoData: boolean;
}

const projectRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}.build${path.sep}`) ? '../..' : '..');

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    env: nodeEnv,
    port: int('PORT', 4000),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    embeddedDataDir: path.resolve(projectRoot, env.EMBEDDED_PG_DIR || '.data/postgres'),
    embeddedPort: int('EMBEDDED_PG_PORT', 54329),
    dataKey: env.GONGGUAN_DATA_KEY || undefined,
    corsOrigins: (env.CORS_ORIGINS ?? 'http://localhost:4000,http://localhost:5173')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    bodyLimit: env.BODY_LIMIT || '1mb',
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    adminDistDir: path.resolve(projectRoot, 'admin/dist'),
    seedDemoData: env.SEED_DEMO_DATA ? env.SEED_DEMO_DATA === 'true' : !databaseUrl,
  };
}

export { projectRoot };
