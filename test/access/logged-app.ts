import 'reflect-metadata';
import { DefaultLogger, type LogContext } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { AdminRole } from '../../api/access/admin-user.entity';
import { createAdminUser } from '../../api/access/admin-user.service';
import { loadConfig } from '../../api/config';
import { ormConfig } from '../../api/db/orm.config';
import { createLogger } from '../../api/logger';
import { configurePersonalData, PersonalDataProtector } from '../../api/members/personal-data';
import { createServer } from '../../api/server';
import type { AdminAccount, TestApp } from '../support/app';
import { cloneDatabase, databaseUrl, dropDatabase, TEMPLATE_EMPTY, TEST_DATA_KEY } from '../support/database';

/**
 * test/support/app.ts gives the server a silent logger of its own, so its log lines cannot be
 * read by a test. This is the same app (same template, config and server) with the production
 * logger of api/logger.ts — its redaction included — at the most verbose level, its output
 * captured line by line instead of written to stdout.
 */
export interface LoggedApp extends TestApp {
  logs: string[];
}

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { token } }';

export async function startLoggedApp(env: Record<string, string> = {}): Promise<LoggedApp> {
  const database = await cloneDatabase(TEMPLATE_EMPTY);
  const queries: string[] = [];
  const logs: string[] = [];
  configurePersonalData(PersonalDataProtector.parseKey(TEST_DATA_KEY));
  const orm = await MikroORM.init(
    ormConfig(databaseUrl(database), {
      // Every statement the application sends, for tests that count them (as test/support/app.ts does).
      loggerFactory: (options) =>
        new (class extends DefaultLogger {
          override logQuery(context: LogContext) {
            queries.push(context.query ?? '');
          }
        })(options),
    }),
  );
  const config = { ...loadConfig({ NODE_ENV: 'test', ...env }), databaseUrl: databaseUrl(database) };
  const log = createLogger('trace');
  // Child loggers (one per request, from pino-http) inherit the parent's stream.
  (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = { write: (line: string) => logs.push(line) };
  const server = await createServer(config, orm, log);
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
    await createAdminUser(orm.em.fork(), account);
    const login = await post(LOGIN, { input: { username: account.username, password: account.password } }, {});
    if (!login.data?.login) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
    return login.data.login.token as string;
  };
  const adminToken = await adminSession({ username: 'root', password: 'root-password-123', role: AdminRole.SUPER_ADMIN });
  queries.length = 0;

  return {
    url,
    orm,
    queries,
    logs,
    adminToken,
    gql: (query, variables, headers = {}) => post(query, variables, { authorization: `Bearer ${adminToken}`, ...headers }),
    gqlAs: (token, query, variables) => post(query, variables, token === null ? {} : { authorization: `Bearer ${token}` }),
    adminSession,
    async close() {
      await server.close();
      await orm.close(true);
      await dropDatabase(database);
    },
  };
}
