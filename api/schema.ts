import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ActivityRecordResolver } from './activities/activity-record.resolver';
import { AgreementResolver } from './agreements/agreement.resolver';
import { MemberResolver } from './members/member.resolver';
import { OrganizationResolver } from './organizations/organization.resolver';
import { RegionResolver } from './regions/region.resolver';

export const resolvers = [RegionResolver, OrganizationResolver, MemberResolver, AgreementResolver, ActivityRecordResolver] as const;

let schema: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process from the type-graphql classes. */
export function gongguanSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: [...resolvers],
    validate: { forbidUnknownValues: false, stopAtFirstError: true },
  });
  return schema;
}

/** The SDL committed as schema/schema.graphql: sorted, so the file changes only when the API does. */
export function printContract(executable: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(executable))}\n`;
}
