import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { createCrudResolver } from '../common/crud/crud.resolver';
import { type FilterInput, OffsetPaging, type SortInput } from '../common/crud/resource';
import { memberResource, memberService } from '../members/member.service';
import { Region } from '../regions/region.entity';
import { regionService } from '../regions/region.service';
import { Organization } from './organization.entity';
import { organizationResource, organizationService } from './organization.service';
import { CreateOrganizationInput, UpdateOrganizationInput } from './organization.types';

@Resolver(() => Organization)
export class OrganizationResolver extends createCrudResolver(
  organizationResource,
  { create: CreateOrganizationInput, update: UpdateOrganizationInput },
  () => organizationService,
) {
  @FieldResolver(() => Organization, { nullable: true })
  parent(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return organizationService.loadOptional(ctx, organization.parent?.id);
  }

  @FieldResolver(() => [Organization])
  children(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return organizationService.children(ctx, organization.id);
  }

  @FieldResolver(() => [Organization], { description: 'From the root down to the parent' })
  ancestors(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return organizationService.ancestors(ctx, organization);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'Null when the code is not in the reference table (retired codes)' })
  region(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return regionService.loadOptional(ctx, organization.regionCode);
  }

  @FieldResolver(() => Region, { nullable: true })
  hostRegion(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return regionService.loadOptional(ctx, organization.hostRegionCode);
  }

  @FieldResolver(() => memberResource.Connection, { description: 'Members whose formal organisation is this one' })
  members(
    @Root() organization: Organization,
    @Arg('filter', () => memberResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [memberResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
  ) {
    return memberService.list(ctx, { filter, paging, sorting }, { formalOrganization: organization.id });
  }

  @FieldResolver(() => Int, { description: 'Members (in your scope) whose formal or inflow organisation is this one or below it' })
  memberCount(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return memberService.countInSubtree(ctx, organization.id);
  }
}
