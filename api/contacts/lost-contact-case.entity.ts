import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';
import { LocalDate } from '../common/scalars';
import { Member, MemberStatus } from '../members/member.entity';

export enum LostContactOutcome {
  /** 已找到: the member's status is restored to what it was before the case */
  FOUND = 'FOUND',
  /** 移交流出地: handed to the outflow organisation to continue */
  HANDED_TO_OUTFLOW = 'HANDED_TO_OUTFLOW',
  /** 组织处置: organisational measures (e.g. 停止党籍) by the organisation holding the relationship */
  ORGANIZATIONAL_MEASURES = 'ORGANIZATIONAL_MEASURES',
}
registerEnumType(LostContactOutcome, { name: 'LostContactOutcome', description: '已找到 / 移交流出地 / 组织处置' });

export enum SearchChannel {
  PHONE = 'PHONE',
  HOME_VISIT = 'HOME_VISIT',
  RELATIVES = 'RELATIVES',
  EMPLOYER = 'EMPLOYER',
  COMMUNITY = 'COMMUNITY',
  PUBLIC_SECURITY = 'PUBLIC_SECURITY',
  ONLINE = 'ONLINE',
  OTHER = 'OTHER',
}
registerEnumType(SearchChannel, { name: 'SearchChannel', description: '电话 / 上门 / 亲友 / 工作单位 / 社区 / 公安协查 / 网络 / 其他' });

/** 组织找党员: one search for a member who lost contact, from opening to its outcome. */
@ObjectType({ description: 'Lost-contact case (失联党员查找)' })
@Entity({ tableName: 'lost_contact_case' })
// At most one open case per member: the database says so whoever writes.
@Index({
  name: 'lost_contact_case_one_open_per_member',
  expression: 'create unique index "lost_contact_case_one_open_per_member" on "lost_contact_case" ("member_id") where "closed_on" is null',
})
@Index({ properties: ['member', 'openedOn'] })
@Index({ properties: ['openedOn'] })
export class LostContactCase extends BaseEntity<'memberId'> {
  @ManyToOne(() => Member, { ref: true, deleteRule: 'cascade' })
  member!: Ref<Member>;

  @Field(() => ID)
  get memberId(): number {
    return this.member.id;
  }

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  openedOn!: string;

  @Field({ description: 'Who opened the case' })
  @Property({ type: 'string', length: 100 })
  openedBy!: string;

  @Field(() => LocalDate, { nullable: true, description: 'The last date anyone was in touch with the member' })
  @Property({ type: 'date', nullable: true })
  lastKnownContactOn?: string | null;

  @Field({ description: 'Last known facts: where, with whom, what phone, what work' })
  @Property({ type: 'text' })
  lastKnownFacts!: string;

  @Field(() => MemberStatus, { description: 'The member\'s status when the case was opened: restored when the member is found' })
  @Enum({ items: () => MemberStatus, nativeEnumName: 'member_status' })
  statusBefore!: MemberStatus;

  @Field(() => LocalDate, { nullable: true, description: 'None while the case is open' })
  @Property({ type: 'date', nullable: true })
  closedOn?: string | null;

  @Field(() => LostContactOutcome, { nullable: true })
  @Enum({ items: () => LostContactOutcome, nativeEnumName: 'lost_contact_outcome', nullable: true })
  outcome?: LostContactOutcome | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  closedBy?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  closingNote?: string | null;

  /** Named so policies and the read planner can reach the attempts; never loaded. */
  @OneToMany('LostContactAttempt', 'lostContactCase')
  attempts = new Collection<object>(this);
}

/** One attempt to find the member: when, how, by whom, what came of it. */
@ObjectType({ description: 'Search attempt of a lost-contact case (查找记录)' })
@Entity({ tableName: 'lost_contact_attempt' })
@Index({ properties: ['lostContactCase', 'attemptedOn'] })
export class LostContactAttempt extends BaseEntity<'caseId'> {
  @ManyToOne(() => LostContactCase, { ref: true, deleteRule: 'cascade' })
  lostContactCase!: Ref<LostContactCase>;

  @Field(() => ID)
  get caseId(): number {
    return this.lostContactCase.id;
  }

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  attemptedOn!: string;

  @Field(() => SearchChannel)
  @Enum({ items: () => SearchChannel, nativeEnumName: 'search_channel' })
  channel!: SearchChannel;

  @Field()
  @Property({ type: 'string', length: 100 })
  attemptedBy!: string;

  @Field({ description: 'What came of it' })
  @Property({ type: 'text' })
  result!: string;
}
