import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Extensions, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { plannedOr } from '../common/crud/read-planner';
import { joinsMany, readsColumns } from '../common/crud/read-model';
import { type FilterInput, OffsetPaging, type SortInput } from '../common/crud/resource';
import { Organization } from '../organizations/organization.entity';
import { memberResource, memberService } from './member.service';

/** The members of an organisation, as fields of Organization kept beside the ledger they read. */
@Resolver(() => Organization)
export class OrganizationMembersResolver {
  @FieldResolver(() => memberResource.Connection, { description: 'Members whose formal organisation is this one' })
  @Extensions(joinsMany('Member', 'formalOrganization'))
  members(
    @Root() organization: Organization,
    @Arg('filter', () => memberResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [memberResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return plannedOr(organization, info, () => memberService.list(ctx, { filter, paging, sorting }, { formalOrganization: organization.id }));
  }

  @FieldResolver(() => Int, { description: 'Members (in your scope) whose formal or inflow organisation is this one or below it' })
  @Extensions(readsColumns())
  memberCount(@Root() organization: Organization, @Ctx() ctx: RequestContext) {
    return memberService.countInSubtree(ctx, organization.id);
  }
}
