import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import { memberReadScope } from '../access/scopes';
import type { Agreement } from '../agreements/agreement.entity';
import { COVERAGE_SQL } from '../agreements/coverage';
import type { RequestContext } from '../common/context';
import { chinaDate, daysBetween } from '../common/dates';
import { scopedIdsSql } from '../common/scoped-sql';
import { Member } from '../members/member.entity';
import { AnnualFeedback, type FeedbackRecipient, FeedbackStatus } from './annual-feedback.entity';
import type { FeedbackProgress } from './annual-feedback.types';
import { deadlineOf, NO_RETURN_STATUSES, REPORTED_TO } from './draft-generation';
import { feedbackReadScope } from './feedback-scope';

/**
 * Counts per state, members still missing a return, and the deadline, in three statements. With a
 * recipient, only the returns going that way (a two-way agreement has two pipelines: the host's
 * returns to the partner, and the partner's returns to the host).
 */
export async function feedbackProgress(
  ctx: RequestContext,
  em: EntityManager,
  agreement: Agreement,
  year: number,
  recipient: FeedbackRecipient | null,
): Promise<FeedbackProgress> {
  const members = scopedIdsSql(em, Member, memberReadScope(ctx.viewer) as QBFilterQuery<Member>);
  const returns = scopedIdsSql(em, AnnualFeedback, feedbackReadScope(ctx.viewer) as QBFilterQuery<AnnualFeedback>);
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
  const expected = `
    scoped as (${members.sql}),
    expected as (
      select m.id, m.name
        from agreement a
        join member m on true
        join scoped on scoped.id = m.id
        join organization f on f.id = m.formal_organization_id
        left join organization i on i.id = m.inflow_organization_id
       where a.id = ? and ${recipient ? `(${REPORTED_TO[recipient]})` : COVERAGE_SQL} and m.status::text <> all(array[?]::text[]))`;
  // "Missing" means no return the caller can see: a partner still waiting for a draft the host is writing counts it as missing.
  const missingSql = `not exists (
    select 1 from annual_feedback fb join visible on visible.id = fb.id
     where fb.member_id = expected.id and fb.year = ? and fb.agreement_id = ?
       and (?::text is null or fb.recipient::text = ?))`;
  const params = [...members.params, agreement.id, NO_RETURN_STATUSES, ...returns.params, year, agreement.id, recipient, recipient];
  const [counts]: { expected: number; missing: number }[] = await em.execute(
    `with ${expected}, visible as (${returns.sql})
     select count(*)::int as expected, count(*) filter (where ${missingSql})::int as missing from expected`,
    params,
  );
  const missing: { memberId: number; name: string }[] = await em.execute(
    `with ${expected}, visible as (${returns.sql})
     select expected.id as "memberId", expected.name from expected where ${missingSql} order by expected.id limit 100`,
    params,
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
