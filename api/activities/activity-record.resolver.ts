import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Extensions, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { plannedOr } from '../common/crud/read-planner';
import { joinsOne } from '../common/crud/read-model';
import { createCrudResolver } from '../common/crud/crud.resolver';
import { Member } from '../members/member.entity';
import { memberService } from '../members/member.service';
import { Organization } from '../organizations/organization.entity';
import { organizationService } from '../organizations/organization.service';
import { ActivityRecord } from './activity-record.entity';
import { activityRecordResource, activityRecordService } from './activity-record.service';
import { CreateActivityRecordInput, UpdateActivityRecordInput } from './activity-record.types';

@Resolver(() => ActivityRecord)
export class ActivityRecordResolver extends createCrudResolver(
  activityRecordResource,
  { create: CreateActivityRecordInput, update: UpdateActivityRecordInput },
  () => activityRecordService,
) {
  @FieldResolver(() => Member, { nullable: true })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() record: ActivityRecord, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(record, info, () => memberService.load(ctx, record.member.id));
  }

  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'organization'))
  organization(@Root() record: ActivityRecord, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(record, info, () => organizationService.load(ctx, record.organization.id));
  }
}
