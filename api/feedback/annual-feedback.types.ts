import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsDecimal, IsText } from '../common/validators';
import { AnnualFeedback, DuesStatus, EvaluationGrade, FeedbackRecipient, FeedbackStatus } from './annual-feedback.entity';
import type { FeedbackAction } from './lifecycle';
import { MemberStatus } from '../members/member.entity';

/** The lifecycle's actions (lifecycle.ts) as the GraphQL enum `FeedbackAction`: names in capitals, values as the lifecycle spells them. */
export const FeedbackActionEnum = {
  EDIT: 'edit',
  SUBMIT: 'submit',
  APPROVE: 'approve',
  RETURN: 'return',
  RECEIVE: 'receive',
  GRADE: 'grade',
  ARCHIVE: 'archive',
} as const satisfies Record<string, FeedbackAction>;
registerEnumType(FeedbackActionEnum, {
  name: 'FeedbackAction',
  description: 'A step on a year-end return (AnnualFeedback.allowedActions)',
  valuesConfig: {
    EDIT: { description: 'updateOneAnnualFeedback — change a draft (the author)' },
    SUBMIT: { description: 'submitAnnualFeedback — draft → submitted (the author)' },
    APPROVE: { description: 'approveAnnualFeedback — submitted → delivered (the reviewer)' },
    RETURN: { description: 'returnAnnualFeedback — back to draft: the reviewer (submitted) or the recipient (delivered, received)' },
    RECEIVE: { description: 'acknowledgeAnnualFeedback — delivered → received (the recipient)' },
    GRADE: { description: 'gradeAnnualFeedback — received → graded (the recipient)' },
    ARCHIVE: { description: 'archiveAnnualFeedback — graded → archived (the recipient)' },
  },
});

/** What the writing side says about a member's year; shared by draft edits and partner submissions. */
@InputType('AnnualFeedbackContent', { description: 'The narrative and counts of a return' })
export abstract class AnnualFeedbackContent {
  @Field(() => EvaluationGrade, { nullable: true, description: 'None for probationary members' })
  suggestedGrade?: EvaluationGrade | null;

  @Field(() => String, { nullable: true })
  @IsText(4000)
  comments?: string | null;

  @Field(() => Boolean, { nullable: true })
  recommendedForAward?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsText(1000)
  awardNote?: string | null;

  @Field(() => DuesStatus, { nullable: true })
  duesStatus?: DuesStatus | null;

  @Field(() => Boolean, { nullable: true })
  transferRecommended?: boolean | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  volunteerCount?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsDecimal(1)
  @Min(0)
  @Max(5000)
  volunteerHours?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  studyCount?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  pioneerCount?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(-10000)
  @Max(10000)
  points?: number | null;
}

/** The narrative and counts the writing side may edit while the return is a draft. */
@InputType('UpdateAnnualFeedback')
export class UpdateAnnualFeedbackInput extends AnnualFeedbackContent {
  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'Why the suggested grade differs from the one the points suggest (pointsGrade); without it such a return carries the warning GRADE_DIFFERS_FROM_POINTS' })
  @IsText(1000, { min: 1 })
  gradeReason?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  orgLifeAttended?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  orgLifeExpected?: number | null;
}

@InputType()
export class FeedbackTransitionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read' })
  version!: number;
}

@InputType()
export class ReturnAnnualFeedbackInput extends FeedbackTransitionInput {
  @Field({ description: 'What needs correcting' })
  @IsText(1000, { min: 1 })
  reason!: string;
}

@InputType()
export class GradeAnnualFeedbackInput extends FeedbackTransitionInput {
  @Field(() => EvaluationGrade, { nullable: true, description: 'Required, except for probationary members, who take part but receive no grade' })
  finalGrade?: EvaluationGrade | null;

  @Field(() => String, { nullable: true })
  @IsText(1000)
  note?: string | null;
}

@InputType()
export class GenerateAnnualFeedbackDraftsInput {
  @Field(() => ID)
  agreementId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

@ObjectType()
export class SkippedMember {
  @Field(() => ID)
  memberId!: number;

  @Field()
  name!: string;

  @Field(() => MemberStatus, {
    description: 'Why: LOST_CONTACT (失联) with no open lost-contact case (a member in an open case gets a 失联 return), or TRANSFERRED (已转出) with no transfer date in or after the year',
  })
  reason!: MemberStatus;
}

@ObjectType()
export class StatusCount {
  @Field(() => FeedbackStatus)
  status!: FeedbackStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description:
    'What one generation run did, in the lifecycle\'s words. Every covered member has exactly one outcome: created + refreshed + unchanged + Σ pastDraft + skipped = the members covered (in your reach)',
})
export class GenerateDraftsResult {
  @Field(() => Int, { description: 'New drafts (草稿) for members who had no return yet' })
  created!: number;

  @Field(() => Int, { description: 'Existing drafts whose counts changed and were refreshed (narratives kept)' })
  refreshed!: number;

  @Field(() => Int, { description: 'Existing drafts whose counts were already up to date: left as they are' })
  unchanged!: number;

  @Field(() => [StatusCount], {
    description:
      'Returns past the draft stage, left as they are, per state: SUBMITTED (已提交), DELIVERED (已送达), RECEIVED (已接收), GRADED (已评定), ARCHIVED (已归档); every state listed',
  })
  pastDraft!: StatusCount[];

  @Field(() => Int, { description: 'Returns past the draft stage (the sum of pastDraft)', deprecationReason: 'Use pastDraft, which names their states' })
  untouched!: number;

  @Field(() => [SkippedMember], { description: 'Covered members who get no return at all, with the reason (a return they already have is left as it is)' })
  skipped!: SkippedMember[];
}

@ObjectType()
export class MissingMember {
  @Field(() => ID)
  memberId!: number;

  @Field()
  name!: string;
}

/** What a partner sees of the returns, in the words of feedbackPolicy.visibleStatuses. */
const PARTNER_SEES =
  'a partner token sees the returns addressed to it (PARTNER) only from DELIVERED on — DELIVERED, RECEIVED, GRADED, ARCHIVED (feedback:read) — and every return it writes itself (HOST, feedback:submit); the host\'s admins see every state';

@ObjectType({
  description: `One direction of an agreement's returns for a year. Its figures add up: expected + notExpected = Σ byStatus + missingCount. Only what you can see is counted: ${PARTNER_SEES}`,
})
export class FeedbackDirectionProgress {
  @Field(() => FeedbackRecipient, {
    description: "PARTNER: the returns the host writes about the partner's members living in the host region; HOST: those the partner writes about the host's members living in the partner region",
  })
  recipient!: FeedbackRecipient;

  @Field(() => [FeedbackStatus], { description: `The states of this direction's returns you can see, which byStatus counts (the others stay 0): ${PARTNER_SEES}` })
  visibleStatuses!: FeedbackStatus[];

  @Field(() => Int, {
    description: 'Members who should get a return this way: covered in this direction, neither lost contact nor transferred (none while the agreement is not in force during the year)',
  })
  expected!: number;

  @Field(() => [StatusCount], { description: 'The returns going this way that you can see, per state (every state listed)' })
  byStatus!: StatusCount[];

  @Field(() => Int, { description: 'Returns counted in byStatus whose member is not (or no longer) expected: lost contact or transferred since, or no longer covered' })
  notExpected!: number;

  @Field(() => Int, { description: 'Expected members with no return you can see (for a partner: also those whose return is not delivered yet)' })
  missingCount!: number;

  @Field(() => [MissingMember], { description: 'The first 100 of them, by id, among the members you may read' })
  missing!: MissingMember[];

  @Field(() => Int, { description: 'Returns you can see that are not yet delivered after the deadline' })
  overdue!: number;
}

@ObjectType({ description: 'Where the year-end returns of one agreement and year stand: per direction, and their sums' })
export class FeedbackProgress {
  @Field(() => ID)
  agreementId!: number;

  @Field(() => Int)
  year!: number;

  @Field(() => FeedbackRecipient, { nullable: true, description: 'The direction counted; null for every direction the agreement runs' })
  recipient!: FeedbackRecipient | null;

  @Field({ description: 'Whether the year\'s returns are made under the agreement (Agreement.inForceDuring); when not, no one is expected' })
  inForce!: boolean;

  @Field(() => [FeedbackDirectionProgress], {
    description: 'One entry per direction counted: those the agreement runs (PARTNER_TO_HOST: PARTNER; HOST_TO_PARTNER: HOST; TWO_WAY: both), or the one asked for. The figures below are their sums',
  })
  directions!: FeedbackDirectionProgress[];

  @Field(() => Int, { description: 'Σ directions.expected: covered members who should get a return (not lost contact, not transferred)' })
  expected!: number;

  @Field(() => [StatusCount], { description: `Σ directions.byStatus: only what you can see is counted (${PARTNER_SEES})` })
  byStatus!: StatusCount[];

  @Field(() => Int, { description: 'Σ directions.notExpected' })
  notExpected!: number;

  @Field(() => Int, { description: 'Σ directions.missingCount: expected members who have no return you can see' })
  missingCount!: number;

  @Field(() => [MissingMember], { description: 'The first 100 of them, by id, among the members you may read (a token that reads returns only sees none of them: they have no return yet)' })
  missing!: MissingMember[];

  @Field()
  deadline!: string;

  @Field(() => Int, { description: 'Negative once the deadline has passed' })
  daysToDeadline!: number;

  @Field(() => Int, { description: 'Σ directions.overdue: returns not yet delivered after the deadline' })
  overdue!: number;
}

@InputType({ description: 'One return submitted by a partner city (reverse direction)' })
export class AnnualFeedbackSubmission extends AnnualFeedbackContent {
  @Field(() => ID, { nullable: true, description: 'The member, by id …' })
  memberId?: string | null;

  @Field(() => String, { nullable: true, description: '… or by national ID number' })
  idNumber?: string | null;

  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(366)
  orgLifeAttended!: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(366)
  orgLifeExpected!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Months of the year the member was under care in your city, 0–12 (12 when left out); orgLifeExpected is then the figure for those months',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(12)
  monthsUnderCare?: number | null;
}

@InputType()
export class SubmitAnnualFeedbackBatchInput {
  @Field(() => [AnnualFeedbackSubmission], { description: 'At most 1,000 returns; all or nothing' })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  items!: AnnualFeedbackSubmission[];

  @Field({ description: 'Unique per submission and token; a retry with the same key never writes twice' })
  @IsText(200, { min: 8 })
  idempotencyKey!: string;
}

@ObjectType()
export class AnnualFeedbackBatchResult {
  @Field()
  idempotencyKey!: string;

  @Field({ description: 'True when this is the stored result of an earlier identical submission' })
  replayed!: boolean;

  @Field(() => Int)
  count!: number;

  @Field(() => [ID], { description: 'Ids of the returns, in the order of the items' })
  ids!: string[];
}

export { AnnualFeedback };
