import { escapeLiteral, Query } from 'pg';

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
 * A statement sent together with statements that must run ahead of it (the BEGIN that opens its
 * transaction, the statement that hands PostgreSQL the viewer): their Parse, Bind, Describe and
 * Execute go ahead of the statement's own messages, and one Sync ends them all, so PostgreSQL gets
 * them in one write and answers in one round trip (the extended protocol's pipelining); until
 * that Sync they share one transaction. node-postgres corks the socket around prepare(), so all
 * of it leaves in one packet. The leading statements take no parameters.
 */
class LedQuery extends Query {
  constructor(
    config: QueryConfig,
    private readonly leading: string[],
  ) {
    super(config);
  }

  prepare(connection: PgConnection): void {
    for (const text of this.leading) {
      connection.parse({ text, name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: [], binary: false });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    }
    (Query.prototype as unknown as { prepare(connection: PgConnection): void }).prepare.call(this, connection);
  }
}

interface PgConnection {
  parse(message: object): void;
  bind(message: object): void;
  describe(message: object): void;
  execute(message: object): void;
}

/** The answer to the statement(s) themselves: the answers of the `leading` statements sent ahead come first. */
function withoutLeading(result: unknown, leading: number): unknown {
  if (!Array.isArray(result)) return result;
  const own = result.slice(leading);
  return own.length === 1 ? own[0] : own;
}

/**
 * A statement that may run in an implicit transaction of its own, with the viewer handed over
 * ahead of it: a plain read. A write, a savepoint, a locking read, a setting or a
 * transaction-scoped lock needs the request's transaction to hold it, so it opens one.
 */
const PLAIN_READ = /^\s*select\b/i;
const NEEDS_TRANSACTION = /\bfor\s+(no\s+key\s+)?update\b|\bfor\s+(key\s+)?share\b|\bset_config\b|_xact_|\bnextval\b/i;
const isPlainRead = (text: string) => PLAIN_READ.test(text) && !NEEDS_TRANSACTION.test(text);

/** A statement run ahead of every statement of a transaction that is not opened yet: {@link runEachStatementWith}. */
export interface StatementPrelude {
  /** One statement whose only parameter is `$1`. */
  sql: string;
  /** The value of `$1`. */
  value: string;
  /** The prelude's first row, each time it ran. */
  onRow(row: Record<string, unknown>): void;
}

const preludeSetters = new WeakMap<object, (prelude: StatementPrelude) => void>();

/**
 * Until the transaction knex has just begun on `connection` ends, every statement that is a plain
 * read runs with `prelude` ahead of it, in the one implicit transaction of a single round trip,
 * and no transaction is held open between them: BEGIN and COMMIT never travel. The first
 * statement that is not a plain read opens the transaction for real, led by the BEGIN and the
 * prelude, and the rest of the transaction is an ordinary one. Called right after the BEGIN, before
 * any statement.
 */
export function runEachStatementWith(connection: unknown, prelude: StatementPrelude): void {
  const set = preludeSetters.get(connection as object);
  if (!set) throw new Error('runEachStatementWith: not a connection of the pool');
  set(prelude);
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
  let prelude: StatementPrelude | null = null;
  preludeSetters.set(client, (given) => {
    if (!beginPending) throw new Error('runEachStatementWith: the transaction has already sent a statement');
    prelude = given;
  });
  const next = () => {
    busy = false;
    waiting.shift()?.();
  };
  const answerAtOnce = (text: string, callback: Callback) => {
    next();
    callback(null, beganResult(text.trim().replace(/;$/, '').toUpperCase()));
  };
  /** `config` with `leading` statements ahead of it in one round trip; `onLeading` gets their answers. */
  const sendLed = (config: QueryConfig, leading: string[], callback: Callback, onLeading?: (answers: unknown[]) => void) => {
    const together = config.values && config.values.length > 0 ? new LedQuery(config, leading) : { ...config, text: [...leading, config.text].join('; ') };
    query(together, (error, result) => {
      next();
      if (!error && onLeading && Array.isArray(result)) onLeading(result.slice(0, leading.length));
      callback(error, error ? undefined : withoutLeading(result, leading.length));
    });
  };
  const send = (config: unknown, callback: Callback) => {
    const text = (config as QueryConfig | undefined)?.text;
    if (typeof text === 'string' && isTransactionStart(text)) {
      // A new transaction never inherits what an earlier one left (a prelude it did not end).
      prelude = null;
      beginPending = true;
      answerAtOnce('BEGIN', callback);
      return;
    }
    if (prelude && typeof text === 'string') {
      const { sql, value, onRow } = prelude;
      if (isTransactionEnd(text)) {
        // Every statement committed in its own implicit transaction: there is nothing to end.
        prelude = null;
        beginPending = false;
        answerAtOnce(text, callback);
        return;
      }
      const lead = sql.replace('$1', escapeLiteral(value));
      const plainRead = isPlainRead(text);
      if (!plainRead) {
        prelude = null;
        beginPending = false;
      }
      const leading = plainRead ? [lead] : ['BEGIN', lead];
      sendLed(config as QueryConfig, leading, callback, (answers) => {
        const row = (answers[leading.length - 1] as { rows?: Record<string, unknown>[] } | undefined)?.rows?.[0];
        if (row) onRow(row);
      });
      return;
    }
    if (beginPending && typeof text === 'string') {
      beginPending = false;
      if (isTransactionEnd(text)) {
        answerAtOnce(text, callback);
        return;
      }
      sendLed(config as QueryConfig, ['BEGIN'], callback);
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
