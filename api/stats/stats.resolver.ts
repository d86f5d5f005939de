import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { statsService } from './stats.service';
import { ActivityStatistics, AgreementFeedbackStatistics, CareStatistics, MemberStatistics, PointsStatistics } from './stats.types';

/** Aggregate statistics: the only operations a dashboard (stats:read) token can reach. */
@Resolver()
export class StatsResolver {
  @Authorized('stats:read')
  @Query(() => MemberStatistics, { description: 'Members by status, mobility type, formal and destination region; counts under 5 suppressed' })
  memberStatistics(@Ctx() ctx: RequestContext) {
    return statsService.members(ctx);
  }

  @Authorized('stats:read')
  @Query(() => [AgreementFeedbackStatistics], { description: 'Year-end return progress per agreement; counts under 5 suppressed' })
  feedbackStatistics(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext) {
    return statsService.feedback(ctx, year);
  }

  @Authorized('stats:read')
  @Query(() => ActivityStatistics, { description: 'Organisational-life participation and volunteer hours by month' })
  activityStatistics(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext) {
    return statsService.activity(ctx, year);
  }

  @Authorized('stats:read')
  @Query(() => CareStatistics, { description: 'How the members under care are looked after, as of today: organisational life in the last six months; counts under 5 suppressed' })
  careStatistics(@Ctx() ctx: RequestContext) {
    return statsService.care(ctx);
  }

  @Authorized('stats:read')
  @Query(() => PointsStatistics, { description: '十二分制 of a year: per organisation, members by the grade their score points to; counts under 5 suppressed' })
  pointsStatistics(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext) {
    return statsService.points(ctx, year);
  }
}
