import type { EntityClass, EntityMetadata, EntityProperty } from '@mikro-orm/core';
import { type GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { Resource } from './resource';
import type { ReadPolicy } from '../policy';

/**
 * What the read planner (./read-planner.ts) knows about each GraphQL object type backed by an entity:
 * its resource (filters, sorting), its read policy, and, through the `read` extension of a
 * field, how a field that is not a plain column is fetched:
 *
 * - `joinsOne`: a to-one relation, joined into the statement of the row that names it;
 * - `joinsMany`: a list under each row (a connection with filter, paging and sorting), fetched
 *   for all the rows of a level in one statement;
 * - `readsColumns`: a field computed from the row, and the columns it reads.
 *
 * A field the planner cannot place (a resolver without a `read` extension) is still answered
 * by its resolver; the planner then loads every column of that row, so nothing it reads is
 * missing.
 */

export type ReadExtension =
  | { kind: 'one'; target: string; from: string; key?: string }
  | { kind: 'many'; target: string; by: string }
  | { kind: 'columns'; properties: string[] };

/** `@Extensions(joinsOne('Organization', 'formalOrganization'))`: the row's `from` (a to-one property or a key column) names a target row by its primary key, or by `key`. */
export const joinsOne = (target: string, from: string, key?: string) => ({ read: { kind: 'one', target, from, key } satisfies ReadExtension });

/** `@Extensions(joinsMany('ActivityRecord', 'member'))`: the target rows whose to-one `by` names this row. */
export const joinsMany = (target: string, by: string) => ({ read: { kind: 'many', target, by } satisfies ReadExtension });

/** `@Extensions(readsColumns('outflowDate', 'status'))`: the resolver computes the field from these properties of the row. */
export const readsColumns = (...properties: string[]) => ({ read: { kind: 'columns', properties } satisfies ReadExtension });

export interface Readable<E extends object = object> {
  resource: Resource<E>;
  policy: ReadPolicy<E>;
}

const readables = new Map<string, Readable>();

/** Called by every ReadService: its type becomes readable by the planner, under its policy. */
export function registerReadable<E extends object>(readable: Readable<E>): void {
  readables.set(readable.resource.name, readable as unknown as Readable);
}

export function readableOf(typeName: string): Readable | undefined {
  return readables.get(typeName);
}

/** Entity properties behind the plain fields of a GraphQL type (`idNumber` → `idNumberMasked`). */
const fieldProperties = new Map<string, Map<string, string>>();

/**
 * The property a plain (resolver-less) GraphQL field reads, from type-graphql's metadata: the
 * field's own class and the classes it extends.
 */
export function propertyOfField(entity: EntityClass<object>, field: string): string | undefined {
  let byField = fieldProperties.get(entity.name);
  if (!byField) {
    byField = new Map();
    const lineage = lineageOf(entity);
    for (const metadata of getMetadataStorage().fields) {
      if (lineage.includes(metadata.target) && !byField.has(metadata.schemaName)) byField.set(metadata.schemaName, metadata.name);
    }
    fieldProperties.set(entity.name, byField);
  }
  return byField.get(field);
}

/**
 * What type-graphql declares for a field of a GraphQL object type, on its class or one it extends:
 * the field itself (nearest class first) and its field resolvers. Null for a type it does not know.
 */
function declarationsOf(typeName: string, field: string) {
  const storage = getMetadataStorage();
  const target = storage.objectTypes.find((objectType) => objectType.name === typeName)?.target;
  if (!target) return null;
  const lineage = lineageOf(target);
  return {
    fields: lineage.flatMap((owner) => storage.fields.filter((declared) => declared.target === owner && declared.schemaName === field)),
    fieldResolvers: storage.fieldResolvers.filter((declared) => lineage.includes(declared.getObjectType?.() as Function) && declared.schemaName === field),
  };
}

/**
 * Whether a field of a GraphQL object type carries roles (`@Authorized`, even without any) or
 * middlewares, declared on the field or on its field resolver: its type-graphql resolver applies them.
 */
export function guardedField(typeName: string, field: string): boolean {
  const declared = declarationsOf(typeName, field);
  const guards = (one: { roles?: unknown[]; middlewares?: unknown[] }) => one.roles !== undefined || Boolean(one.middlewares?.length);
  return Boolean(declared && (declared.fields.some(guards) || declared.fieldResolvers.some(guards)));
}

/**
 * The property a GraphQL field of an object type only reads: a field declared on the class (or
 * one it extends) with no field resolver, no roles and no middlewares. type-graphql still gives
 * it a resolver, which would apply those; undefined when there is anything to apply.
 */
export function plainFieldProperty(typeName: string, field: string): string | undefined {
  const declared = declarationsOf(typeName, field);
  if (!declared || declared.fieldResolvers.length > 0 || guardedField(typeName, field)) return undefined;
  // The nearest declaration wins, as it does when type-graphql merges a class with the one it extends.
  return declared.fields[0]?.name;
}

/**
 * Plain fields ({@link plainFieldProperty}) read their property directly. type-graphql's resolver
 * for one makes a record of the call and a closure on every call, only to run no middleware; a
 * page of members with their activities calls about a thousand of them. For a schema built
 * without global middlewares (they would apply to these fields too).
 */
export function readPlainFieldsDirectly(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const property = field.resolve && plainFieldProperty(type.name, field.name);
      if (property) field.resolve = (source: Record<string, unknown>) => source[property];
    }
  }
  return schema;
}

/** A class and the classes it extends, whose type-graphql metadata it inherits. */
function lineageOf(type: Function): Function[] {
  const lineage: Function[] = [];
  for (let current: Function | null = type; current && current !== Object; current = Object.getPrototypeOf(current)) lineage.push(current);
  return lineage;
}

const selectable = new WeakMap<object, unknown[]>();

/** Columns the planner may select: scalar or to-one, stored, not lazy (ciphers stay behind). */
export function selectableProperties<E>(meta: EntityMetadata<E>): EntityProperty<E>[] {
  let props = selectable.get(meta) as EntityProperty<E>[] | undefined;
  if (!props) {
    props = meta.props.filter((prop) => !prop.lazy && prop.persist !== false && (prop.kind === 'scalar' || prop.kind === 'm:1') && prop.fieldNames?.length === 1);
    selectable.set(meta, props);
  }
  return props;
}
