import 'reflect-metadata';
import { DefaultLogger, type LogContext } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import pino, { type Logger } from 'pino';
import { createAdminUser } from '../../api/access/admin-user.service';
import { AdminRole } from '../../api/common/viewer';
import { loadConfig } from '../../api/config';
import { ormConfig } from '../../api/db/orm.config';
import { configurePersonalData, PersonalDataProtector } from '../../api/members/personal-data';
import { createServer, type GongguanServer } from '../../api/server';
import { cloneDatabase, databaseUrl, dropDatabase, TEMPLATE_DEMO, TEMPLATE_EMPTY, TEST_DATA_KEY } from './database';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  headers: Headers;
}

export interface AdminAccount {
  username: string;
  password: string;
  role: AdminRole;
  regionCode?: string | null;
  /** A partner account's agreement (with a PARTNER_* role). */
  agreementId?: number | null;
}

export interface TestApp {
  url: string;
  /** The server itself (its cache of credentials, for instance). */
  server: GongguanServer;
  /** The server's own connection pool, as the application role (row-level security applies). */
  orm: MikroORM;
  /** Session token of the super admin `gql` acts as by default. */
  adminToken: string;
  /** SQL statements the server issued since the last reset, as MikroORM logged them. */
  queries: string[];
  /** The data statements among them: without transaction control and the statement that hands PostgreSQL the viewer. */
  dataStatements(): string[];
  /** SQL as the owner, past row-level security: for a test's own setup and its ground truth. */
  sql<T = Record<string, any>>(query: string, params?: unknown[]): Promise<T[]>;
  /** A request as the super admin, unless `headers` carries another Authorization. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** A request with this bearer token (null: no Authorization header at all). */
  gqlAs<T = Record<string, any>>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Creates an admin account directly and returns a session token for it. */
  adminSession(account: AdminAccount): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The server's logger; silent unless TEST_LOG_LEVEL says otherwise. */
  log?: Logger;
}

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { token } }';

/**
 * The real server on an ephemeral port over a database of its own, cloned from a template, and
 * connected as the application role, exactly as in production. `demo` holds the deterministic
 * demo data (see test/support/database.ts), `empty` only the schema.
 */
export async function startTestApp(template: 'empty' | 'demo' = 'empty', env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await cloneDatabase(template === 'demo' ? TEMPLATE_DEMO : TEMPLATE_EMPTY);
  const queries: string[] = [];
  configurePersonalData(PersonalDataProtector.parseKey(TEST_DATA_KEY));
  const orm = await MikroORM.init(
    ormConfig(databaseUrl(database), {
      // Every statement the application sends, for tests that count them.
      loggerFactory: (loggerOptions) =>
        new (class extends DefaultLogger {
          override logQuery(context: LogContext) {
            queries.push(context.query ?? '');
          }
        })(loggerOptions),
    }),
  );
  const owner = await MikroORM.init(ormConfig(databaseUrl(database, 'owner'), { pool: { min: 0, max: 2 } }));
  // Credentials stay cached for the whole file (revocations still apply at once, through the
  // epoch): a statement count then never depends on whether ten seconds passed since the last request.
  const config = { ...loadConfig({ NODE_ENV: 'test', CREDENTIAL_CACHE_TTL_MS: '3600000', ...env }), databaseUrl: databaseUrl(database) };
  const log = options.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const server: GongguanServer = await createServer(config, orm, log);
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;

  const post = async (query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: any[] };
    return { status: response.status, data: body.data ?? undefined, errors: body.errors, headers: response.headers };
  };
  const adminSession = async (account: AdminAccount) => {
    await createAdminUser(owner.em.fork(), account);
    const login = await post(LOGIN, { input: { username: account.username, password: account.password } }, {});
    if (!login.data?.login) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
    return login.data.login.token as string;
  };
  const adminToken = await adminSession({ username: 'root', password: 'root-password-123', role: AdminRole.SUPER_ADMIN });
  queries.length = 0;

  return {
    url,
    server,
    orm,
    queries,
    dataStatements: () => queries.filter(isDataStatement),
    adminToken,
    sql: (query, params = []) => owner.em.fork().getConnection().execute(query, params),
    gql: (query, variables, headers = {}) => post(query, variables, { authorization: `Bearer ${adminToken}`, ...headers }),
    gqlAs: (token, query, variables) => post(query, variables, token === null ? {} : { authorization: `Bearer ${token}` }),
    adminSession,
    async close() {
      await server.close();
      await orm.close(true);
      await owner.close(true);
      await dropDatabase(database);
    },
  };
}

/** Not begin/commit/rollback, savepoints, or `select set_config('gongguan.viewer', …)`. */
export function isDataStatement(sql: string): boolean {
  return !/^\s*(begin|commit|rollback|savepoint|release savepoint|rollback to savepoint)\b/i.test(sql) && !sql.includes("set_config('gongguan.viewer'");
}

/** The one error of a response, failing loudly when there is none. */
export function onlyError(response: GraphQLResponse): { message: string; extensions?: Record<string, any> } {
  if (!response.errors || response.errors.length !== 1) {
    throw new Error(`expected exactly one error, got ${JSON.stringify(response.errors ?? response.data)}`);
  }
  return response.errors[0]!;
}
