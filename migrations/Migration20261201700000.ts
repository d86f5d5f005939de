import { Migration } from '@mikro-orm/migrations';

/**
 * Care statistics (issue 11, dashboards): how the members under care are looked after, in
 * aggregate — who had no organisational life in the last six months. Counted per request from
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
      returns table (members_under_care int, without_org_life int)
      language sql stable security definer set search_path = public as $$
      with v as (select viewer() as v),
      -- Under care for the whole window: arrived six months ago or earlier, and not returned or transferred.
      care as (
        select m.id
          from member m, v
         where in_aggregate_reach(v.v, m.formal_region_code, m.destination_region_code, m.inflow_region_code)
           and m.status::text not in ('RETURNED', 'TRANSFERRED')
           and m.outflow_date <= (today - interval '6 months')::date)
      select count(*)::int,
             count(*) filter (where not exists (
               select 1 from activity_record a
                where a.member_id = care.id and organizational_life(a.kind)
                  and a.occurred_on > (today - interval '6 months')::date and a.occurred_on <= today))::int
        from care
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function care_figures(date);`);
  }
}
