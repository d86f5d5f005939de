import type { EntityClass, EntityKey, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';

type Value = string | number | boolean | Date | null | undefined | readonly Value[];

/** A PostgreSQL array literal with every element quoted, e.g. `{"a","b\"c",NULL}`. */
function arrayLiteral(values: readonly Value[]): string {
  return `{${values.map((value) => (value === null || value === undefined ? 'NULL' : `"${text(value).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** The text PostgreSQL reads back as the value, given the column's type in a cast. */
function text(value: Exclude<Value, null | undefined>): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') throw new Error('bulk insert takes scalars, dates, arrays and ids only');
  return String(value);
}

/**
 * Runs SQL with real bind parameters in the entity manager's transaction. MikroORM's `execute`
 * inlines every parameter into the SQL text on the client, which for megabytes of data costs
 * more than the insert itself.
 */
async function queryWithBindings<Row>(em: EntityManager, sql: string, params: string[]): Promise<Row[]> {
  const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getKnex();
  const result: { rows: Row[] } = await knex.raw(sql, params);
  return result.rows;
}

/**
 * Inserts plain rows column-wise: one `text[]` parameter per column, unnested and cast to the
 * column's type in SQL, so a chunk of thousands of rows is one short statement and no
 * per-value work in the ORM (which costs more than the insert itself on a small machine).
 * Columns and types come from the entity metadata; relations are given as ids. Entity
 * defaults do not apply: rows must all carry the same properties, every required value included.
 * Returns the new ids in the order of `rows`.
 */
export async function insertRows<T extends { id: number }>(em: EntityManager, entity: EntityClass<T>, rows: RequiredEntityData<T>[], chunkSize = 5000): Promise<number[]> {
  if (rows.length === 0) return [];
  const meta = em.getMetadata().get<T>(entity.name);
  const props = Object.keys(rows[0]!).map((name) => {
    const prop = meta.properties[name as EntityKey<T>];
    if (!prop?.fieldNames?.[0]) throw new Error(`${entity.name}.${name} is not a column`);
    return prop;
  });
  const columns = props.map((prop) => `"${prop.fieldNames[0]}"`);
  const aliases = props.map((_, i) => `c${i}`);
  // Cast to the bare type (varchar, not varchar(255)): explicit casts truncate silently, while
  // the assignment to the column still rejects a value that is too long.
  const casts = props.map((prop, i) => `${aliases[i]}::${prop.columnTypes[0]!.replace(/\(.*\)$/, '')}`);
  const sql =
    `insert into "${meta.tableName}" (${columns.join(', ')}) ` +
    `select ${casts.join(', ')} ` +
    `from unnest(${props.map(() => '?::text[]').join(', ')}) with ordinality as t(${aliases.join(', ')}, position) ` +
    'order by position returning id';

  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize) as Record<string, Value>[];
    const params = props.map((prop) => arrayLiteral(chunk.map((row) => row[prop.name])));
    const inserted = await queryWithBindings<{ id: number }>(em, sql, params);
    for (const { id } of inserted) ids.push(Number(id));
  }
  if (ids.length !== rows.length) throw new Error(`inserted ${ids.length} of ${rows.length} ${meta.tableName} rows`);
  return ids;
}
