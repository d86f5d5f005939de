import type { EntityManager } from '@mikro-orm/postgresql';
import { Connection } from 'pg';
import { startTestApp, type TestApp } from '../support/app';

/**
 * A request's transaction opens with its first statement (api/db/serial-queries.ts): knex's BEGIN
 * travels with the statement that hands PostgreSQL the viewer, so a read by id costs three round
 * trips to the database (BEGIN + viewer, the read, COMMIT), not four. Round trips are counted on
 * the wire: every exchange with PostgreSQL ends with a Sync (extended protocol) or is one Query
 * message (simple protocol).
 */
let app: TestApp;
let roundTrips = 0;
const connection = Connection.prototype as unknown as { sync(): void; query(text: string): void };
const { sync, query } = connection;

/** Whether a wire connection is one of the server's pool (not the rate limits' pool or the LISTEN connection). */
function ofTheServersPool(wire: unknown): boolean {
  const pool = (app.orm.em.getKnex().client as unknown as { pool: { free: { resource: { connection: unknown } }[]; used: { resource: { connection: unknown } }[] } }).pool;
  return [...pool.free, ...pool.used].some((entry) => entry.resource.connection === wire);
}

beforeAll(async () => {
  app = await startTestApp('demo');
  connection.sync = function (this: unknown) {
    if (ofTheServersPool(this)) roundTrips += 1;
    return sync.call(this);
  };
  connection.query = function (this: unknown, text: string) {
    if (ofTheServersPool(this)) roundTrips += 1;
    return query.call(this, text);
  };
});
afterAll(async () => {
  connection.sync = sync;
  connection.query = query;
  await app.close();
});

async function roundTripsOf<T>(work: () => Promise<T>): Promise<{ roundTrips: number; result: T }> {
  roundTrips = 0;
  const result = await work();
  return { roundTrips, result };
}

const fork = (): EntityManager => app.orm.em.fork() as EntityManager;

describe('round trips of a request', () => {
  it('reads one member with its organisation and parent in three: BEGIN with the viewer, the read, COMMIT', async () => {
    const W3 = `query($id: ID!) { member(id: $id) { id name formalOrganization { name parent { name } } } }`;
    await app.gql(W3, { id: '2' }); // the session is cached after its first use
    const { roundTrips: count, result } = await roundTripsOf(() => app.gql(W3, { id: '2' }));
    expect(result.errors).toBeUndefined();
    expect((result.data as any).member.formalOrganization.parent.name).toEqual(expect.any(String));
    expect(count).toBe(3);
  });
});

describe('a transaction opened with its first statement', () => {
  it('is a real transaction: a setting made local to it holds for its later statements and not after', async () => {
    const em = fork();
    await em.begin();
    await em.execute(`select set_config('gongguan.probe', ?, true)`, ['inside']);
    const [inside] = await em.execute<{ value: string }[]>(`select current_setting('gongguan.probe', true) as value`);
    await em.commit();
    const [after] = await fork().execute<{ value: string | null }[]>(`select nullif(current_setting('gongguan.probe', true), '') as value`);
    expect(inside!.value).toBe('inside');
    expect(after!.value).toBeNull();
  });

  it('rolls back what it wrote, when the first statement is the write', async () => {
    await app.sql(`create table if not exists round_trip_probe (id int primary key)`);
    await app.sql(`grant all on round_trip_probe to gongguan_app`);
    const em = fork();
    await em.begin();
    await em.execute(`insert into round_trip_probe (id) values (?)`, [1]);
    await em.rollback();
    expect(await app.sql(`select * from round_trip_probe`)).toEqual([]);
  });

  it('answers its first statement without BEGIN among the results, for one statement or several', async () => {
    const em = fork();
    await em.begin();
    const [row] = await em.execute<{ n: number }[]>(`select 41 + ?::int as n`, [1]);
    await em.commit();
    expect(row!.n).toBe(42);

    const simple = fork();
    await simple.begin();
    const rows = await simple.execute<{ n: number }[]>(`select 7 as n`);
    await simple.commit();
    expect(rows).toEqual([{ n: 7 }]);
  });

  it('sends nothing for a transaction that ends before any statement', async () => {
    const em = fork();
    const { roundTrips: count } = await roundTripsOf(async () => {
      await em.begin();
      await em.commit();
      await em.begin();
      await em.rollback();
    });
    expect(count).toBe(0);
  });

  it('fails the first statement in its place and leaves the connection clean for the next transaction', async () => {
    const em = fork();
    await em.begin();
    await expect(em.execute(`select no_such_column from member`)).rejects.toThrow();
    await em.rollback();
    // Every pooled connection is outside a transaction afterwards.
    const states = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const [row] = await fork().execute<{ state: string }[]>(`select (select state from pg_stat_activity where pid = pg_backend_pid()) as state`);
        return row!.state;
      }),
    );
    expect(states.every((state) => state === 'active')).toBe(true);
    const [row] = await fork().execute<{ in_transaction: boolean }[]>(`select now() <> statement_timestamp() as in_transaction`);
    expect(row!.in_transaction).toBe(false);
  });
});
