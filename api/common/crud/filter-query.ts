import { QueryOrder, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { RequestContext } from '../context';
import { BadUserInputError, DomainError } from '../errors';
import { can } from '../permissions';
import { MAX_LIST } from './comparisons';
import { type FilterInput, type Resource, type ResourceField, type SortInput, SortNulls } from './resource';

const MAX_INT_ID = 2_147_483_647;

/** Parses a GraphQL ID that names an integer key; anything else is the client's mistake. */
export function parseIntId(value: unknown, field: string): number {
  const text = String(value);
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > MAX_INT_ID) {
    throw new BadUserInputError(field, `"${text.slice(0, 32)}" is not a valid id`, 'INVALID_ID');
  }
  return Number(text);
}

/** A list a client sent for `in`, refused beyond the documented cap. */
export function boundedList<T>(values: T[], field: string): T[] {
  if (values.length > MAX_LIST) throw new BadUserInputError(field, `at most ${MAX_LIST} values`, 'TOO_MANY');
  return values;
}

/** `{formalOrganization: {region: cond}}` from "formalOrganization.region" and cond. */
function nest(path: string, condition: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), condition) as Record<string, unknown>;
}

/**
 * The integers a column of each type holds, for the types narrower than GraphQL's Int (32 bits,
 * which every wider column holds anyway).
 */
const INTEGER_RANGES: Record<string, IntegerRange> = {
  smallint: [-32_768, 32_767],
  int2: [-32_768, 32_767],
};
type IntegerRange = readonly [min: number, max: number];

/** What an integer filter value of `resource`'s column `path` may be; none known for a relation's column. */
function integerRangeOf(ctx: RequestContext, resource: Resource<object>, path: string): IntegerRange | undefined {
  if (path.includes('.')) return undefined;
  const type = ctx.em.getMetadata().find(resource.entity.name)?.properties[path as never]?.columnTypes?.[0];
  return type ? INTEGER_RANGES[type.toLowerCase()] : undefined;
}

/**
 * Refuses values that GraphQL lets through but PostgreSQL would reject with an error (a 500 for
 * the client): NUL characters in text, the year 0000 (no such year in PostgreSQL), integers the
 * column's type cannot hold (a value is bound with the column's type: 40000 against a smallint
 * fails the statement), and LIKE patterns ending in a lone escape character.
 */
function checkValue(kind: ResourceField<object>['kind'], value: unknown, field: string, range?: IntegerRange): void {
  if (typeof value === 'string' && value.includes('\u0000')) throw new BadUserInputError(field, 'must not contain NUL characters', 'TEXT');
  if (range && typeof value === 'number' && (value < range[0] || value > range[1])) {
    throw new BadUserInputError(field, `must be between ${range[0]} and ${range[1]}`, 'OUT_OF_RANGE');
  }
  if (kind === 'date' && typeof value === 'string' && value.startsWith('0000-')) throw new BadUserInputError(field, 'the year 0000 does not exist', 'DATE');
  if (kind === 'datetime' && value instanceof Date && value.getUTCFullYear() < 1) throw new BadUserInputError(field, 'the year 0000 does not exist', 'DATE');
}

/** The longest LIKE pattern a filter takes: a search box's worth, not a megabyte to match against every row. */
export const MAX_PATTERN = 200;
/** Terms one `and` or `or` of a filter takes. */
export const MAX_TERMS = 50;

function checkPattern(pattern: unknown, field: string): void {
  checkValue('string', pattern, field);
  if (typeof pattern === 'string' && pattern.length > MAX_PATTERN) throw new BadUserInputError(field, `at most ${MAX_PATTERN} characters`, 'TOO_LONG');
  if (typeof pattern === 'string' && /(^|[^\\])(\\\\)*\\$/.test(pattern)) {
    throw new BadUserInputError(field, 'must not end with an unescaped backslash (write \\\\ for a literal one)', 'PATTERN');
  }
}

function comparisonConditions(
  path: string,
  kind: ResourceField<object>['kind'],
  comparison: Record<string, unknown>,
  field: string,
  parseId: (value: unknown, field: string) => unknown = parseIntId,
  range?: IntegerRange,
): object[] {
  const value = (op: string, raw: unknown): unknown => {
    if (kind === 'id') {
      return Array.isArray(raw) ? raw.map((item, i) => parseId(item, `${field}.${op}.${i}`)) : parseId(raw, `${field}.${op}`);
    }
    if (Array.isArray(raw)) raw.forEach((item, i) => checkValue(kind, item, `${field}.${op}.${i}`, range));
    else checkValue(kind, raw, `${field}.${op}`, range);
    return raw;
  };
  const conditions: object[] = [];
  for (const [op, raw] of Object.entries(comparison)) {
    if (raw === undefined) continue;
    if (raw === null && op !== 'is' && op !== 'isNot') continue;
    switch (op) {
      case 'is':
        if (raw !== null && kind !== 'boolean') throw new BadUserInputError(`${field}.${op}`, 'only null can be compared here', 'UNSUPPORTED_OPERATOR');
        conditions.push(nest(path, raw));
        break;
      case 'isNot':
        if (raw !== null && kind !== 'boolean') throw new BadUserInputError(`${field}.${op}`, 'only null can be compared here', 'UNSUPPORTED_OPERATOR');
        conditions.push(raw === null ? nest(path, { $ne: null }) : { $or: [nest(path, { $ne: raw }), nest(path, null)] });
        break;
      case 'eq':
      case 'neq':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        conditions.push(nest(path, { [op === 'neq' ? '$ne' : `$${op}`]: value(op, raw) }));
        break;
      case 'in':
      case 'notIn':
        if (Array.isArray(raw)) boundedList(raw, `${field}.${op}`);
        conditions.push(nest(path, { [op === 'in' ? '$in' : '$nin']: value(op, raw) }));
        break;
      case 'like':
      case 'iLike':
        checkPattern(raw, `${field}.${op}`);
        conditions.push(nest(path, { [op === 'like' ? '$like' : '$ilike']: raw }));
        break;
      case 'notLike':
      case 'notILike':
        checkPattern(raw, `${field}.${op}`);
        conditions.push({ $not: nest(path, { [op === 'notLike' ? '$like' : '$ilike']: raw }) });
        break;
      case 'between':
      case 'notBetween': {
        const { lower, upper } = raw as { lower: unknown; upper: unknown };
        checkValue(kind, lower, `${field}.${op}.lower`, range);
        checkValue(kind, upper, `${field}.${op}.upper`, range);
        conditions.push(
          op === 'between'
            ? nest(path, { $gte: lower, $lte: upper })
            : { $or: [nest(path, { $lt: lower }), nest(path, { $gt: upper })] },
        );
        break;
      }
      case 'contains':
        conditions.push(nest(path, { $contains: value(op, raw) }));
        break;
      case 'overlaps':
        conditions.push(nest(path, { $overlap: value(op, raw) }));
        break;
      default:
        throw new BadUserInputError(`${field}.${op}`, 'unsupported operator', 'UNSUPPORTED_OPERATOR');
    }
  }
  return conditions;
}

/**
 * Translates a nestjs-query style filter into a MikroORM condition. Field names come from the
 * resource's own list (GraphQL has already refused unknown ones), so nothing a client sends
 * becomes SQL except as a bound value.
 */
export function toFilterQuery<E extends object>(
  resource: Resource<E>,
  filter: FilterInput | null | undefined,
  ctx: RequestContext,
  fieldPath = 'filter',
): FilterQuery<E> {
  if (!filter) return {};
  const parts: object[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    if (raw === undefined || raw === null) continue;
    if (key === 'and' || key === 'or') {
      if ((raw as FilterInput[]).length > MAX_TERMS) throw new BadUserInputError(`${fieldPath}.${key}`, `at most ${MAX_TERMS} terms`, 'TOO_MANY');
      const nested = (raw as FilterInput[]).map((item, i) => toFilterQuery(resource, item, ctx, `${fieldPath}.${key}.${i}`));
      if (nested.length > 0) parts.push({ [`$${key}`]: nested });
      continue;
    }
    const field = resource.fields[key];
    if (!field) throw new BadUserInputError(`${fieldPath}.${key}`, 'unknown filter field', 'UNKNOWN_FIELD');
    requireFieldPermission(field as ResourceField<never>, ctx, `${fieldPath}.${key}`);
    const comparison = raw as Record<string, unknown>;
    if (field.where) parts.push(field.where(comparison, ctx, `${fieldPath}.${key}`) as object);
    else {
      const path = field.path ?? key;
      const range = field.kind === 'int' ? integerRangeOf(ctx, resource as Resource<object>, path) : undefined;
      parts.push(...comparisonConditions(path, field.kind, comparison, `${fieldPath}.${key}`, field.parseId, range));
    }
  }
  if (parts.length === 0) return {};
  return (parts.length === 1 ? parts[0] : { $and: parts }) as FilterQuery<E>;
}

/** Conjunction that drops empty conditions, used to merge a filter with the viewer's scope. */
export function allOf<E>(...conditions: (FilterQuery<E> | undefined)[]): FilterQuery<E> {
  const parts = conditions.filter((condition) => condition && Object.keys(condition as object).length > 0);
  if (parts.length === 0) return {} as FilterQuery<E>;
  return (parts.length === 1 ? parts[0] : { $and: parts }) as FilterQuery<E>;
}

const ORDER: Record<string, QueryOrder> = {
  'ASC:': QueryOrder.ASC,
  'DESC:': QueryOrder.DESC,
  [`ASC:${SortNulls.NULLS_FIRST}`]: QueryOrder.ASC_NULLS_FIRST,
  [`ASC:${SortNulls.NULLS_LAST}`]: QueryOrder.ASC_NULLS_LAST,
  [`DESC:${SortNulls.NULLS_FIRST}`]: QueryOrder.DESC_NULLS_FIRST,
  [`DESC:${SortNulls.NULLS_LAST}`]: QueryOrder.DESC_NULLS_LAST,
};

/**
 * A field some callers see only masked (the policy names the permission) can be neither filtered
 * nor sorted by them: a range filter or an ordering would give away what the mask hides.
 */
function requireFieldPermission(field: ResourceField<never>, ctx: RequestContext, path: string): void {
  if (field.permission && !can(ctx.viewer, field.permission)) {
    throw new DomainError('FORBIDDEN', `${path}: you see this field masked, so you cannot filter or sort by it`, { field: path, reason: 'MASKED_FIELD' });
  }
}

/** Multi-field ordering with nulls placement; the id breaks ties so pages never overlap. */
export function toOrderBy<E extends object>(resource: Resource<E>, sorting: SortInput[] | null | undefined, ctx: RequestContext): QueryOrderMap<E>[] {
  const sorts = sorting && sorting.length > 0 ? sorting : resource.defaultSort;
  const orderBy = sorts.map((sort, index) => {
    const field = resource.fields[sort.field];
    if (field) requireFieldPermission(field as ResourceField<never>, ctx, `sorting.${index}.field`);
    return nest(field?.path ?? sort.field, ORDER[`${sort.direction}:${sort.nulls ?? ''}`]);
  });
  const keySorted = sorts.some((sort) => (resource.fields[sort.field]?.path ?? sort.field) === resource.primaryKey);
  if (!keySorted) orderBy.push({ [resource.primaryKey]: QueryOrder.ASC });
  return orderBy as QueryOrderMap<E>[];
}
