import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { activityRecordResource, activityRecordService } from '../activities/activity-record.service';
import type { RequestContext } from '../common/context';
import { createCrudResolver } from '../common/crud/crud.resolver';
import { type FilterInput, OffsetPaging, type SortInput } from '../common/crud/resource';
import { Organization } from '../organizations/organization.entity';
import { organizationService } from '../organizations/organization.service';
import { Region } from '../regions/region.entity';
import { regionService } from '../regions/region.service';
import { Member, TransferDueReason } from './member.entity';
import { isLedgerStale, isTransferDue, monthsAway, transferDueReason } from './member.rules';
import { memberResource, memberService } from './member.service';
import { MAX_ID_NUMBER_LOOKUPS, membersByIdNumber } from './member-lookup';
import { CreateMemberInput, MemberIdNumberMatch, UpdateMemberInput } from './member.types';

@Resolver(() => Member)
export class MemberResolver extends createCrudResolver(memberResource, { create: CreateMemberInput, update: UpdateMemberInput }, () => memberService) {
  @Authorized(memberResource.permissions.read)
  @Query(() => [MemberIdNumberMatch], {
    description: `Members within the caller's scope with these national ID numbers (at most ${MAX_ID_NUMBER_LOOKUPS}); numbers not found are left out`,
  })
  membersByIdNumber(@Arg('idNumbers', () => [String]) idNumbers: string[], @Ctx() ctx: RequestContext) {
    return membersByIdNumber(ctx, idNumbers);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'Holds the formal organisational relationship (outflow side)' })
  formalOrganization(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return organizationService.load(ctx, member.formalOrganization.id);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'Runs the member\'s organisational life in the inflow city' })
  inflowOrganization(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return organizationService.loadOptional(ctx, member.inflowOrganization?.id);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'Null when the code is not in the reference table (retired codes)' })
  destinationRegion(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return regionService.load(ctx, member.destinationRegionCode);
  }

  @FieldResolver(() => Int, { description: 'Whole months since the outflow date' })
  monthsAway(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return monthsAway(member, ctx.now);
  }

  @FieldResolver(() => Boolean, {
    description:
      'The formal relationship should be transferred (应转尽转): long-term movers at a fixed place for six months or more, students after two years; not those abroad, temporary movers or closed records (see transferDueReason)',
  })
  transferDue(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return isTransferDue(member, ctx.now);
  }

  @FieldResolver(() => TransferDueReason, { description: 'Why transferDue is true or false: the rule that applied' })
  transferDueReason(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return transferDueReason(member, ctx.now);
  }

  @FieldResolver(() => Boolean, { description: 'Open ledger entry (not returned or transferred) not updated for more than 31 days (一月一更新)' })
  ledgerStale(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return isLedgerStale(member, ctx.now);
  }

  @FieldResolver(() => activityRecordResource.Connection, { description: 'The member\'s activity timeline, newest first' })
  activities(
    @Root() member: Member,
    @Arg('filter', () => activityRecordResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [activityRecordResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
  ) {
    return activityRecordService.list(ctx, { filter, paging, sorting }, { member: member.id });
  }
}
