import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Extensions, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { plannedOr } from '../common/crud/read-planner';
import { joinsOne, readsColumns } from '../common/crud/read-model';
import { createCrudResolver } from '../common/crud/crud.resolver';
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
  @Extensions(joinsOne('Organization', 'parent'))
  parent(@Root() organization: Organization, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(organization, info, () => organizationService.loadOptional(ctx, organization.parent?.id));
  }

  @FieldResolver(() => [Organization])
  @Extensions(readsColumns())
  children(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return organizationService.children(ctx, organization.id);
  }

  @FieldResolver(() => [Organization], { description: 'From the root down to the parent' })
  @Extensions(readsColumns('ancestorIds'))
  ancestors(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return organizationService.ancestors(ctx, organization);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'Null when the code is not in the reference table (retired codes)' })
  @Extensions(joinsOne('Region', 'regionCode'))
  region(@Root() organization: Organization, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(organization, info, () => regionService.loadOptional(ctx, organization.regionCode));
  }

  @FieldResolver(() => Region, { nullable: true })
  @Extensions(joinsOne('Region', 'hostRegionCode'))
  hostRegion(@Root() organization: Organization, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(organization, info, () => regionService.loadOptional(ctx, organization.hostRegionCode));
  }
}
