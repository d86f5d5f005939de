import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from 'knex';

interface PgConnection {
  query(config: { text: string; values: unknown[] }, callback: (error: Error | null, result?: { rows: Record<string, unknown>[] }) => void): void;
}

interface LoggingConnection {
  executeQuery<T>(query: string, run: () => Promise<T>, context: { query: string; params: unknown[] }): Promise<T>;
}

/**
 * The rows of `text` run with `values` as its parameters ($1, $2, …), on the connection `em`
 * works on: a request's pinned connection, a unit of work's transaction, or one from the pool.
 *
 * MikroORM's `execute` writes the values into the text, so every look-up by another key is a
 * new statement that PostgreSQL parses and plans again; planning a statement under the
 * row-level security policies costs several times what running it does. Sent with its values
 * apart, a read keeps one text per shape and runs prepared on a connection that has seen it
 * (./serial-queries.ts). It is still logged through MikroORM, and its errors converted, as any
 * other statement.
 */
export async function selectRows(em: EntityManager, text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  const client = (em.getTransactionContext<Knex.Transaction>()?.client ?? em.getKnex().client) as Knex.Client;
  const logging = em.getConnection() as unknown as LoggingConnection;
  return logging.executeQuery(
    text,
    async () => {
      const connection = (await client.acquireConnection()) as PgConnection;
      try {
        return await new Promise<Record<string, unknown>[]>((resolve, reject) =>
          connection.query({ text, values }, (error, result) => (error ? reject(em.getPlatform().getExceptionConverter().convertException(error)) : resolve(result!.rows))),
        );
      } finally {
        await client.releaseConnection(connection);
      }
    },
    { query: text, params: values },
  );
}
