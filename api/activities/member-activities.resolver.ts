import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Extensions, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { plannedOr } from '../common/crud/read-planner';
import { joinsMany } from '../common/crud/read-model';
import { type FilterInput, OffsetPaging, type SortInput } from '../common/crud/resource';
import { Member } from '../members/member.entity';
import { activityRecordResource, activityRecordService } from './activity-record.service';

/** A member's activity timeline, as a field of Member kept beside the records it lists. */
@Resolver(() => Member)
export class MemberActivitiesResolver {
  @FieldResolver(() => activityRecordResource.Connection, { description: 'The member\'s activity timeline, newest first' })
  @Extensions(joinsMany('ActivityRecord', 'member'))
  activities(
    @Root() member: Member,
    @Arg('filter', () => activityRecordResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [activityRecordResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return plannedOr(member, info, () => activityRecordService.list(ctx, { filter, paging, sorting }, { member: member.id }));
  }
}
