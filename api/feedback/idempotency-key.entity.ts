import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref, Unique } from '@mikro-orm/core';
import { ApiToken } from '../access/api-token.entity';

export enum IdempotencyState {
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
}

/**
 * A partner's batch submission key, kept per token: the same key with the same payload returns
 * the stored result, with another payload is refused, and while in progress refuses a retry.
 */
@Entity({ tableName: 'idempotency_key' })
@Unique({ name: 'idempotency_key_token_key_unique', properties: ['token', 'key'] })
export class IdempotencyKey {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => ApiToken, { ref: true, deleteRule: 'cascade' })
  token!: Ref<ApiToken>;

  @Property({ type: 'string', length: 200 })
  key!: string;

  /** SHA-256 of the canonical payload. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Enum({ items: () => IdempotencyState, nativeEnumName: 'idempotency_state' })
  state!: IdempotencyState;

  @Property({ type: 'jsonb', nullable: true })
  response?: Record<string, unknown> | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
