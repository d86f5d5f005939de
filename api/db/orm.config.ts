import path from 'node:path';
import { Notice, PendingMemberEntry, RosterExchange, RosterExchangeRow } from '../notices/notice.entity';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrationsList } from '../../migrations';
import { serialiseQueries } from '../connection/serial-queries';
import { projectRoot } from '../config';
import { Region } from '../regions/region.entity';
import { Organization } from '../organizations/organization.entity';
import { Member } from '../members/member.entity';
import { Agreement } from '../agreements/agreement.entity';
import { ActivityRecord } from '../activities/activity-record.entity';
import { AdminUser } from '../access/admin-user.entity';
import { AdminSession } from '../access/admin-session.entity';
import { ApiToken } from '../access/api-token.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { AnnualFeedback } from '../feedback/annual-feedback.entity';
import { IdempotencyKey } from '../common/idempotency';
import { IdNumberLookup } from '../members/id-number-lookup.entity';
import { RateLimitCounter } from '../access/rate-limit.entity';
import { CredentialEpoch } from '../access/credential-epoch.entity';
import { MonthlyScore, PointsEntry, PointsPublication, PointsScheme, PointsSchemeVersion } from '../points/points.entity';
import { ContactPairing } from '../contacts/contact-pairing.entity';
import { ContactRecord } from '../contacts/contact-record.entity';
import { LostContactAttempt, LostContactCase } from '../contacts/lost-contact-case.entity';
import { TransferRequest } from '../transfers/transfer-request.entity';
import { OutboxEvent } from '../webhooks/outbox-event.entity';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../webhooks/webhook-endpoint.entity';

export const entities = [Region, Organization, Member, Agreement, ActivityRecord, AdminUser, AdminSession, ApiToken, AuditEvent, AnnualFeedback, IdempotencyKey, IdNumberLookup, RateLimitCounter, CredentialEpoch, PointsScheme, PointsSchemeVersion, PointsEntry, PointsPublication, MonthlyScore, ContactPairing, ContactRecord, LostContactCase, LostContactAttempt, OutboxEvent, WebhookEndpoint, WebhookDelivery, WebhookAttempt, TransferRequest, Notice, PendingMemberEntry, RosterExchange, RosterExchangeRow];

export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    // pg-boss's own schema (created by Migration20261201600000) is not described by entities.
    schemaGenerator: { ignoreSchema: ['pgboss'] },
    // Identity maps live in per-request forks only; using the global one is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: {
      min: 0,
      max: 20,
      afterCreate: (connection: Parameters<typeof serialiseQueries>[0], done: (error: Error | null, connection: unknown) => void) => {
        serialiseQueries(connection);
        done(null, connection);
      },
    },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList,
      // Where `npm run migrate -- create` writes new migrations.
      pathTs: path.join(projectRoot, 'migrations'),
      path: path.join(projectRoot, 'migrations'),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    ...overrides,
  });
}
