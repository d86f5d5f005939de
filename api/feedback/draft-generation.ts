import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import type { Agreement } from '../agreements/agreement.entity';
import { isInForceDuring, RETURNS_MADE_UNDER } from '../agreements/agreement.rules';
import { AgreementDirection } from '../common/agreement-sides';
import { auditService } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { scopedIdsSql } from '../common/scoped-sql';
import { ConflictError } from '../common/errors';
import { Member, MemberStatus } from '../members/member.entity';
import { memberPolicy } from '../members/member.policy';
import { FeedbackStatus } from './annual-feedback.entity';
import { monthsUnderCareSql, proratedExpectationSql } from './feedback.rules';
import type { GenerateDraftsResult } from './annual-feedback.types';
import { gradeForSql, memberVersionCtes, recomputeSql } from '../points/points.rules';

/**
 * Members in these states get no ordinary return: a return of their own kind instead, when
 * return_kind() gives one (失联 while a lost-contact case is open; 已转出 for a transfer in or after
 * the year), and none otherwise (Migration20261201500000).
 */
export const NO_RETURN_STATUSES = [MemberStatus.LOST_CONTACT, MemberStatus.TRANSFERRED];

/** The kind of return a covered member `alias` gets in `year` (SQL expression), null for none: the rule is return_kind(). */
export function returnKindSql(alias: string, year: string): string {
  return `(case when ${alias}.status::text = any(array[${NO_RETURN_STATUSES.map((status) => `'${status}'`).join(', ')}]) then return_kind(${alias}.id, ${year}) else 'ORDINARY' end)`;
}

/** The states past the draft stage, in the lifecycle's order: generation leaves returns in them as they are. */
const PAST_DRAFT = Object.values(FeedbackStatus).filter((status) => status !== FeedbackStatus.DRAFT);

/** The deadline of a year's returns: the agreement's MM-DD in the following year. */
export function deadlineOf(agreement: Pick<Agreement, 'feedbackDeadline'>, year: number): string {
  return `${year + 1}-${agreement.feedbackDeadline}`;
}

/** CONFLICT (AGREEMENT_NOT_IN_FORCE) unless the year's returns are made under the agreement ({@link isInForceDuring}). */
export function assertAgreementCoversYear(agreement: Agreement, year: number): void {
  if (!RETURNS_MADE_UNDER.includes(agreement.status)) {
    throw new ConflictError(`The agreement is ${agreement.status}; returns are made under active (or since expired) agreements only`, {
      reason: 'AGREEMENT_NOT_IN_FORCE',
    });
  }
  if (!isInForceDuring(agreement, year)) {
    throw new ConflictError(`The agreement was not in force during ${year}`, { reason: 'AGREEMENT_NOT_IN_FORCE' });
  }
}

/**
 * Creates or refreshes a draft for every member the agreement covers (host → partner returns),
 * in one INSERT … SELECT … ON CONFLICT: counts come from the year's activity records, the expected
 * organisational life is the agreement's figure prorated to the months the member was under care
 * that year (feedback.rules.ts), what people wrote is kept, and returns past the draft stage are not
 * touched. Running it twice changes nothing.
 */
export async function generateDrafts(ctx: RequestContext, em: EntityManager, agreement: Agreement, year: number): Promise<GenerateDraftsResult> {
  assertAgreementCoversYear(agreement, year);
  if (agreement.direction === AgreementDirection.HOST_TO_PARTNER) {
    throw new ConflictError('Under this agreement the partner city writes the returns (submitAnnualFeedbackBatch)', { reason: 'WRONG_DIRECTION' });
  }
  const scoped = scopedIdsSql(em, Member, memberPolicy.write(ctx.viewer) as QBFilterQuery<Member>);
  // reported_to() is the rule as the database states it: partner-formal members in the host region.
  const covered = `
    scoped as (${scoped.sql}),
    covered as (
      select m.id, m.name, m.status, m.inflow_organization_id, m.formal_organization_id, m.outflow_date,
             m.transferred_on, m.transferred_to, ${returnKindSql('m', String(Math.trunc(year)))} as return_kind
        from agreement a
        join member m on reported_to(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text), 'PARTNER',
                                     m.formal_region_code, m.destination_region_code, m.inflow_region_code)
        join scoped on scoped.id = m.id
       where a.id = ?)`;

  // The year's monthly scores first (points.rules.ts; published quarters stay as published), so the year score is current.
  const coveredIds = `select c.id from (with ${covered} select id from covered) c`;
  await em.execute(recomputeSql(coveredIds, { year, fromMonth: 1, toMonth: 12, fill: false }), [...scoped.params, agreement.id, ...scoped.params, agreement.id]);

  const written: { inserted: boolean; status: FeedbackStatus }[] = await em.execute(
    `with ${covered},
     tallies as (
       select r.member_id,
              count(*) filter (where organizational_life(r.kind))::int as org_life,
              count(*) filter (where r.kind = 'VOLUNTEER_SERVICE')::int as volunteer_count,
              coalesce(sum(r.hours) filter (where r.kind = 'VOLUNTEER_SERVICE'), 0) as volunteer_hours,
              count(*) filter (where r.kind = 'STUDY')::int as study_count,
              count(*) filter (where r.kind = 'PIONEER_POST')::int as pioneer_count,
              count(distinct date_trunc('month', r.occurred_on)) filter (where r.kind = 'STUDY')::int as study_months
         from activity_record r
         join covered c on c.id = r.member_id
        where r.occurred_on >= make_date(?, 1, 1) and r.occurred_on < make_date(?, 1, 1)
        group by r.member_id),
     contacts as (
       select cr.member_id,
              count(*) filter (where cr.kind = 'TALK')::int as talks,
              count(*) filter (where cr.kind = 'REMINDER_TALK')::int as reminder_talks,
              count(*) filter (where cr.kind = 'THOUGHT_REPORT')::int as thought_reports
         from contact_record cr
         join covered c on c.id = cr.member_id
        where cr.occurred_on >= make_date(?, 1, 1) and cr.occurred_on < make_date(?, 1, 1)
          and cr.kind in ('TALK', 'REMINDER_TALK', 'THOUGHT_REPORT')
        group by cr.member_id),
     -- 年考核: the base score of the version in force, plus the months and their adjustments; the items summed over the year.
     ${memberVersionCtes('select id from covered', year)},
     versions as (
       select mv.member_id, v.* from member_versions mv join points_scheme_version v on v.id = mv.version_id),
     month_items as (
       select s.member_id, i.code, i.label, i.count, i.raw, i.counted
         from monthly_score s join covered c on c.id = s.member_id
         cross join jsonb_to_recordset(s.items) as i(code text, label text, count int, raw int, counted int)
        where s.year = ?
       union all
       select s.member_id, 'ADJUSTMENT', '公示后更正', jsonb_array_length(s.adjustments), s.adjustment, s.adjustment
         from monthly_score s join covered c on c.id = s.member_id
        where s.year = ? and jsonb_array_length(s.adjustments) > 0),
     year_items as (
       select member_id, sum(counted)::int as counted,
              jsonb_agg(jsonb_build_object('code', code, 'label', label, 'count', count, 'raw', raw, 'counted', counted) order by code) as items
         from (select member_id, code, min(label) as label, sum(count)::int as count, sum(raw)::int as raw, sum(counted)::int as counted
                 from month_items group by member_id, code) per_item
        group by member_id),
     year_scores as (
       select v.member_id, (v.base_score + coalesce(y.counted, 0))::int as score, coalesce(y.items, '[]'::jsonb) as items,
              case when m.party_standing = 'PROBATIONARY' then null else ${gradeForSql('(v.base_score + coalesce(y.counted, 0))', 'v')} end as grade
         from versions v join member m on m.id = v.member_id
         left join year_items y on y.member_id = v.member_id)
     insert into annual_feedback as fb
       (member_id, year, agreement_id, recipient, from_organization_id, to_organization_id,
        org_life_attended, org_life_expected, months_under_care, volunteer_count, volunteer_hours, study_count, pioneer_count, points,
        kind, lost_contact_case_id, transferred_on, transferred_to, talks_held, reminder_talks_held, thought_reports,
        year_score, score_items, points_grade, online_study_months,
        due_on, status, version, source, created_at, updated_at)
     select c.id, ?, ?, 'PARTNER', c.inflow_organization_id, c.formal_organization_id,
            coalesce(t.org_life, 0), ${proratedExpectationSql('?::int', 'care.months')}, care.months,
            coalesce(t.volunteer_count, 0), coalesce(t.volunteer_hours, 0),
            coalesce(t.study_count, 0), coalesce(t.pioneer_count, 0), coalesce(ys.score, 0),
            c.return_kind::feedback_kind,
            (select lc.id from lost_contact_case lc where lc.member_id = c.id and lc.closed_on is null and c.return_kind = 'LOST_CONTACT'),
            case when c.return_kind = 'TRANSFERRED' then c.transferred_on end,
            case when c.return_kind = 'TRANSFERRED' then c.transferred_to end,
            coalesce(k.talks, 0), coalesce(k.reminder_talks, 0), coalesce(k.thought_reports, 0),
            ys.score, ys.items, ys.grade, coalesce(t.study_months, 0),
            ?::date, 'DRAFT', 1, 'generated', now(), now()
       from covered c
       cross join lateral (select ${monthsUnderCareSql('c.outflow_date', '?')} as months) care
       left join tallies t on t.member_id = c.id
       left join contacts k on k.member_id = c.id
       left join year_scores ys on ys.member_id = c.id
      where c.return_kind is not null
      order by c.id
     on conflict (member_id, year, agreement_id) do update set
            org_life_attended = excluded.org_life_attended, org_life_expected = excluded.org_life_expected,
            months_under_care = excluded.months_under_care, volunteer_count = excluded.volunteer_count, volunteer_hours = excluded.volunteer_hours,
            study_count = excluded.study_count, pioneer_count = excluded.pioneer_count, points = excluded.points,
            kind = excluded.kind, lost_contact_case_id = excluded.lost_contact_case_id, transferred_on = excluded.transferred_on,
            transferred_to = excluded.transferred_to, talks_held = excluded.talks_held, reminder_talks_held = excluded.reminder_talks_held,
            thought_reports = excluded.thought_reports,
            year_score = excluded.year_score, score_items = excluded.score_items, points_grade = excluded.points_grade,
            online_study_months = excluded.online_study_months,
            from_organization_id = excluded.from_organization_id, due_on = excluded.due_on,
            version = fb.version + 1, updated_at = now()
      where fb.status = 'DRAFT' and fb.recipient = 'PARTNER'
        and (fb.org_life_attended, fb.org_life_expected, fb.months_under_care, fb.volunteer_count, fb.volunteer_hours, fb.study_count,
             fb.pioneer_count, fb.points, fb.kind, fb.lost_contact_case_id, fb.transferred_on, fb.transferred_to,
             fb.talks_held, fb.reminder_talks_held, fb.thought_reports,
             fb.year_score, fb.score_items, fb.points_grade, fb.online_study_months, fb.due_on)
            is distinct from
            (excluded.org_life_attended, excluded.org_life_expected, excluded.months_under_care, excluded.volunteer_count,
             excluded.volunteer_hours, excluded.study_count, excluded.pioneer_count, excluded.points, excluded.kind,
             excluded.lost_contact_case_id, excluded.transferred_on, excluded.transferred_to,
             excluded.talks_held, excluded.reminder_talks_held, excluded.thought_reports,
             excluded.year_score, excluded.score_items, excluded.points_grade, excluded.online_study_months, excluded.due_on)
     returning (xmax = 0) as inserted, status`,
    [
      ...scoped.params,
      agreement.id,
      year,
      year + 1,
      year,
      year + 1,
      year,
      year,
      year,
      agreement.id,
      agreement.expectedOrgLifeSessions,
      deadlineOf(agreement, year),
      year,
    ],
  );

  // Every covered member gets exactly one outcome: skipped, a draft (created, refreshed or unchanged), or a return past the draft stage.
  const [summary]: { drafts: number; past: Record<string, number>; skipped: GenerateDraftsResult['skipped'] }[] = await em.execute(
    `with ${covered},
     outcomes as (
       select c.id, c.name, c.status::text as member_status, fb.status::text as status,
              c.return_kind is null as is_skipped
         from covered c
         left join annual_feedback fb on fb.member_id = c.id and fb.year = ? and fb.agreement_id = ?)
     select count(*) filter (where not is_skipped and status = 'DRAFT')::int as drafts,
            coalesce((select json_object_agg(status, n) from (select status, count(*)::int as n from outcomes
                       where not is_skipped and status <> 'DRAFT' group by status) past), '{}') as past,
            coalesce(json_agg(json_build_object('memberId', id, 'name', name, 'reason', member_status) order by id)
                     filter (where is_skipped), '[]') as skipped
       from outcomes`,
    [...scoped.params, agreement.id, year, agreement.id],
  );
  const created = written.filter((row) => row.inserted).length;
  const refreshed = written.filter((row) => !row.inserted).length;
  const pastDraft = PAST_DRAFT.map((status) => ({ status, count: summary?.past[status] ?? 0 }));
  const result: GenerateDraftsResult = {
    created,
    refreshed,
    unchanged: (summary?.drafts ?? 0) - created - refreshed,
    pastDraft,
    untouched: pastDraft.reduce((sum, row) => sum + row.count, 0),
    skipped: summary?.skipped ?? [],
  };
  await auditService.record(ctx, em, [
    { action: 'generate', entity: 'AnnualFeedback', entityId: null, changes: { agreementId: agreement.id, year, created, refreshed, unchanged: result.unchanged } },
  ]);
  return result;
}
