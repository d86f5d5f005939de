import { MikroORM } from '@mikro-orm/postgresql';
import { assertServerRole } from '../../api/db/database';
import { ormConfig } from '../../api/db/orm.config';
import { startTestApp, type TestApp } from '../support/app';
import { databaseUrl } from '../support/database';
import { PARTNER_MEMBERS, partnerToken, withoutRowSecurity } from './row-security';

/**
 * The database half of the access design: the server's role cannot bypass row-level security,
 * every table is under it, the viewer never outlives a transaction, and each of the two layers —
 * the application's policies and PostgreSQL's — holds a partner in its agreement on its own.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('demo');
}, 60_000);
afterAll(() => app?.close());

describe("the server's database role", () => {
  it('is neither superuser nor allowed to bypass row-level security, and owns no table', async () => {
    const [role] = await app.orm.em.getConnection().execute(
      `select current_user as name, rolsuper, rolbypassrls,
              exists (select 1 from pg_tables where schemaname = 'public' and tableowner = current_user) as owns
         from pg_roles where rolname = current_user`,
    );
    expect(role).toEqual({ name: 'gongguan_app', rolsuper: false, rolbypassrls: false, owns: false });
  });

  it('is checked at start: the server refuses to run as the owner', async () => {
    const [database] = await app.sql<{ name: string }>('select current_database() as name');
    const owner = await MikroORM.init(ormConfig(databaseUrl(database!.name, 'owner'), { pool: { min: 0, max: 1 } }));
    try {
      await expect(assertServerRole(owner)).rejects.toThrow(/owns the tables.*DATABASE_OWNER_URL/);
    } finally {
      await owner.close(true);
    }
    await expect(assertServerRole(app.orm)).resolves.toBeUndefined();
  });

  it('sees nothing without a viewer, and no connection keeps one after its request', async () => {
    await app.gql('{ members { totalCount } }');
    const connection = app.orm.em.getConnection();
    const [seen] = await connection.execute(
      `select (select count(*) from member)::int as members, current_setting('gongguan.viewer', true) as viewer,
              current_setting('gongguan.viewer_scope', true) as scope, current_setting('gongguan.viewer_permissions', true) as permissions`,
    );
    expect(seen!.members).toBe(0);
    expect(seen!.viewer ?? '').toBe('');
    expect(seen!.scope ?? '').toBe('');
    expect(seen!.permissions ?? '').toBe('');
    const [owner] = await app.sql('select count(*)::int as members from member');
    expect(owner!.members).toBe(2000);
  });
});

describe('row-level security', () => {
  it('is enabled and forced on every table of the schema', async () => {
    const tables = await app.sql<{ table: string; enabled: boolean; forced: boolean }>(
      `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
         from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relname <> 'mikro_orm_migrations'
        order by c.relname`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(12);
    expect(tables.filter((table) => !table.enabled || !table.forced)).toEqual([]);
  });

  // A viewer's value compared outside its sub-query, `(select viewer_kind()) = 'admin'`, is a
  // parameter against a constant, which PostgreSQL estimates true for 0.5% of rows: it planned a
  // region admin's monthly scores as a nested loop over every member (750 ms, Migration20261201860000).
  // Asked inside, `(select viewer_kind() = 'admin')`, it is one boolean, estimated at one half.
  it('asks every question about the viewer inside its sub-query, where PostgreSQL plans it as one boolean', async () => {
    const policies = await app.sql<{ policy: string; expression: string }>(
      `select tablename || '.' || policyname as policy, coalesce(qual, '') || ' ' || coalesce(with_check, '') as expression
         from pg_policies where schemaname = 'public'`,
    );
    expect(policies.length).toBeGreaterThanOrEqual(40);
    const comparedOutside = /\( SELECT viewer_\w+\(\) AS \w+\)( ->> '\w+'::text\))? (=|<>|!=|= ANY) '?[A-Z(]?/;
    expect(policies.filter(({ expression }) => comparedOutside.test(expression)).map(({ policy }) => policy)).toEqual([]);
    // The rewritten shape is there: the rule above is not vacuous.
    expect(policies.filter(({ expression }) => expression.includes("( SELECT (viewer_kind() = 'admin'::text))")).length).toBeGreaterThanOrEqual(10);
  });
});

describe('each layer holds on its own', () => {
  it('the application policies alone: with row-level security lifted from members, a partner still sees only its agreement', async () => {
    const token = await partnerToken(app);
    const covered = (await app.gqlAs(token, PARTNER_MEMBERS)).data!.members.totalCount;
    expect(covered).toBeGreaterThan(0);
    expect(covered).toBeLessThan(2000);
    await withoutRowSecurity(app, async () => expect((await app.gqlAs(token, PARTNER_MEMBERS)).data!.members.totalCount).toBe(covered));
  });
  // Row-level security alone: test/access/rls-alone.test.ts (the application scope is a process-wide test switch).
});
