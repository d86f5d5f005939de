import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import type { Agreement } from '../agreements/agreement.entity';
import { isInForceDuring } from '../agreements/agreement.rules';
import { returnRecipients } from '../common/agreement-sides';
import type { RequestContext } from '../common/context';
import { chinaDate, daysBetween } from '../common/dates';
import { scopedIdsSql } from '../common/scoped-sql';
import { Member } from '../members/member.entity';
import { memberPolicy } from '../members/member.policy';
import { AnnualFeedback, FeedbackRecipient, FeedbackStatus } from './annual-feedback.entity';
import { feedbackPolicy } from './annual-feedback.policy';
import type { FeedbackDirectionProgress, FeedbackProgress, MissingMember, StatusCount } from './annual-feedback.types';
import { deadlineOf, returnKindSql } from './draft-generation';
import { overdueSql } from './feedback.rules';

const STATUSES = Object.values(FeedbackStatus);
const MISSING_LISTED = 100;

/**
 * Where the year's returns of an agreement stand, per direction (a two-way agreement has two
 * pipelines: the host's returns to the partner, and the partner's returns to the host) and in sum,
 * in two statements: the counts, and the names of the first missing members.
 *
 * Who is expected is an aggregate over the agreement's members within the caller's reach
 * (aggregate_members(): a partner counts all its covered members, not only those it may read), and
 * no one while the agreement is not in force during the year; returns are counted under the
 * feedback policy (what the caller can see); the names of the missing come from the members the
 * caller may read. Per direction, expected + notExpected = Σ byStatus + missingCount.
 */
export async function feedbackProgress(
  ctx: RequestContext,
  em: EntityManager,
  agreement: Agreement,
  year: number,
  recipient: FeedbackRecipient | null,
): Promise<FeedbackProgress> {
  const today = chinaDate(ctx.now);
  const deadline = deadlineOf(agreement, year);
  const inForce = isInForceDuring(agreement, year);
  const recipients = (returnRecipients(agreement.direction) as FeedbackRecipient[]).filter((r) => recipient === null || r === recipient);

  const directions = recipients.length ? await countDirections(ctx, em, agreement, year, recipients, inForce, today) : [];
  const sum = (pick: (direction: FeedbackDirectionProgress) => number) => directions.reduce((total, direction) => total + pick(direction), 0);
  return {
    agreementId: agreement.id,
    year,
    recipient,
    inForce,
    directions,
    expected: sum((direction) => direction.expected),
    byStatus: STATUSES.map((status) => ({ status, count: sum((direction) => direction.byStatus.find((row) => row.status === status)!.count) })),
    notExpected: sum((direction) => direction.notExpected),
    missingCount: sum((direction) => direction.missingCount),
    missing: directions
      .flatMap((direction) => direction.missing)
      .sort((a, b) => a.memberId - b.memberId)
      .slice(0, MISSING_LISTED),
    deadline,
    daysToDeadline: daysBetween(today, deadline),
    overdue: sum((direction) => direction.overdue),
  };
}

async function countDirections(
  ctx: RequestContext,
  em: EntityManager,
  agreement: Agreement,
  year: number,
  recipients: FeedbackRecipient[],
  inForce: boolean,
  today: string,
): Promise<FeedbackDirectionProgress[]> {
  const visible = scopedIdsSql(em, AnnualFeedback, feedbackPolicy.read(ctx.viewer) as QBFilterQuery<AnnualFeedback>);
  const readable = scopedIdsSql(em, Member, memberPolicy.read(ctx.viewer) as QBFilterQuery<Member>);
  // reported_to() is the coverage rule as the database states it, one direction at a time.
  const common = `
    sides as (select agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text) as sides from agreement a where a.id = ?),
    directions as (select unnest(array[?]::text[]) as recipient),
    expected as (
      select d.recipient, m.id
        from aggregate_members() m, sides, directions d
       where ?::boolean
         and reported_to(sides.sides, d.recipient, m.formal_region_code, m.destination_region_code, m.inflow_region_code)
         -- Returns to the partner come in kinds (失联, 已转出); the partner's own returns are ordinary only (batch-submission.ts).
         and ${returnKindSql('m', '?::int')} = any(case when d.recipient = 'PARTNER' then array['ORDINARY', 'LOST_CONTACT', 'TRANSFERRED'] else array['ORDINARY'] end)),
    visible as (${visible.sql}),
    returns as (
      select fb.member_id, fb.recipient::text as recipient, fb.status::text as status,
             ${overdueSql('fb', '?::date')} as overdue
        from annual_feedback fb join visible on visible.id = fb.id
       where fb.agreement_id = ? and fb.year = ? and fb.recipient::text in (select recipient from directions)),
    missing as (
      select e.recipient, e.id from expected e
       where not exists (select 1 from returns r where r.member_id = e.id and r.recipient = e.recipient))`;
  const params = [agreement.id, recipients, inForce, year, ...visible.params, today, agreement.id, year];

  const counts: { kind: 'returns' | 'expected' | 'missing'; recipient: string; status: string | null; count: number; overdue: number; not_expected: number }[] =
    await em.execute(
      `with ${common}
       select 'returns' as kind, r.recipient, r.status, count(*)::int as count, count(*) filter (where r.overdue)::int as overdue,
              count(*) filter (where not exists (select 1 from expected e where e.id = r.member_id and e.recipient = r.recipient))::int as not_expected
         from returns r group by r.recipient, r.status
       union all
       select 'expected', e.recipient, null, count(*)::int, 0, 0 from expected e group by e.recipient
       union all
       select 'missing', m.recipient, null, count(*)::int, 0, 0 from missing m group by m.recipient`,
    params,
  );
  const names: (MissingMember & { recipient: string })[] = await em.execute(
    `with ${common}, readable as (${readable.sql})
     select recipient, "memberId", name from (
       select missing.recipient, m.id as "memberId", m.name, row_number() over (partition by missing.recipient order by m.id) as n
         from missing join member m on m.id = missing.id join readable on readable.id = m.id) ranked
      where n <= ${MISSING_LISTED}
      order by "memberId"`,
    [...params, ...readable.params],
  );

  return recipients.map((recipient) => {
    const rows = counts.filter((row) => row.recipient === recipient);
    const returns = rows.filter((row) => row.kind === 'returns');
    const byStatus: StatusCount[] = STATUSES.map((status) => ({ status, count: returns.find((row) => row.status === status)?.count ?? 0 }));
    return {
      recipient,
      visibleStatuses: feedbackPolicy.visibleStatuses(ctx.viewer, recipient),
      expected: rows.find((row) => row.kind === 'expected')?.count ?? 0,
      byStatus,
      notExpected: returns.reduce((sum, row) => sum + row.not_expected, 0),
      missingCount: rows.find((row) => row.kind === 'missing')?.count ?? 0,
      missing: names.filter((row) => row.recipient === recipient).map(({ memberId, name }) => ({ memberId, name })),
      overdue: returns.reduce((sum, row) => sum + row.overdue, 0),
    };
  });
}
