import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Agreement } from '../agreements/agreement.entity';
import { agreementPolicy } from '../agreements/agreement.policy';
import { auditService, diff, snapshot } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { unitOfWork } from '../common/unit-of-work';
import { staleVersion } from '../common/crud/crud.service';
import { allOf, parseIntId } from '../common/crud/filter-query';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../common/errors';
import { groupByKeys } from '../common/loaders';
import { requirePermission } from '../common/permissions';
import { actorOf } from '../common/viewer';
import { sealer } from '../members/personal-data';
import type { WebhookConfig } from '../config';
import { enqueueDeliveries } from './job-queue';
import { AgreementSide, OutboxEvent } from './outbox-event.entity';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint, DeliveryStatus } from './webhook-endpoint.entity';
import { webhookPolicy } from './webhook.policy';
import { checkEndpointUrl, checkEventTypes, decodeCursor, encodeCursor, generateSecret, MAX_ROTATION_GRACE_HOURS } from './webhook.rules';
import type { CreateWebhookEndpointInput, Event, EventPage, RotateWebhookSecretInput, UpdateWebhookEndpointInput } from './webhook.types';

export const MAX_EVENTS_PAGE = 500;
export const MAX_DELIVERIES_PAGE = 100;

let settings: Pick<WebhookConfig, 'allowPrivateUrls' | 'rotationGraceHours'> = { allowPrivateUrls: false, rotationGraceHours: 24 };
export function configureWebhookService(config: Pick<WebhookConfig, 'allowPrivateUrls' | 'rotationGraceHours'>): void {
  settings = config;
}

/** Endpoints (secret shown once, rotation with a grace period), their deliveries, replays, and the events feed. */
export class WebhookService {
  async endpoints(ctx: RequestContext, rawAgreementId?: string | null): Promise<WebhookEndpoint[]> {
    requirePermission(ctx.viewer, 'webhooks:manage');
    const agreement = rawAgreementId ? { agreement: parseIntId(rawAgreementId, 'agreementId') } : {};
    return ctx.em.find(WebhookEndpoint, allOf<WebhookEndpoint>(agreement, webhookPolicy.endpointsRead(ctx.viewer)), { orderBy: { id: 'asc' } });
  }

  async endpoint(ctx: RequestContext, rawId: string): Promise<WebhookEndpoint> {
    requirePermission(ctx.viewer, 'webhooks:manage');
    const id = parseIntId(rawId, 'id');
    const row = await ctx.em.findOne(WebhookEndpoint, allOf<WebhookEndpoint>({ id }, webhookPolicy.endpointsRead(ctx.viewer)));
    if (!row) throw new NotFoundError('WebhookEndpoint', id);
    return row;
  }

  async create(ctx: RequestContext, input: CreateWebhookEndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    requirePermission(ctx.viewer, 'webhooks:manage');
    const viewer = ctx.viewer;
    let agreementId: number;
    let audience = input.audience ?? AgreementSide.PARTNER;
    if (viewer.kind === 'token') {
      if (!viewer.agreement) throw new ForbiddenError('Only a token issued under an agreement registers endpoints');
      if (input.agreementId && parseIntId(input.agreementId, 'agreementId') !== viewer.agreement.id) {
        throw new BadUserInputError('agreementId', 'a partner token registers endpoints under its own agreement only', 'NOT_YOUR_AGREEMENT');
      }
      if (audience !== AgreementSide.PARTNER) throw new BadUserInputError('audience', 'a partner token receives the partner side\'s events only', 'NOT_YOUR_SIDE');
      agreementId = viewer.agreement.id;
      audience = AgreementSide.PARTNER;
    } else {
      if (!input.agreementId) throw new BadUserInputError('agreementId', 'is required', 'REQUIRED');
      agreementId = parseIntId(input.agreementId, 'agreementId');
      const agreement = await ctx.em.findOne(Agreement, allOf({ id: agreementId }, agreementPolicy.write(viewer)));
      if (!agreement) throw new BadUserInputError('agreementId', 'no such agreement your region hosts', 'UNKNOWN_REFERENCE');
    }
    const url = checkEndpointUrl(input.url, settings.allowPrivateUrls);
    const eventTypes = checkEventTypes(input.eventTypes);
    const description = this.checkDescription(input.description);
    const secret = generateSecret();
    const endpoint = await this.write(ctx, async (em) => {
      const row = em.create(WebhookEndpoint, {
        agreement: agreementId,
        audience,
        url,
        eventTypes,
        description,
        enabled: input.enabled ?? true,
        secretSealed: sealer().seal(secret),
        createdBy: actorOf(viewer).actorName,
      });
      await em.flush();
      await auditService.record(ctx, em, [{ action: 'create', entity: 'WebhookEndpoint', entityId: row.id, changes: { after: snapshot(row) } }]);
      return row;
    });
    return { endpoint, secret };
  }

  async update(ctx: RequestContext, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    return this.write(ctx, async (em) => {
      const row = await this.forWrite(ctx, em, input.id, input.version);
      const before = snapshot(row);
      if (input.url != null) row.url = checkEndpointUrl(input.url, settings.allowPrivateUrls, 'url');
      if (input.eventTypes != null) row.eventTypes = checkEventTypes(input.eventTypes);
      if (input.description !== undefined) row.description = this.checkDescription(input.description);
      if (input.enabled != null) row.enabled = input.enabled;
      row.version += 1;
      await em.flush();
      await auditService.record(ctx, em, [{ action: 'update', entity: 'WebhookEndpoint', entityId: row.id, changes: diff(before, snapshot(row)) }]);
      return row;
    });
  }

  /** A new secret, shown once; the old one keeps signing beside it for the grace period, so receivers can switch without losing a delivery. */
  async rotateSecret(ctx: RequestContext, input: RotateWebhookSecretInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const graceHours = input.graceHours ?? settings.rotationGraceHours;
    if (!Number.isInteger(graceHours) || graceHours < 0 || graceHours > MAX_ROTATION_GRACE_HOURS) {
      throw new BadUserInputError('graceHours', `must be between 0 and ${MAX_ROTATION_GRACE_HOURS}`, 'OUT_OF_RANGE');
    }
    const secret = generateSecret();
    const endpoint = await this.write(ctx, async (em) => {
      const row = await this.forWrite(ctx, em, input.id, input.version);
      row.previousSecretSealed = graceHours > 0 ? row.secretSealed : null;
      row.previousSecretExpiresAt = graceHours > 0 ? new Date(ctx.now.getTime() + graceHours * 3_600_000) : null;
      row.secretSealed = sealer().seal(secret);
      row.version += 1;
      await em.flush();
      await auditService.record(ctx, em, [{ action: 'rotate-secret', entity: 'WebhookEndpoint', entityId: row.id, changes: { graceHours } }]);
      return row;
    });
    return { endpoint, secret };
  }

  async delete(ctx: RequestContext, rawId: string): Promise<string> {
    return this.write(ctx, async (em) => {
      const row = await this.forWrite(ctx, em, rawId, null);
      const id = row.id;
      await em.nativeDelete(WebhookEndpoint, { id });
      await auditService.record(ctx, em, [{ action: 'delete', entity: 'WebhookEndpoint', entityId: id }]);
      return String(id);
    });
  }

  /** Sends a delivery again, whatever its state, with the same webhook-id (receivers drop what they already processed). */
  async replay(ctx: RequestContext, rawId: string): Promise<WebhookDelivery> {
    requirePermission(ctx.viewer, 'webhooks:manage');
    const id = parseIntId(rawId, 'id');
    return this.write(ctx, async (em) => {
      const visible = await em.findOne(WebhookDelivery, { id, endpoint: webhookPolicy.endpointsRead(ctx.viewer) });
      if (!visible) throw new NotFoundError('WebhookDelivery', id);
      if (!(await em.count(WebhookDelivery, { id, endpoint: webhookPolicy.endpointsWrite(ctx.viewer) }))) {
        throw new ForbiddenError('Not allowed: the endpoint belongs to an agreement your region does not host');
      }
      const row = await em.findOneOrFail(WebhookDelivery, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      row.status = DeliveryStatus.PENDING;
      row.version += 1;
      await em.flush();
      await enqueueDeliveries(em, [row.id]);
      await auditService.record(ctx, em, [{ action: 'replay', entity: 'WebhookDelivery', entityId: row.id }]);
      return row;
    });
  }

  /** The latest deliveries of each endpoint, newest first: one statement for a page of endpoints. */
  deliveriesOf(ctx: RequestContext, endpointId: number, first: number): Promise<WebhookDelivery[]> {
    const limit = Math.min(Math.max(first, 0), MAX_DELIVERIES_PAGE);
    return ctx.loaders
      .get<number, WebhookDelivery[]>(`webhook-deliveries:${limit}`, async (ids) => {
        const rows = await ctx.em.execute<Record<string, unknown>[]>(
          `select * from (select d.*, row_number() over (partition by d.endpoint_id order by d.id desc) as position
             from webhook_delivery d where d.endpoint_id in (?)) ranked where position <= ? order by endpoint_id, id desc`,
          [[...ids], limit],
        );
        const deliveries = rows.map(({ position: _position, ...row }) => ctx.em.map(WebhookDelivery, row));
        return groupByKeys(ids, deliveries, (row) => row.endpoint.id);
      })
      .load(endpointId);
  }

  attemptsOf(ctx: RequestContext, deliveryId: number): Promise<WebhookAttempt[]> {
    return ctx.loaders
      .get<number, WebhookAttempt[]>('webhook-attempts', async (ids) => {
        const rows = await ctx.em.find(WebhookAttempt, { delivery: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
        return groupByKeys(ids, rows, (row) => row.delivery.id);
      })
      .load(deliveryId);
  }

  /**
   * The events feed, in commit order: only events of transactions older than every one still
   * running, whose set is final, ordered by transaction and then id. A transaction that wrote
   * first and published last has the smaller transaction id and the larger event id; ordering by
   * id alone would hand out the later event while the earlier one was still uncommitted, and the
   * cursor would then jump over it. The cursor holds both; one given out before it held the
   * transaction has it read back from its event.
   */
  async events(ctx: RequestContext, after: string | null | undefined, first: number): Promise<EventPage> {
    requirePermission(ctx.viewer, 'events:read');
    if (!Number.isInteger(first) || first < 1 || first > MAX_EVENTS_PAGE) throw new BadUserInputError('first', `must be between 1 and ${MAX_EVENTS_PAGE}`, 'OUT_OF_RANGE');
    const position = after ? decodeCursor(after) : null;
    const query = ctx.em
      .createQueryBuilder(OutboxEvent, 'e')
      .select('*')
      .where(webhookPolicy.events(ctx.viewer) as never)
      .andWhere('e.tx_id < pg_snapshot_xmin(pg_current_snapshot())');
    if (position?.txId) query.andWhere('(e.tx_id, e.id) > (?::xid8, ?::bigint)', [position.txId, position.id]);
    else if (position) query.andWhere('(e.tx_id, e.id) > (select c.tx_id, c.id from outbox_event c where c.id = ?)', [position.id]);
    const rows = await query
      .orderBy({ txId: 'asc', id: 'asc' })
      .limit(first + 1)
      .getResult();
    const nodes: Event[] = rows.slice(0, first).map((row) => ({
      id: String(row.id),
      type: row.type,
      agreementId: String(row.agreement.id),
      audience: row.audience,
      occurredAt: row.createdAt,
      payload: row.payload,
      cursor: encodeCursor({ id: String(row.id), txId: row.txId }),
    }));
    return { nodes, endCursor: nodes.at(-1)?.cursor ?? after ?? null, hasNextPage: rows.length > first };
  }

  private checkDescription(description: string | null | undefined): string | null {
    const text = description?.trim() || null;
    if (text && text.length > 200) throw new BadUserInputError('description', 'must be at most 200 characters', 'TOO_LONG');
    return text;
  }

  private async forWrite(ctx: RequestContext, em: EntityManager, rawId: string, version: number | null): Promise<WebhookEndpoint> {
    requirePermission(ctx.viewer, 'webhooks:manage');
    const id = parseIntId(rawId, 'id');
    if (!(await em.count(WebhookEndpoint, allOf<WebhookEndpoint>({ id }, webhookPolicy.endpointsRead(ctx.viewer))))) throw new NotFoundError('WebhookEndpoint', id);
    if (!(await em.count(WebhookEndpoint, allOf<WebhookEndpoint>({ id }, webhookPolicy.endpointsWrite(ctx.viewer))))) {
      throw new ForbiddenError('Not allowed: the endpoint belongs to an agreement your region does not host');
    }
    const row = await em.findOneOrFail(WebhookEndpoint, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (version != null && row.version !== version) throw staleVersion(version, row.version);
    return row;
  }

  private write<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return unitOfWork(ctx, work);
  }
}

export const webhookService = new WebhookService();
