import { type EntityData, type FilterQuery, FlushMode, LockMode, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../context';
import { type ConstraintFields, translateDbError } from '../db-errors';
import { auditService, diff, snapshot } from '../audit-trail';
import { unitOfWork } from '../unit-of-work';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { Viewer } from '../viewer';
import { parseIntId, toFilterQuery, allOf } from './filter-query';
import type { ReadPolicy } from '../policy';
import { ReadService } from './read.service';
import type { FilterInput, Resource } from './resource';

export interface WriteContext {
  ctx: RequestContext;
  em: EntityManager;
  /** Input path for error messages: `member`, `members.3`, `update`. */
  field: string;
}

/** Largest `createMany…` batch unless a service allows more; bigger imports go in several calls. */
export const MAX_BATCH = 1000;
/** Largest number of rows one updateMany/deleteMany may touch (each is validated and audited). */
export const MAX_BULK_ROWS = 5000;

/** The part of a domain policy writes need: which rows this viewer may change. */
export interface WritePolicy<E> extends ReadPolicy<E> {
  /** The rows the viewer may change; throws FORBIDDEN when it lacks the permission. */
  write(viewer: Viewer): FilterQuery<E>;
}

/** A unique column checked before a create is flushed, so that a conflict names the item of a batch. */
export interface UniqueField<E> {
  property: keyof E & string;
  /** The input field a client knows it by (`idNumber` for `idNumberHash`). */
  field: string;
  /**
   * Which of these values are taken. By default, among the rows the viewer can read; a column
   * unique across scopes (ID numbers) needs a look-up that sees them all, so that a clash answers
   * the same whether the other row is in the caller's scope or not.
   */
  taken?: (em: EntityManager, values: unknown[]) => Promise<unknown[]>;
}

/**
 * Reads plus the nestjs-query writes, all inside the policy's write scope. Subclasses say how an
 * input becomes entity data (validation across fields, derived and protected columns), resolving
 * references inside the caller's read scope and checking the row against the policy before
 * anything reaches the database; PostgreSQL's row-level security checks the same again.
 */
export abstract class CrudService<E extends { id: number; version: number }, CreateInput extends object, UpdateInput extends object> extends ReadService<E, number> {
  protected readonly maxBatch: number = MAX_BATCH;

  /** Which input field a unique or foreign-key constraint protects. */
  protected abstract readonly constraints: ConstraintFields;

  /**
   * Unique columns checked before a create is flushed, so that a conflict names the item of a
   * batch (`members.3.idNumber`). The constraint stays the guard against races.
   */
  protected readonly uniqueFields: UniqueField<E>[] = [];

  constructor(
    resource: Resource<E>,
    protected override readonly policy: WritePolicy<E>,
  ) {
    super(resource, policy);
  }

  protected abstract createData(input: CreateInput, write: WriteContext): Promise<RequiredEntityData<E>>;

  protected abstract updateData(input: UpdateInput, write: WriteContext, existing: E | null): Promise<EntityData<E>>;

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }

  /** The policy's verdict on a row about to be written, checked before uniqueness so a refusal reveals nothing. */
  protected requireWritable(allowed: boolean): void {
    if (!allowed) throw new ForbiddenError('Not allowed: the record would be outside the region you manage');
  }

  /** Rows to change: by the policy's write scope, and (with no row) as if they did not exist. */
  private writable(ctx: RequestContext, condition: FilterQuery<E>): FilterQuery<E> {
    return allOf(condition, this.policy.write(ctx.viewer));
  }

  private writing<T>(ctx: RequestContext, fieldPrefix: string | undefined, work: (em: EntityManager) => Promise<T>, deleting = false): Promise<T> {
    return unitOfWork(ctx, work, { translateError: (error) => translateDbError(error, this.constraints, { deleting, fieldPrefix }) });
  }

  private audit(ctx: RequestContext, em: EntityManager, action: string, changes: { id: number; before: object | null; after: object | null }[]) {
    return auditService.record(
      ctx,
      em,
      changes.map(({ id, before, after }) => ({
        action,
        entity: this.resource.name,
        entityId: id,
        changes: diff(before && snapshot(before), after && snapshot(after)),
      })),
    );
  }

  /** Refuses a batch whose items repeat a unique value, or use one that is already taken. */
  private async assertUnique(em: EntityManager, entities: E[], itemField: (index: number) => string): Promise<void> {
    for (const { property, field, taken } of this.uniqueFields) {
      const firstIndex = new Map<unknown, number>();
      entities.forEach((entity, index) => {
        const value = entity[property];
        const first = firstIndex.get(value);
        if (first !== undefined) {
          throw new ConflictError(`${itemField(index)}.${field}: the same value as item ${first}`, { field: `${itemField(index)}.${field}`, reason: 'DUPLICATE' });
        }
        firstIndex.set(value, index);
      });
      const values = [...firstIndex.keys()];
      const found = taken
        ? await taken(em, values)
        : // Commit flush mode: an automatic flush here would hit the constraint before we can name the item.
          (await em.find(this.resource.entity, { [property]: { $in: values } } as FilterQuery<E>, { fields: [property] as never, flushMode: FlushMode.COMMIT })).map(
            (row) => row[property],
          );
      const clash = Math.min(...found.map((value) => firstIndex.get(value) ?? Infinity));
      if (clash !== Infinity) {
        throw new ConflictError(`${itemField(clash)}.${field}: a record with this value already exists`, { field: `${itemField(clash)}.${field}`, reason: 'DUPLICATE' });
      }
    }
  }

  private async created(ctx: RequestContext, em: EntityManager, entities: E[], itemField: (index: number) => string): Promise<E[]> {
    await this.assertUnique(em, entities, itemField);
    await em.flush();
    await this.audit(ctx, em, 'create', entities.map((entity) => ({ id: entity.id, before: null, after: entity })));
    return entities;
  }

  async createOne(ctx: RequestContext, input: CreateInput, field = this.resource.oneName): Promise<E> {
    this.policy.write(ctx.viewer);
    return this.writing(ctx, field, async (em) => {
      const entity = em.create(this.resource.entity, await this.createData(input, { ctx, em, field }));
      return (await this.created(ctx, em, [entity], () => field))[0]!;
    });
  }

  /** All or nothing: one transaction, and an error names the index of the item at fault. */
  async createMany(ctx: RequestContext, inputs: CreateInput[], field = this.resource.listName): Promise<E[]> {
    this.policy.write(ctx.viewer);
    if (inputs.length > this.maxBatch) throw new BadUserInputError(field, `at most ${this.maxBatch} items per call`, 'TOO_MANY');
    return this.writing(ctx, field, async (em) => {
      // Prepared together so that reference look-ups batch; the first failing item (by index) is reported.
      const prepared = await Promise.allSettled(inputs.map((input, index) => this.createData(input, { ctx, em, field: `${field}.${index}` })));
      const failure = prepared.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
      const entities = prepared.map((result) => em.create(this.resource.entity, (result as PromiseFulfilledResult<RequiredEntityData<E>>).value));
      return this.created(ctx, em, entities, (index) => `${field}.${index}`);
    });
  }

  /**
   * The rows a write will change, locked until it commits: concurrent writers take turns, and
   * the audit's "before" is what the row really was.
   */
  private async locked(em: EntityManager, where: FilterQuery<E>, limit = MAX_BULK_ROWS + 1): Promise<E[]> {
    const rows = await em.find(this.resource.entity, where, { limit, lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } } as never);
    if (rows.length > MAX_BULK_ROWS) {
      throw new BadUserInputError('filter', `selects more than ${MAX_BULK_ROWS} records; narrow it down`, 'TOO_MANY');
    }
    return rows;
  }

  /** One row to change by key, locked; NOT_FOUND outside the write scope; CONFLICT when the caller read an older version. */
  private async lockedOne(ctx: RequestContext, em: EntityManager, id: number, version: number | null | undefined): Promise<E> {
    const [existing] = await this.locked(em, this.writable(ctx, this.keyCondition([id])), 1);
    if (!existing) throw new NotFoundError(this.resource.name, id);
    if (version != null && existing.version !== version) throw staleVersion(version, existing.version);
    return existing;
  }

  private async updated(ctx: RequestContext, em: EntityManager, rows: E[], update: UpdateInput): Promise<void> {
    const before = rows.map((row) => snapshot(row));
    // All rows at once, so that what each looks up (its member, say) goes through the loaders in one batch, not one statement per row.
    const changes = await Promise.all(rows.map((row) => this.updateData(update, { ctx, em, field: 'update' }, row)));
    rows.forEach((row, i) => em.assign(row, { ...changes[i], version: row.version + 1 } as never));
    await em.flush();
    await this.audit(ctx, em, 'update', rows.map((row, i) => ({ id: row.id, before: before[i]!, after: row })));
  }

  /** Changes one row; `update.version`, when given, must be the row's current version. */
  async updateOne(ctx: RequestContext, rawId: string | number, update: UpdateInput & { version?: number | null }): Promise<E> {
    const id = this.parseKey(rawId, 'id');
    const { version, ...changes } = update;
    return this.writing(ctx, 'update', async (em) => {
      const existing = await this.lockedOne(ctx, em, id, version);
      await this.updated(ctx, em, [existing], changes as UpdateInput);
      return existing;
    });
  }

  /** Applies the same change to every row the filter selects within the write scope. */
  async updateMany(ctx: RequestContext, filter: FilterInput, update: UpdateInput & { version?: number | null }): Promise<number> {
    if (update.version != null) throw new BadUserInputError('update.version', 'names the version of one record: use updateOne', 'NOT_ALLOWED');
    const where = this.writable(ctx, toFilterQuery(this.resource, filter, ctx, 'filter'));
    return this.writing(ctx, 'update', async (em) => {
      const rows = await this.locked(em, where);
      await this.updated(ctx, em, rows, update);
      return rows.length;
    });
  }

  /** Deletes one row; `version`, when given, must be the row's current version. */
  async deleteOne(ctx: RequestContext, rawId: string | number, version?: number | null): Promise<E> {
    const id = this.parseKey(rawId, 'id');
    return this.writing(
      ctx,
      undefined,
      async (em) => {
        const existing = await this.lockedOne(ctx, em, id, version);
        await this.audit(ctx, em, 'delete', [{ id, before: existing, after: null }]);
        await em.remove(existing).flush();
        // The removed entity has lost its key; give the client back the record as it was.
        return Object.assign(existing, { id });
      },
      true,
    );
  }

  async deleteMany(ctx: RequestContext, filter: FilterInput): Promise<number> {
    const where = this.writable(ctx, toFilterQuery(this.resource, filter, ctx, 'filter'));
    return this.writing(
      ctx,
      undefined,
      async (em) => {
        const rows = await this.locked(em, where);
        if (rows.length === 0) return 0;
        await this.audit(ctx, em, 'delete', rows.map((row) => ({ id: row.id, before: row, after: null })));
        return em.nativeDelete(this.resource.entity, this.keyCondition(rows.map((row) => row.id)));
      },
      true,
    );
  }
}

/** CONFLICT for a write that names a version someone else has moved on from. */
export function staleVersion(read: number, current: number): ConflictError {
  return new ConflictError(`Stale version: you read version ${read}, the record is now at version ${current}; reload and try again`, {
    reason: 'STALE_VERSION',
    currentVersion: current,
  });
}

/** Refuses `null` for a column that cannot be empty (update inputs make every field optional). */
export function requireValue<T>(value: T | null | undefined, field: string): T | undefined {
  if (value === null) throw new BadUserInputError(field, 'cannot be empty', 'REQUIRED');
  return value;
}

/** Removes keys whose value is `undefined`, so `em.assign` changes only what the client sent. */
export function definedOnly<T extends object>(data: T): T {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as T;
}
