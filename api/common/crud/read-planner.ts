import { type EntityMetadata, type EntityProperty, type FilterQuery, type QueryOrderMap, Type } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type FieldNode, getNamedType, type GraphQLField, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, isObjectType } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { Knex } from 'knex';
import { selectRows } from '../../connection/parameterised-statements';
import type { RequestContext } from '../context';
import { PassedValues } from '../argument-validation';
import { NotFoundError } from '../errors';
import { viewerSettings } from '../viewer-settings';
import { defaultPageSize, type ListArgs, pageBounds } from './read.service';
import { allOf, toFilterQuery, toOrderBy } from './filter-query';
import { guardedField, propertyOfField, type Readable, readableOf, type ReadExtension, selectableProperties } from './read-model';
import { cachedStatement } from './statement-cache';

/**
 * The GraphQL read path: one SQL statement per level of what a query selects, with no entity
 * hydration, identity map or change set.
 *
 * From the selection (graphql-parse-resolve-info) a plan is made per level: the columns the
 * selected fields read, the to-one relations joined into the same statement (each joined to a
 * sub-query filtered by its own type's read policy), and the lists under each row, fetched for
 * all the rows of the level at once (a LATERAL join per parent, with the list's own filter,
 * order, page and per-parent count). Conditions are built by MikroORM's query builder from the
 * same filter and policy objects the write path uses; the database's row-level security holds
 * under every table of every statement as well. Rows become plain objects with the entity's
 * prototype (its getters work) and carry what was fetched for their relation fields, which the
 * field resolvers hand out (`plannedOr`), falling back to their loaders for rows that did not
 * come through here (the result of a mutation, say).
 */

const PLANNED = Symbol('planned');

/** What stands for a look-up's key while its statement is compiled (Planner.lookupStatement): of the key's type, and no key's value. */
const KEY_STAND_IN = { number: -2_147_000_001, string: '\u0000key\u0000' } as const;

interface Level {
  typeName: string;
  readable: Readable;
  meta: EntityMetadata<object>;
  alias: string;
  properties: EntityProperty<object>[];
  joins: Join[];
  lists: List[];
  /** Per property: value conversion from what the driver returns. */
  converters: ((value: unknown) => unknown)[];
  /** Per property: the column alias it comes back under. */
  columns: string[];
  /** The prototype of this level's objects: the entity's (its getters work), with the accessors the ORM put on it for these properties shadowed by plain data properties, so that a row's values are simply assigned. */
  prototype: object;
}

interface Join {
  responseKey: string;
  /** The column of the parent row naming the target. */
  from: EntityProperty<object>;
  /** The target's column it names. */
  key: EntityProperty<object>;
  level: Level;
}

interface List {
  responseKey: string;
  /** The target's to-one property naming the parent. */
  by: EntityProperty<object>;
  args: ListArgs;
  level: Level;
  wantsCount: boolean;
}

/** SQL with a `?` where each of its values goes. */
interface Statement {
  /** With `?` where each value goes, so that it can be part of a larger statement (Planner.fetchList). */
  sql: string;
  values: unknown[];
  /** The same with $1, $2, … as sent: made once for a statement the cache keeps. */
  positioned?: string;
}

export interface PlannedConnection {
  nodes: object[];
  totalCount: number | Promise<number>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
}

let plannerEnabled = true;

/** Test hook (NODE_ENV=test, GONGGUAN_READ_PLANNER=off): every read goes through the services and loaders instead, to compare. */
export function setReadPlanner(enabled: boolean): void {
  plannerEnabled = enabled;
}

export function readPlannerEnabled(): boolean {
  return plannerEnabled;
}

/** What the planner fetched for the relation fields of a row, by response key; undefined for a row that did not come through it. */
const plannedOf = (row: object) => (row as { [PLANNED]?: Map<string, unknown> })[PLANNED];

/**
 * For a field resolver: what the planner fetched for this field of this row, or, for a row that
 * did not come through the planner, what `load` finds.
 */
export function plannedOr<T>(row: object, info: GraphQLResolveInfo, load: () => T | Promise<T>): T | Promise<T> {
  const planned = plannedOf(row);
  const key = String(info.path.key);
  return planned?.has(key) ? (planned.get(key) as T) : load();
}

/**
 * Relation fields (`joinsOne`, `joinsMany`) of a planned row answer with what the planner fetched,
 * before type-graphql's machinery for the field: for each row it resolves the resolver instance,
 * assembles the parameters, and turns the arguments into class instances and validates them
 * (asynchronously: a promise per row), all to reach `plannedOr`, which hands the planned value
 * out. A field's arguments are the same under every row of one request, so for a field that takes
 * any, its first row still goes through type-graphql (the arguments are checked as always, and an
 * invalid one fails every row as before), and the other rows wait for that check instead of
 * repeating it; arguments that passed that check before are not checked again (passedBefore).
 * A field guarded by roles or middlewares keeps its resolver. Rows that did not come through the
 * planner are resolved as before.
 */
export function servePlannedFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<object, RequestContext>[]) {
      const read = field.extensions?.read as ReadExtension | undefined;
      const resolve = field.resolve;
      if (!resolve || (read?.kind !== 'one' && read?.kind !== 'many') || guardedField(type.name, field.name)) continue;
      const takesArguments = field.args.length > 0;
      field.resolve = (row, args, ctx, info) => {
        const planned = plannedOf(row);
        const key = String(info.path.key);
        if (!planned?.has(key)) return resolve(row, args, ctx, info);
        if (!takesArguments) return planned.get(key);
        const checks = argumentChecks(ctx);
        const checked = checks.get(info.fieldNodes[0]!);
        if (checked === PASSED) return planned.get(key);
        if (checked) return checked.then(() => planned.get(key));
        const given = JSON.stringify(args);
        if (passedBefore.has(field, given)) {
          checks.set(info.fieldNodes[0]!, PASSED);
          return planned.get(key);
        }
        const first = Promise.resolve(resolve(row, args, ctx, info)).then((value) => (passedBefore.add(field, given), value));
        checks.set(info.fieldNodes[0]!, first);
        return first;
      };
    }
  }
  return schema;
}

/** A field's arguments known to pass its checks: the rows under it need not wait for one. */
const PASSED = true;
const checksOfRequests = new WeakMap<RequestContext, Map<FieldNode, Promise<unknown> | typeof PASSED>>();

/**
 * Arguments (as JSON) that passed a relation field's checks, per field. Those checks are the
 * arguments' conversion and validation, pure functions of the value (common/argument-validation.ts),
 * and a planned row's resolver only hands the planned value out: arguments that passed once pass
 * again, and every row under the field answers at once, with no promise per row for graphql-js to
 * wait on. What depends on the viewer (a filter on a field masked to it) was checked when the list
 * was planned for this viewer, and a list it refuses is not planned (Planner.list).
 */
const passedBefore = new PassedValues<GraphQLField<object, RequestContext>>(1_000);

/** A request's checks of a relation field's arguments, by the field of the operation they were given to. */
function argumentChecks(ctx: RequestContext): Map<FieldNode, Promise<unknown> | typeof PASSED> {
  let checks = checksOfRequests.get(ctx);
  if (!checks) checksOfRequests.set(ctx, (checks = new Map()));
  return checks;
}

/** A list field (`members(filter, paging, sorting)`) answered by the planner. */
export async function plannedList(ctx: RequestContext, typeName: string, info: GraphQLResolveInfo, args: ListArgs): Promise<PlannedConnection> {
  const planner = new Planner(ctx, info);
  const { level, wantsCount } = planOf(ctx, info, (tree) => {
    const { fields, wantsCount } = connectionSelection(tree, getNamedType(info.returnType).name, typeName);
    return { level: planner.level(typeName, fields), wantsCount };
  });
  const resource = level.readable.resource;
  const { limit, offset } = pageBounds(args.paging, defaultPageSize(args.filter, resource.primaryKey));
  const where = allOf(toFilterQuery(resource, args.filter, ctx), level.readable.policy.read(ctx.viewer));
  const rows = await planner.run(planner.levelStatement(level, where, toOrderBy(resource, args.sorting, ctx), wantsCount ? limit : limit + 1, offset, wantsCount));
  const nodes = rows.slice(0, limit).map((row) => planner.materialize(level, row)!);
  await planner.fetchLists(level);
  const total = wantsCount ? totalOf(rows, offset, () => planner.count(level, where)) : null;
  return {
    nodes,
    totalCount: total ?? Promise.resolve(0),
    pageInfo: { hasNextPage: typeof total === 'number' ? offset + nodes.length < total : rows.length > limit, hasPreviousPage: offset > 0 },
  };
}

/** A look-up by key (`member(id)`) answered by the planner; NOT_FOUND outside the scope. */
export async function plannedOne(ctx: RequestContext, typeName: string, info: GraphQLResolveInfo, key: string | number): Promise<object> {
  const planner = new Planner(ctx, info);
  const { level } = planOf(ctx, info, (tree) => ({ level: planner.level(typeName, tree.fieldsByTypeName[typeName] ?? {}), wantsCount: false }));
  const [row] = await planner.run(planner.lookupStatement(level, key));
  if (!row) throw new NotFoundError(level.readable.resource.name, key);
  const node = planner.materialize(level, row)!;
  await planner.fetchLists(level);
  return node;
}

interface Plan {
  level: Level;
  wantsCount: boolean;
}

/** What a field selects, and the plans made from it, by the viewer they were made for. */
interface Selection {
  tree: ResolveTree;
  plans: Map<string, Plan>;
}

/**
 * What a field selects, parsed once per operation, field path and variables, and the plan of its
 * levels made from it: Apollo keeps a query's parsed document between requests, so a query sent
 * again (the console's, a dashboard's, a partner's poller) is neither walked nor planned again.
 * A plan depends on the viewer as well (which filters and sortings its role may use), so it is
 * kept per viewer's settings, the string row-level security reads. Kept with the document, at
 * most a few variants each; a plan holds no rows (those are the request's: Planner.objects).
 */
const selections = new WeakMap<object, Map<string, Selection>>();
const VARIANTS_PER_OPERATION = 32;
const PLANS_PER_SELECTION = 16;

function planOf(ctx: RequestContext, info: GraphQLResolveInfo, plan: (tree: ResolveTree) => Plan): Plan {
  let variants = selections.get(info.operation);
  if (!variants) selections.set(info.operation, (variants = new Map()));
  const key = `${pathOf(info.path)} ${JSON.stringify(info.variableValues)}`;
  let selection = variants.get(key);
  if (!selection) {
    selection = { tree: parseResolveInfo(info) as ResolveTree, plans: new Map() };
    if (variants.size >= VARIANTS_PER_OPERATION) variants.clear();
    variants.set(key, selection);
  }
  const viewer = viewerSettings(ctx.viewer);
  let planned = selection.plans.get(viewer);
  if (!planned) {
    planned = plan(selection.tree);
    if (selection.plans.size >= PLANS_PER_SELECTION) selection.plans.clear();
    selection.plans.set(viewer, planned);
  }
  return planned;
}

function pathOf(path: GraphQLResolveInfo['path'] | undefined): string {
  return path ? `${pathOf(path.prev)}.${path.key}` : '';
}

/** The fields asked of a connection's nodes (every alias of `nodes` merged), and whether its count is. */
function connectionSelection(tree: ResolveTree, connectionType: string, typeName: string): { fields: Record<string, ResolveTree>; wantsCount: boolean } {
  const selected = Object.values(tree.fieldsByTypeName[connectionType] ?? {});
  const fields: Record<string, ResolveTree> = {};
  for (const nodes of selected.filter((field) => field.name === 'nodes')) {
    for (const [key, field] of Object.entries(nodes.fieldsByTypeName[typeName] ?? {})) {
      // The same response key asking for different things under two aliases of `nodes`: left to its resolver.
      fields[key] = key in fields && !sameField(fields[key]!, field) ? { ...field, name: '' } : field;
    }
  }
  return { fields, wantsCount: selected.some((field) => field.name === 'totalCount' || field.name === 'pageInfo') };
}

function sameField(a: ResolveTree, b: ResolveTree): boolean {
  return a.name === b.name && JSON.stringify(a.args) === JSON.stringify(b.args) && JSON.stringify(a.fieldsByTypeName) === JSON.stringify(b.fieldsByTypeName);
}

/** The count a window function gave; null when the page came back empty past the first row (the count is then asked for). */
function totalOf(rows: Record<string, unknown>[], offset: number, count: () => Promise<number>): number | Promise<number> {
  if (rows.length > 0) return Number(rows[0]!.__total);
  if (offset === 0) return 0;
  const pending = count();
  // GraphQL abandons the siblings of a field that failed non-null: a count it never awaits then runs
  // after the request's transaction ended, and its failure is nobody's to handle.
  pending.catch(() => undefined);
  return pending;
}

const tablesAndColumns = new WeakMap<Level, string>();

/**
 * A level's tables, columns and joins (not their policies), as a key of the statement cache: a
 * level belongs to a kept plan (planOf) and never changes, so the key is made once.
 */
function tablesAndColumnsOf(level: Level): string {
  let key = tablesAndColumns.get(level);
  if (key === undefined) {
    const shape = (of: Level): unknown => [of.meta.className, of.alias, of.properties.map((prop) => prop.name), of.joins.map((join) => [join.from.name, join.key.name, shape(join.level)])];
    tablesAndColumns.set(level, (key = JSON.stringify(shape(level))));
  }
  return key;
}

class Planner {
  private aliases = 0;
  /** Objects made for each level in this request, in order: the parents of its lists. */
  private readonly objects = new Map<Level, object[]>();
  private readonly em: EntityManager;
  private readonly knex: Knex;

  constructor(
    private readonly ctx: RequestContext,
    private readonly info: GraphQLResolveInfo,
  ) {
    this.em = ctx.em;
    this.knex = ctx.em.getKnex();
  }

  level(typeName: string, fields: Record<string, ResolveTree>): Level {
    const readable = readableOf(typeName);
    if (!readable) throw new Error(`${typeName} is not readable by the planner (no ReadService registered it)`);
    const meta = this.em.getMetadata().get(readable.resource.entity.name) as EntityMetadata<object>;
    const selectable = selectableProperties(meta);
    const graphqlFields = (this.info.schema.getType(typeName) as GraphQLObjectType).getFields();
    const wanted = new Set<string>([...meta.primaryKeys, ...selectable.filter((prop) => prop.kind === 'm:1').map((prop) => prop.name)]);
    const level: Level = { typeName, readable, meta, alias: `t${this.aliases++}`, properties: [], joins: [], lists: [], converters: [], columns: [], prototype: meta.prototype };
    let everything = false;

    for (const [responseKey, field] of Object.entries(fields)) {
      const definition = graphqlFields[field.name];
      if (!definition) continue; // __typename, or a key left to its resolver
      const read = definition.extensions?.read as ReadExtension | undefined;
      if (read?.kind === 'one') {
        const target = this.em.getMetadata().get(readableOf(read.target)!.resource.entity.name) as EntityMetadata<object>;
        level.joins.push({
          responseKey,
          from: meta.properties[read.from as never],
          key: target.properties[(read.key ?? target.primaryKeys[0]) as never],
          level: this.level(read.target, field.fieldsByTypeName[read.target] ?? {}),
        });
        wanted.add(read.from);
      } else if (read?.kind === 'many') {
        const list = this.list(responseKey, field, read, getNamedType(definition.type).name);
        if (list) level.lists.push(list);
      } else if (read?.kind === 'columns') {
        read.properties.forEach((property) => wanted.add(property));
      } else {
        const property = propertyOfField(readable.resource.entity, field.name);
        if (property && selectable.some((prop) => prop.name === property)) wanted.add(property);
        else if (!isKeyGetter(meta, field.name)) everything = true;
      }
    }
    level.properties = everything ? selectable : selectable.filter((prop) => wanted.has(prop.name));
    level.converters = level.properties.map((prop) => this.converter(prop));
    level.columns = level.properties.map((prop) => `${level.alias}__${prop.name}`);
    level.prototype = rowPrototype(meta.prototype, level.properties.filter((prop) => hasAccessor(meta.prototype, prop.name)).map((prop) => prop.name));
    return level;
  }

  /** A list under each row; null (left to its resolver, which reports the error where it belongs) when its arguments are refused. */
  private list(responseKey: string, field: ResolveTree, read: Extract<ReadExtension, { kind: 'many' }>, connectionType: string): List | null {
    const readable = readableOf(read.target)!;
    const target = this.em.getMetadata().get(readable.resource.entity.name) as EntityMetadata<object>;
    const args = field.args as ListArgs;
    try {
      toFilterQuery(readable.resource, args.filter, this.ctx);
      toOrderBy(readable.resource, args.sorting, this.ctx);
      pageBounds(args.paging, defaultPageSize(args.filter, readable.resource.primaryKey));
    } catch {
      return null;
    }
    const { fields, wantsCount } = connectionSelection(field, connectionType, read.target);
    return { responseKey, by: target.properties[read.by as never], args, level: this.level(read.target, fields), wantsCount };
  }

  private converter(prop: EntityProperty<object>): (value: unknown) => unknown {
    const platform = this.em.getPlatform();
    if (prop.kind === 'm:1') {
      const key = prop.targetMeta!.primaryKeys[0]!;
      return (value) => (value === null || value === undefined ? null : { [key]: value });
    }
    if (prop.runtimeType === 'Date') return (value) => (typeof value === 'string' ? platform.parseDate(value) : value);
    const custom = prop.customType;
    // Types that turn what the driver gives into something else (arrays of ids, decimals, JSON).
    if (custom && custom.convertToJSValue !== Type.prototype.convertToJSValue) {
      return (value) => (value === null || value === undefined ? value : custom.convertToJSValue(value, platform));
    }
    return (value) => value;
  }

  /**
   * The statement of a level, its values apart (`?` where each goes): compiled once per distinct input
   * (./statement-cache.ts); `parentColumn` ties a list's rows to the parent key of a LATERAL join.
   */
  levelStatement(
    level: Level,
    where: FilterQuery<object>,
    orderBy: QueryOrderMap<object>[] | undefined,
    limit: number,
    offset: number,
    count: boolean,
    parentColumn?: string,
  ): Statement {
    return cachedStatement([this.shapeOf(level), where, orderBy ?? null, limit, offset, count, parentColumn ?? null], () => {
      const query = this.levelQuery(level, where, orderBy, limit, offset);
      if (parentColumn) query.whereRaw('??.?? = "parent"."key"', [level.alias, parentColumn]);
      if (count) query.select(parentColumn ? this.knex.raw('count(*) over () as "__total"') : this.countApart(level, where));
      const { sql, bindings } = query.toSQL();
      return { sql, values: bindings as unknown[] };
    });
  }

  /**
   * The statement of a look-up by `key` within the viewer's policy. It is the same for every key,
   * so it is compiled with a stand-in in the key's place (one statement per shape and policy,
   * rather than one per key in the statement cache) and the key put where the stand-in landed
   * among the values. Where the compiler did not leave the stand-in a value of its own, exactly
   * once, the statement is compiled with the key itself.
   */
  lookupStatement(level: Level, key: string | number): Statement {
    const { primaryKey } = level.readable.resource;
    const policy = level.readable.policy.read(this.ctx.viewer);
    const standIn = typeof key === 'number' ? KEY_STAND_IN.number : KEY_STAND_IN.string;
    const statement = this.levelStatement(level, allOf({ [primaryKey]: standIn } as FilterQuery<object>, policy), undefined, 1, 0, false);
    const at = statement.values.indexOf(standIn);
    if (at === -1 || statement.values.indexOf(standIn, at + 1) !== -1) {
      return this.levelStatement(level, allOf({ [primaryKey]: key } as FilterQuery<object>, policy), undefined, 1, 0, false);
    }
    const values = [...statement.values];
    values[at] = key;
    return { sql: statement.sql, values, positioned: (statement.positioned ??= this.positioned(statement.sql)) };
  }

  /** What a level's statement is made of besides its condition: table, columns, and the joins with their own policies. */
  private shapeOf(level: Level): unknown {
    return [tablesAndColumnsOf(level), this.joinPoliciesOf(level)];
  }

  /** The read policy of each level joined under `level`, in the order of tablesAndColumnsOf. */
  private joinPoliciesOf(level: Level): unknown[] {
    return level.joins.map((join) => [join.level.readable.policy.read(this.ctx.viewer), this.joinPoliciesOf(join.level)]);
  }

  /** The statement of a level: its columns, its joins (and theirs), its condition, order and page. */
  private levelQuery(level: Level, where: FilterQuery<object>, orderBy: QueryOrderMap<object>[] | undefined, limit: number, offset: number): Knex.QueryBuilder {
    const qb = this.em.createQueryBuilder(level.meta.className, level.alias).select(level.meta.primaryKeys).where(where);
    if (orderBy) qb.orderBy(orderBy);
    qb.limit(limit, offset);
    const query = qb.getKnexQuery();
    query.clearSelect();
    this.selectLevel(query, level);
    return query;
  }

  /**
   * A page's total as a sub-query of its own, run once: counted over every row of the page's
   * window instead (`count(*) over ()`), the page could not be read off an index in its order,
   * because every matching row would be joined and sorted first. A list under each parent keeps
   * the window, which counts within its parent.
   */
  private countApart(level: Level, where: FilterQuery<object>): Knex.Raw {
    const count = this.em.createQueryBuilder(level.meta.className, level.alias).count().where(where).getKnexQuery();
    return this.knex.raw('(?) as "__total"', [count]);
  }

  private selectLevel(query: Knex.QueryBuilder, level: Level): void {
    for (const prop of level.properties) query.select(this.knex.raw('??.?? as ??', [level.alias, prop.fieldNames[0], `${level.alias}__${prop.name}`]));
    for (const join of level.joins) {
      query.leftJoin(this.joinSource(join.level), `${join.level.alias}.${join.key.fieldNames[0]}`, `${level.alias}.${join.from.fieldNames[0]}`);
      this.selectLevel(query, join.level);
    }
  }

  /** The joined table, as a sub-query holding only the rows its type's policy lets this viewer read. */
  private joinSource(level: Level): Knex.Raw {
    const condition = level.readable.policy.read(this.ctx.viewer);
    if (Object.keys(condition as object).length === 0) return this.knex.raw('?? as ??', [level.meta.tableName, level.alias]);
    const columns = [...new Set([...level.meta.primaryKeys, ...level.properties.map((prop) => prop.name), ...level.joins.map((join) => join.from.name)])];
    const sub = this.em.createQueryBuilder(level.meta.className, level.alias).select(columns).where(condition).getKnexQuery();
    return this.knex.raw('(?) as ??', [sub, level.alias]);
  }

  run(statement: Statement): Promise<Record<string, unknown>[]> {
    return selectRows(this.em, (statement.positioned ??= this.positioned(statement.sql)), statement.values);
  }

  private positioned(sql: string): string {
    return this.knex.client.positionBindings(sql);
  }

  async count(level: Level, where: FilterQuery<object>): Promise<number> {
    return this.em.count(level.meta.className, where);
  }

  private objectsOf(level: Level): object[] {
    let objects = this.objects.get(level);
    if (!objects) this.objects.set(level, (objects = []));
    return objects;
  }

  /** The object of a level for one row (null when a joined row is absent), with its joined relations. */
  materialize(level: Level, row: Record<string, unknown>): object | null {
    const key = row[`${level.alias}__${level.meta.primaryKeys[0]}`];
    if (key === null || key === undefined) return null;
    const object = Object.create(level.prototype) as Record<string | symbol, unknown>;
    const { properties, converters, columns } = level;
    for (let i = 0; i < properties.length; i++) object[properties[i]!.name] = converters[i]!(row[columns[i]!]);
    const planned = new Map<string, unknown>();
    for (const join of level.joins) planned.set(join.responseKey, this.materialize(join.level, row));
    object[PLANNED] = planned;
    this.objectsOf(level).push(object);
    return object;
  }

  /** The lists under the rows of a level and of the levels joined to it, one statement per list, then theirs. */
  async fetchLists(level: Level): Promise<void> {
    for (const list of level.lists) await this.fetchList(level, list);
    for (const join of level.joins) await this.fetchLists(join.level);
  }

  private async fetchList(parent: Level, list: List): Promise<void> {
    const parentKey = parent.meta.primaryKeys[0]!;
    const parents = this.objectsOf(parent);
    const keys = [...new Set(parents.map((object) => (object as Record<string, unknown>)[parentKey]))];
    const resource = list.level.readable.resource;
    const { limit, offset } = pageBounds(list.args.paging, defaultPageSize(list.args.filter, resource.primaryKey));
    const where = allOf(toFilterQuery(resource, list.args.filter, this.ctx), list.level.readable.policy.read(this.ctx.viewer));
    const groups = new Map<string, Record<string, unknown>[]>();
    if (keys.length > 0) {
      const orderBy = toOrderBy(resource, list.args.sorting, this.ctx);
      const child = this.levelStatement(list.level, where, orderBy, list.wantsCount ? limit : limit + 1, offset, list.wantsCount, list.by.fieldNames[0]);
      const keyType = (parent.meta.properties as Record<string, EntityProperty<object>>)[parentKey]!.runtimeType === 'number' ? 'bigint' : 'text';
      const rows = await this.run({
        sql: `select "parent"."key" as "__parent", "child".* from unnest(?::${keyType}[]) as "parent"("key") cross join lateral (${child.sql}) as "child"`,
        values: [keys, ...child.values],
      });
      for (const row of rows) {
        // Keyed as text: the driver gives a bigint back as a string.
        const group = groups.get(String(row.__parent));
        if (group) group.push(row);
        else groups.set(String(row.__parent), [row]);
      }
    }
    for (const object of parents) {
      const key = (object as Record<string, unknown>)[parentKey];
      const rows = groups.get(String(key)) ?? [];
      const nodes = rows.slice(0, limit).map((row) => this.materialize(list.level, row)!);
      const total = list.wantsCount
        ? totalOf(rows, offset, () => this.count(list.level, allOf(where, { [list.by.name]: key } as FilterQuery<object>)))
        : null;
      const connection: PlannedConnection = {
        nodes,
        totalCount: total ?? Promise.resolve(0),
        pageInfo: { hasNextPage: typeof total === 'number' ? offset + nodes.length < total : rows.length > limit, hasPreviousPage: offset > 0 },
      };
      (object as { [PLANNED]: Map<string, unknown> })[PLANNED].set(list.responseKey, connection);
    }
    await this.fetchLists(list.level);
  }
}

const rowPrototypes = new WeakMap<object, Map<string, object>>();

/**
 * `prototype` with each of `shadowed` redefined as a writable data property, made once per entity
 * and set of names: assigning one of those on an object of it makes an own property instead of
 * calling the ORM's accessor, and every object of a level gets the same shape (defining each
 * property on each object left it a slow dictionary).
 */
function rowPrototype(prototype: object, shadowed: string[]): object {
  if (shadowed.length === 0) return prototype;
  let made = rowPrototypes.get(prototype);
  if (!made) rowPrototypes.set(prototype, (made = new Map()));
  const key = shadowed.join(',');
  let row = made.get(key);
  if (!row) {
    row = Object.create(prototype) as object;
    for (const name of shadowed) Object.defineProperty(row, name, { value: undefined, writable: true, enumerable: false, configurable: true });
    made.set(key, row);
  }
  return row;
}

const accessorsOf = new WeakMap<object, Map<string, boolean>>();

/** Whether assigning `name` on an object of this prototype would run an accessor (the ORM defines some). */
function hasAccessor(prototype: object, name: string): boolean {
  let known = accessorsOf.get(prototype);
  if (!known) accessorsOf.set(prototype, (known = new Map()));
  let found = known.get(name);
  if (found === undefined) {
    found = false;
    for (let type: object | null = prototype; type && type !== Object.prototype; type = Object.getPrototypeOf(type)) {
      const descriptor = Object.getOwnPropertyDescriptor(type, name);
      if (descriptor) {
        found = Boolean(descriptor.get || descriptor.set);
        break;
      }
    }
    known.set(name, found);
  }
  return found;
}

/** `formalOrganizationId`: a getter reading a to-one's key, which every row carries. */
function isKeyGetter(meta: EntityMetadata<object>, field: string): boolean {
  return field.endsWith('Id') && (meta.properties as Record<string, EntityProperty<object> | undefined>)[field.slice(0, -2)]?.kind === 'm:1';
}
