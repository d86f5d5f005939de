import { Query } from 'pg';

type Callback = (error: Error | null, result?: unknown) => void;

interface QueryConfig {
  text: string;
  values?: unknown[];
}

interface QueryingClient {
  query(config: unknown, callback: Callback): unknown;
}

/** What node-postgres answers for a statement without rows; enough for knex, which ignores BEGIN's answer. */
const beganResult = (command: string) => ({ command, rowCount: null, oid: null, rows: [], fields: [] });

const isTransactionStart = (text: string) => /^\s*BEGIN\s*;?\s*$/i.test(text);
const isTransactionEnd = (text: string) => /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i.test(text);

/**
 * A statement sent together with the BEGIN that opens its transaction: BEGIN's Parse, Bind and
 * Execute go ahead of the statement's own messages, and one Sync ends both, so PostgreSQL gets them
 * in one write and answers in one round trip (the extended protocol's pipelining). node-postgres
 * corks the socket around prepare(), so all of it leaves in one packet.
 */
class BegunQuery extends Query {
  prepare(connection: PgConnection): void {
    connection.parse({ text: 'BEGIN', name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [], binary: false });
    connection.execute({ portal: '', rows: 0 });
    (Query.prototype as unknown as { prepare(connection: PgConnection): void }).prepare.call(this, connection);
  }
}

interface PgConnection {
  parse(message: object): void;
  bind(message: object): void;
  execute(message: object): void;
}

/** The answer to the statement(s) themselves: BEGIN's answer comes first and is dropped. */
function withoutBegin(result: unknown): unknown {
  if (!Array.isArray(result)) return result;
  return result.length === 2 ? result[1] : result.slice(1);
}

/**
 * One connection carries a whole request (its transaction holds the viewer for row-level
 * security), while GraphQL resolves fields, and so issues queries, concurrently. node-postgres
 * still queues such overlapping calls itself but deprecates it (pg 9 drops the queue): this
 * queues them here instead, one at a time per connection, in the order they were made.
 *
 * It also saves every transaction a round trip: knex's BEGIN is answered at once and sent with
 * the transaction's first statement (for a request, the one that hands PostgreSQL the viewer),
 * and a transaction that ends before any statement (nothing to commit) sends nothing at all. A
 * BEGIN that would fail (a connection gone) fails that first statement instead, in the same place.
 */
export function serialiseQueries(client: QueryingClient): void {
  const query = client.query.bind(client);
  const waiting: (() => void)[] = [];
  let busy = false;
  let beginPending = false;
  const next = () => {
    busy = false;
    waiting.shift()?.();
  };
  const send = (config: unknown, callback: Callback) => {
    const text = (config as QueryConfig | undefined)?.text;
    if (typeof text === 'string' && isTransactionStart(text)) {
      beginPending = true;
      next();
      callback(null, beganResult('BEGIN'));
      return;
    }
    if (beginPending && typeof text === 'string') {
      beginPending = false;
      if (isTransactionEnd(text)) {
        next();
        callback(null, beganResult(text.trim().replace(/;$/, '').toUpperCase()));
        return;
      }
      const { values } = config as QueryConfig;
      const together = values && values.length > 0 ? new BegunQuery({ ...(config as QueryConfig), text }) : { ...(config as object), text: `BEGIN; ${text}` };
      query(together, (error, result) => {
        next();
        callback(error, error ? undefined : withoutBegin(result));
      });
      return;
    }
    query(config, (error, result) => {
      next();
      callback(error, result);
    });
  };
  client.query = (config: unknown, callback: Callback) => {
    if (typeof callback !== 'function') return query(config, callback);
    const run = () => {
      busy = true;
      send(config, callback);
    };
    if (busy) waiting.push(run);
    else run();
    return undefined;
  };
}
