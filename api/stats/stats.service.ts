import { ORGANIZATIONAL_LIFE_KINDS } from '../activities/activity-record.entity';
import type { RequestContext } from '../common/context';
import { chinaDate, requireYear } from '../common/dates';
import { CLOSED_STATUSES } from '../members/member.rules';
import { Region } from '../regions/region.entity';
import { gatherOpenBreakdown, OTHER, protectBreakdowns, protectCount, protectedRate, type ProtectedCell } from './disclosure';
import type { ActivityStatistics, AgreementFeedbackStatistics, MemberStatistics, MonthlyActivity, StatBucket } from './stats.types';

/** The city a code belongs to (municipalities such as Chongqing count as one city). */
const CITY_OF = (column: string) =>
  `case when left(${column}, 2) in ('11', '12', '31', '50') then left(${column}, 2) || '0000' else left(${column}, 4) || '00' end`;

/**
 * Aggregates for dashboards and admins. Which members a figure covers is decided in the database
 * (aggregate_members() and friends, from the viewer PostgreSQL was given: an admin's region, a
 * token's agreement, a dashboard token's issuer), and no row ever leaves it; every figure then
 * passes disclosure control (./disclosure.ts) whoever asks.
 */
export class StatsService {
  async members(ctx: RequestContext): Promise<MemberStatistics> {
    const rows: { dimension: string | null; key: string | null; count: number }[] = await ctx.em.execute(
      `with facts as (
         select m.status::text as status, m.mobility_type::text as mobility,
                ${CITY_OF('m.formal_region_code')} as formal, ${CITY_OF('m.destination_region_code')} as destination
           from aggregate_members() m)
       select case when grouping(status) = 0 then 'status' when grouping(mobility) = 0 then 'mobility'
                   when grouping(formal) = 0 then 'formal' when grouping(destination) = 0 then 'destination' end as dimension,
              coalesce(status, mobility, formal, destination) as key, count(*)::int as count
         from facts
        group by grouping sets ((), (status), (mobility), (formal), (destination))`,
    );
    const cells = (dimension: string) => rows.filter((row) => row.dimension === dimension).map((row) => ({ key: row.key!, count: row.count }));
    const closed = (dimension: string, keys: string[]) => keys.map((key) => ({ key, count: cells(dimension).find((cell) => cell.key === key)?.count ?? 0 }));
    // Four breakdowns of the same members: protected together, since each tells about the total the others share.
    const { total, breakdowns } = protectBreakdowns({
      total: rows.find((row) => row.dimension === null)?.count ?? 0,
      breakdowns: [closed('status', MEMBER_STATES), closed('mobility', MOBILITY_TYPES), gatherOpenBreakdown(cells('formal')), gatherOpenBreakdown(cells('destination'))],
    });
    const [byStatus, byMobilityType, byFormalRegion, byDestinationRegion] = breakdowns as [ProtectedCell[], ProtectedCell[], ProtectedCell[], ProtectedCell[]];
    const label = await this.regionLabels(ctx, [...byFormalRegion, ...byDestinationRegion]);
    return {
      total,
      byStatus: byStatus.map(unlabelled),
      byMobilityType: byMobilityType.map(unlabelled),
      byFormalRegion: label(byFormalRegion),
      byDestinationRegion: label(byDestinationRegion),
    };
  }

  /** Returns per agreement and state for a year, over the returns of members in the viewer's aggregate reach. */
  async feedback(ctx: RequestContext, year: number): Promise<AgreementFeedbackStatistics[]> {
    requireYear(year);
    const rows: { id: number; code: string; title: string; status: string | null; count: number | null }[] = await ctx.em.execute(
      `select a.id, a.code, a.title, f.status::text as status, f.count
         from aggregate_agreements() a
         left join aggregate_feedback(?) f on f.agreement_id = a.id
        order by a.id`,
      [year],
    );
    const byAgreement = new Map<number, { code: string; title: string; counts: Map<string, number> }>();
    for (const row of rows) {
      const entry = byAgreement.get(row.id) ?? { code: row.code, title: row.title, counts: new Map<string, number>() };
      if (row.status) entry.counts.set(row.status, row.count ?? 0);
      byAgreement.set(row.id, entry);
    }
    return [...byAgreement.entries()].map(([agreementId, { code, title, counts }]) => {
      const { total, breakdowns } = protectBreakdowns({
        total: [...counts.values()].reduce((sum, count) => sum + count, 0),
        breakdowns: [FEEDBACK_STATES.map((key) => ({ key, count: counts.get(key) ?? 0 }))],
      });
      return { agreementId, agreementCode: code, agreementTitle: title, total, byStatus: breakdowns[0]!.map(unlabelled) };
    });
  }

  async activity(ctx: RequestContext, year: number): Promise<ActivityStatistics> {
    requireYear(year);
    const rows: { month: number; care: number | null; participants: number | null; volunteers: number | null; hours: number | null }[] =
      await ctx.em.execute(
        `with members as (select * from aggregate_members()),
         -- Only months that have begun: a month still to come has no one under care yet, not zero.
         months as (select month from generate_series(1, 12) as month where make_date(?, month, 1) <= ?::date),
         under_care as (
           select months.month, m.id as member_id
             from months
             join members m on m.outflow_date < (make_date(?, months.month, 1) + interval '1 month')::date
            where m.status::text <> all(array[?]::text[])),
         care as (select month, count(*)::int as care from under_care group by month),
         -- Participants are counted among the members under care that month, so the rate stays within 0..1.
         acts as (
           select c.month,
                  count(distinct a.member_id) filter (where a.kind::text = any(array[?]::text[]))::int as participants,
                  count(distinct a.member_id) filter (where a.kind = 'VOLUNTEER_SERVICE')::int as volunteers,
                  (sum(a.hours) filter (where a.kind = 'VOLUNTEER_SERVICE'))::float as hours
             from aggregate_activities(make_date(?, 1, 1), make_date(?, 1, 1)) a
             join under_care c on c.member_id = a.member_id and c.month = extract(month from a.occurred_on)::int
            group by c.month)
         select months.month, care.care, acts.participants, acts.volunteers, acts.hours
           from months left join care using (month) left join acts using (month)
          order by months.month`,
        [year, chinaDate(ctx.now), year, CLOSED_STATUSES, ORGANIZATIONAL_LIFE_KINDS, year, year + 1],
      );
    return { year, months: rows.map((row) => monthlyFigures(row)) };
  }

  /** Region buckets with their names; OTHER gathers the regions too small to name. */
  private async regionLabels(ctx: RequestContext, cells: { key: string }[]): Promise<(buckets: ProtectedCell[]) => StatBucket[]> {
    const codes = [...new Set(cells.map((cell) => cell.key).filter((key) => key !== OTHER))];
    const names = new Map((await ctx.em.find(Region, { code: { $in: codes } })).map((region) => [region.code, region.name]));
    return (buckets) =>
      buckets
        .map((bucket) => ({ ...bucket, label: bucket.key === OTHER ? '其他' : (names.get(bucket.key) ?? null) }))
        .sort((a, b) => (a.key === OTHER ? 1 : b.key === OTHER ? -1 : a.key.localeCompare(b.key)));
  }
}

const unlabelled = (cell: ProtectedCell): StatBucket => ({ ...cell, label: null });

/** Keys listed even when empty, so a dashboard always gets the whole list (and an empty key looks like a small one). */
const MEMBER_STATES = ['REGISTERED', 'REPORTED', 'MANAGED', 'LOST_CONTACT', 'RETURNED', 'TRANSFERRED'];
const MOBILITY_TYPES = ['EMPLOYMENT', 'STUDY', 'SETTLEMENT', 'TEMPORARY'];
const FEEDBACK_STATES = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];

function monthlyFigures(row: { month: number; care: number | null; participants: number | null; volunteers: number | null; hours: number | null }): MonthlyActivity {
  const care = protectCount(row.care ?? 0);
  const participants = protectCount(row.participants ?? 0);
  const volunteers = protectCount(row.volunteers ?? 0);
  return {
    month: row.month,
    membersUnderCare: care,
    participants,
    participationRate: protectedRate(participants, care),
    volunteers,
    volunteerHours: volunteers === null ? null : Math.round((row.hours ?? 0) * 10) / 10,
    suppressed: care === null || participants === null || volunteers === null,
  };
}

export const statsService = new StatsService();
