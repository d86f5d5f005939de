import type { FilterQuery, FindOptions } from '@mikro-orm/core';
import type { RequestContext } from '../context';
import type { ReadPolicy } from '../policy';
import { BadUserInputError, NotFoundError } from '../errors';
import { byKeys } from '../loaders';
import { registerReadable } from './read-model';
import { allOf, toFilterQuery, toOrderBy } from './filter-query';
import type { FilterInput, OffsetPaging, Resource, SortInput } from './resource';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

export interface ListArgs {
  filter?: FilterInput | null;
  paging?: OffsetPaging | null;
  sorting?: SortInput[] | null;
}

export interface Connection<E> {
  nodes: E[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
  /** Counted only when the client asks for it. */
  readonly totalCount: Promise<number>;
}

const present = (object: object) => Object.entries(object).filter(([, value]) => value !== undefined && value !== null);

/** How many keys a filter of exactly `{ <primaryKey or id>: { in: [...] } }` asks for; null for any other filter. */
function keyListSize(filter: FilterInput | null | undefined, primaryKey: string): number | null {
  const fields = filter ? present(filter) : [];
  if (fields.length !== 1 || ![primaryKey, 'id'].includes(fields[0]![0])) return null;
  const operators = present(fields[0]![1] as object);
  if (operators.length !== 1 || operators[0]![0] !== 'in' || !Array.isArray(operators[0]![1])) return null;
  return operators[0]![1].length;
}

/**
 * The page size when the client sends no limit. Refine's stock GraphQL provider fetches records
 * by key (`getMany`) with only `{ filter: { id: { in: [...] } } }` and no paging, so a page of 20
 * would silently drop the rest: for exactly that filter the page holds every key, up to the cap.
 */
export function defaultPageSize(filter: FilterInput | null | undefined, primaryKey = 'id'): number {
  const keys = keyListSize(filter, primaryKey);
  return keys ? Math.min(keys, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

export function pageBounds(paging: OffsetPaging | null | undefined, defaultLimit = DEFAULT_PAGE_SIZE): { limit: number; offset: number } {
  const limit = paging?.limit ?? defaultLimit;
  const offset = paging?.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new BadUserInputError('paging.limit', `must be between 1 and ${MAX_PAGE_SIZE}`, 'OUT_OF_RANGE');
  }
  if (!Number.isInteger(offset) || offset < 0) throw new BadUserInputError('paging.offset', 'must not be negative', 'OUT_OF_RANGE');
  return { limit, offset };
}

/**
 * Reads of one resource, always inside its policy's read scope: lists, counts, look-ups by key
 * and the batch loads behind nested fields all pass through {@link ReadService.withinScope}.
 */
export abstract class ReadService<E extends object, K extends number | string = number> {
  constructor(
    readonly resource: Resource<E>,
    protected readonly policy: ReadPolicy<E>,
  ) {
    // GraphQL reads of the type go through the planner (common/crud/read-planner.ts), under the same policy.
    registerReadable({ resource, policy });
  }

  /** The key a client sent, parsed (for the planner's look-ups by key). */
  key(raw: string | number, field = 'id'): K {
    return this.parseKey(raw, field);
  }

  /** The key a client sends, parsed (and refused with a field error when malformed). */
  protected abstract parseKey(raw: string | number, field: string): K;

  protected withinScope(ctx: RequestContext, condition: FilterQuery<E>): FilterQuery<E> {
    return allOf(condition, this.policy.read(ctx.viewer));
  }

  protected keyCondition(keys: readonly K[]): FilterQuery<E> {
    return { [this.resource.primaryKey]: { $in: [...keys] } } as FilterQuery<E>;
  }

  async list(ctx: RequestContext, args: ListArgs, extra?: FilterQuery<E>): Promise<Connection<E>> {
    const { limit, offset } = pageBounds(args.paging, defaultPageSize(args.filter, this.resource.primaryKey));
    const where = this.withinScope(ctx, allOf(toFilterQuery(this.resource, args.filter, ctx), extra));
    const rows = await ctx.em.find(this.resource.entity, where, {
      orderBy: toOrderBy(this.resource, args.sorting, ctx),
      limit: limit + 1,
      offset,
    } as FindOptions<E>);
    const hasNextPage = rows.length > limit;
    let count: Promise<number> | undefined;
    const em = ctx.em;
    const entity = this.resource.entity;
    return {
      nodes: hasNextPage ? rows.slice(0, limit) : rows,
      pageInfo: { hasNextPage, hasPreviousPage: offset > 0 },
      get totalCount() {
        if (!count) {
          count = em.count(entity, where);
          // GraphQL abandons the sibling fields of one that failed non-null: a count it asked for and
          // never awaits then runs after the request's transaction ended. Its failure is nobody's to handle.
          count.catch(() => undefined);
        }
        return count;
      },
    };
  }

  async count(ctx: RequestContext, filter?: FilterInput | null): Promise<number> {
    return ctx.em.count(this.resource.entity, this.withinScope(ctx, toFilterQuery(this.resource, filter, ctx)));
  }

  /** One row by its key, `NOT_FOUND` when it does not exist or lies outside the scope. */
  async get(ctx: RequestContext, rawKey: string | number, field = 'id'): Promise<E> {
    const key = this.parseKey(rawKey, field);
    const row = await this.load(ctx, key);
    if (!row) throw new NotFoundError(this.resource.name, key);
    return row;
  }

  async findOne(ctx: RequestContext, rawKey: string | number, field = 'id'): Promise<E | null> {
    return this.load(ctx, this.parseKey(rawKey, field));
  }

  /** Batched, scoped look-up by key for nested fields; one query per request tick. */
  load(ctx: RequestContext, key: K): Promise<E | null> {
    return ctx.loaders
      .get<K, E | null>(`${this.resource.name}.byKey`, async (keys) => {
        const rows = await ctx.em.find(this.resource.entity, this.withinScope(ctx, this.keyCondition(keys)));
        return byKeys(keys, rows, (row) => (row as Record<string, unknown>)[this.resource.primaryKey] as K);
      })
      .load(key);
  }

  loadOptional(ctx: RequestContext, key: K | null | undefined): Promise<E | null> {
    return key === null || key === undefined ? Promise.resolve(null) : this.load(ctx, key);
  }
}
