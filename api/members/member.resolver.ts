import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Extensions, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { createCrudResolver } from '../common/crud/crud.resolver';
import { plannedOr } from '../common/crud/read-planner';
import { joinsOne, readsColumns } from '../common/crud/read-model';
import { Organization } from '../organizations/organization.entity';
import { organizationService } from '../organizations/organization.service';
import { Region } from '../regions/region.entity';
import { regionService } from '../regions/region.service';
import { Member, TransferDueReason } from './member.entity';
import { isLedgerStale, isTransferDue, monthsAway, TRANSFER_FACTS, transferDueReason } from './member.rules';
import { memberResource, memberService } from './member.service';
import { LocalDate } from '../common/scalars';
import { MAX_ID_NUMBER_LOOKUPS, membersByIdNumber } from './member-lookup';
import { ID_NUMBER_LOOKUPS, memberPolicy } from './member.policy';
import { CreateMemberInput, MemberIdNumberMatch, UpdateMemberInput } from './member.types';

@Resolver(() => Member)
export class MemberResolver extends createCrudResolver(memberResource, { create: CreateMemberInput, update: UpdateMemberInput }, () => memberService) {
  @Authorized(memberResource.permissions.read)
  @Query(() => [MemberIdNumberMatch], {
    description:
      `Members within the caller's scope with these national ID numbers; numbers not found and numbers outside the scope are left out alike. ` +
      `At most ${ID_NUMBER_LOOKUPS.perCall} per call and ${ID_NUMBER_LOOKUPS.perDay} per credential and day (China time) for callers who see ` +
      `ID numbers masked (partner tokens, read-only admins), counted with every other look-up by ID number and audited as keyed hashes; ` +
      `${MAX_ID_NUMBER_LOOKUPS} per call for those with members:identity`,
  })
  membersByIdNumber(@Arg('idNumbers', () => [String]) idNumbers: string[], @Ctx() ctx: RequestContext) {
    return membersByIdNumber(ctx, idNumbers);
  }

  @FieldResolver(() => LocalDate, {
    nullable: true,
    description: 'YYYY-MM-DD, as encoded in the ID number; only for callers with members:identity (null for others, who see birthYear)',
  })
  @Extensions(readsColumns('birthDate'))
  birthDate(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return memberPolicy.seesIdentity(ctx.viewer) ? member.birthDate : null;
  }

  @FieldResolver(() => Int, { description: 'The year of birth' })
  @Extensions(readsColumns('birthDate'))
  birthYear(@Root() member: Member) {
    return Number(member.birthDate.slice(0, 4));
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'Holds the formal organisational relationship (outflow side)' })
  @Extensions(joinsOne('Organization', 'formalOrganization'))
  formalOrganization(@Root() member: Member, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(member, info, () => organizationService.load(ctx, member.formalOrganization.id));
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'Runs the member\'s organisational life in the inflow city' })
  @Extensions(joinsOne('Organization', 'inflowOrganization'))
  inflowOrganization(@Root() member: Member, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(member, info, () => organizationService.loadOptional(ctx, member.inflowOrganization?.id));
  }

  @FieldResolver(() => Region, { nullable: true, description: 'Null when the code is not in the reference table (retired codes)' })
  @Extensions(joinsOne('Region', 'destinationRegionCode'))
  destinationRegion(@Root() member: Member, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(member, info, () => regionService.load(ctx, member.destinationRegionCode));
  }

  @FieldResolver(() => Int, { description: 'Whole months since the outflow date' })
  @Extensions(readsColumns('outflowDate'))
  monthsAway(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return monthsAway(member, ctx.now);
  }

  @FieldResolver(() => Boolean, {
    description:
      'The formal relationship should be transferred (应转尽转): long-term movers at a fixed place for six months or more, students after two years; not those abroad, temporary movers or closed records (see transferDueReason)',
  })
  @Extensions(readsColumns(...TRANSFER_FACTS))
  transferDue(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return isTransferDue(member, ctx.now);
  }

  @FieldResolver(() => TransferDueReason, { description: 'Why transferDue is true or false: the rule that applied' })
  @Extensions(readsColumns(...TRANSFER_FACTS))
  transferDueReason(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return transferDueReason(member, ctx.now);
  }

  @FieldResolver(() => Boolean, { description: 'Open ledger entry (not returned or transferred) not updated for more than 31 days (一月一更新)' })
  @Extensions(readsColumns('ledgerUpdatedAt', 'status'))
  ledgerStale(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return isLedgerStale(member, ctx.now);
  }
}
