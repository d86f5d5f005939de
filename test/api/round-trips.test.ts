import type { EntityManager } from '@mikro-orm/postgresql';
import { Connection } from 'pg';
import { selectRows } from '../../api/connection/parameterised-statements';
import { VIEWER_AND_EPOCH } from '../../api/common/viewer-settings';
import { type PinnedConnection, pinConnection } from '../../api/connection/pinned-connection';
import { startTestApp, type TestApp } from '../support/app';

/**
 * A request's transaction opens with its first statement (api/connection/serial-queries.ts): knex's BEGIN
 * travels with the statement that hands PostgreSQL the viewer. A query holds no transaction at
 * all: each read travels with that statement, in one implicit transaction, so a read by id costs
 * one round trip to the database, not four. Round trips are counted on the wire: every exchange
 * with PostgreSQL ends with a Sync (extended protocol) or is one Query message (simple protocol).
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
  it('reads one member with its organisation and parent in one: the viewer and the read together', async () => {
    const W3 = `query($id: ID!) { member(id: $id) { id name formalOrganization { name parent { name } } } }`;
    await app.gql(W3, { id: '2' }); // the session is cached after its first use
    const { roundTrips: count, result } = await roundTripsOf(() => app.gql(W3, { id: '2' }));
    expect(result.errors).toBeUndefined();
    expect((result.data as any).member.formalOrganization.parent.name).toEqual(expect.any(String));
    expect(count).toBe(1);
  });

  it('confirms a cached viewer in one round trip when a query reads nothing', async () => {
    await app.gql('{ __typename }');
    const { roundTrips: count, result } = await roundTripsOf(() => app.gql('{ __typename }'));
    expect(result.data).toEqual({ __typename: 'Query' });
    expect(count).toBe(1);
  });
});

describe('statements led by the viewer (a query)', () => {
  const VIEWER = `select set_config('gongguan.viewer', $1, true), credentials_epoch() as epoch`;
  const SETTINGS = JSON.stringify({ kind: 'probe', it: "o'brien" });

  const leading = (em: EntityManager, rows: Record<string, unknown>[] = []): Promise<PinnedConnection> =>
    pinConnection(em, { sql: VIEWER, values: [SETTINGS], onRow: (row) => rows.push(row) });
  const probe = `select current_setting('gongguan.viewer', true) as viewer, now() = statement_timestamp() as own_transaction, pg_backend_pid() as pid`;

  it('each plain read carries the viewer in a transaction of its own, one round trip each, and nothing is held between them', async () => {
    const em = fork();
    const rows: Record<string, unknown>[] = [];
    const { roundTrips: count, result } = await roundTripsOf(async () => {
      const pinned = await leading(em, rows);
      const first = await em.execute<{ viewer: string; own_transaction: boolean; pid: number }[]>(probe);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await em.execute<{ viewer: string; own_transaction: boolean; pid: number }[]>(probe);
      await pinned.release('commit');
      return [first[0]!, second[0]!];
    });
    expect(count).toBe(2);
    for (const row of result) expect(row).toMatchObject({ viewer: SETTINGS, own_transaction: true });
    // One connection carried both (the request's), and each read the credentials epoch.
    expect(result[0]!.pid).toBe(result[1]!.pid);
    expect(rows).toEqual([{ set_config: SETTINGS, epoch: expect.anything() }, { set_config: SETTINGS, epoch: expect.anything() }]);
  });

  it('a statement that is not a plain read opens the transaction there, with the viewer, and it is an ordinary one from then on', async () => {
    await app.sql(`create table if not exists round_trip_probe (id int primary key)`);
    await app.sql(`grant all on round_trip_probe to gongguan_app`);
    await app.sql(`delete from round_trip_probe`);
    const em = fork();
    const pinned = await leading(em);
    await em.execute(`select 1`);
    await em.execute(`insert into round_trip_probe (id) values (?)`, [7]);
    const [inside] = await em.execute<{ viewer: string; own_transaction: boolean }[]>(probe);
    const [seen] = await em.execute<{ n: string }[]>(`select count(*) as n from round_trip_probe`);
    await pinned.release('rollback');
    expect(inside).toMatchObject({ viewer: SETTINGS, own_transaction: false });
    expect(Number(seen!.n)).toBe(1);
    expect(await app.sql(`select * from round_trip_probe`)).toEqual([]);

    const kept = fork();
    const keeping = await leading(kept);
    await kept.execute(`insert into round_trip_probe (id) values (?)`, [8]);
    await keeping.release('commit');
    expect(await app.sql(`select id from round_trip_probe`)).toEqual([{ id: 8 }]);
    await app.sql(`delete from round_trip_probe`);
  });

  it('locking reads and settings hold the transaction too', async () => {
    const em = fork();
    const pinned = await leading(em);
    await em.execute(`select set_config('gongguan.probe', 'kept', true)`);
    const [row] = await em.execute<{ value: string }[]>(`select current_setting('gongguan.probe', true) as value`);
    await pinned.release('commit');
    expect(row!.value).toBe('kept');
  });

  it('leaves nothing on the connection: the next transaction on it, and a statement outside one, carry no viewer', async () => {
    const em = fork();
    const pinned = await leading(em);
    const [during] = await em.execute<{ pid: number }[]>(probe);
    await pinned.release('commit');
    const after = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const other = fork();
        await other.begin();
        const [row] = await other.execute<{ viewer: string | null; pid: number }[]>(`select nullif(current_setting('gongguan.viewer', true), '') as viewer, pg_backend_pid() as pid`);
        await other.commit();
        return row!;
      }),
    );
    expect(after.some((row) => row.pid === during!.pid)).toBe(true);
    for (const row of after) expect(row.viewer).toBeNull();
  });

  it('a unit of work inside is a real transaction on the same connection, one at a time, each opened with the viewer', async () => {
    await app.sql(`delete from round_trip_probe`);
    const em = fork();
    const pinned = await leading(em);
    const [outer] = await em.execute<{ pid: number }[]>(probe);
    const work = (id: number, fail: boolean) =>
      em.transactional(async (tx) => {
        await tx.execute(`insert into round_trip_probe (id) values (?)`, [id]);
        const [row] = await tx.execute<{ viewer: string; own_transaction: boolean; pid: number; n: string }[]>(`${probe}, (select count(*) from round_trip_probe) as n`);
        if (fail) throw new Error('undone');
        return row!;
      });
    const [kept, undone, after] = await Promise.allSettled([work(21, false), work(22, true), work(23, false)]);
    const [last] = await em.execute<{ viewer: string; own_transaction: boolean }[]>(probe);
    await pinned.release('commit');
    expect(kept).toMatchObject({ status: 'fulfilled', value: { viewer: SETTINGS, own_transaction: false, pid: outer!.pid, n: '1' } });
    expect(undone.status).toBe('rejected');
    // The third ran after the second was rolled back, not inside it.
    expect(after).toMatchObject({ status: 'fulfilled', value: { viewer: SETTINGS, pid: outer!.pid, n: '2' } });
    expect(last).toMatchObject({ viewer: SETTINGS, own_transaction: true });
    expect(await app.sql(`select id from round_trip_probe order by id`)).toEqual([{ id: 21 }, { id: 23 }]);
    await app.sql(`delete from round_trip_probe`);
  });

  it('a write made before a unit of work is ended first: the unit of work opens its own transaction, and its rollback leaves that write', async () => {
    await app.sql(`delete from round_trip_probe`);
    const em = fork();
    const pinned = await leading(em);
    await em.execute(`insert into round_trip_probe (id) values (?)`, [31]);
    await expect(
      em.transactional(async (tx) => {
        await tx.execute(`insert into round_trip_probe (id) values (?)`, [32]);
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    await pinned.release('commit');
    expect(await app.sql(`select id from round_trip_probe order by id`)).toEqual([{ id: 31 }]);
    await app.sql(`delete from round_trip_probe`);
  });

  it('fails a statement in its place and goes on with the next', async () => {
    const em = fork();
    const pinned = await leading(em);
    await expect(em.execute(`select no_such_column from member`)).rejects.toThrow();
    const [row] = await em.execute<{ viewer: string }[]>(probe);
    await pinned.release('commit');
    expect(row!.viewer).toBe(SETTINGS);
  });
});

describe('reads with their values apart (a query\'s reads), prepared on their connection', () => {
  // The server's own prelude, its three settings written as viewer-settings.ts writes them.
  const SCOPE = { kind: 'admin', id: '1', actor_type: 'admin', actor_id: '1', everywhere: true };
  const ADMIN = [JSON.stringify({ ...SCOPE, permissions: ['members:read'] }), JSON.stringify(SCOPE), ',members:read,'];
  const wire = Connection.prototype as unknown as { parse(message: { name?: string; text: string }): void };
  const { parse } = wire;
  let parsed: { name?: string; text: string }[] = [];
  beforeAll(() => {
    wire.parse = function (this: unknown, message) {
      if (ofTheServersPool(this)) parsed.push(message);
      return parse.call(this, message);
    };
  });
  afterAll(() => {
    wire.parse = parse;
  });

  /** `work` on a connection pinned for a super admin, as a query's are. */
  async function asQuery<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = fork();
    const pinned = await pinConnection(em, { sql: VIEWER_AND_EPOCH, values: ADMIN, onRow: () => undefined });
    try {
      return await work(em);
    } finally {
      await pinned.release('commit');
    }
  }
  const preparedOf = (em: EntityManager) => em.execute<{ name: string; statement: string; generic_plans: string }[]>(`select name, statement, generic_plans from pg_prepared_statements`);

  it('looks up every key with one statement, parsed once on the connection and then run on a generic plan (not planned again)', async () => {
    const ids = await app.sql<{ id: number; name: string }>(`select id, name from member order by id limit 12`);
    const text = `select "id", "name" from "member" where "id" = $1`;
    parsed = [];
    const { answers, prepared } = await asQuery(async (em) => {
      const answers = [];
      for (const { id } of ids) answers.push(...(await selectRows(em, text, [id])));
      return { answers, prepared: await preparedOf(em) };
    });
    // Row-level security held (the viewer went ahead of each), and every key found its own row.
    expect(answers).toEqual(ids);
    const own = parsed.filter((message) => message.text === text);
    expect(own).toHaveLength(1);
    expect(own[0]!.name).toMatch(/^gongguan_\d+$/);
    // The prelude that hands over the viewer is prepared on the connection too (perhaps by an earlier test), once.
    expect(parsed.filter((message) => message.text === VIEWER_AND_EPOCH).length).toBeLessThanOrEqual(1);
    expect(prepared.map((row) => row.statement)).toContain(VIEWER_AND_EPOCH);
    const statement = prepared.find((row) => row.name === own[0]!.name);
    expect(statement).toBeDefined();
    expect(Number(statement!.generic_plans)).toBeGreaterThan(0);
  });

  it('fails a statement in its place, whether at its parse or its run, and runs it again afterwards', async () => {
    const failing = `select "id", 10 / $1::int as "tenth" from "member" where "id" = 2`;
    const broken = `select "no_such_column" from "member" where "id" = $1`;
    const results = await asQuery(async (em) => [
      await selectRows(em, failing, [0]).catch((error: Error) => error),
      await selectRows(em, failing, [5]),
      await selectRows(em, broken, [2]).catch((error: Error) => error),
      await selectRows(em, broken, [2]).catch((error: Error) => error),
      await selectRows(em, failing, [0]).catch((error: Error) => error),
      await selectRows(em, failing, [2]),
    ]);
    expect(results[0]).toBeInstanceOf(Error);
    expect((results[0] as Error).message).toMatch(/division by zero/);
    expect(results[1]).toEqual([{ id: 2, tenth: 2 }]);
    expect((results[2] as Error).message).toMatch(/no_such_column/);
    expect((results[3] as Error).message).toMatch(/no_such_column/);
    expect((results[4] as Error).message).toMatch(/division by zero/);
    expect(results[5]).toEqual([{ id: 2, tenth: 5 }]);
  });

  it('refuses a value that cannot be written, and the connection goes on', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const [refused, after] = await asQuery(async (em) => [
      await selectRows(em, `select $1::jsonb as "value"`, [circular]).catch((error: Error) => error),
      await selectRows(em, `select $1::int + 1 as "value"`, [41]),
    ]);
    expect(refused).toBeInstanceOf(Error);
    expect(after).toEqual([{ value: 42 }]);
  });

  it('keeps a bounded number prepared on a connection, closing the least recently used, and prepares one again when it comes back', async () => {
    const texts = Array.from({ length: 80 }, (_, i) => `select $1::int + ${i} as "value"`);
    const { answers, held, again } = await asQuery(async (em) => {
      const answers = [];
      for (const text of texts) answers.push((await selectRows(em, text, [1]))[0]!.value);
      const held = (await preparedOf(em)).filter((row) => texts.includes(row.statement));
      const again = await selectRows(em, texts[0]!, [1]);
      return { answers, held, again };
    });
    expect(answers).toEqual(texts.map((_, i) => 1 + i));
    expect(held.length).toBeLessThanOrEqual(64);
    expect(held.map((row) => row.statement)).toContain(texts.at(-1));
    expect(held.map((row) => row.statement)).not.toContain(texts[0]);
    expect(again).toEqual([{ value: 1 }]);
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
