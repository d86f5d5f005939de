import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from 'knex';
import { leadStatementsWith, preludeState, type StatementPrelude } from './serial-queries';

/** A connection taken out of the pool for one EntityManager: {@link pinConnection}. */
export interface PinnedConnection {
  /** Ends a transaction a statement opened (commit or rollback), clears the prelude, and gives the connection back. */
  release(outcome: 'commit' | 'rollback'): Promise<void>;
}

/**
 * Takes one connection out of the pool for `em`, whose statements all run on it led by `prelude`
 * (./serial-queries.ts), with no transaction held open between them unless one of them opens it.
 *
 * MikroORM pins a connection to an EntityManager only through a knex transaction, whose making
 * (a whole knex instance bound to the connection) and committing (a flush of the unit of work)
 * cost more than a read by id itself. What MikroORM and knex ask of a transaction to run a
 * statement on it is a client that is `transacting` and always hands out the same connection;
 * that is what this gives them. A unit of work inside (`em.transactional`, a savepoint under a
 * knex transaction) gets a real knex transaction on the pinned connection instead, one at a
 * time, in the order they were asked for, as knex orders the savepoints of one transaction.
 */
export async function pinConnection(em: EntityManager, prelude: StatementPrelude): Promise<PinnedConnection> {
  const knex = em.getKnex();
  const pool = knex.client as Knex.Client;
  const connection: unknown = await pool.acquireConnection();
  leadStatementsWith(connection, prelude);
  const client = pinnedClient(pool, connection);
  let previous: Promise<unknown> = Promise.resolve();
  const transaction = async (_container: null, config: Knex.TransactionConfig = {}) => {
    const turn = previous;
    let done!: () => void;
    previous = new Promise<void>((resolve) => (done = resolve));
    await turn;
    try {
      // A write made outside any unit of work opened a transaction of its own: it ends here, so
      // that this one opens afresh rather than inside it (a knex transaction sends a BEGIN, not a savepoint).
      if (preludeState(connection).inTransaction) await end(connection, 'COMMIT');
      const trx = await knex.transaction(null, { ...config, connection } as Knex.TransactionConfig);
      (trx as unknown as { executionPromise: Promise<unknown> }).executionPromise.then(done, done);
      return trx;
    } catch (error) {
      done();
      throw error;
    }
  };
  em.setTransactionContext({ client, transaction, isTransaction: true } as unknown as Knex.Transaction);
  return {
    async release(outcome) {
      try {
        if (preludeState(connection).inTransaction) await end(connection, outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
      } finally {
        leadStatementsWith(connection, null);
        em.resetTransactionContext();
        await pool.releaseConnection(connection);
      }
    },
  };
}

/** Per pool, the prototype of its pinned clients: made once, so each request's client is one small object. */
const pinnedPrototypes = new WeakMap<Knex.Client, object>();

/** A client of `pool` that is `transacting` and hands out `connection` only (see {@link pinConnection}). */
function pinnedClient(pool: Knex.Client, connection: unknown): Knex.Client {
  let prototype = pinnedPrototypes.get(pool);
  if (!prototype) {
    prototype = Object.create(pool, {
      transacting: { value: true },
      acquireConnection: {
        value(this: { pinned: unknown }) {
          return Promise.resolve(this.pinned);
        },
      },
      releaseConnection: { value: () => Promise.resolve() },
    }) as object;
    pinnedPrototypes.set(pool, prototype);
  }
  const client = Object.create(prototype) as { pinned: unknown };
  client.pinned = connection;
  return client as unknown as Knex.Client;
}

function end(connection: unknown, text: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  return new Promise((resolve, reject) => {
    (connection as { query(config: { text: string }, callback: (error: Error | null) => void): void }).query({ text }, (error) => (error ? reject(error) : resolve()));
  });
}
