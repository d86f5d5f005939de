import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';

/**
 * What happened, as partner systems hear of it (webhooks and the events feed). A PostgreSQL enum:
 * later kinds (notices, transfers, roster reconciliation) are added with `alter type … add value`,
 * no schema break; the wire name is the lower-case dotted form (`FEEDBACK_DELIVERED` → `feedback.delivered`).
 */
export enum EventType {
  /** A year-end return reached its recipient (approved by the host, or submitted by the partner). */
  FEEDBACK_DELIVERED = 'FEEDBACK_DELIVERED',
  /** The recipient acknowledged a return (its writer hears of it). */
  FEEDBACK_RECEIVED = 'FEEDBACK_RECEIVED',
  /** The recipient sent a delivered return back for correction. */
  FEEDBACK_RETURNED = 'FEEDBACK_RETURNED',
  /** The recipient wrote the final grade. */
  FEEDBACK_GRADED = 'FEEDBACK_GRADED',
  /** The recipient archived a graded return. */
  FEEDBACK_ARCHIVED = 'FEEDBACK_ARCHIVED',
  // ── transfers (issue 12 item 4) ──
  /** A transfer request changed state (requested, accepted, rejected, cancelled, completed). */
  TRANSFER_CHANGED = 'TRANSFER_CHANGED',
  // Issue 12 items 2 and 3 (notices, roster exchange): Migration20261201810000.
  /** A notice arrived from the other side (sent by hand, or by the platform on a departure or status change). */
  NOTICE_RECEIVED = 'NOTICE_RECEIVED',
  /** A roster was reconciled with the host's ledger. */
  ROSTER_RECONCILED = 'ROSTER_RECONCILED',
}
registerEnumType(EventType, {
  name: 'EventType',
  description: 'What an event reports; on the wire (webhook payload `type`) in lower case with dots: feedback.delivered, …',
  valuesConfig: {
    FEEDBACK_DELIVERED: { description: 'feedback.delivered — a return reached its recipient (送达)' },
    FEEDBACK_RECEIVED: { description: 'feedback.received — the recipient acknowledged a return (已接收)' },
    FEEDBACK_RETURNED: { description: 'feedback.returned — the recipient sent a return back for correction (退回)' },
    FEEDBACK_GRADED: { description: 'feedback.graded — the recipient wrote the final grade (已评定)' },
    FEEDBACK_ARCHIVED: { description: 'feedback.archived — the recipient archived a graded return (已归档)' },
    TRANSFER_CHANGED: { description: 'transfer.changed — a transfer request (组织关系转接) changed state; the payload names its new state' },
    NOTICE_RECEIVED: { description: 'notice.received — a notice arrived from the other side (流入提醒、离开告知、状态变更…)' },
    ROSTER_RECONCILED: { description: 'roster.reconciled — a roster was reconciled with the host\'s ledger (名册比对)' },
  },
});

/** `FEEDBACK_DELIVERED` → `feedback.delivered`, the type a webhook payload carries. */
export const wireType = (type: EventType): string => type.toLowerCase().replace('_', '.');

/** The two sides of an agreement: who an event is addressed to, whose systems an endpoint belongs to. */
export enum AgreementSide {
  HOST = 'HOST',
  PARTNER = 'PARTNER',
}
registerEnumType(AgreementSide, { name: 'AgreementSide', description: '协议的主办方 (HOST) / 合作方 (PARTNER)' });

/**
 * The outbox: one row per event, written in the same transaction as the change it reports
 * (api/webhooks/outbox.ts), so an event exists exactly when its change committed. The feed reads
 * it in (`txId`, `id`) order and holds back rows of transactions still running, so its cursor
 * never skips an event committed late (WebhookService.events).
 */
@Entity({ tableName: 'outbox_event' })
@Index({ properties: ['agreement', 'audience', 'txId', 'id'] })
@Index({ properties: ['txId', 'id'] })
export class OutboxEvent {
  [OptionalProps]?: 'createdAt' | 'txId';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Enum({ items: () => EventType, nativeEnumName: 'event_type' })
  type!: EventType;

  @ManyToOne(() => Agreement, { ref: true, deleteRule: 'cascade' })
  agreement!: Ref<Agreement>;

  /** The side the event is addressed to: the other side's action, reported to this one. */
  @Enum({ items: () => AgreementSide, nativeEnumName: 'agreement_side' })
  audience!: AgreementSide;

  /** Ids and states only: a partner reads the details through the API, under its own scope. */
  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'string', columnType: 'xid8', defaultRaw: 'pg_current_xact_id()', hidden: true })
  txId!: string;
}
