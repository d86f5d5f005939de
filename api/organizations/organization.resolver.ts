import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
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
}
