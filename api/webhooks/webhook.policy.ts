import type { FilterQuery } from '@mikro-orm/core';
import { agreementPolicy } from '../agreements/agreement.policy';
import { can } from '../common/permissions';
import { NOTHING, reachOf, scoped } from '../common/policy';
import type { Viewer } from '../common/viewer';
import { AgreementSide, type OutboxEvent } from './outbox-event.entity';
import type { WebhookEndpoint } from './webhook-endpoint.entity';

/**
 * Who sees which events and manages which endpoints. Events: an admin those of the agreements it
 * reads (both sides); a partner token those of its agreement addressed to the partner side.
 * Endpoints: an admin with webhooks:manage reads those of the agreements it reads and manages those
 * of the agreements its region hosts (for either side); a partner token its own side's, of its
 * agreement. Deliveries and attempts follow their endpoint. (PostgreSQL: the `outbox_event` and
 * `webhook_*` policies, webhook_endpoint_readable() / webhook_endpoint_writable().)
 */
export const webhookPolicy = {
  events(viewer: Viewer): FilterQuery<OutboxEvent> {
    if (!can(viewer, 'events:read')) return NOTHING as unknown as FilterQuery<OutboxEvent>;
    if (viewer.kind === 'admin') return reachOf(viewer).kind === 'everywhere' ? {} : scoped({ agreement: agreementPolicy.read(viewer) } as FilterQuery<OutboxEvent>);
    if (viewer.kind === 'token' && viewer.agreement) return scoped({ agreement: viewer.agreement.id, audience: AgreementSide.PARTNER } as FilterQuery<OutboxEvent>);
    return NOTHING as unknown as FilterQuery<OutboxEvent>;
  },

  endpointsRead(viewer: Viewer): FilterQuery<WebhookEndpoint> {
    if (!can(viewer, 'webhooks:manage')) return NOTHING as FilterQuery<WebhookEndpoint>;
    if (viewer.kind === 'admin') return reachOf(viewer).kind === 'everywhere' ? {} : scoped({ agreement: agreementPolicy.read(viewer) } as FilterQuery<WebhookEndpoint>);
    if (viewer.kind === 'token' && viewer.agreement) return scoped({ agreement: viewer.agreement.id, audience: AgreementSide.PARTNER } as FilterQuery<WebhookEndpoint>);
    return NOTHING as FilterQuery<WebhookEndpoint>;
  },

  endpointsWrite(viewer: Viewer): FilterQuery<WebhookEndpoint> {
    if (!can(viewer, 'webhooks:manage')) return NOTHING as FilterQuery<WebhookEndpoint>;
    if (viewer.kind === 'admin') return reachOf(viewer).kind === 'everywhere' ? {} : scoped({ agreement: agreementPolicy.write(viewer) } as FilterQuery<WebhookEndpoint>);
    return this.endpointsRead(viewer);
  },
};
