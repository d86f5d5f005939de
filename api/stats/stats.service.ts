import type { RequestContext } from '../common/context';
import { chinaDate, requireYear } from '../common/dates';
import { Region } from '../regions/region.entity';
import { type Cell, gatherOpenBreakdown, OTHER, protectBreakdowns, protectCount, protectedRate, type ProtectedCell } from './disclosure';
import {
  type ActivityFigures,
  activityFigures,
  CASE_AGES,
  type CareFigures,
  careFigures,
  type OrganizationPointsFigures,
  pointsFigures,
  type Counts, type FeedbackFigures, feedbackFigures, type MemberFigures, memberFigures, type MonthFigures } from './rollups';
import type { ActivityStatistics, AgreementFeedbackStatistics, CareStatistics, MemberStatistics, MonthlyActivity, OrganizationPoints, PointsStatistics, StatBucket } from './stats.types';

/**
 * Aggregates for dashboards and admins. Which members a figure covers is decided in the database
 * (the rollups' readers, from the viewer PostgreSQL was given: an admin's region, a token's
 * agreement, a dashboard token's issuer), and no row ever leaves it; every figure then passes
 * disclosure control (./disclosure.ts) whoever asks, after summing.
 */
export class StatsService {
  async members(ctx: RequestContext): Promise<MemberStatistics> {
    const published = publishMemberFigures(await memberFigures(ctx.em));
    const label = await this.regionLabels(ctx, [...published.byFormalRegion, ...published.byDestinationRegion]);
    return { ...published, byFormalRegion: label(published.byFormalRegion), byDestinationRegion: label(published.byDestinationRegion) };
  }

  /** Returns per agreement and state for a year, over the returns of members in the viewer's aggregate reach. */
  async feedback(ctx: RequestContext, year: number): Promise<AgreementFeedbackStatistics[]> {
    requireYear(year);
    return publishFeedbackFigures(await feedbackFigures(ctx.em, year));
  }

  async activity(ctx: RequestContext, year: number): Promise<ActivityStatistics> {
    requireYear(year);
    return publishActivityFigures(year, await activityFigures(ctx.em, year, chinaDate(ctx.now)));
  }

  /** How the members under care are looked after, as of today (China's calendar). */
  async care(ctx: RequestContext): Promise<CareStatistics> {
    return publishCareFigures(await careFigures(ctx.em, chinaDate(ctx.now)));
  }

  /** 十二分制 of a year, per organisation keeping the scores. */
  async points(ctx: RequestContext, year: number): Promise<PointsStatistics> {
    requireYear(year);
    return { year, organizations: publishPointsFigures(await pointsFigures(ctx.em, year)) };
  }

  /** Region buckets with their names; OTHER gathers the regions too small to name. */
  private async regionLabels(ctx: RequestContext, cells: { key: string }[]): Promise<(buckets: StatBucket[]) => StatBucket[]> {
    const codes = [...new Set(cells.map((cell) => cell.key).filter((key) => key !== OTHER))];
    const names = new Map((await ctx.em.find(Region, { code: { $in: codes } })).map((region) => [region.code, region.name]));
    return (buckets) =>
      buckets
        .map((bucket) => ({ ...bucket, label: bucket.key === OTHER ? '其他' : (names.get(bucket.key) ?? null) }))
        .sort((a, b) => (a.key === OTHER ? 1 : b.key === OTHER ? -1 : a.key.localeCompare(b.key)));
  }
}

/** Keys listed even when empty, so a dashboard always gets the whole list (and an empty key looks like a small one). */
const MEMBER_STATES = ['REGISTERED', 'REPORTED', 'MANAGED', 'LOST_CONTACT', 'RETURNED', 'TRANSFERRED'];
const MOBILITY_TYPES = ['EMPLOYMENT', 'STUDY', 'SETTLEMENT', 'TEMPORARY'];
const FEEDBACK_STATES = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];

const closed = (counts: Counts, keys: string[]): Cell[] => keys.map((key) => ({ key, count: counts[key] ?? 0 }));
const open = (counts: Counts): Cell[] => gatherOpenBreakdown(Object.entries(counts).map(([key, count]) => ({ key, count })));
const unlabelled = (cell: ProtectedCell): StatBucket => ({ ...cell, label: null });

/** What may be published of the member figures (region buckets still without their names). */
export function publishMemberFigures(figures: MemberFigures): MemberStatistics {
  // Four breakdowns of the same members: protected together, since each tells about the total the others share.
  const { total, breakdowns } = protectBreakdowns({
    total: figures.total,
    breakdowns: [closed(figures.byStatus, MEMBER_STATES), closed(figures.byMobilityType, MOBILITY_TYPES), open(figures.byFormalRegion), open(figures.byDestinationRegion)],
  });
  const [byStatus, byMobilityType, byFormalRegion, byDestinationRegion] = breakdowns.map((cells) => cells.map(unlabelled)) as [StatBucket[], StatBucket[], StatBucket[], StatBucket[]];
  return { asOf: figures.asOf, total, byStatus, byMobilityType, byFormalRegion, byDestinationRegion };
}

export function publishFeedbackFigures(figures: FeedbackFigures): AgreementFeedbackStatistics[] {
  return figures.agreements.map(({ agreementId, code, title, byStatus }) => {
    const { total, breakdowns } = protectBreakdowns({
      total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
      breakdowns: [closed(byStatus, FEEDBACK_STATES)],
    });
    return { asOf: figures.asOf, agreementId, agreementCode: code, agreementTitle: title, total, byStatus: breakdowns[0]!.map(unlabelled) };
  });
}

export function publishActivityFigures(year: number, figures: ActivityFigures): ActivityStatistics {
  return { asOf: figures.asOf, year, months: figures.months.map(publishMonth) };
}

function publishMonth(figures: MonthFigures): MonthlyActivity {
  const care = protectCount(figures.membersUnderCare);
  const participants = protectCount(figures.participants);
  const volunteers = protectCount(figures.volunteers);
  return {
    month: figures.month,
    membersUnderCare: care,
    participants,
    participationRate: protectedRate(participants, care),
    volunteers,
    volunteerHours: volunteers === null ? null : Math.round(figures.volunteerHours * 10) / 10,
    suppressed: care === null || participants === null || volunteers === null,
  };
}

const GRADES = ['EXCELLENT', 'QUALIFIED', 'BASICALLY_QUALIFIED', 'UNQUALIFIED'];

/**
 * The grades the points suggest, per organisation keeping the scores: an organisation with fewer than
 * 5 members scored is not named (gathered under OTHER with the rest), and each row's total and grades
 * are protected together.
 */
export function publishPointsFigures(figures: OrganizationPointsFigures[]): OrganizationPoints[] {
  const sizeOf = (row: OrganizationPointsFigures) => Object.values(row.byGrade).reduce((sum, count) => sum + count, 0);
  const named = figures.filter((row) => sizeOf(row) >= 5).sort((a, b) => sizeOf(b) - sizeOf(a) || a.organizationId - b.organizationId);
  const rest = figures.filter((row) => sizeOf(row) < 5);
  const gathered: Counts = {};
  for (const row of rest) for (const [grade, count] of Object.entries(row.byGrade)) gathered[grade] = (gathered[grade] ?? 0) + count;
  const rows = [...named.map((row) => ({ key: String(row.organizationId), name: row.name, byGrade: row.byGrade })), ...(rest.length ? [{ key: OTHER, name: '其他', byGrade: gathered }] : [])];
  return rows.map(({ key, name, byGrade }) => {
    const { total, breakdowns } = protectBreakdowns({ total: Object.values(byGrade).reduce((sum, count) => sum + count, 0), breakdowns: [closed(byGrade, GRADES)] });
    return { key, organizationName: name, total, byGrade: breakdowns[0]!.map(unlabelled) };
  });
}

export function publishCareFigures(figures: CareFigures): CareStatistics {
  const membersUnderCare = protectCount(figures.membersUnderCare);
  const withoutOrgLife = protectCount(figures.withoutOrgLife);
  // The open cases and their ages: one total and its breakdown, protected together.
  const cases = protectBreakdowns({
    total: Object.values(figures.openCasesByAge).reduce((sum, count) => sum + count, 0),
    breakdowns: [closed(figures.openCasesByAge, CASE_AGES)],
  });
  return {
    asOf: figures.asOf,
    membersUnderCare,
    withoutOrgLifeSixMonths: withoutOrgLife,
    withoutOrgLifeSixMonthsRate: protectedRate(withoutOrgLife, membersUnderCare),
    talksDue: protectCount(figures.talksDue),
    talksOverdue: protectCount(figures.talksOverdue),
    familyVisitsDue: protectCount(figures.familyVisitsDue),
    openLostContactCases: cases.total,
    openLostContactCasesByAge: cases.breakdowns[0]!.map(unlabelled),
  };
}

export const statsService = new StatsService();
