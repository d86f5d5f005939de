import { Entity, Enum, Index, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { BaseEntity } from '../common/base.entity';
import { EvaluationGrade } from '../common/evaluation-grade';
import { LocalDate } from '../common/scalars';
import { LostContactCase } from '../contacts/lost-contact-case.entity';
import { Member } from '../members/member.entity';
import { Organization } from '../organizations/organization.entity';
import { ScoreItem } from '../points/points.entity';

export enum FeedbackStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  DELIVERED = 'DELIVERED',
  RECEIVED = 'RECEIVED',
  GRADED = 'GRADED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(FeedbackStatus, { name: 'FeedbackStatus', description: '草稿 / 已提交 / 已送达 / 已接收 / 已评定 / 已归档' });

export { EvaluationGrade };

export enum DuesStatus {
  PAID_IN_FULL = 'PAID_IN_FULL',
  IN_ARREARS = 'IN_ARREARS',
  PAID_AT_HOME = 'PAID_AT_HOME',
}
registerEnumType(DuesStatus, { name: 'DuesStatus', description: '足额缴纳 / 欠缴 / 在流出地缴纳' });

/** Which side of the agreement the return is addressed to (the member's outflow side). */
export enum FeedbackRecipient {
  /** Written by the host about partner-formal members living in the host city. */
  PARTNER = 'PARTNER',
  /** Submitted by the partner (reverse direction) about the host's own outflow members. */
  HOST = 'HOST',
}
registerEnumType(FeedbackRecipient, { name: 'FeedbackRecipient' });

/** What kind of return: an ordinary one, or one saying why there is no ordinary evaluation material. */
export enum FeedbackKind {
  ORDINARY = 'ORDINARY',
  /** 失联: the member is in an open lost-contact case; the return carries the case and its attempts */
  LOST_CONTACT = 'LOST_CONTACT',
  /** 已转出: the formal relationship moved; the return says when and where */
  TRANSFERRED = 'TRANSFERRED',
}
registerEnumType(FeedbackKind, { name: 'FeedbackKind', description: '普通 / 失联 / 已转出' });

/**
 * The year-end return (年度情况反馈) for one member, one year, one agreement. `version` is an
 * optimistic lock: every write names the version it read, so no one silently overwrites another.
 */
@ObjectType({ description: 'Year-end return for one member, one year, one agreement (年度情况反馈)' })
@Entity({ tableName: 'annual_feedback' })
@Unique({ name: 'annual_feedback_member_year_agreement_unique', properties: ['member', 'year', 'agreement'] })
@Index({ properties: ['agreement', 'year', 'status'] })
@Index({ properties: ['toOrganization', 'year'] })
@Index({ properties: ['dueOn', 'status'] })
export class AnnualFeedback extends BaseEntity<
  | 'memberId'
  | 'agreementId'
  | 'toOrganizationId'
  | 'status'
  | 'recommendedForAward'
  | 'transferRecommended'
  | 'volunteerHours'
  | 'monthsUnderCare'
  | 'kind'
  | 'talksHeld'
  | 'reminderTalksHeld'
  | 'thoughtReports'
  | 'onlineStudyMonths'
> {
  @ManyToOne(() => Member, { ref: true, deleteRule: 'cascade' })
  member!: Ref<Member>;

  @Field(() => ID)
  get memberId(): number {
    return this.member.id;
  }

  @Field(() => Int)
  @Property({ type: 'smallint' })
  year!: number;

  @ManyToOne(() => Agreement, { ref: true, deleteRule: 'restrict' })
  agreement!: Ref<Agreement>;

  @Field(() => ID)
  get agreementId(): number {
    return this.agreement.id;
  }

  @Field(() => FeedbackRecipient)
  @Enum({ items: () => FeedbackRecipient, nativeEnumName: 'feedback_recipient' })
  recipient!: FeedbackRecipient;

  /** The inflow organisation that wrote the return. */
  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'set null' })
  fromOrganization?: Ref<Organization> | null;

  @Field(() => ID, { nullable: true })
  get fromOrganizationId(): number | null {
    return this.fromOrganization?.id ?? null;
  }

  /** The member's formal (outflow) organisation, which evaluates them. */
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  toOrganization!: Ref<Organization>;

  @Field(() => ID)
  get toOrganizationId(): number {
    return this.toOrganization.id;
  }

  @Field(() => Int, { description: 'Organisational-life sessions attended (三会一课, 主题党日, 组织生活会)' })
  @Property({ type: 'smallint', default: 0 })
  orgLifeAttended: number = 0;

  @Field(() => Int, {
    description:
      "Sessions expected: the agreement's sessions a year, prorated to the months under care, rounded up (ceil(expected × monthsUnderCare / 12))",
  })
  @Property({ type: 'smallint', default: 0 })
  orgLifeExpected: number = 0;

  @Field(() => Int, {
    description:
      'Months of the year the member was under care in the inflow city, 0–12: from the month of the outflow date (counted whole) to the end of the year; on returns written by the partner city, as it sent them (12 when left out)',
  })
  @Property({ type: 'smallint', default: 12 })
  monthsUnderCare: number = 12;

  @Field(() => FeedbackKind, { description: 'ORDINARY, or 失联 (LOST_CONTACT: see lostContactCase) or 已转出 (TRANSFERRED: see transferredOn, transferredTo)' })
  @Enum({ items: () => FeedbackKind, nativeEnumName: 'feedback_kind', default: FeedbackKind.ORDINARY })
  kind: FeedbackKind = FeedbackKind.ORDINARY;

  /** LOST_CONTACT: the open case at generation, whose history the return carries. */
  @ManyToOne(() => LostContactCase, { ref: true, nullable: true, deleteRule: 'set null' })
  lostContactCase?: Ref<LostContactCase> | null;

  @Field(() => ID, { nullable: true })
  get lostContactCaseId(): number | null {
    return this.lostContactCase?.id ?? null;
  }

  @Field(() => LocalDate, { nullable: true, description: 'TRANSFERRED: when the formal relationship moved' })
  @Property({ type: 'date', nullable: true })
  transferredOn?: string | null;

  @Field(() => String, { nullable: true, description: 'TRANSFERRED: where it moved to' })
  @Property({ type: 'string', length: 200, nullable: true })
  transferredTo?: string | null;

  @Field(() => Int, { description: 'Talks (谈心谈话) held with the member in the year, from the contact records' })
  @Property({ type: 'smallint', default: 0 })
  talksHeld: number = 0;

  @Field(() => Int, { description: 'Reminder talks (提醒谈话) held in the year' })
  @Property({ type: 'smallint', default: 0 })
  reminderTalksHeld: number = 0;

  @Field(() => Int, { description: 'Thought reports (思想汇报) received in the year' })
  @Property({ type: 'smallint', default: 0 })
  thoughtReports: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint', default: 0 })
  volunteerCount: number = 0;

  @Field(() => Float)
  @Property({ type: 'decimal', precision: 7, scale: 1, default: 0, runtimeType: 'number' })
  volunteerHours: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint', default: 0 })
  studyCount: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint', default: 0 })
  pioneerCount: number = 0;

  @Field(() => Int, {
    deprecationReason: 'Use yearScore (null when no points scheme applies); points now carries the same year score, 0 when none applies',
    description: 'The year score of the member\'s points scheme (十二分制), 0 when no scheme applies',
  })
  @Property({ type: 'integer', default: 0 })
  points: number = 0;

  @Field(() => Int, {
    nullable: true,
    description: 'Year score (年考核) under the points scheme in force that year: the base score plus the monthly scores and their adjustments; null when no scheme applies',
  })
  @Property({ type: 'integer', nullable: true })
  yearScore?: number | null;

  @Field(() => [ScoreItem], { nullable: true, description: 'The items behind the year score, summed over the months (adjustments as the item ADJUSTMENT)' })
  @Property({ type: 'jsonb', nullable: true })
  scoreItems?: ScoreItem[] | null;

  @Field(() => EvaluationGrade, { nullable: true, description: 'The grade the scheme\'s thresholds suggest for the year score; none for probationary members' })
  @Enum({ items: () => EvaluationGrade, nativeEnumName: 'evaluation_grade', nullable: true })
  pointsGrade?: EvaluationGrade | null;

  @Field(() => String, { nullable: true, description: 'Why the suggested grade differs from the one the points suggest (the warning GRADE_DIFFERS_FROM_POINTS until it is given)' })
  @Property({ type: 'text', nullable: true })
  gradeReason?: string | null;

  @Field(() => Int, { description: 'Months of the year with at least one online study record (STUDY)' })
  @Property({ type: 'smallint', default: 0 })
  onlineStudyMonths: number = 0;

  @Field(() => EvaluationGrade, { nullable: true, description: 'Suggested by the inflow side; none for probationary members' })
  @Enum({ items: () => EvaluationGrade, nativeEnumName: 'evaluation_grade', nullable: true })
  suggestedGrade?: EvaluationGrade | null;

  @Field(() => String, { nullable: true, description: 'Narrative of the member\'s year (现实表现)' })
  @Property({ type: 'text', nullable: true })
  comments?: string | null;

  @Field()
  @Property({ type: 'boolean', default: false })
  recommendedForAward: boolean = false;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  awardNote?: string | null;

  @Field(() => DuesStatus, { nullable: true })
  @Enum({ items: () => DuesStatus, nativeEnumName: 'dues_status', nullable: true })
  duesStatus?: DuesStatus | null;

  @Field({ description: 'Recommend transferring the formal relationship (应转尽转)' })
  @Property({ type: 'boolean', default: false })
  transferRecommended: boolean = false;

  @Field(() => EvaluationGrade, { nullable: true, description: 'Written back by the outflow side after its evaluation' })
  @Enum({ items: () => EvaluationGrade, nativeEnumName: 'evaluation_grade', nullable: true })
  finalGrade?: EvaluationGrade | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  finalGradeNote?: string | null;

  @Field(() => LocalDate, { description: "The agreement's deadline for this year's returns (overdue after it while not yet delivered)" })
  @Property({ type: 'date' })
  dueOn!: string;

  @Field(() => FeedbackStatus)
  @Enum({ items: () => FeedbackStatus, nativeEnumName: 'feedback_status', default: FeedbackStatus.DRAFT })
  status: FeedbackStatus = FeedbackStatus.DRAFT;

  @Field(() => String, { nullable: true, description: 'Why it was last returned for correction' })
  @Property({ type: 'text', nullable: true })
  returnReason?: string | null;

  @Field({ description: 'generated (from activity records) or partner (submitted by the partner city)' })
  @Property({ type: 'string', length: 16, default: 'generated' })
  source: string = 'generated';

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  submittedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  submittedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The reviewer who approved it' })
  @Property({ type: 'string', length: 100, nullable: true })
  deliveredBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  receivedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  receivedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  gradedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  gradedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  archivedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  archivedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  returnedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  returnedBy?: string | null;
}
