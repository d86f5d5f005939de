import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { BaseEntity } from '../common/base.entity';
import { LocalDate } from '../common/scalars';
import { Member, MemberStatus } from '../members/member.entity';
import { AgreementSide } from '../webhooks/outbox-event.entity';

export enum NoticeKind {
  /** 流入提醒: the outflow side tells the host a member is coming (may name a person the host does not know yet) */
  INFLOW_ALERT = 'INFLOW_ALERT',
  /** 离开告知: a member left the city (returned, transferred, moved away) */
  DEPARTURE = 'DEPARTURE',
  /** 状态变更: lost contact, status restored, … */
  STATUS_CHANGE = 'STATUS_CHANGE',
  /** 名册更新: a roster was sent or reconciled */
  ROSTER_UPDATE = 'ROSTER_UPDATE',
  /** 其他消息: free message */
  MESSAGE = 'MESSAGE',
}
registerEnumType(NoticeKind, { name: 'NoticeKind', description: '流入提醒 / 离开告知 / 状态变更 / 名册更新 / 其他消息' });

export enum PendingEntryStatus {
  OPEN = 'OPEN',
  /** The host created the member from the entry */
  CONFIRMED = 'CONFIRMED',
  /** Linked to a member already in the ledger */
  MERGED = 'MERGED',
  /** Declined, with a reason */
  DECLINED = 'DECLINED',
}
registerEnumType(PendingEntryStatus, { name: 'PendingEntryStatus', description: '待确认 / 已建档 / 已合并 / 已拒绝' });

export enum RosterOutcome {
  /** In the roster and in the host's ledger */
  MATCHED = 'MATCHED',
  /** In the roster, unknown to the host: a pending ledger entry */
  UNKNOWN = 'UNKNOWN',
  /** Kept by the host under the agreement, missing from the roster */
  MISSING = 'MISSING',
}
registerEnumType(RosterOutcome, { name: 'RosterOutcome', description: '已匹配 / 台账未登记 / 名册缺失' });

/** What a notice states, by kind: the fields each kind carries (none is personal beyond the notice's own person). */
@ObjectType({ description: 'The structured facts of a notice' })
export class NoticeFacts {
  @Field(() => LocalDate, { nullable: true, description: 'Inflow alert: when the member arrives (arrived) in the host city' })
  arrivedOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Departure: when the member left' })
  leftOn?: string | null;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 code of where the member lives (inflow alert) or went (departure)' })
  destinationRegionCode?: string | null;

  @Field(() => String, { nullable: true })
  destinationAddress?: string | null;

  @Field(() => String, { nullable: true })
  occupation?: string | null;

  @Field(() => String, { nullable: true })
  workUnit?: string | null;

  @Field(() => String, { nullable: true, description: 'The branch holding the formal relationship, as the outflow side names it' })
  formalOrganizationName?: string | null;

  @Field(() => MemberStatus, { nullable: true, description: 'Status change: before' })
  statusBefore?: MemberStatus | null;

  @Field(() => MemberStatus, { nullable: true, description: 'Status change: after' })
  statusAfter?: MemberStatus | null;

  @Field(() => String, { nullable: true, description: 'Transfer: where the relationship went' })
  transferredTo?: string | null;
}

/** A notice from one side of an agreement to the other (流入提醒、离开告知、定期沟通). */
@ObjectType({ description: 'Notice between the two sides of an agreement (流入提醒 / 离开告知 / 状态变更 / 名册更新 / 消息)' })
@Entity({ tableName: 'notice' })
@Index({ properties: ['agreement', 'sentAt'] })
@Index({ properties: ['kind', 'sentAt'] })
@Index({ properties: ['sentAt'] })
@Index({ properties: ['member'] })
@Index({ name: 'notice_unread_index', expression: 'create index "notice_unread_index" on "notice" ("agreement_id", "to_side") where "read_at" is null' })
export class Notice extends BaseEntity<'agreementId' | 'memberId' | 'facts' | 'automatic' | 'sentAt'> {
  @ManyToOne(() => Agreement, { ref: true, deleteRule: 'cascade' })
  agreement!: Ref<Agreement>;

  @Field(() => ID)
  get agreementId(): number {
    return this.agreement.id;
  }

  @Field(() => NoticeKind)
  @Enum({ items: () => NoticeKind, nativeEnumName: 'notice_kind' })
  kind!: NoticeKind;

  @Field(() => AgreementSide, { description: 'The side that sent it' })
  @Enum({ items: () => AgreementSide, nativeEnumName: 'agreement_side' })
  fromSide!: AgreementSide;

  @Field(() => AgreementSide, { description: 'The side it is for' })
  @Enum({ items: () => AgreementSide, nativeEnumName: 'agreement_side' })
  toSide!: AgreementSide;

  @ManyToOne(() => Member, { ref: true, nullable: true, deleteRule: 'set null' })
  member?: Ref<Member> | null;

  /** In GraphQL through the resolver, only when the caller can read the member (notice.resolver.ts). */
  get memberId(): number | null {
    return this.member?.id ?? null;
  }

  @Property({ type: 'text', nullable: true, lazy: true })
  idNumberCipher?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  idNumberHash?: string | null;

  @Field(() => String, { nullable: true, name: 'idNumber', description: 'The person\'s ID number as the notice gave it, masked to the city of birth' })
  @Property({ type: 'string', length: 18, nullable: true })
  idNumberMasked?: string | null;

  @Field(() => String, { nullable: true, description: 'The person\'s name as the notice gave it' })
  @Property({ type: 'string', length: 50, nullable: true })
  personName?: string | null;

  @Field(() => NoticeFacts)
  @Property({ type: 'jsonb', defaultRaw: `'{}'` })
  facts: NoticeFacts = {};

  @Field(() => String, { nullable: true, description: 'Free text' })
  @Property({ type: 'text', nullable: true })
  body?: string | null;

  @Field({ description: 'Sent by the platform on a change of the ledger (离开告知, 状态变更), not by a person' })
  @Property({ type: 'boolean', default: false })
  automatic: boolean = false;

  @Field({ description: 'Who sent it' })
  @Property({ type: 'string', length: 100 })
  sentBy!: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  sentAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  readAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  readBy?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  answer?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  answeredBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  answeredAt?: Date | null;
}

/** A roster the outflow side sent, and its reconciliation with the host's ledger. */
@ObjectType({ description: 'Roster exchange (名册比对): a roster of one side and how it compares with the host\'s ledger' })
@Entity({ tableName: 'roster_exchange' })
@Index({ properties: ['agreement', 'sentAt'] })
@Index({ properties: ['sentAt'] })
@Unique({ name: 'roster_exchange_agreement_client_roster_unique', properties: ['agreement', 'clientRosterId'] })
export class RosterExchange extends BaseEntity<
  'agreementId' | 'sentAt' | 'rowCount' | 'matchedCount' | 'unknownCount' | 'missingCount' | 'pendingCreatedCount'
> {
  @ManyToOne(() => Agreement, { ref: true, deleteRule: 'cascade' })
  agreement!: Ref<Agreement>;

  @Field(() => ID)
  get agreementId(): number {
    return this.agreement.id;
  }

  @Field(() => AgreementSide, { description: 'The side that sent the roster' })
  @Enum({ items: () => AgreementSide, nativeEnumName: 'agreement_side' })
  fromSide!: AgreementSide;

  @Field(() => String, { nullable: true, description: 'The sender\'s own id of the roster: the same id sent again answers the same reconciliation' })
  @Property({ type: 'string', length: 100, nullable: true })
  clientRosterId?: string | null;

  @Property({ type: 'string', length: 64, hidden: true })
  requestHash!: string;

  @Field()
  @Property({ type: 'string', length: 100 })
  sentBy!: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  sentAt: Date = new Date();

  @Field(() => Int, { description: 'Rows in the roster' })
  @Property({ type: 'integer', default: 0 })
  rowCount: number = 0;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  matchedCount: number = 0;

  @Field(() => Int, { description: 'Rows unknown to the host (pending ledger entries)' })
  @Property({ type: 'integer', default: 0 })
  unknownCount: number = 0;

  @Field(() => Int, { description: 'Members the host keeps under the agreement that the roster leaves out' })
  @Property({ type: 'integer', default: 0 })
  missingCount: number = 0;

  @Field(() => Int, { description: 'Pending entries this roster opened (the others were open already)' })
  @Property({ type: 'integer', default: 0 })
  pendingCreatedCount: number = 0;
}

/** One outcome of a reconciliation: a roster row (MATCHED, UNKNOWN) or a member the roster left out (MISSING). */
@ObjectType({ description: 'One outcome of a roster reconciliation' })
@Entity({ tableName: 'roster_exchange_row' })
@Index({ properties: ['rosterExchange', 'outcome'] })
export class RosterExchangeRow {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => RosterExchange, { ref: true, deleteRule: 'cascade' })
  rosterExchange!: Ref<RosterExchange>;

  @Field(() => Int, { nullable: true, description: 'The row of the roster (from 0); none for MISSING' })
  @Property({ type: 'integer', nullable: true })
  rowNumber?: number | null;

  @Field(() => RosterOutcome)
  @Enum({ items: () => RosterOutcome, nativeEnumName: 'roster_outcome' })
  outcome!: RosterOutcome;

  @Field({ name: 'idNumber', description: 'Masked to the city of birth' })
  @Property({ type: 'string', length: 18 })
  idNumberMasked!: string;

  @Field()
  @Property({ type: 'string', length: 50 })
  personName!: string;

  @ManyToOne(() => Member, { ref: true, nullable: true, deleteRule: 'set null' })
  member?: Ref<Member> | null;

  /** In GraphQL through the resolver, only when the caller can read the member (notice.resolver.ts). */
  get memberId(): number | null {
    return this.member?.id ?? null;
  }

  @ManyToOne(() => 'PendingMemberEntry', { ref: true, nullable: true, deleteRule: 'set null' })
  pendingEntry?: Ref<PendingMemberEntry> | null;

  @Field(() => ID, { nullable: true, description: 'The pending ledger entry of an UNKNOWN row' })
  get pendingEntryId(): number | null {
    return this.pendingEntry?.id ?? null;
  }
}

/** What an inflow alert or a roster proposes for the ledger, until the host confirms, merges or declines it. */
@ObjectType({ description: 'Pending ledger entry (待确认台账): a person an inflow alert or a roster names, not yet in the ledger' })
@Entity({ tableName: 'pending_member_entry' })
@Index({ properties: ['agreement', 'status'] })
@Index({ properties: ['createdAt'] })
@Index({
  name: 'pending_member_entry_one_open_per_person',
  expression: `create unique index "pending_member_entry_one_open_per_person" on "pending_member_entry" ("agreement_id", "id_number_hash") where "status" = 'OPEN'`,
})
export class PendingMemberEntry extends BaseEntity<'agreementId' | 'noticeId' | 'rosterExchangeId' | 'memberId' | 'facts' | 'status'> {
  @ManyToOne(() => Agreement, { ref: true, deleteRule: 'cascade' })
  agreement!: Ref<Agreement>;

  @Field(() => ID)
  get agreementId(): number {
    return this.agreement.id;
  }

  @ManyToOne(() => Notice, { ref: true, nullable: true, deleteRule: 'set null' })
  notice?: Ref<Notice> | null;

  @Field(() => ID, { nullable: true, description: 'The inflow alert that proposed it' })
  get noticeId(): number | null {
    return this.notice?.id ?? null;
  }

  @ManyToOne(() => RosterExchange, { ref: true, nullable: true, deleteRule: 'set null' })
  rosterExchange?: Ref<RosterExchange> | null;

  @Field(() => ID, { nullable: true, description: 'The roster that proposed it' })
  get rosterExchangeId(): number | null {
    return this.rosterExchange?.id ?? null;
  }

  @Property({ type: 'text', lazy: true })
  idNumberCipher!: string;

  @Property({ type: 'string', length: 64 })
  idNumberHash!: string;

  @Field({ name: 'idNumber', description: 'Masked to the city of birth' })
  @Property({ type: 'string', length: 18 })
  idNumberMasked!: string;

  @Field()
  @Property({ type: 'string', length: 50 })
  personName!: string;

  @Field(() => NoticeFacts)
  @Property({ type: 'jsonb', defaultRaw: `'{}'` })
  facts: NoticeFacts = {};

  @Field(() => PendingEntryStatus)
  @Enum({ items: () => PendingEntryStatus, nativeEnumName: 'pending_entry_status', default: PendingEntryStatus.OPEN })
  status: PendingEntryStatus = PendingEntryStatus.OPEN;

  @ManyToOne(() => Member, { ref: true, nullable: true, deleteRule: 'set null' })
  member?: Ref<Member> | null;

  /** In GraphQL through the resolver, only when the caller can read the member (notice.resolver.ts). */
  get memberId(): number | null {
    return this.member?.id ?? null;
  }

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  resolvedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  declineReason?: string | null;
}
