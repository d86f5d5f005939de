/**
 * Compiled SQL of the read planner, by everything a statement is made of. Building a statement
 * with the query builder costs more than running it for a small read (a look-up by id, a page of
 * organisations), and the same reads come again and again (the console's lists, a dashboard, a
 * partner's poller). The key is the complete input of the compilation — the level's shape, the
 * condition with the viewer's policy merged in (values included), order and page — so a statement
 * is reused only where compiling again would give the same text; nothing about results is kept.
 *
 * An input holding anything but plain data (an entity, a function, a symbol key) has no key, and is
 * compiled every time.
 */
const MAX_STATEMENTS = 1000;

const statements = new Map<string, unknown>();
let compilations = 0;

/** How many statements were compiled in this process (tests: that a cached one is not compiled again). */
export function statementCompilations(): number {
  return compilations;
}

/** The compiled statement for `input`, compiling it with `compile` when it is not known yet. */
export function cachedStatement<T>(input: unknown, compile: () => T): T {
  const key = keyOf(input);
  if (key === null) return compile();
  let statement = statements.get(key) as T | undefined;
  if (statement === undefined) {
    statement = compile();
    compilations++;
    // Oldest first out: a Map iterates in insertion order.
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
    statements.set(key, statement);
  }
  return statement;
}

class Uncacheable extends Error {}

/** A string that is equal for equal plain-data inputs and different otherwise; null when the input is not plain data. */
export function keyOf(input: unknown): string | null {
  try {
    return serialise(input);
  } catch (error) {
    if (error instanceof Uncacheable) return null;
    throw error;
  }
}

function serialise(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : `n:${String(value)}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'u';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`;
      if (value instanceof Date) return `d:${value.getTime()}`;
      if (value instanceof RegExp) return `r:${JSON.stringify(value.source)}/${value.flags}`;
      const prototype = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || Object.getOwnPropertySymbols(value).length > 0) throw new Uncacheable();
      return `{${Object.keys(value)
        .map((key) => `${JSON.stringify(key)}:${serialise((value as Record<string, unknown>)[key])}`)
        .join(',')}}`;
    }
    default:
      // bigint, function, symbol
      throw new Uncacheable();
  }
}
