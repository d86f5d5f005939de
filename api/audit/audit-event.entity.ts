import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * One change, or one read of personal data by a token. Append-only: a database trigger refuses
 * every UPDATE and DELETE, and no operation of the API writes one except by appending.
 */
@ObjectType({ description: 'Append-only audit trail entry' })
@Entity({ tableName: 'audit_event' })
@Index({ properties: ['entity', 'entityId'] })
@Index({ properties: ['occurredAt'] })
@Index({ properties: ['actorType', 'actorId'] })
export class AuditEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  occurredAt: Date = new Date();

  @Field({ description: 'admin, token, system or anonymous' })
  @Property({ type: 'string', length: 16 })
  actorType!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 32, nullable: true })
  actorId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  actorName?: string | null;

  @Field({ description: 'create, update, delete, read, login, logout, issue, revoke, …' })
  @Property({ type: 'string', length: 32 })
  action!: string;

  @Field({ description: 'Entity type, e.g. Member' })
  @Property({ type: 'string', length: 32 })
  entity!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  entityId?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Changed fields {field: {before, after}}, or the ids read; personal data masked' })
  @Property({ type: 'jsonb', nullable: true })
  changes?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  requestId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  ip?: string | null;
}
