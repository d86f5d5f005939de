import type { EntityManager } from '@mikro-orm/postgresql';
import type { ActivityFigures, Counts, FeedbackFigures, MemberFigures } from '../../api/stats/rollups';

/**
 * The statistics as they were computed before the rollups, straight from the tables on every
 * request: the ground truth the rollups must equal. The reach is aggregate_members(), the rule the
 * figures have always been counted under; the rest is written out here on purpose.
 */

type Without<T> = Omit<T, 'asOf'>;

const CITY_OF = (column: string) =>
  `case when left(${column}, 2) in ('11', '12', '31', '50') then left(${column}, 2) || '0000' else left(${column}, 4) || '00' end`;
const CLOSED = `array['RETURNED', 'TRANSFERRED']::text[]`;
const ORGANIZATIONAL_LIFE = `array['THREE_MEETINGS_ONE_LESSON', 'THEME_PARTY_DAY', 'ORGANIZATIONAL_LIFE_MEETING']::text[]`;

const sorted = (rows: { key: string; count: number }[]): Counts =>
  Object.fromEntries(rows.filter((row) => row.count > 0).sort((a, b) => (a.key < b.key ? -1 : 1)).map((row) => [row.key, row.count]));

export async function directMemberFigures(em: EntityManager): Promise<Without<MemberFigures>> {
  const rows: { status: string; mobility: string; formal: string; destination: string }[] = await em.execute(
    `select m.status::text as status, m.mobility_type::text as mobility, ${CITY_OF('m.formal_region_code')} as formal, ${CITY_OF('m.destination_region_code')} as destination
       from aggregate_members() m`,
  );
  const tally = (pick: (row: (typeof rows)[number]) => string) =>
    sorted([...rows.reduce((map, row) => map.set(pick(row), (map.get(pick(row)) ?? 0) + 1), new Map<string, number>())].map(([key, count]) => ({ key, count })));
  return {
    total: rows.length,
    byStatus: tally((row) => row.status),
    byMobilityType: tally((row) => row.mobility),
    byFormalRegion: tally((row) => row.formal),
    byDestinationRegion: tally((row) => row.destination),
  };
}

export async function directActivityFigures(em: EntityManager, year: number, today: string): Promise<Without<ActivityFigures>> {
  const rows: { month: number; care: number | null; participants: number | null; volunteers: number | null; hours: number | null }[] = await em.execute(
    `with members as (select * from aggregate_members()),
     months as (select month from generate_series(1, 12) as month where make_date(?, month, 1) <= ?::date),
     under_care as (
       select months.month, m.id as member_id
         from months join members m on m.outflow_date < (make_date(?, months.month, 1) + interval '1 month')::date
        where m.status::text <> all(${CLOSED})),
     care as (select month, count(*)::int as care from under_care group by month),
     acts as (
       select c.month,
              count(distinct a.member_id) filter (where a.kind::text = any(${ORGANIZATIONAL_LIFE}))::int as participants,
              count(distinct a.member_id) filter (where a.kind = 'VOLUNTEER_SERVICE')::int as volunteers,
              (sum(a.hours) filter (where a.kind = 'VOLUNTEER_SERVICE'))::float as hours
         from activity_record a
         join under_care c on c.member_id = a.member_id and c.month = extract(month from a.occurred_on)::int
        where a.occurred_on >= make_date(?, 1, 1) and a.occurred_on < make_date(?, 1, 1)
        group by c.month)
     select months.month, care.care, acts.participants, acts.volunteers, acts.hours
       from months left join care using (month) left join acts using (month)
      order by months.month`,
    [year, today, year, year, year + 1],
  );
  return {
    months: rows.map((row) => ({
      month: row.month,
      membersUnderCare: row.care ?? 0,
      participants: row.participants ?? 0,
      volunteers: row.volunteers ?? 0,
      volunteerHours: row.hours ?? 0,
    })),
  };
}

export async function directFeedbackFigures(em: EntityManager, year: number): Promise<Without<FeedbackFigures>> {
  const rows: { id: number; code: string; title: string; status: string | null; count: number | null }[] = await em.execute(
    `select a.id, a.code, a.title, f.status::text as status, f.count
       from aggregate_agreements() a
       left join (select fb.agreement_id, fb.status, count(*)::int as count
                    from annual_feedback fb join aggregate_members() m on m.id = fb.member_id
                   where fb.year = ? group by fb.agreement_id, fb.status) f on f.agreement_id = a.id
      order by a.id, f.status`,
    [year],
  );
  const agreements = new Map<number, { agreementId: number; code: string; title: string; rows: { key: string; count: number }[] }>();
  for (const row of rows) {
    const entry = agreements.get(row.id) ?? { agreementId: row.id, code: row.code, title: row.title, rows: [] };
    if (row.status) entry.rows.push({ key: row.status, count: row.count ?? 0 });
    agreements.set(row.id, entry);
  }
  return { agreements: [...agreements.values()].map(({ rows: counts, ...agreement }) => ({ ...agreement, byStatus: sorted(counts) })) };
}
