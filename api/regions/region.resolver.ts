import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { createReadResolver } from '../common/crud/crud.resolver';
import { Region } from './region.entity';
import { regionResource, regionService } from './region.service';

@Resolver(() => Region)
export class RegionResolver extends createReadResolver(regionResource, () => regionService) {
  @FieldResolver(() => Region, { nullable: true })
  parent(@Root() region: Region, @Ctx() ctx: RequestContext) {
    return regionService.loadOptional(ctx, region.parentCode);
  }
}
