import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
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
  member(@Root() record: ActivityRecord, @Ctx() ctx: RequestContext) {
    return memberService.load(ctx, record.member.id);
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() record: ActivityRecord, @Ctx() ctx: RequestContext) {
    return organizationService.load(ctx, record.organization.id);
  }
}
