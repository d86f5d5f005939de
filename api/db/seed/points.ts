import type { EntityManager } from '@mikro-orm/postgresql';
import { ActivityKind } from '../../activities/activity-record.entity';
import { chinaDate } from '../../common/dates';
import { ContactKind } from '../../contacts/contact-record.entity';
import { PointsItemSource, type PointsItem } from '../../points/points.entity';
import { keeperSql, quarterMonths, recomputeSql } from '../../points/points.rules';

/** The demo's 十二分制: organisational life, online study and thought reports add, absence and silence deduct, merit adds up to 3 a year. */
export const TWELVE_POINT_ITEMS: PointsItem[] = [
  { code: 'ORG_LIFE', label: '按时参加组织生活', source: PointsItemSource.ACTIVITY, activityKind: ActivityKind.THREE_MEETINGS_ONE_LESSON, value: 1, monthCap: 1, yearCap: null },
  { code: 'THEME_DAY', label: '参加主题党日', source: PointsItemSource.ACTIVITY, activityKind: ActivityKind.THEME_PARTY_DAY, value: 1, monthCap: 1, yearCap: null },
  { code: 'STUDY', label: '参加网上学习交流', source: PointsItemSource.ACTIVITY, activityKind: ActivityKind.STUDY, value: 1, monthCap: 1, yearCap: 6 },
  { code: 'VOLUNTEER', label: '参加志愿服务', source: PointsItemSource.ACTIVITY, activityKind: ActivityKind.VOLUNTEER_SERVICE, value: 1, monthCap: 2, yearCap: 6 },
  { code: 'THOUGHT_REPORT', label: '按时报送思想汇报', source: PointsItemSource.CONTACT, contactKind: ContactKind.THOUGHT_REPORT, value: 1, monthCap: 1, yearCap: null },
  { code: 'ABSENT', label: '无故不参加组织生活', source: PointsItemSource.MANUAL, activityKind: null, value: -2, monthCap: null, yearCap: null },
  { code: 'NO_REPORT', label: '未按要求报告去向或思想情况', source: PointsItemSource.MANUAL, activityKind: null, value: -1, monthCap: null, yearCap: null },
  { code: 'MERIT', label: '表现突出、受到表扬', source: PointsItemSource.MANUAL, activityKind: null, value: 1, monthCap: null, yearCap: 3 },
];

const ENTRY_REASONS: [code: string, reason: string][] = [
  ['ABSENT', '三月主题党日无故缺席，经提醒谈话后已说明情况'],
  ['NO_REPORT', '连续两个月未报告流动去向'],
  ['MERIT', '参加社区防汛志愿服务表现突出，受到街道通报表扬'],
  ['MERIT', '在企业党员先锋岗评选中获评优秀'],
  ['ABSENT', '组织生活会无故缺席'],
  ['NO_REPORT', '未按期提交思想汇报'],
];

/** The last quarter wholly before `today`. */
function lastCompleteQuarter(today: string): { year: number; quarter: number } {
  const year = Number(today.slice(0, 4));
  const current = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return current === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: current - 1 };
}

/**
 * Points of the demo (issue 11): a 十二分制 scheme owned by each partner city's committee (the
 * outflow side), manual entries with their reasons for a few members, this year's monthly scores,
 * and the last complete quarter published for the inflow organisation keeping the most members.
 * Runs as the owner inside the seed's transaction; deterministic for a given `today`.
 */
export async function seedPoints(em: EntityManager, organizationsByCode: Map<string, { id: number }>, now: Date): Promise<{ schemes: number; entries: number; published: number }> {
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const owners = ['CQ', 'DY', 'MS', 'ZY'].map((code) => organizationsByCode.get(code)?.id).filter((id): id is number => id !== undefined);
  for (const owner of owners) {
    const [scheme] = await em.execute<{ id: number }[]>(`insert into points_scheme (name, owner_organization_id) values ('十二分制', ?) returning id`, [owner]);
    await em.execute(
      `insert into points_scheme_version (scheme_id, number, from_year, base_score, items, excellent_from, qualified_from, basically_qualified_from, created_by)
       values (?, 1, ?, 12, ?::jsonb, 20, 10, 6, 'seed')`,
      [scheme!.id, year - 1, JSON.stringify(TWELVE_POINT_ITEMS)],
    );
  }
  // Entries for the first members (by id) under a scheme, one a month in the months already past.
  const scored: { id: number; organization_id: number }[] = await em.execute(
    `select m.id, ${keeperSql('m')} as organization_id from member m join organization f on f.id = m.formal_organization_id
      where f.ancestor_ids && array[?]::int[] or f.id = any(array[?]::int[]) order by m.id limit ?`,
    [owners, owners, ENTRY_REASONS.length],
  );
  const lastMonth = Number(today.slice(5, 7));
  const entries = scored.map((member, i) => {
    const month = Math.max(1, Math.min(lastMonth - 1, 1 + ((i * 2) % 9)));
    const [code, reason] = ENTRY_REASONS[i]!;
    const value = TWELVE_POINT_ITEMS.find((item) => item.code === code)!.value;
    return { member_id: member.id, organization_id: member.organization_id, occurred_on: `${year}-${String(month).padStart(2, '0')}-15`, item_code: code, value, reason };
  });
  if (entries.length) {
    await em.execute(
      `insert into points_entry (member_id, organization_id, occurred_on, item_code, value, reason, created_by)
       select member_id, organization_id, occurred_on, item_code, value, reason, 'seed'
         from jsonb_to_recordset(?::jsonb) as e(member_id int, organization_id int, occurred_on date, item_code text, value int, reason text)`,
      [JSON.stringify(entries)],
    );
  }
  await em.execute(recomputeSql('select id from member', { year, fromMonth: 1, toMonth: 12, fill: false }));

  const { year: publishedYear, quarter } = lastCompleteQuarter(today);
  const [keeper] = await em.execute<{ organization_id: number }[]>(
    `select organization_id from monthly_score where year = ? group by organization_id order by count(distinct member_id) desc, organization_id limit 1`,
    [publishedYear],
  );
  if (!keeper) return { schemes: owners.length, entries: entries.length, published: 0 };
  const kept = `select m.id from member m where ${keeperSql('m')} = ${Number(keeper.organization_id)}`;
  await em.execute(recomputeSql(kept, { year: publishedYear, fromMonth: (quarter - 1) * 3 + 1, toMonth: quarter * 3, fill: true }));
  const months = quarterMonths(publishedYear, quarter);
  const [publication] = await em.execute<{ id: number }[]>(
    `insert into points_publication (organization_id, year, quarter, published_at, published_by, score_count)
     values (?, ?, ?, ?, '演示数据',
             (select count(*) from monthly_score where organization_id = ? and month = any(array[?]::date[])))
     returning id`,
    [keeper.organization_id, publishedYear, quarter, new Date(`${today}T02:00:00Z`).toISOString(), keeper.organization_id, months],
  );
  const frozen = await em.execute<{ id: number }[]>(
    `update monthly_score set publication_id = ? where organization_id = ? and month = any(array[?]::date[]) returning id`,
    [publication!.id, keeper.organization_id, months],
  );
  return { schemes: owners.length, entries: entries.length, published: frozen.length };
}
