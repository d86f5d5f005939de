import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Extensions, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { plannedOr } from '../common/crud/read-planner';
import { joinsOne } from '../common/crud/read-model';
import { createReadResolver } from '../common/crud/crud.resolver';
import { Region } from './region.entity';
import { regionResource, regionService } from './region.service';

@Resolver(() => Region)
export class RegionResolver extends createReadResolver(regionResource, () => regionService) {
  @FieldResolver(() => Region, { nullable: true })
  @Extensions(joinsOne('Region', 'parentCode'))
  parent(@Root() region: Region, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(region, info, () => regionService.loadOptional(ctx, region.parentCode));
  }
}
