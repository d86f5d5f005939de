import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Extensions, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { plannedOr } from '../common/crud/read-planner';
import { joinsOne, readsColumns } from '../common/crud/read-model';
import { createCrudResolver } from '../common/crud/crud.resolver';
import { chinaDate } from '../common/dates';
import { type FilterInput, OffsetPaging, type SortInput } from '../common/crud/resource';
import { memberResource } from '../members/member.service';
import { Organization } from '../organizations/organization.entity';
import { organizationService } from '../organizations/organization.service';
import { Region } from '../regions/region.entity';
import { regionService } from '../regions/region.service';
import { Agreement } from './agreement.entity';
import { agreementResource, agreementService } from './agreement.service';
import { isInForce, isInForceDuring } from './agreement.rules';
import { CreateAgreementInput, UpdateAgreementInput } from './agreement.types';

@Resolver(() => Agreement)
export class AgreementResolver extends createCrudResolver(
  agreementResource,
  { create: CreateAgreementInput, update: UpdateAgreementInput },
  () => agreementService,
) {
  @FieldResolver(() => Region, { nullable: true })
  @Extensions(joinsOne('Region', 'hostRegionCode'))
  hostRegion(@Root() agreement: Agreement, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(agreement, info, () => regionService.load(ctx, agreement.hostRegionCode));
  }

  @FieldResolver(() => Region, { nullable: true })
  @Extensions(joinsOne('Region', 'partnerRegionCode'))
  partnerRegion(@Root() agreement: Agreement, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(agreement, info, () => regionService.load(ctx, agreement.partnerRegionCode));
  }

  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'hostOrganization'))
  hostOrganization(@Root() agreement: Agreement, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(agreement, info, () => organizationService.loadOptional(ctx, agreement.hostOrganization?.id));
  }

  @FieldResolver(() => memberResource.Connection, { description: 'Members this agreement covers (DESIGN §3 coverage rule)' })
  coveredMembers(
    @Root() agreement: Agreement,
    @Arg('filter', () => memberResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [memberResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
  ) {
    return agreementService.coveredMembers(ctx, agreement, { filter, paging, sorting });
  }

  @FieldResolver(() => Boolean, { description: 'ACTIVE and effective today (China time): only such an agreement has tokens issued and honoured' })
  @Extensions(readsColumns('status', 'effectiveFrom', 'effectiveTo'))
  inForce(@Root() agreement: Agreement, @Ctx() ctx: RequestContext): boolean {
    return isInForce(agreement, chinaDate(ctx.now));
  }

  @FieldResolver(() => Boolean, {
    description:
      "Whether the year's returns are made under this agreement: it is ACTIVE, or has since EXPIRED, and its effective period reaches into the year. Only then are drafts generated and partner returns accepted (CONFLICT AGREEMENT_NOT_IN_FORCE otherwise), and does feedbackProgress expect anyone",
  })
  @Extensions(readsColumns('status', 'effectiveFrom', 'effectiveTo'))
  inForceDuring(@Root() agreement: Agreement, @Arg('year', () => Int) year: number): boolean {
    return isInForceDuring(agreement, year);
  }

  @FieldResolver(() => Int)
  coveredMemberCount(@Root() agreement: Agreement, @Ctx() ctx: RequestContext) {
    return agreementService.coveredMemberCount(ctx, agreement.id);
  }
}
