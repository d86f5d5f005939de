import { Migration } from '@mikro-orm/migrations';

/**
 * Care statistics (issue 11, dashboards): how the members under care are looked after, in
 * aggregate — who had no organisational life in the last six months, talks and family visits due
 * (一对一联), lost-contact cases still open by age, and the grades the points suggest so far this
 * year per organisation. Counted per request from
 * the ledger (not a rollup): a member's last organisational life is a fact about a date window
 * that moves every day, which the monthly rollups cannot answer (a distinct count over six months
 * is not the sum of six monthly ones). The member scan is bounded by the viewer's aggregate reach
 * and each look-up uses activity_record (member_id, occurred_on).
 *
 * Same reach as the rollups (in_aggregate_reach: an admin's region, a token's agreement, a
 * dashboard token's issuer), as the table's owner so that no row leaves the function.
 */
export class Migration20261201700000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function care_figures(today date)
      returns table (members_under_care int, without_org_life int, talks_due int, talks_overdue int, family_visits_due int,
                     open_cases int, cases_under_1m int, cases_1_3m int, cases_3_6m int, cases_6_12m int, cases_over_12m int)
      language sql stable security definer set search_path = public as $$
      with v as (select viewer() as v),
      reach as (
        select m.id, m.status, m.outflow_date
          from member m, v
         where in_aggregate_reach(v.v, m.formal_region_code, m.destination_region_code, m.inflow_region_code)),
      -- Under care for the whole window: arrived six months ago or earlier, and not returned or transferred.
      care as (
        select r.id from reach r
         where r.status::text not in ('RETURNED', 'TRANSFERRED') and r.outflow_date <= (today - interval '6 months')::date),
      -- Whom 一对一联 is owed (the members' talkDue and familyVisitDue flags, contact.rules.ts): open and not being searched for.
      contactable as (
        select r.id,
               (select max(cr.occurred_on) from contact_record cr
                 where cr.member_id = r.id and cr.kind in ('TALK', 'REMINDER_TALK')) as last_talk,
               (select max(cr.occurred_on) from contact_record cr
                 where cr.member_id = r.id and cr.kind = 'FAMILY_VISIT') as last_visit
          from reach r
         where r.status::text not in ('RETURNED', 'TRANSFERRED', 'LOST_CONTACT')),
      cases as (
        select today - c.opened_on as days
          from lost_contact_case c join reach r on r.id = c.member_id
         where c.closed_on is null)
      select (select count(*)::int from care),
             (select count(*)::int from care where not exists (
                select 1 from activity_record a
                 where a.member_id = care.id and organizational_life(a.kind)
                   and a.occurred_on > (today - interval '6 months')::date and a.occurred_on <= today)),
             -- 一季度一谈心: no talk yet this quarter; overdue: none in the last quarter either.
             (select count(*)::int from contactable where last_talk is null or last_talk < date_trunc('quarter', today)::date),
             (select count(*)::int from contactable where last_talk is null or last_talk < (date_trunc('quarter', today) - interval '3 months')::date),
             -- A family visit every half year.
             (select count(*)::int from contactable
               where last_visit is null or last_visit < make_date(extract(year from today)::int, case when extract(month from today) <= 6 then 1 else 7 end, 1)),
             (select count(*)::int from cases),
             (select count(*)::int from cases where days < 30),
             (select count(*)::int from cases where days >= 30 and days < 91),
             (select count(*)::int from cases where days >= 91 and days < 182),
             (select count(*)::int from cases where days >= 182 and days < 365),
             (select count(*)::int from cases where days >= 365)
    $$;`);

    // 十二分制 so far this year, per organisation that keeps the scores: members by the grade their
    // score points to (base score + the months and their adjustments, the thresholds of the version
    // of their latest month). Probationary members are not graded. A token counts published months only.
    this.addSql(`create function points_figures(for_year int)
      returns table (organization_id int, organization_name text, grade text, members int)
      language sql stable security definer set search_path = public as $$
      with v as (select viewer() as v),
      reach as (
        select m.id
          from member m, v
         where in_aggregate_reach(v.v, m.formal_region_code, m.destination_region_code, m.inflow_region_code)
           and m.party_standing <> 'PROBATIONARY'),
      totals as (
        select s.member_id,
               (array_agg(s.organization_id order by s.month desc))[1] as organization_id,
               (array_agg(s.scheme_version_id order by s.month desc))[1] as version_id,
               sum(s.score + s.adjustment)::int as counted
          from monthly_score s join reach r on r.id = s.member_id, v
         where s.year = for_year and (v.v->>'kind' = 'admin' or s.publication_id is not null)
         group by s.member_id)
      select t.organization_id, o.name::text,
             case when sv.base_score + t.counted >= sv.excellent_from then 'EXCELLENT'
                  when sv.base_score + t.counted >= sv.qualified_from then 'QUALIFIED'
                  when sv.base_score + t.counted >= sv.basically_qualified_from then 'BASICALLY_QUALIFIED'
                  else 'UNQUALIFIED' end,
             count(*)::int
        from totals t
        join points_scheme_version sv on sv.id = t.version_id
        join organization o on o.id = t.organization_id
       group by 1, 2, 3
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function points_figures(int);`);
    this.addSql(`drop function care_figures(date);`);
  }
}
