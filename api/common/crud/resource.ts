import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Permission } from '../permissions';
import type { RequestContext } from '../context';
import {
  BooleanFieldComparison,
  DateFieldComparison,
  enumComparison,
  FloatFieldComparison,
  IDFilterComparison,
  IntFieldComparison,
  LocalDateFieldComparison,
  StringArrayFieldComparison,
  StringFieldComparison,
} from './comparisons';

export type ValueKind = 'id' | 'string' | 'int' | 'float' | 'boolean' | 'date' | 'datetime' | 'stringArray';

export interface ResourceField<E> {
  kind: ValueKind | { enum: object; name: string };
  /** Entity property path, dotted for relations ("formalOrganization.region"); defaults to the field name. */
  path?: string;
  /** Included in `<Resource>SortFields`. */
  sortable?: boolean;
  /** For `id` fields whose key is not an integer (regions: the code): parses one value the client sent. */
  parseId?: (value: unknown, field: string) => unknown;
  /** Not a column: turns the comparison the client sent into a condition (e.g. `transferDue`). */
  where?: (comparison: Record<string, unknown>, ctx: RequestContext, field: string) => FilterQuery<E>;
  description?: string;
  /** Filtering and sorting by this field need this permission (the field is masked for others). */
  permission?: Permission;
}

export interface ResourceOptions<E extends object> {
  entity: EntityClass<E>;
  /** Singular type name: `Member`. */
  name: string;
  /** Plural used in operation names: `Members` → `members`, `createManyMembers`. */
  plural: string;
  fields: Record<string, ResourceField<E>>;
  defaultSort: { field: string; direction: 'ASC' | 'DESC' }[];
  /** Primary key property, `id` unless the resource has a natural key (regions: `code`). */
  primaryKey?: string;
  /** What a caller needs to list/read and to write (DESIGN: one permission vocabulary). */
  permissions: { read: Permission; write?: Permission };
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

export enum SortNulls {
  NULLS_FIRST = 'NULLS_FIRST',
  NULLS_LAST = 'NULLS_LAST',
}
registerEnumType(SortNulls, { name: 'SortNulls' });

@InputType({ description: 'Offset paging: at most 500 rows a page, 20 when no limit is given' })
export class OffsetPaging {
  @Field(() => Int, { nullable: true })
  limit?: number | null;

  @Field(() => Int, { nullable: true })
  offset?: number | null;
}

@ObjectType()
export class OffsetPageInfo {
  @Field(() => Boolean, { nullable: true })
  hasNextPage!: boolean;

  @Field(() => Boolean, { nullable: true })
  hasPreviousPage!: boolean;
}

@ObjectType()
export class UpdateManyResponse {
  @Field(() => Int, { description: 'The number of records updated.' })
  updatedCount!: number;
}

@ObjectType()
export class DeleteManyResponse {
  @Field(() => Int, { description: 'The number of records deleted.' })
  deletedCount!: number;
}

export interface SortInput {
  field: string;
  direction: SortDirection;
  nulls?: SortNulls | null;
}

export type FilterInput = Record<string, unknown> & { and?: FilterInput[] | null; or?: FilterInput[] | null };

function comparisonType(kind: ResourceField<object>['kind']): Function {
  if (typeof kind === 'object') return enumComparison(kind.enum, kind.name);
  switch (kind) {
    case 'id':
      return IDFilterComparison;
    case 'string':
      return StringFieldComparison;
    case 'int':
      return IntFieldComparison;
    case 'float':
      return FloatFieldComparison;
    case 'boolean':
      return BooleanFieldComparison;
    case 'date':
      return LocalDateFieldComparison;
    case 'datetime':
      return DateFieldComparison;
    case 'stringArray':
      return StringArrayFieldComparison;
  }
}

/**
 * Everything the nestjs-query shapes need for one resource, generated once from a field list:
 * `<Name>Filter`, `<Name>SortFields`, `<Name>Sort`, `<Name>Connection` and the mutation inputs.
 */
export class Resource<E extends object> {
  readonly entity: EntityClass<E>;
  readonly name: string;
  readonly plural: string;
  readonly fields: Record<string, ResourceField<E>>;
  readonly defaultSort: SortInput[];
  readonly primaryKey: string;
  readonly permissions: { read: Permission; write?: Permission };
  readonly Filter: Function;
  readonly Sort: Function;
  readonly SortFields: Record<string, string>;
  readonly Connection: new () => { nodes: E[]; totalCount: number; pageInfo: OffsetPageInfo };

  constructor(options: ResourceOptions<E>) {
    this.entity = options.entity;
    this.name = options.name;
    this.plural = options.plural;
    this.fields = options.fields;
    this.primaryKey = options.primaryKey ?? 'id';
    this.permissions = options.permissions;
    this.defaultSort = options.defaultSort.map((sort) => ({ field: sort.field, direction: sort.direction as SortDirection }));

    @InputType(`${this.name}Filter`)
    class Filter {}
    Field(() => [Filter], { nullable: true, description: 'At most 50 terms; filters nest at most 12 levels' })(Filter.prototype, 'and');
    Field(() => [Filter], { nullable: true, description: 'At most 50 terms; filters nest at most 12 levels' })(Filter.prototype, 'or');
    for (const [key, field] of Object.entries(this.fields)) {
      const type = comparisonType(field.kind);
      Field(() => type, { nullable: true, description: field.description })(Filter.prototype, key);
    }
    this.Filter = Filter;

    this.SortFields = Object.fromEntries(
      Object.entries(this.fields)
        .filter(([, field]) => field.sortable)
        .map(([key]) => [key, key]),
    );
    registerEnumType(this.SortFields, { name: `${this.name}SortFields` });
    const sortFields = this.SortFields;

    @InputType(`${this.name}Sort`)
    class Sort {
      @Field(() => sortFields)
      field!: string;

      @Field(() => SortDirection)
      direction!: SortDirection;

      @Field(() => SortNulls, { nullable: true })
      nulls?: SortNulls;
    }
    this.Sort = Sort;

    const entity = this.entity;
    @ObjectType(`${this.name}Connection`)
    class Connection {
      @Field(() => OffsetPageInfo, { description: 'Paging information' })
      pageInfo!: OffsetPageInfo;

      @Field(() => [entity], { description: 'Array of nodes.' })
      nodes!: E[];

      @Field(() => Int, { description: 'Fetch total count of records' })
      totalCount!: number;
    }
    this.Connection = Connection;
  }

  /** `createOneMember`, `members`, … */
  operationName(verb: 'createOne' | 'createMany' | 'updateOne' | 'updateMany' | 'deleteOne' | 'deleteMany'): string {
    return verb.endsWith('Many') ? `${verb}${this.plural}` : `${verb}${this.name}`;
  }

  get listName(): string {
    return this.plural.charAt(0).toLowerCase() + this.plural.slice(1);
  }

  get oneName(): string {
    return this.name.charAt(0).toLowerCase() + this.name.slice(1);
  }
}
