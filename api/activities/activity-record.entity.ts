import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';
import { LocalDate } from '../common/scalars';
import { Member } from '../members/member.entity';
import { Organization } from '../organizations/organization.entity';

/** The first three count as organisational life (组织生活): the SQL function organizational_life() says so for statistics and year-end drafts. */
export enum ActivityKind {
  /** 三会一课 */
  THREE_MEETINGS_ONE_LESSON = 'THREE_MEETINGS_ONE_LESSON',
  /** 主题党日 */
  THEME_PARTY_DAY = 'THEME_PARTY_DAY',
  /** 组织生活会 */
  ORGANIZATIONAL_LIFE_MEETING = 'ORGANIZATIONAL_LIFE_MEETING',
  VOLUNTEER_SERVICE = 'VOLUNTEER_SERVICE',
  STUDY = 'STUDY',
  /** 先锋岗 */
  PIONEER_POST = 'PIONEER_POST',
  OTHER = 'OTHER',
}
registerEnumType(ActivityKind, {
  name: 'ActivityKind',
  description: '三会一课 / 主题党日 / 组织生活会 / 志愿服务 / 学习 / 先锋岗 / 其他',
});

/** One thing a member did, recorded by the organisation that ran it. */
@ObjectType({ description: 'Activity record (活动记录)' })
@Entity({ tableName: 'activity_record' })
@Index({ properties: ['member', 'occurredOn'] })
@Index({ properties: ['organization', 'occurredOn'] })
@Index({ properties: ['occurredOn', 'kind'] })
export class ActivityRecord extends BaseEntity<'points' | 'hours' | 'source' | 'memberId' | 'organizationId'> {
  @ManyToOne(() => Member, { ref: true, deleteRule: 'cascade' })
  member!: Ref<Member>;

  @Field(() => ID)
  get memberId(): number {
    return this.member.id;
  }

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => ID, { description: 'The organisation that ran the activity and recorded it' })
  get organizationId(): number {
    return this.organization.id;
  }

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  occurredOn!: string;

  @Field(() => ActivityKind)
  @Enum({ items: () => ActivityKind, nativeEnumName: 'activity_kind' })
  kind!: ActivityKind;

  @Field()
  @Property({ type: 'string' })
  title!: string;

  @Field(() => Float, { description: 'Hours of service (volunteer service), 0 otherwise' })
  @Property({ type: 'decimal', precision: 6, scale: 1, default: 0, runtimeType: 'number' })
  hours: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint', default: 0 })
  points: number = 0;

  @Field({ description: 'Where the record came from: manual, import, api' })
  @Property({ type: 'string', default: 'manual' })
  source: string = 'manual';
}
