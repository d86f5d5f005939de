import { type GraphQLField, type GraphQLSchema, defaultFieldResolver, getNamedType, isObjectType } from 'graphql';
import type { RequestContext } from './context';
import type { Viewer } from './viewer';

/**
 * Personal-data reads as a declared property. Each domain's policy declares once which GraphQL
 * object types carry a member's personal data (a member, an activity record, a return, a line
 * naming a member) and how to tell whose; every field of the schema that returns such a type
 * then notes the members it showed, whatever the path — list, by id, nested, aliased — and the
 * audit plugin writes them once per request. Nothing on a read path has to remember to call it.
 */

type MemberIdOf = (row: never) => number | string | null | undefined;

const declarations = new Map<string, MemberIdOf>();

export function declarePersonalData<Row>(typeName: string, memberIdOf: (row: Row) => number | string | null | undefined): void {
  declarations.set(typeName, memberIdOf as MemberIdOf);
}

/** Whose reads are written to the audit trail: partners' credentials (the host's own staff read their own ledger). */
export function auditsPersonalReads(viewer: Viewer): boolean {
  return viewer.kind === 'token';
}

/** Notes the members behind rows of a declared type that this request showed the viewer. */
export function notePersonalReads(ctx: RequestContext, typeName: string, rows: unknown[]): void {
  const memberIdOf = declarations.get(typeName);
  if (!memberIdOf || !auditsPersonalReads(ctx.viewer)) return;
  for (const row of rows) {
    const id = row === null || row === undefined ? null : memberIdOf(row as never);
    if (id !== null && id !== undefined) ctx.personalDataReads.add(String(id));
  }
}

const settled = (value: unknown, note: (value: unknown) => void): unknown => {
  if (value instanceof Promise) return value.then((resolved) => (note(resolved), resolved));
  note(value);
  return value;
};

/**
 * Wraps the resolver of every field whose type (through lists and non-null) is a declared
 * personal type, so that what it returns is noted. Other fields keep their resolvers untouched.
 */
export function auditPersonalReads(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, RequestContext>[]) {
      const returned = getNamedType(field.type).name;
      if (!declarations.has(returned)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) =>
        settled(resolve(source, args, ctx, info), (value) => notePersonalReads(ctx, returned, Array.isArray(value) ? value : [value]));
    }
  }
  return schema;
}
