import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import type { Agreement } from '../agreements/agreement.entity';
import type { RequestContext } from '../common/context';
import { chinaDate, daysBetween } from '../common/dates';
import { scopedIdsSql } from '../common/scoped-sql';
import { Member } from '../members/member.entity';
import { memberPolicy } from '../members/member.policy';
import { AnnualFeedback, type FeedbackRecipient, FeedbackStatus } from './annual-feedback.entity';
import { feedbackPolicy } from './annual-feedback.policy';
import type { FeedbackProgress } from './annual-feedback.types';
import { deadlineOf, NO_RETURN_STATUSES } from './draft-generation';

/**
 * Counts per state, members still missing a return, and the deadline, in three statements. With a
 * recipient, only the returns going that way (a two-way agreement has two pipelines: the host's
 * returns to the partner, and the partner's returns to the host).
 *
 * Who is expected is an aggregate over the agreement's members within the caller's reach
 * (aggregate_members(): a partner counts all its covered members, not only those it may read);
 * the names of the missing come from the members the caller may read.
 */
export async function feedbackProgress(
  ctx: RequestContext,
  em: EntityManager,
  agreement: Agreement,
  year: number,
  recipient: FeedbackRecipient | null,
): Promise<FeedbackProgress> {
  const returns = scopedIdsSql(em, AnnualFeedback, feedbackPolicy.read(ctx.viewer) as QBFilterQuery<AnnualFeedback>);
  const readable = scopedIdsSql(em, Member, memberPolicy.read(ctx.viewer) as QBFilterQuery<Member>);
  const today = chinaDate(ctx.now);
  const deadline = deadlineOf(agreement, year);

  const byStatus: { status: FeedbackStatus; count: number; overdue: number }[] = await em.execute(
    `with visible as (${returns.sql})
     select fb.status, count(*)::int as count,
            count(*) filter (where fb.due_on < ?::date and fb.status in ('DRAFT', 'SUBMITTED'))::int as overdue
       from annual_feedback fb join visible on visible.id = fb.id
      where fb.agreement_id = ? and fb.year = ? and (?::text is null or fb.recipient::text = ?)
      group by fb.status`,
    [...returns.params, today, agreement.id, year, recipient, recipient],
  );
  // reported_to() and covers() are the coverage rule as the database states it.
  const expected = `
    sides as (select agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text) as sides from agreement a where a.id = ?),
    expected as (
      select m.id
        from aggregate_members() m, sides
       where (case when ?::text is null then covers(sides.sides, m.formal_region_code, m.destination_region_code, m.inflow_region_code)
                   else reported_to(sides.sides, ?::text, m.formal_region_code, m.destination_region_code, m.inflow_region_code) end)
         and m.status::text <> all(array[?]::text[])),
    visible as (${returns.sql}),
    missing as (
      select expected.id from expected
       where not exists (
         select 1 from annual_feedback fb join visible on visible.id = fb.id
          where fb.member_id = expected.id and fb.year = ? and fb.agreement_id = ?
            and (?::text is null or fb.recipient::text = ?)))`;
  const params = [agreement.id, recipient, recipient, NO_RETURN_STATUSES, ...returns.params, year, agreement.id, recipient, recipient];
  const [counts]: { expected: number; missing: number }[] = await em.execute(
    `with ${expected} select (select count(*) from expected)::int as expected, (select count(*) from missing)::int as missing`,
    params,
  );
  const missing: { memberId: number; name: string }[] = await em.execute(
    `with ${expected}, readable as (${readable.sql})
     select m.id as "memberId", m.name from missing join member m on m.id = missing.id join readable on readable.id = m.id
      order by m.id limit 100`,
    [...params, ...readable.params],
  );

  return {
    agreementId: agreement.id,
    year,
    recipient,
    expected: counts?.expected ?? 0,
    byStatus: Object.values(FeedbackStatus).map((status) => ({ status, count: byStatus.find((row) => row.status === status)?.count ?? 0 })),
    missingCount: counts?.missing ?? 0,
    missing,
    deadline,
    daysToDeadline: daysBetween(today, deadline),
    overdue: byStatus.reduce((sum, row) => sum + row.overdue, 0),
  };
}
