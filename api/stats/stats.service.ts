import type { QBFilterQuery } from '@mikro-orm/postgresql';
import { memberStatisticsScope, statisticsAgreementScope } from '../access/scopes';
import { Agreement } from '../agreements/agreement.entity';
import { ORGANIZATIONAL_LIFE_KINDS } from '../activities/activity-record.entity';
import type { RequestContext } from '../common/context';
import { chinaDate } from '../common/dates';
import { scopedIdsSql } from '../common/scoped-sql';
import { BadUserInputError } from '../common/errors';
import { Member } from '../members/member.entity';
import { CLOSED_STATUSES } from '../members/member.rules';
import { Region } from '../regions/region.entity';
import type { ActivityStatistics, AgreementFeedbackStatistics, MemberStatistics, MonthlyActivity, StatBucket } from './stats.types';
import { suppress, suppressCount } from './suppression';

/** The city a code belongs to (municipalities such as Chongqing count as one city). */
const CITY_OF = (column: string) =>
  `case when left(${column}, 2) in ('11', '12', '31', '50') then left(${column}, 2) || '0000' else left(${column}, 4) || '00' end`;

/**
 * Aggregates for dashboards and admins: every figure is computed in SQL over the caller's member
 * scope, and every published count passes small-cell suppression.
 */
export class StatsService {
  /** The ids of members in scope, as SQL to use in a WITH clause. */
  private scopedMembers(ctx: RequestContext) {
    return scopedIdsSql(ctx.em, Member, memberStatisticsScope(ctx.viewer) as QBFilterQuery<Member>);
  }

  async members(ctx: RequestContext): Promise<MemberStatistics> {
    const scoped = this.scopedMembers(ctx);
    const rows: { dimension: string | null; key: string | null; count: number }[] = await ctx.em.execute(
      `with scoped as (${scoped.sql}),
       facts as (
         select m.status::text as status, m.mobility_type::text as mobility,
                ${CITY_OF('f.region_code')} as formal, ${CITY_OF('m.destination_region_code')} as destination
           from member m
           join scoped on scoped.id = m.id
           join organization f on f.id = m.formal_organization_id)
       select case when grouping(status) = 0 then 'status' when grouping(mobility) = 0 then 'mobility'
                   when grouping(formal) = 0 then 'formal' when grouping(destination) = 0 then 'destination' end as dimension,
              coalesce(status, mobility, formal, destination) as key, count(*)::int as count
         from facts
        group by grouping sets ((), (status), (mobility), (formal), (destination))`,
      [...scoped.params],
    );
    const cells = (dimension: string) => rows.filter((row) => row.dimension === dimension).map((row) => ({ key: row.key!, count: row.count }));
    const regionCodes = [...new Set([...cells('formal'), ...cells('destination')].map((cell) => cell.key))];
    const regions = new Map((await ctx.em.find(Region, { code: { $in: regionCodes } })).map((region) => [region.code, region.name]));
    const buckets = (dimension: string, labelled = false): StatBucket[] =>
      suppress(cells(dimension))
        .map((cell) => ({ ...cell, label: labelled ? (regions.get(cell.key) ?? null) : null }))
        .sort((a, b) => a.key.localeCompare(b.key));
    return {
      total: suppressCount(rows.find((row) => row.dimension === null)?.count ?? 0),
      byStatus: buckets('status'),
      byMobilityType: buckets('mobility'),
      byFormalRegion: buckets('formal', true),
      byDestinationRegion: buckets('destination', true),
    };
  }

  /** Returns per agreement and state for a year, over the returns of members in scope. */
  async feedback(ctx: RequestContext, year: number): Promise<AgreementFeedbackStatistics[]> {
    assertYear(year);
    const scoped = this.scopedMembers(ctx);
    const agreements = scopedIdsSql(ctx.em, Agreement, statisticsAgreementScope(ctx.viewer) as QBFilterQuery<Agreement>);
    const rows: { id: number; code: string; title: string; status: string | null; count: number }[] = await ctx.em.execute(
      `with scoped as (${scoped.sql}), visible as (${agreements.sql})
       select a.id, a.code, a.title, fb.status::text as status, count(fb.id)::int as count
         from agreement a
         join visible on visible.id = a.id
         left join annual_feedback fb on fb.agreement_id = a.id and fb.year = ?
                                     and fb.member_id in (select id from scoped)
        group by a.id, a.code, a.title, fb.status
        order by a.id`,
      [...scoped.params, ...agreements.params, year],
    );
    const byAgreement = new Map<number, { code: string; title: string; counts: Map<string, number> }>();
    for (const row of rows) {
      const entry = byAgreement.get(row.id) ?? { code: row.code, title: row.title, counts: new Map<string, number>() };
      if (row.status) entry.counts.set(row.status, row.count);
      byAgreement.set(row.id, entry);
    }
    return [...byAgreement.entries()].map(([agreementId, { code, title, counts }]) => ({
      agreementId,
      agreementCode: code,
      agreementTitle: title,
      total: suppressCount([...counts.values()].reduce((sum, count) => sum + count, 0)),
      byStatus: suppress(FEEDBACK_STATES.map((key) => ({ key, count: counts.get(key) ?? 0 })))
        .map((cell) => ({ ...cell, label: null })),
    }));
  }

  async activity(ctx: RequestContext, year: number): Promise<ActivityStatistics> {
    assertYear(year);
    const scoped = this.scopedMembers(ctx);
    const rows: { month: number; care: number | null; participants: number | null; volunteers: number | null; hours: number | null }[] =
      await ctx.em.execute(
        `with scoped as (${scoped.sql}),
         -- Only months that have begun: a month still to come has no one under care yet, not zero.
         months as (select month from generate_series(1, 12) as month where make_date(?, month, 1) <= ?::date),
         under_care as (
           select months.month, m.id as member_id
             from months
             join member m on m.outflow_date < (make_date(?, months.month, 1) + interval '1 month')::date
             join scoped on scoped.id = m.id
            where m.status::text <> all(array[?]::text[])),
         care as (select month, count(*)::int as care from under_care group by month),
         -- Participants are counted among the members under care that month, so the rate stays within 0..1.
         acts as (
           select c.month,
                  count(distinct a.member_id) filter (where a.kind::text = any(array[?]::text[]))::int as participants,
                  count(distinct a.member_id) filter (where a.kind = 'VOLUNTEER_SERVICE')::int as volunteers,
                  (sum(a.hours) filter (where a.kind = 'VOLUNTEER_SERVICE'))::float as hours
             from activity_record a
             join under_care c on c.member_id = a.member_id and c.month = extract(month from a.occurred_on)::int
            where a.occurred_on >= make_date(?, 1, 1) and a.occurred_on < make_date(?, 1, 1)
            group by c.month)
         select months.month, care.care, acts.participants, acts.volunteers, acts.hours
           from months left join care using (month) left join acts using (month)
          order by months.month`,
        [...scoped.params, year, chinaDate(ctx.now), year, CLOSED_STATUSES, ORGANIZATIONAL_LIFE_KINDS, year, year + 1],
      );
    return { year, months: rows.map((row) => monthlyFigures(row)) };
  }
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadUserInputError('year', 'must be between 2000 and 2100', 'OUT_OF_RANGE');
}

/** Statuses listed even when empty, so a dashboard always gets the whole pipeline. */
const FEEDBACK_STATES = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];

function monthlyFigures(row: { month: number; care: number | null; participants: number | null; volunteers: number | null; hours: number | null }): MonthlyActivity {
  const care = suppressCount(row.care ?? 0);
  const participants = suppressCount(row.participants ?? 0);
  const volunteers = suppressCount(row.volunteers ?? 0);
  return {
    month: row.month,
    membersUnderCare: care,
    participants,
    participationRate: care && participants !== null ? Math.round((participants / care) * 1000) / 1000 : null,
    volunteers,
    volunteerHours: volunteers === null ? null : Math.round((row.hours ?? 0) * 10) / 10,
    suppressed: care === null || participants === null || volunteers === null,
  };
}

export const statsService = new StatsService();
