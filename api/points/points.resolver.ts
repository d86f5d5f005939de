import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { agreementService } from '../agreements/agreement.service';
import type { RequestContext } from '../common/context';
import { createReadResolver } from '../common/crud/crud.resolver';
import { joinsMany, joinsOne, readsColumns } from '../common/crud/read-model';
import { plannedOr } from '../common/crud/read-planner';
import { type FilterInput, OffsetPaging, type SortInput } from '../common/crud/resource';
import { declarePersonalData } from '../common/personal-reads';
import { Member } from '../members/member.entity';
import { memberService } from '../members/member.service';
import { Organization } from '../organizations/organization.entity';
import { organizationService } from '../organizations/organization.service';
import { MonthlyScore, PointsEntry, PointsPublication, PointsScheme, PointsSchemeVersion } from './points.entity';
import {
  monthlyScoreResource,
  monthlyScoreService,
  pointsEntryResource,
  pointsEntryService,
  pointsPublicationResource,
  pointsPublicationService,
  pointsSchemeResource,
  pointsSchemeService,
  pointsSchemeVersionResource,
  pointsSchemeVersionService,
  pointsService,
} from './points.service';
import {
  CreatePointsSchemeInput,
  PointsQuarter,
  type PointsQuarterRow,
  PublishPointsQuarterInput,
  RecomputeMonthlyScoresInput,
  RecomputeMonthlyScoresResult,
  RecordPointsEntriesInput,
  RevisePointsSchemeInput,
} from './points.types';

declarePersonalData('PointsQuarterRow', (row: PointsQuarterRow) => row.memberId);

@Resolver(() => PointsScheme)
export class PointsSchemeResolver extends createReadResolver(pointsSchemeResource, () => pointsSchemeService) {
  @FieldResolver(() => pointsSchemeVersionResource.Connection, { description: 'Its versions, oldest first' })
  @Extensions(joinsMany('PointsSchemeVersion', 'scheme'))
  versions(
    @Root() scheme: PointsScheme,
    @Arg('filter', () => pointsSchemeVersionResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [pointsSchemeVersionResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return plannedOr(scheme, info, () => pointsSchemeVersionService.list(ctx, { filter, paging, sorting }, { scheme: scheme.id }));
  }

  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'ownerOrganization'))
  ownerOrganization(@Root() scheme: PointsScheme, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(scheme, info, () => organizationService.loadOptional(ctx, scheme.ownerOrganization?.id));
  }

  @FieldResolver(() => Agreement, { nullable: true })
  @Extensions(joinsOne('Agreement', 'agreement'))
  agreement(@Root() scheme: PointsScheme, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(scheme, info, () => agreementService.loadOptional(ctx, scheme.agreement?.id));
  }

  @Authorized('points:write')
  @Mutation(() => PointsScheme, { description: 'A new points scheme with its first version' })
  createPointsScheme(@Arg('input', () => CreatePointsSchemeInput) input: CreatePointsSchemeInput, @Ctx() ctx: RequestContext) {
    return pointsService.createScheme(ctx, input);
  }

  @Authorized('points:write')
  @Mutation(() => PointsScheme, { description: 'Changes a scheme by adding a version in force from a year; years scored before keep their version' })
  revisePointsScheme(@Arg('input', () => RevisePointsSchemeInput) input: RevisePointsSchemeInput, @Ctx() ctx: RequestContext) {
    return pointsService.reviseScheme(ctx, input);
  }
}

@Resolver(() => PointsSchemeVersion)
export class PointsSchemeVersionResolver extends createReadResolver(pointsSchemeVersionResource, () => pointsSchemeVersionService) {}

@Resolver(() => PointsEntry)
export class PointsEntryResolver extends createReadResolver(pointsEntryResource, () => pointsEntryService) {
  @FieldResolver(() => Member, { nullable: true })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() entry: PointsEntry, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(entry, info, () => memberService.load(ctx, entry.member.id));
  }

  @Authorized('points:write')
  @Mutation(() => [PointsEntry], { description: 'Points entered by hand, each with a reason; all or none. In a published month they are adjustments' })
  recordPointsEntries(@Arg('input', () => RecordPointsEntriesInput) input: RecordPointsEntriesInput, @Ctx() ctx: RequestContext) {
    return pointsService.recordEntries(ctx, input);
  }

  @Authorized('points:write')
  @Mutation(() => PointsEntry, { description: 'Deletes an entry of a month not yet published (CONFLICT, PUBLISHED otherwise)' })
  deletePointsEntry(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return pointsService.deleteEntry(ctx, id);
  }
}

@Resolver(() => MonthlyScore)
export class MonthlyScoreResolver extends createReadResolver(monthlyScoreResource, () => monthlyScoreService) {
  @FieldResolver(() => Int, { description: 'score + adjustment' })
  @Extensions(readsColumns('score', 'adjustment'))
  total(@Root() row: MonthlyScore): number {
    return row.score + row.adjustment;
  }

  @FieldResolver(() => Member, { nullable: true })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() row: MonthlyScore, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => memberService.load(ctx, row.member.id));
  }

  @FieldResolver(() => PointsPublication, { nullable: true })
  @Extensions(joinsOne('PointsPublication', 'publication'))
  publication(@Root() row: MonthlyScore, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => pointsPublicationService.loadOptional(ctx, row.publication?.id));
  }

  @Authorized('points:write')
  @Mutation(() => RecomputeMonthlyScoresResult, { description: 'Brings the monthly scores of an organisation\'s members (and those below it) for a year up to date; published quarters stay frozen' })
  recomputeMonthlyScores(@Arg('input', () => RecomputeMonthlyScoresInput) input: RecomputeMonthlyScoresInput, @Ctx() ctx: RequestContext) {
    return pointsService.recompute(ctx, input);
  }

  @Authorized('points:read')
  @Query(() => PointsQuarter, { description: 'A quarter of an organisation\'s monthly scores as a table ready to post (季公示); partners see published quarters only' })
  pointsQuarter(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('year', () => Int) year: number,
    @Arg('quarter', () => Int) quarter: number,
    @Ctx() ctx: RequestContext,
  ) {
    return pointsService.quarter(ctx, organizationId, year, quarter);
  }
}

@Resolver(() => PointsPublication)
export class PointsPublicationResolver extends createReadResolver(pointsPublicationResource, () => pointsPublicationService) {
  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'organization'))
  organization(@Root() row: PointsPublication, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => organizationService.load(ctx, row.organization.id));
  }

  @Authorized('points:write')
  @Mutation(() => PointsPublication, { description: 'Publishes a quarter for an organisation (季公示): its monthly scores are frozen; later corrections are adjustments' })
  publishPointsQuarter(@Arg('input', () => PublishPointsQuarterInput) input: PublishPointsQuarterInput, @Ctx() ctx: RequestContext) {
    return pointsService.publish(ctx, input);
  }
}
