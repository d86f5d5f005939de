import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { BaseEntity } from '../common/base.entity';
import { LocalDate } from '../common/scalars';
import { Member, TransferDueReason } from '../members/member.entity';
import { Organization } from '../organizations/organization.entity';
import { AgreementSide } from '../webhooks/outbox-event.entity';

export enum TransferState {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  COMPLETED = 'COMPLETED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TransferState, { name: 'TransferState', description: '已申请 / 已同意 / 已完成 / 已拒绝 / 已撤回' });

/** 组织关系转接: a request to move a member's formal relationship from one side of an agreement to the other. */
@ObjectType({ description: 'Transfer request of the formal organisational relationship (组织关系转接)' })
@Entity({ tableName: 'transfer_request' })
// One open request per member: the database says so whoever writes.
@Index({
  name: 'transfer_request_one_open_per_member',
  expression: `create unique index "transfer_request_one_open_per_member" on "transfer_request" ("member_id") where "state" in ('REQUESTED', 'ACCEPTED')`,
})
@Index({ properties: ['member', 'requestedAt'] })
@Index({ properties: ['agreement', 'state', 'requestedAt'] })
@Index({ properties: ['state', 'requestedAt'] })
@Index({ properties: ['requestedAt'] })
export class TransferRequest extends BaseEntity<'memberId' | 'agreementId' | 'fromOrganizationId' | 'toOrganizationId' | 'state'> {
  @ManyToOne(() => Member, { ref: true, deleteRule: 'cascade' })
  member!: Ref<Member>;

  @Field(() => ID)
  get memberId(): number {
    return this.member.id;
  }

  @ManyToOne(() => Agreement, { ref: true, deleteRule: 'cascade' })
  agreement!: Ref<Agreement>;

  @Field(() => ID)
  get agreementId(): number {
    return this.agreement.id;
  }

  /** The organisation holding the relationship when the request was made (the member's formal organisation). */
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  fromOrganization!: Ref<Organization>;

  @Field(() => ID)
  get fromOrganizationId(): number {
    return this.fromOrganization.id;
  }

  /** The receiving organisation (转入党组织), on the other side of the agreement. */
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  toOrganization!: Ref<Organization>;

  @Field(() => ID)
  get toOrganizationId(): number {
    return this.toOrganization.id;
  }

  @Field(() => AgreementSide, { description: 'The side of the agreement holding the receiving organisation: it completes the transfer' })
  @Enum({ items: () => AgreementSide, nativeEnumName: 'agreement_side' })
  receivingSide!: AgreementSide;

  @Field(() => TransferState)
  @Enum({ items: () => TransferState, nativeEnumName: 'transfer_state', default: TransferState.REQUESTED })
  state: TransferState = TransferState.REQUESTED;

  @Field({ description: 'Why the relationship should move' })
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => String, { nullable: true, description: '介绍信编号: the letter of introduction, given when requested or accepted' })
  @Property({ type: 'string', length: 50, nullable: true })
  letterNumber?: string | null;

  @Field(() => TransferDueReason, { description: 'The 应转尽转 rule for the member when the request was made (member.rules.ts)' })
  @Property({ type: 'string', length: 32 })
  dueReason!: TransferDueReason;

  @Field(() => String, { nullable: true, description: 'Why a member who is not transfer-due moves anyway; required then' })
  @Property({ type: 'text', nullable: true })
  exceptionReason?: string | null;

  @Field(() => AgreementSide, { description: 'The side that asked; the other side accepts or rejects' })
  @Enum({ items: () => AgreementSide, nativeEnumName: 'agreement_side' })
  requestedSide!: AgreementSide;

  @Field()
  @Property({ type: 'string', length: 100 })
  requestedBy!: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  requestedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  acceptedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  rejectedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  rejectedBy?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  rejectionReason?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  cancelledBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  completedBy?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'COMPLETED: the day the relationship moved (the member\'s transferredOn)' })
  @Property({ type: 'date', nullable: true })
  completedOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'COMPLETED: unsent year-end returns turned into 已转出 returns' })
  @Property({ type: 'integer', nullable: true })
  returnsClosed?: number | null;

  @Field(() => Int, { nullable: true, description: 'COMPLETED: open lost-contact cases closed' })
  @Property({ type: 'integer', nullable: true })
  casesClosed?: number | null;

  @Field(() => Int, { nullable: true, description: 'COMPLETED: contact pairings ended' })
  @Property({ type: 'integer', nullable: true })
  pairingsEnded?: number | null;
}
