import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';
import { LocalDate } from '../common/scalars';
import { Member } from '../members/member.entity';

/** What kind of contact a record is (一对一联 and the evaluation's facts). */
export enum ContactKind {
  /** 谈心谈话: the quarterly talk (一季度一谈心) */
  TALK = 'TALK',
  /** 提醒谈话: for members who miss organisational life or do not report */
  REMINDER_TALK = 'REMINDER_TALK',
  /** 回乡见面: 凡回乡必见面 */
  HOMECOMING_MEETING = 'HOMECOMING_MEETING',
  /** 家访: a visit to the family, every half year */
  FAMILY_VISIT = 'FAMILY_VISIT',
  /** 思想汇报: a report on thinking, work and organisational life, received from the member */
  THOUGHT_REPORT = 'THOUGHT_REPORT',
  /** 关怀慰问: care and support (holidays, hardship) */
  CARE_VISIT = 'CARE_VISIT',
  OTHER = 'OTHER',
}
registerEnumType(ContactKind, { name: 'ContactKind', description: '谈心谈话 / 提醒谈话 / 回乡见面 / 家访 / 思想汇报（收到） / 关怀慰问 / 其他' });

export enum ContactChannel {
  IN_PERSON = 'IN_PERSON',
  PHONE = 'PHONE',
  VIDEO = 'VIDEO',
  ONLINE = 'ONLINE',
  LETTER = 'LETTER',
}
registerEnumType(ContactChannel, { name: 'ContactChannel', description: '当面 / 电话 / 视频 / 网上（微信、平台） / 书面' });

/** One contact with a member: a talk, a visit, a report received. Read later by the points schemes (member_id, kind, occurred_on). */
@ObjectType({ description: 'Contact record (联系记录: 谈心谈话、提醒谈话、回乡见面、家访、思想汇报)' })
@Entity({ tableName: 'contact_record' })
@Index({ properties: ['member', 'kind', 'occurredOn'] })
@Index({ properties: ['occurredOn', 'kind'] })
export class ContactRecord extends BaseEntity<'source' | 'memberId' | 'channel'> {
  @ManyToOne(() => Member, { ref: true, deleteRule: 'cascade' })
  member!: Ref<Member>;

  @Field(() => ID)
  get memberId(): number {
    return this.member.id;
  }

  @Field(() => ContactKind)
  @Enum({ items: () => ContactKind, nativeEnumName: 'contact_kind' })
  kind!: ContactKind;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  occurredOn!: string;

  @Field(() => ContactChannel)
  @Enum({ items: () => ContactChannel, nativeEnumName: 'contact_channel', default: ContactChannel.IN_PERSON })
  channel: ContactChannel = ContactChannel.IN_PERSON;

  @Field({ description: 'Who held the talk or visit, or received the report (name, and role if useful)' })
  @Property({ type: 'string', length: 100 })
  heldBy!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true, description: 'What was agreed to follow up (后续跟进)' })
  @Property({ type: 'text', nullable: true })
  followUp?: string | null;

  @Field({ description: 'Where the record came from: manual, import, api' })
  @Property({ type: 'string', length: 20, default: 'manual' })
  source: string = 'manual';
}
