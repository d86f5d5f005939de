import { type Connection, escapeLiteral, Query } from 'pg';

// How node-postgres writes a parameter (a Date, an array, an object as JSON); it has no typings of its own.
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

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

/** What goes ahead of a statement: the BEGIN that opens its transaction, the prelude, or both. */
type Leading = 'BEGIN' | StatementPrelude;

/**
 * A statement sent over the extended protocol, after statements that must run ahead of it (the
 * BEGIN that opens its transaction, the statement that hands PostgreSQL the viewer): their Parse,
 * Bind, Describe and Execute go ahead of the statement's own messages, and one Sync ends them
 * all, so PostgreSQL gets them in one write and answers in one round trip (the extended
 * protocol's pipelining); until that Sync they share one transaction. node-postgres corks the
 * socket around prepare(), so all of it leaves in one packet.
 *
 * The prelude, and a statement given `prepareOwn`, run as named prepared statements of the
 * connection: parsed there once, and after a few runs PostgreSQL keeps a generic plan. Planning a
 * read under the row-level security policies costs several times what running it does; parsing
 * and planning the prelude again cost about 16 µs a statement.
 */
class LedQuery extends Query {
  /** The names it runs under on the connection: forgotten if it fails. */
  private readonly names: string[] = [];
  /** Its parameters as written on the wire. */
  private written: unknown[] = [];

  constructor(
    private readonly config: QueryConfig,
    private readonly leading: Leading[],
    private readonly prepared: PreparedStatements,
    private readonly prepareOwn: boolean,
  ) {
    super(config);
  }

  /**
   * The values are written out before anything is sent: one that cannot be (a circular object)
   * fails the query the way node-postgres fails an invalid one, with the connection still usable.
   */
  override submit = (connection: Connection): Error | void => {
    try {
      this.written = (this.config.values ?? []).map((value) => prepareValue(value));
    } catch (error) {
      return error as Error;
    }
    return Query.prototype.submit.call(this, connection);
  };

  prepare(connection: PgConnection): void {
    for (const statement of this.leading) {
      if (statement === 'BEGIN') this.run(connection, '', 'BEGIN', []);
      else this.run(connection, this.parsedAs(connection, statement.sql), null, statement.values);
    }
    const text = this.config.text;
    if (this.prepareOwn) this.run(connection, this.parsedAs(connection, text), null, this.written);
    else this.run(connection, '', text, this.written);
    connection.sync();
  }

  /** The name `text` is prepared under on the connection, its Parse sent first if it is not yet. */
  private parsedAs(connection: PgConnection, text: string): string {
    const { name, parse, evicted } = this.prepared.use(text);
    this.names.push(name);
    for (const old of evicted) connection.close({ type: 'S', name: old });
    if (parse) {
      // Closed first: a name this side forgot after an error may still be prepared there.
      connection.close({ type: 'S', name });
      connection.parse({ text, name, types: [] });
    }
    return name;
  }

  /** Runs statement `name`, or, when `text` is given, that text parsed as the unnamed statement. */
  private run(connection: PgConnection, name: string, text: string | null, values: readonly unknown[]): void {
    if (text !== null) connection.parse({ text, name: '', types: [] });
    connection.bind({ portal: '', statement: name, values, binary: false });
    connection.describe({ type: 'P', name: '' });
    connection.execute({ portal: '', rows: 0 });
  }

  handleError(error: Error, connection: unknown): void {
    // Whether their Parse ran is not known here: the names are parsed afresh (closed first) next time.
    for (const name of this.names) this.prepared.forget(name);
    (Query.prototype as unknown as { handleError(error: Error, connection: unknown): void }).handleError.call(this, error, connection);
  }
}

interface PgConnection {
  parse(message: object): void;
  bind(message: object): void;
  describe(message: object): void;
  execute(message: object): void;
  close(message: object): void;
  sync(): void;
}

/** How many statements one connection keeps prepared; the least recently used is closed to make room. */
const PREPARED_PER_CONNECTION = 64;
/** Names given to statement texts, process-wide; the oldest is given up past this many. */
const MAX_NAMED_TEXTS = 2000;
const namesOfTexts = new Map<string, string>();
let namesGiven = 0;

function nameOf(text: string): string {
  let name = namesOfTexts.get(text);
  if (name === undefined) {
    name = `gongguan_${++namesGiven}`;
    if (namesOfTexts.size >= MAX_NAMED_TEXTS) namesOfTexts.delete(namesOfTexts.keys().next().value!);
    namesOfTexts.set(text, name);
  }
  return name;
}

/**
 * The reads a connection holds prepared, by name, least recently used first. A name is recorded
 * as prepared when its Parse is sent, and forgotten when the statement it went with failed.
 */
class PreparedStatements {
  private readonly held = new Map<string, true>();

  use(text: string): { name: string; parse: boolean; evicted: string[] } {
    const name = nameOf(text);
    if (this.held.delete(name)) {
      this.held.set(name, true);
      return { name, parse: false, evicted: [] };
    }
    const evicted: string[] = [];
    while (this.held.size >= PREPARED_PER_CONNECTION) {
      const oldest = this.held.keys().next().value!;
      this.held.delete(oldest);
      evicted.push(oldest);
    }
    this.held.set(name, true);
    return { name, parse: true, evicted };
  }

  forget(name: string): void {
    this.held.delete(name);
  }
}

const hasValues = (config: QueryConfig) => Array.isArray(config.values) && config.values.length > 0;

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

/** A statement run ahead of the statements of a connection pinned to a request: {@link leadStatementsWith}. */
export interface StatementPrelude {
  /** One statement whose parameters are `$1`, `$2`, … */
  sql: string;
  /** Their values, in order; the same array each time, for the text with them written in to be reused. */
  values: readonly string[];
  /** The prelude's first row, each time it ran. */
  onRow(row: Record<string, unknown>): void;
}

export interface PreludeState {
  /** Whether a transaction is open on the connection (a statement that is not a plain read opened one). */
  readonly inTransaction: boolean;
  /** Whether a BEGIN was answered and will travel with the next statement. */
  readonly beginPending: boolean;
}

interface PreludeControl extends PreludeState {
  set(prelude: StatementPrelude | null): void;
}

const controls = new WeakMap<object, PreludeControl>();

/**
 * From now until it is called again with null, every statement on `connection` (one taken out of
 * the pool for one request) runs with `prelude` ahead of it:
 * - outside a transaction, a plain read travels with it in one round trip, and the two run in the
 *   implicit transaction of that one message: nothing is held open between statements;
 * - a statement that is not a plain read opens a transaction, led by the BEGIN and the prelude,
 *   and so does a BEGIN (answered at once, sent with the next statement); until its COMMIT or
 *   ROLLBACK the statements are an ordinary transaction's. A transaction is local to the prelude's
 *   settings (`set_config(…, true)`), so each one opens with it again.
 * Null ends it; the caller ends an open transaction first ({@link preludeState}).
 */
export function leadStatementsWith(connection: unknown, prelude: StatementPrelude | null): void {
  const control = controls.get(connection as object);
  if (!control) throw new Error('leadStatementsWith: not a connection of the pool');
  control.set(prelude);
}

export function preludeState(connection: unknown): PreludeState {
  const control = controls.get(connection as object);
  if (!control) throw new Error('preludeState: not a connection of the pool');
  return control;
}

/** Preludes as sent, by their values and then their text: one viewer's values serve all of its requests. */
const leadTexts = new WeakMap<readonly string[], Map<string, string>>();

/** The prelude with its values written in as literals, to travel ahead of a statement sent as text alone. */
function leadText(prelude: StatementPrelude): string {
  let byText = leadTexts.get(prelude.values);
  if (!byText) leadTexts.set(prelude.values, (byText = new Map()));
  let text = byText.get(prelude.sql);
  if (text === undefined) {
    text = prelude.sql.replace(/\$(\d+)/g, (parameter, position: string) => {
      const value = prelude.values[Number(position) - 1];
      if (value === undefined) throw new Error(`statement prelude: no value for ${parameter}`);
      return escapeLiteral(value);
    });
    byText.set(prelude.sql, text);
  }
  return text;
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
  let inTransaction = false;
  let prelude: StatementPrelude | null = null;
  /** The prelude with its values written in, for a statement sent as text alone; made when it is set, so that a value missing fails there. */
  let written: string | null = null;
  controls.set(client, {
    set: (given) => {
      written = given && leadText(given);
      prelude = given;
    },
    get inTransaction() {
      return inTransaction;
    },
    get beginPending() {
      return beginPending;
    },
  });
  const prepared = new PreparedStatements();
  const next = () => {
    busy = false;
    waiting.shift()?.();
  };
  const answerAtOnce = (text: string, callback: Callback) => {
    next();
    callback(null, beganResult(text.trim().replace(/;$/, '').toUpperCase()));
  };
  /** `config` with `leading` statements ahead of it in one round trip; the prelude's row, when one leads, to its `onRow`. */
  const sendLed = (config: QueryConfig, leading: Leading[], callback: Callback) => {
    const led = leading.find((statement): statement is StatementPrelude => statement !== 'BEGIN');
    const together = hasValues(config)
      ? new LedQuery(config, leading, prepared, isPlainRead(config.text))
      : { ...config, text: [...leading.map((statement) => (statement === 'BEGIN' ? statement : written!)), config.text].join('; ') };
    query(together, (error, result) => {
      next();
      if (!error && led && Array.isArray(result)) {
        const row = (result[leading.length - 1] as { rows?: Record<string, unknown>[] } | undefined)?.rows?.[0];
        if (row) led.onRow(row);
      }
      callback(error, error ? undefined : withoutLeading(result, leading.length));
    });
  };
  /** The statements that go ahead of `text`, when it opens a transaction or runs led by the prelude. */
  const leadOf = (text: string): Leading[] | null => {
    if (beginPending) return prelude ? ['BEGIN', prelude] : ['BEGIN'];
    if (!prelude || inTransaction) return null;
    return isPlainRead(text) ? [prelude] : ['BEGIN', prelude];
  };
  const send = (config: unknown, callback: Callback) => {
    const text = (config as QueryConfig | undefined)?.text;
    if (typeof text !== 'string') {
      query(config, (error, result) => {
        next();
        callback(error, result);
      });
      return;
    }
    if (isTransactionStart(text)) {
      beginPending = true;
      answerAtOnce('BEGIN', callback);
      return;
    }
    if (isTransactionEnd(text) && !inTransaction) {
      // A transaction that ends before any statement (nothing to commit) sends nothing at all.
      beginPending = false;
      answerAtOnce(text, callback);
      return;
    }
    const leading = leadOf(text);
    if (isTransactionEnd(text)) inTransaction = false;
    if (leading) {
      if (leading[0] === 'BEGIN') inTransaction = true;
      beginPending = false;
      sendLed(config as QueryConfig, leading, callback);
      return;
    }
    const own = config as QueryConfig;
    // A read with its values apart runs prepared: its text is the same for every key it looks up.
    const read = hasValues(own) && isPlainRead(own.text);
    query(read ? new LedQuery(own, [], prepared, true) : config, (error, result) => {
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
