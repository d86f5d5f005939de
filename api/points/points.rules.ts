import { EvaluationGrade } from '../common/evaluation-grade';
import type { PointsSchemeVersion } from './points.entity';

/**
 * The rules of 十二分制 points, each once: which scheme scores a member, which version is in
 * force in a year, how items, caps and thresholds turn records into scores — as SQL for the
 * set-based paths (recompute, publication, draft returns, the bench) and, where a client reads
 * it, as JavaScript beside it.
 */

/** Quarters are of the calendar year: months 1–3, 4–6, 7–9, 10–12. */
export function quarterMonths(year: number, quarter: number): string[] {
  return [0, 1, 2].map((i) => `${year}-${String((quarter - 1) * 3 + i + 1).padStart(2, '0')}-01`);
}

export function quarterOf(month: string): number {
  return Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
}

/** The grade a year score suggests under a version's thresholds. */
export function gradeFor(score: number, version: Pick<PointsSchemeVersion, 'excellentFrom' | 'qualifiedFrom' | 'basicallyQualifiedFrom'>): EvaluationGrade {
  if (score >= version.excellentFrom) return EvaluationGrade.EXCELLENT;
  if (score >= version.qualifiedFrom) return EvaluationGrade.QUALIFIED;
  if (score >= version.basicallyQualifiedFrom) return EvaluationGrade.BASICALLY_QUALIFIED;
  return EvaluationGrade.UNQUALIFIED;
}

/** {@link gradeFor} in SQL, over a score expression and a version alias. */
export function gradeForSql(score: string, version: string): string {
  return `(case when ${score} >= ${version}.excellent_from then 'EXCELLENT' when ${score} >= ${version}.qualified_from then 'QUALIFIED'
                when ${score} >= ${version}.basically_qualified_from then 'BASICALLY_QUALIFIED' else 'UNQUALIFIED' end)::evaluation_grade`;
}

/**
 * The scheme that scores a member (alias `m` of the member table): the one owned by the member's
 * formal organisation or its nearest ancestor owning one; failing that, one named in an agreement
 * covering the member (the lowest id, so the answer is always the same). Null when none applies.
 */
export function schemeOfSql(m: string): string {
  return `coalesce((select ${ownedSchemeSql('f')} from organization f where f.id = ${m}.formal_organization_id), ${agreementSchemeSql(m)})`;
}

/** The scheme owned by organisation `f` (an alias of the organization table) or its nearest ancestor owning one. */
function ownedSchemeSql(f: string): string {
  return `(select s.id from points_scheme s
            where s.owner_organization_id = ${f}.id or s.owner_organization_id = any(${f}.ancestor_ids)
            order by coalesce(array_position(${f}.ancestor_ids, s.owner_organization_id), 1000000) desc, s.id limit 1)`;
}

/** The scheme named in an agreement covering member `m` (anything with the member table's region columns), the lowest id. */
function agreementSchemeSql(m: string): string {
  return `(select s.id from points_scheme s join agreement a on a.id = s.agreement_id
            where covers(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text),
                         ${m}.formal_region_code, ${m}.destination_region_code, ${m}.inflow_region_code)
            order by s.id limit 1)`;
}

/** The version of scheme `scheme` in force in `year`: the latest made among those from that year or before. */
export function versionInForceSql(scheme: string, year: string): string {
  return `(select v.id from points_scheme_version v where v.scheme_id = ${scheme} and v.from_year <= ${year}
            order by v.from_year desc, v.number desc limit 1)`;
}

/** The organisation keeping a member's points: the inflow organisation, or the formal one when there is none. */
export const keeperSql = (m: string) => `coalesce(${m}.inflow_organization_id, ${m}.formal_organization_id)`;

/** A points cap in SQL: `x` limited in absolute value to `cap` (no limit when null). */
const capped = (x: string, cap: string) => `(case when ${cap} is null then ${x} else sign(${x})::int * least(abs(${x}), ${cap}) end)`;

export interface ScoringRange {
  year: number;
  /** Months of the year written, 1–12 inclusive. Earlier months are still read: yearly caps count from January. */
  fromMonth: number;
  toMonth: number;
  /** A row for every scored member and month, 0 when nothing counted (publication freezes those too). */
  fill: boolean;
}

/**
 * CTEs ending in `member_versions (member_id, organization_id, version_id)`: for each of the
 * members `members` (SQL yielding member ids) with a scheme, the organisation keeping its points
 * and the version of its scheme in force in `year` — the owned scheme resolved once per formal
 * organisation, the agreement's only for members without one.
 */
export function memberVersionCtes(members: string, year: number): string {
  if (!Number.isInteger(year)) throw new Error(`not a year: ${year}`);
  return `
    scored_members as (
      select m.id as member_id, ${keeperSql('m')} as organization_id, m.formal_organization_id,
             m.formal_region_code, m.destination_region_code, m.inflow_region_code
        from member m where m.id in (${members})),
    -- The scheme an organisation's members get from it or its ancestors: once per organisation, not per member.
    -- (as one JSON map, looked up per member: a join of two CTEs would be planned blind)
    owned_schemes as (
      select coalesce(jsonb_object_agg(f.id::text, ${ownedSchemeSql('f')}), '{}'::jsonb) as by_organization
        from organization f where f.id in (select distinct formal_organization_id from scored_members)),
    member_schemes as (
      select sm.member_id, sm.organization_id,
             coalesce((os.by_organization ->> sm.formal_organization_id::text)::int, ${agreementSchemeSql('sm')}) as scheme_id
        from scored_members sm cross join owned_schemes os),
    scheme_versions as (
      select x.scheme_id, ${versionInForceSql('x.scheme_id', String(year))} as version_id
        from (select distinct scheme_id from member_schemes where scheme_id is not null) x),
    member_versions as (
      select ms.member_id, ms.organization_id, sv.version_id
        from member_schemes ms join scheme_versions sv on sv.scheme_id = ms.scheme_id where sv.version_id is not null)`;
}

/**
 * The monthly scores of the members `members` (SQL yielding member ids) as CTEs ending in
 * `computed (member_id, organization_id, month, version_id, score, items)`, set-based:
 *
 * 1. each member's scheme and the version in force that year; the versions' items unpacked once;
 * 2. events: activity records of an ACTIVITY item's kind and contact records of a CONTACT item's
 *    kind (the item's value each), manual entries
 *    under a MANUAL item (their own value; adjustments are not scored, they stand beside);
 * 3. per member, item and month: the sum, capped per month; then the yearly cap applied to the
 *    running total from January, so a month counts only what is left of the year's allowance;
 * 4. per member and month: the score and the items behind it.
 */
export function scoringCtes(members: string, range: ScoringRange): string {
  const { year } = range;
  const first = `make_date(${year}, 1, 1)`;
  const end = `make_date(${year}, ${range.toMonth}, 1) + interval '1 month'`;
  const from = `make_date(${year}, ${range.fromMonth}, 1)`;
  return `
    ${memberVersionCtes(members, year)},
    version_items as (
      select v.id as version_id, i.code, i.label, i.source, i."activityKind" as activity_kind, i."contactKind" as contact_kind,
             i.value, i."monthCap" as month_cap, i."yearCap" as year_cap
        from points_scheme_version v
        cross join jsonb_to_recordset(v.items)
             as i(code text, label text, source text, "activityKind" text, "contactKind" text, value int, "monthCap" int, "yearCap" int)
       where v.id in (select distinct version_id from member_versions)),
    events as (
      select mv.member_id, mv.organization_id, vi.version_id, vi.code, date_trunc('month', r.occurred_on)::date as month, vi.value as amount
        from member_versions mv
        join activity_record r on r.member_id = mv.member_id and r.occurred_on >= ${first} and r.occurred_on < ${end}
        join version_items vi on vi.version_id = mv.version_id and vi.source = 'ACTIVITY' and vi.activity_kind = r.kind::text
      union all
      select mv.member_id, mv.organization_id, vi.version_id, vi.code, date_trunc('month', c.occurred_on)::date, vi.value
        from member_versions mv
        join contact_record c on c.member_id = mv.member_id and c.occurred_on >= ${first} and c.occurred_on < ${end}
        join version_items vi on vi.version_id = mv.version_id and vi.source = 'CONTACT' and vi.contact_kind = c.kind::text
      union all
      select mv.member_id, mv.organization_id, vi.version_id, vi.code, date_trunc('month', e.occurred_on)::date, e.value
        from member_versions mv
        join points_entry e on e.member_id = mv.member_id and not e.adjustment and e.occurred_on >= ${first} and e.occurred_on < ${end}
        join version_items vi on vi.version_id = mv.version_id and vi.source = 'MANUAL' and vi.code = e.item_code),
    item_months as (
      select ev.member_id, ev.organization_id, ev.version_id, ev.code, ev.month, count(*)::int as n, sum(ev.amount)::int as raw
        from events ev group by ev.member_id, ev.organization_id, ev.version_id, ev.code, ev.month),
    month_capped as (
      select im.*, vi.label, vi.year_cap, ${capped('im.raw', 'vi.month_cap')} as mc
        from item_months im join version_items vi on vi.version_id = im.version_id and vi.code = im.code),
    running as (
      select mc.*, sum(mc.mc) over (partition by mc.member_id, mc.code order by mc.month)::int as cum from month_capped mc),
    item_scores as (
      select r.member_id, r.organization_id, r.version_id, r.code, r.label, r.month, r.n, r.raw,
             (${capped('r.cum', 'r.year_cap')} - ${capped('(r.cum - r.mc)', 'r.year_cap')})::int as counted
        from running r where r.month >= ${from}),
    -- The rows carry what they are joined by, so no step joins two CTEs back together (their row
    -- counts are unknown to the planner, which would pair them in nested loops).
    scored as (
      select s.member_id, s.organization_id, s.month, s.version_id, sum(s.counted)::int as score,
             jsonb_agg(jsonb_build_object('code', s.code, 'label', s.label, 'count', s.n, 'raw', s.raw, 'counted', s.counted) order by s.code) as items
        from item_scores s group by s.member_id, s.organization_id, s.version_id, s.month),
    computed as (
      select sc.member_id, sc.organization_id, sc.month, sc.version_id, sc.score, sc.items from scored sc
      ${
        range.fill
          ? `union all
             select mv.member_id, mv.organization_id, g.month::date, mv.version_id, 0, '[]'::jsonb
               from member_versions mv
               cross join generate_series(${from}, make_date(${year}, ${range.toMonth}, 1), interval '1 month') as g(month)
              where (mv.member_id, g.month::date) not in (select sc.member_id, sc.month from scored sc)`
          : ''
      }),
    open_computed as (
      -- A published quarter stays as it was published.
      select c.* from computed c
       where not exists (select 1 from points_publication p
                          where p.organization_id = c.organization_id and p.year = ${year} and p.quarter = extract(quarter from c.month)::int))`;
}

/**
 * Writes the scores of `members` for the range into monthly_score, in one statement: new and
 * changed rows upserted, unpublished rows no longer backed by anything deleted, published rows
 * left alone. Running it twice changes nothing the second time.
 */
export function recomputeSql(members: string, range: ScoringRange): string {
  const from = `make_date(${range.year}, ${range.fromMonth}, 1)`;
  const end = `make_date(${range.year}, ${range.toMonth}, 1) + interval '1 month'`;
  return `with ${scoringCtes(members, range)},
    written as (
      insert into monthly_score as ms (member_id, organization_id, month, year, scheme_version_id, score, items, computed_at)
      select oc.member_id, oc.organization_id, oc.month, ${range.year}, oc.version_id, oc.score, oc.items, now() from open_computed oc
      on conflict (member_id, month) do update set
             organization_id = excluded.organization_id, scheme_version_id = excluded.scheme_version_id,
             score = excluded.score, items = excluded.items, computed_at = excluded.computed_at
       where ms.publication_id is null
         and (ms.organization_id, ms.scheme_version_id, ms.score, ms.items)
             is distinct from (excluded.organization_id, excluded.scheme_version_id, excluded.score, excluded.items)
      returning (xmax = 0) as inserted),
    removed as (
      delete from monthly_score ms
       where ms.member_id in (${members}) and ms.month >= ${from} and ms.month < ${end} and ms.publication_id is null
         and ${range.fill ? 'false' : 'true'}
         -- NOT IN over the CTE: one hashed look-up per row (an anti join planned as a nested loop costs rows × rows).
         and (ms.member_id, ms.month) not in (select c.member_id, c.month from computed c)
      returning 1)
    select (select count(*) from written where inserted)::int as created,
           (select count(*) from written where not inserted)::int as updated,
           (select count(*) from removed)::int as deleted`;
}
