import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Extensions, Field, FieldResolver, ID, Info, InputType, Int, Mutation, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { ValidateNested } from 'class-validator';
import { Agreement } from '../agreements/agreement.entity';
import { agreementService } from '../agreements/agreement.service';
import type { RequestContext } from '../common/context';
import { plannedOr } from '../common/crud/read-planner';
import { joinsOne, readsColumns } from '../common/crud/read-model';
import { createReadResolver } from '../common/crud/crud.resolver';
import { chinaDate } from '../common/dates';
import { LostContactCase } from '../contacts/lost-contact-case.entity';
import { lostContactCaseService } from '../contacts/lost-contact-case.service';
import { Member } from '../members/member.entity';
import { memberService } from '../members/member.service';
import { Organization } from '../organizations/organization.entity';
import { organizationService } from '../organizations/organization.service';
import { AnnualFeedback, FeedbackRecipient } from './annual-feedback.entity';
import { annualFeedbackResource, annualFeedbackService } from './annual-feedback.service';
import {
  AnnualFeedbackBatchResult,
  FeedbackActionEnum,
  FeedbackProgress,
  FeedbackTransitionInput,
  GenerateAnnualFeedbackDraftsInput,
  GenerateDraftsResult,
  GradeAnnualFeedbackInput,
  ReturnAnnualFeedbackInput,
  SubmitAnnualFeedbackBatchInput,
  UpdateAnnualFeedbackInput,
} from './annual-feedback.types';
import { isOverdue } from './feedback.rules';
import { FeedbackWarning, warningsFor } from './warnings';

registerEnumType(FeedbackWarning, {
  name: 'FeedbackWarning',
  description: '优秀 over one third of the branch / overdue / little organisational life / a grade other than the points suggest, without a reason',
});

@InputType()
class UpdateOneAnnualFeedbackInput {
  @Field(() => ID)
  id!: string;

  @Field(() => UpdateAnnualFeedbackInput)
  @ValidateNested()
  update!: UpdateAnnualFeedbackInput;
}

@Resolver(() => AnnualFeedback)
export class AnnualFeedbackResolver extends createReadResolver(annualFeedbackResource, () => annualFeedbackService) {
  @Authorized('feedback:manage')
  @Mutation(() => AnnualFeedback, { description: 'Edits a draft (the version read goes in update.version)' })
  updateOneAnnualFeedback(@Arg('input', () => UpdateOneAnnualFeedbackInput) input: UpdateOneAnnualFeedbackInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.update(ctx, input.id, input.update);
  }

  @Authorized('feedback:manage')
  @Mutation(() => AnnualFeedback, { description: 'draft → submitted (inflow side)' })
  submitAnnualFeedback(@Arg('input', () => FeedbackTransitionInput) input: FeedbackTransitionInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.transition(ctx, 'submit', input);
  }

  @Authorized('feedback:approve')
  @Mutation(() => AnnualFeedback, { description: 'submitted → delivered: the reviewer approves and the partner can read it' })
  approveAnnualFeedback(@Arg('input', () => FeedbackTransitionInput) input: FeedbackTransitionInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.transition(ctx, 'approve', input);
  }

  @Authorized()
  @Mutation(() => AnnualFeedback, { description: 'Back to draft with a reason: the reviewer (submitted) or the recipient (delivered, received)' })
  returnAnnualFeedback(@Arg('input', () => ReturnAnnualFeedbackInput) input: ReturnAnnualFeedbackInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.returnForCorrection(ctx, input);
  }

  @Authorized('feedback:receive')
  @Mutation(() => AnnualFeedback, { description: 'delivered → received: the recipient confirms receipt' })
  acknowledgeAnnualFeedback(@Arg('input', () => FeedbackTransitionInput) input: FeedbackTransitionInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.transition(ctx, 'receive', input);
  }

  @Authorized('feedback:grade')
  @Mutation(() => AnnualFeedback, { description: 'received → graded: the outflow side writes the final grade of its evaluation' })
  gradeAnnualFeedback(@Arg('input', () => GradeAnnualFeedbackInput) input: GradeAnnualFeedbackInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.grade(ctx, input);
  }

  @Authorized('feedback:grade')
  @Mutation(() => AnnualFeedback, { description: 'graded → archived' })
  archiveAnnualFeedback(@Arg('input', () => FeedbackTransitionInput) input: FeedbackTransitionInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.transition(ctx, 'archive', input);
  }

  @Authorized('feedback:manage')
  @Mutation(() => GenerateDraftsResult, { description: 'Creates or refreshes the drafts of every covered member from the year\'s activity records' })
  generateAnnualFeedbackDrafts(@Arg('input', () => GenerateAnnualFeedbackDraftsInput) input: GenerateAnnualFeedbackDraftsInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.generateDrafts(ctx, input);
  }

  @Authorized('feedback:submit')
  @Mutation(() => AnnualFeedbackBatchResult, { description: 'A partner submits up to 1,000 returns at once, all or nothing, idempotent per key' })
  submitAnnualFeedbackBatch(@Arg('input', () => SubmitAnnualFeedbackBatchInput) input: SubmitAnnualFeedbackBatchInput, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.submitBatch(ctx, input);
  }

  @Authorized('feedback:read')
  @Query(() => FeedbackProgress, { description: 'Counts per state, members still missing a return, days to the deadline' })
  feedbackProgress(
    @Arg('agreementId', () => ID) agreementId: string,
    @Arg('year', () => Int) year: number,
    @Arg('recipient', () => FeedbackRecipient, { nullable: true, description: 'PARTNER: the returns the host writes; HOST: those the partner writes; both when omitted' })
    recipient: FeedbackRecipient | null,
    @Ctx() ctx: RequestContext,
  ) {
    return annualFeedbackService.progress(ctx, agreementId, year, recipient ?? null);
  }

  @FieldResolver(() => Member, { nullable: true })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() row: AnnualFeedback, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => memberService.load(ctx, row.member.id));
  }

  @FieldResolver(() => LostContactCase, { nullable: true, description: '失联 returns: the lost-contact case with its attempts (the case history)' })
  @Extensions(joinsOne('LostContactCase', 'lostContactCase'))
  lostContactCase(@Root() row: AnnualFeedback, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => lostContactCaseService.loadOptional(ctx, row.lostContactCase?.id));
  }

  @FieldResolver(() => Agreement, { nullable: true })
  @Extensions(joinsOne('Agreement', 'agreement'))
  agreement(@Root() row: AnnualFeedback, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => agreementService.load(ctx, row.agreement.id));
  }

  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'fromOrganization'))
  fromOrganization(@Root() row: AnnualFeedback, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => organizationService.loadOptional(ctx, row.fromOrganization?.id));
  }

  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'toOrganization'))
  toOrganization(@Root() row: AnnualFeedback, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => organizationService.load(ctx, row.toOrganization.id));
  }

  @FieldResolver(() => Boolean, { description: 'Past its deadline and not yet delivered' })
  @Extensions(readsColumns('status', 'dueOn'))
  overdue(@Root() row: AnnualFeedback, @Ctx() ctx: RequestContext) {
    return isOverdue(row, chinaDate(ctx.now));
  }

  @FieldResolver(() => [FeedbackActionEnum], {
    description:
      'What you may do to this return now: the steps the lifecycle allows from its state, for your side of the agreement and your permissions (the same checks the mutations make, version aside)',
  })
  allowedActions(@Root() row: AnnualFeedback, @Ctx() ctx: RequestContext) {
    return annualFeedbackService.allowedActions(ctx, row);
  }

  @FieldResolver(() => [FeedbackWarning], { description: 'For the reviewer; never blocks a step' })
  warnings(@Root() row: AnnualFeedback, @Ctx() ctx: RequestContext) {
    return warningsFor(ctx, row);
  }
}
