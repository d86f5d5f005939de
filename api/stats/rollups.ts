import type { EntityManager } from '@mikro-orm/postgresql';
import { CLOSED_STATUSES } from '../members/member.rules';

/**
 * The figures before disclosure control, as sums over the rollup rows in the viewer's aggregate
 * reach (rollup_members() and friends, migrations/Migration20261201200000.ts). The rollups are
 * kept by the writes themselves, in their own transactions, so each figure is exact at `asOf`,
 * the moment its statement read them.
 */

/** Counts by key, for the keys that have any. */
export type Counts = Record<string, number>;

export interface MemberFigures {
  asOf: Date;
  total: number;
  byStatus: Counts;
  byMobilityType: Counts;
  /** By the city (or municipality) of the formal organisation. */
  byFormalRegion: Counts;
  byDestinationRegion: Counts;
}

export interface MonthFigures {
  month: number;
  membersUnderCare: number;
  participants: number;
  volunteers: number;
  volunteerHours: number;
}

export interface ActivityFigures {
  asOf: Date;
  /** The months of the year that have begun by `today`. */
  months: MonthFigures[];
}

export interface AgreementFigures {
  agreementId: number;
  code: string;
  title: string;
  byStatus: Counts;
}

export interface FeedbackFigures {
  asOf: Date;
  agreements: AgreementFigures[];
}

/** The city a code belongs to (municipalities such as Chongqing count as one city). */
const CITY_OF = (column: string) =>
  `case when left(${column}, 2) in ('11', '12', '31', '50') then left(${column}, 2) || '0000' else left(${column}, 4) || '00' end`;

/** When the statement began, in milliseconds: its snapshot of the rollups is from then. */
const AS_OF = `(extract(epoch from statement_timestamp()) * 1000)::float8 as as_of`;

const DIMENSIONS = ['status', 'mobility', 'formal', 'destination'] as const;

export async function memberFigures(em: EntityManager): Promise<MemberFigures> {
  const rows: { dimension: (typeof DIMENSIONS)[number] | null; key: string | null; count: number | null; as_of: number }[] = await em.execute(
    `with facts as (
       select r.status::text as status, r.mobility_type::text as mobility,
              ${CITY_OF('r.formal_region_code')} as formal, ${CITY_OF('r.destination_region_code')} as destination, r.members
         from rollup_members() r)
     select case when grouping(status) = 0 then 'status' when grouping(mobility) = 0 then 'mobility'
                 when grouping(formal) = 0 then 'formal' when grouping(destination) = 0 then 'destination' end as dimension,
            coalesce(status, mobility, formal, destination) as key, sum(members)::int as count, ${AS_OF}
       from facts
      group by grouping sets ((), (status), (mobility), (formal), (destination))`,
  );
  const counts = (dimension: (typeof DIMENSIONS)[number]): Counts =>
    Object.fromEntries(
      rows
        .filter((row) => row.dimension === dimension && row.count)
        .map((row) => [row.key!, row.count!])
        .sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );
  return {
    asOf: new Date(rows[0]!.as_of),
    total: rows.find((row) => row.dimension === null)?.count ?? 0,
    byStatus: counts('status'),
    byMobilityType: counts('mobility'),
    byFormalRegion: counts('formal'),
    byDestinationRegion: counts('destination'),
  };
}

/** Per month of `year` begun by `today`: members under care, those among them with organisational life, volunteering, and their hours. */
export async function activityFigures(em: EntityManager, year: number, today: string): Promise<ActivityFigures> {
  const rows: { month: number; care: number | null; participants: number | null; volunteers: number | null; hours: number | null; as_of: number }[] =
    await em.execute(
      `with months as (select month, make_date(?, month, 1) as first_day from generate_series(1, 12) as month where make_date(?, month, 1) <= ?::date),
       -- Under care in a month (在管党员): left on or before its last day, and still open.
       care as (
         select mo.month, sum(r.members)::int as care
           from months mo join rollup_members() r on r.outflow_month <= mo.first_day
          where r.status::text <> all(array[?]::text[])
          group by mo.month),
       -- Counted among the members under care that month, so the rate stays within 0..1.
       acts as (
         select extract(month from r.month)::int as month, sum(r.participants)::int as participants,
                sum(r.volunteers)::int as volunteers, sum(r.volunteer_hours)::float as hours
           from rollup_activity(make_date(?, 1, 1), make_date(?, 1, 1)) r
          where r.since_outflow and r.status::text <> all(array[?]::text[])
          group by 1)
       select months.month, care.care, acts.participants, acts.volunteers, acts.hours, ${AS_OF}
         from months left join care using (month) left join acts using (month)
        order by months.month`,
      [year, year, today, CLOSED_STATUSES, year, year + 1, CLOSED_STATUSES],
    );
  return {
    asOf: rows[0] ? new Date(rows[0].as_of) : await statementTime(em),
    months: rows.map((row) => ({
      month: row.month,
      membersUnderCare: row.care ?? 0,
      participants: row.participants ?? 0,
      volunteers: row.volunteers ?? 0,
      volunteerHours: row.hours ?? 0,
    })),
  };
}

/** Returns per agreement and state for a year, for the agreements the viewer's aggregates list. */
export async function feedbackFigures(em: EntityManager, year: number): Promise<FeedbackFigures> {
  const rows: { id: number; code: string; title: string; status: string | null; count: number | null; as_of: number }[] = await em.execute(
    `select a.id, a.code, a.title, f.status::text as status, f.returns::int as count, ${AS_OF}
       from aggregate_agreements() a
       left join rollup_feedback(?) f on f.agreement_id = a.id
      order by a.id, f.status`,
    [year],
  );
  const agreements = new Map<number, AgreementFigures>();
  for (const row of rows) {
    const entry = agreements.get(row.id) ?? { agreementId: row.id, code: row.code, title: row.title, byStatus: {} };
    if (row.status && row.count) entry.byStatus[row.status] = row.count;
    agreements.set(row.id, entry);
  }
  return { asOf: rows[0] ? new Date(rows[0].as_of) : await statementTime(em), agreements: [...agreements.values()] };
}

export interface CareFigures {
  asOf: Date;
  /** Members under care for the whole of the last six months (arrived six months ago or earlier, neither returned nor transferred). */
  membersUnderCare: number;
  /** Those among them with no organisational-life record in the last six months. */
  withoutOrgLife: number;
  /** Open members (not returned, transferred or being searched for) with no talk this quarter, and with none the quarter before either. */
  talksDue: number;
  talksOverdue: number;
  /** Open members with no family visit this half year. */
  familyVisitsDue: number;
  /** Lost-contact cases still open, by how long they have been: keys of CASE_AGES. */
  openCasesByAge: Counts;
}

/** How long open lost-contact cases have been open, as the keys of the breakdown. */
export const CASE_AGES = ['UNDER_1_MONTH', 'MONTHS_1_TO_3', 'MONTHS_3_TO_6', 'MONTHS_6_TO_12', 'OVER_1_YEAR'];

export interface OrganizationPointsFigures {
  organizationId: number;
  name: string;
  /** Members by the grade their score so far points to: keys of EvaluationGrade. */
  byGrade: Counts;
}

/** Members scored this year per organisation keeping their scores, by the grade it points to (points_figures(), Migration20261201700000). */
export async function pointsFigures(em: EntityManager, year: number): Promise<OrganizationPointsFigures[]> {
  const rows: { organization_id: number; organization_name: string; grade: string; members: number }[] = await em.execute(
    'select * from points_figures(?) order by organization_id, grade',
    [year],
  );
  const byOrganization = new Map<number, OrganizationPointsFigures>();
  for (const row of rows) {
    const entry = byOrganization.get(row.organization_id) ?? { organizationId: row.organization_id, name: row.organization_name, byGrade: {} };
    entry.byGrade[row.grade] = row.members;
    byOrganization.set(row.organization_id, entry);
  }
  return [...byOrganization.values()];
}

/** How the members under care in the viewer's aggregate reach are looked after, as of `today` (care_figures(), Migration20261201700000). */
export async function careFigures(em: EntityManager, today: string): Promise<CareFigures> {
  const [row]: (Record<string, number> & { as_of: number })[] = await em.execute(`select c.*, ${AS_OF} from care_figures(?::date) c`, [today]);
  const ages = [row!.cases_under_1m!, row!.cases_1_3m!, row!.cases_3_6m!, row!.cases_6_12m!, row!.cases_over_12m!];
  return {
    asOf: new Date(row!.as_of),
    membersUnderCare: row!.members_under_care!,
    withoutOrgLife: row!.without_org_life!,
    talksDue: row!.talks_due!,
    talksOverdue: row!.talks_overdue!,
    familyVisitsDue: row!.family_visits_due!,
    openCasesByAge: Object.fromEntries(CASE_AGES.map((key, i) => [key, ages[i]!])),
  };
}

/**
 * What the viewer's figures are made of, as one string: the rollups' version counters in its
 * reach and the agreements it lists. Equal strings, equal figures (for the same viewer and day).
 */
export async function rollupVersion(em: EntityManager): Promise<string> {
  const [row]: { version: string }[] = await em.execute('select rollup_version() as version');
  return row!.version;
}

async function statementTime(em: EntityManager): Promise<Date> {
  const [row]: { as_of: number }[] = await em.execute(`select ${AS_OF}`);
  return new Date(row!.as_of);
}
