import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AdminUserResolver } from './access/admin-user.resolver';
import { PartnerAccountResolver } from './access/partner-account.resolver';
import { ApiTokenResolver } from './access/api-token.resolver';
import { authChecker } from './access/auth-checker';
import { validateArgumentsOnce } from './common/argument-validation';
import { auditPersonalReads } from './common/personal-reads';
import { servePlannedFields } from './common/crud/read-planner';
import { readPlainFieldsDirectly } from './common/crud/read-model';
import { AuthResolver } from './access/auth.resolver';
import { ActivityRecordResolver } from './activities/activity-record.resolver';
import { MemberActivitiesResolver } from './activities/member-activities.resolver';
import { AuditEventResolver } from './audit/audit.resolver';
import { ContactPairingResolver, ContactRecordResolver, LostContactCaseResolver, MemberContactsResolver } from './contacts/contact.resolver';
import { AnnualFeedbackResolver } from './feedback/annual-feedback.resolver';
import { AgreementResolver } from './agreements/agreement.resolver';
import { MemberResolver } from './members/member.resolver';
import { OrganizationMembersResolver } from './members/organization-members.resolver';
import { OrganizationResolver } from './organizations/organization.resolver';
import { RegionResolver } from './regions/region.resolver';
import { StatsResolver } from './stats/stats.resolver';
import { MonthlyScoreResolver, PointsEntryResolver, PointsPublicationResolver, PointsSchemeResolver, PointsSchemeVersionResolver } from './points/points.resolver';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './webhooks/webhook.resolver';
import { MemberTransfersResolver, TransferRequestResolver } from './transfers/transfer.resolver';
import { NoticeResolver, PendingMemberEntryResolver, RosterExchangeResolver, RosterExchangeRowResolver } from './notices/notice.resolver';

export const resolvers = [
  AuthResolver,
  AdminUserResolver,
  PartnerAccountResolver,
  ApiTokenResolver,
  RegionResolver,
  OrganizationResolver,
  MemberResolver,
  OrganizationMembersResolver,
  MemberActivitiesResolver,
  AgreementResolver,
  ActivityRecordResolver,
  AnnualFeedbackResolver,
  ContactRecordResolver,
  ContactPairingResolver,
  LostContactCaseResolver,
  MemberContactsResolver,
  AuditEventResolver,
  StatsResolver,
  PointsSchemeResolver,
  PointsSchemeVersionResolver,
  PointsEntryResolver,
  MonthlyScoreResolver,
  PointsPublicationResolver,
  WebhookEndpointResolver,
  NoticeResolver,
  PendingMemberEntryResolver,
  RosterExchangeResolver,
  RosterExchangeRowResolver,
  WebhookDeliveryResolver,
  TransferRequestResolver,
  MemberTransfersResolver,
] as const;

let schema: Promise<GraphQLSchema> | undefined;

/**
 * The executable schema, built once per process from the type-graphql classes, with every field
 * that returns personal data noting what it showed (the types are declared by the domain policies).
 */
export function gongguanSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: [...resolvers],
    // class-validator with { forbidUnknownValues: false, stopAtFirstError: true }, once per request and value.
    validateFn: validateArgumentsOnce,
    authChecker,
    authMode: 'error',
    // None: readPlainFieldsDirectly relies on it.
    globalMiddlewares: [],
  })
    .then(readPlainFieldsDirectly)
    .then(servePlannedFields)
    .then(auditPersonalReads);
  return schema;
}

/** The SDL committed as schema/schema.graphql: sorted, so the file changes only when the API does. */
export function printContract(executable: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(executable))}\n`;
}
