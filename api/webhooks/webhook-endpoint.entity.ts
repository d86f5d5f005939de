import { ArrayType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { BaseEntity } from '../common/base.entity';
import { AgreementSide, EventType, OutboxEvent } from './outbox-event.entity';

/**
 * A partner system's (or the host's own) URL that receives an agreement's events, signed per
 * Standard Webhooks. The secret is sealed with the data key and shown once, at creation or
 * rotation; after a rotation the previous secret keeps signing alongside until it expires.
 */
@ObjectType({ description: 'A URL that receives the events of one agreement for one side, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)' })
@Entity({ tableName: 'webhook_endpoint' })
@Index({ properties: ['agreement', 'audience'] })
export class WebhookEndpoint extends BaseEntity<'enabled' | 'agreementId' | 'description' | 'previousSecretSealed' | 'previousSecretExpiresAt' | 'createdBy'> {
  @ManyToOne(() => Agreement, { ref: true, deleteRule: 'cascade' })
  agreement!: Ref<Agreement>;

  @Field(() => ID)
  get agreementId(): number {
    return this.agreement.id;
  }

  @Field(() => AgreementSide, { description: 'Whose events it receives: PARTNER (what the host does, for the partner) or HOST (what the partner does, for the host)' })
  @Enum({ items: () => AgreementSide, nativeEnumName: 'agreement_side' })
  audience!: AgreementSide;

  @Field({ description: 'http(s) URL the events are POSTed to' })
  @Property({ type: 'string', length: 2000 })
  url!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  description?: string | null;

  @Field(() => [EventType], { description: 'The event types sent to it' })
  @Property({ type: new ArrayType<EventType>((type) => type as EventType), columnType: 'text[]' })
  eventTypes!: EventType[];

  @Field({ description: 'Disabled endpoints receive nothing; deliveries already queued are skipped' })
  @Property({ type: 'boolean', default: true })
  enabled: boolean = true;

  @Property({ type: 'text', hidden: true })
  secretSealed!: string;

  @Property({ type: 'text', nullable: true, hidden: true })
  previousSecretSealed?: string | null;

  @Field(() => Date, { nullable: true, description: 'Until when the secret replaced by the last rotation still signs too' })
  @Property({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  createdBy?: string | null;
}

export enum DeliveryStatus {
  /** Queued, not yet tried. */
  PENDING = 'PENDING',
  /** A worker is sending it (or stopped while sending: the next attempt resends with the same webhook-id). */
  SENDING = 'SENDING',
  /** The endpoint answered 2xx. */
  SUCCEEDED = 'SUCCEEDED',
  /** The last attempt failed; the queue tries again after a growing pause. */
  RETRYING = 'RETRYING',
  /** Every attempt failed; only a replay sends it again. */
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStatus, { name: 'WebhookDeliveryStatus', description: '待发送 / 发送中 / 成功 / 重试中 / 失败' });

/** One event for one endpoint: its state, and its attempts. Its webhook-id (`msg_<id>`) stays the same on every retry and replay. */
@ObjectType({ description: 'One event sent to one endpoint, with every attempt' })
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['endpoint', 'event'] })
@Index({ properties: ['endpoint', 'id'] })
export class WebhookDelivery extends BaseEntity<'status' | 'attemptCount' | 'lastAttemptAt' | 'succeededAt' | 'endpointId' | 'eventId' | 'webhookId'> {
  @ManyToOne(() => WebhookEndpoint, { ref: true, deleteRule: 'cascade' })
  endpoint!: Ref<WebhookEndpoint>;

  @Field(() => ID)
  get endpointId(): number {
    return this.endpoint.id;
  }

  @ManyToOne(() => OutboxEvent, { ref: true, deleteRule: 'cascade' })
  event!: Ref<OutboxEvent>;

  @Field(() => ID)
  get eventId(): string {
    return String(this.event.id);
  }

  @Field({ description: 'The webhook-id header: the same on every retry and replay, so a receiver can drop repeats' })
  get webhookId(): string {
    return `msg_${this.id}`;
  }

  @Field(() => DeliveryStatus)
  @Enum({ items: () => DeliveryStatus, nativeEnumName: 'webhook_delivery_status', default: DeliveryStatus.PENDING })
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  attemptCount: number = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  succeededAt?: Date | null;
}

export enum AttemptOutcome {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  /** The worker stopped between sending and recording the answer (found by the next attempt). */
  INTERRUPTED = 'INTERRUPTED',
}
registerEnumType(AttemptOutcome, { name: 'WebhookAttemptOutcome' });

/** One HTTP request of a delivery: when, how long, what came back. */
@ObjectType({ description: 'One HTTP request of a delivery' })
@Entity({ tableName: 'webhook_attempt' })
@Index({ properties: ['delivery', 'id'] })
export class WebhookAttempt {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => WebhookDelivery, { ref: true, deleteRule: 'cascade' })
  delivery!: Ref<WebhookDelivery>;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  durationMs?: number | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status the endpoint answered with; null when it did not answer' })
  @Property({ type: 'smallint', nullable: true })
  statusCode?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  error?: string | null;

  @Field(() => AttemptOutcome, { nullable: true, description: 'Null while the request is in flight' })
  @Enum({ items: () => AttemptOutcome, nativeEnumName: 'webhook_attempt_outcome', nullable: true })
  outcome?: AttemptOutcome | null;
}
