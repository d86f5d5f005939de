import type { FilterQuery } from '@mikro-orm/core';
import type { Member } from '../members/member.entity';
import { type AnnualFeedback, FeedbackStatus } from './annual-feedback.entity';

/**
 * The rules of year-end returns, each once: a JavaScript function for what a client reads and,
 * beside it, the SQL (or filter) of the same rule for the set-based paths that must agree with it.
 */

// ── Prorating: expectations for the months under care ─────────────────────────────────────────

/** The months of a year. */
export const MONTHS_IN_YEAR = 12;

/**
 * The months of `year` the member was under care in the inflow city: from the month of the
 * outflow date (the day the member left the formal branch), that month counted whole, to the
 * end of the year. 12 when the member left before the year, 0 when after it.
 *
 * The ledger records no date of return or transfer (only the status), so a member who has since
 * come back or moved the relationship counts until the end of the year; transferred and
 * lost-contact members get no ordinary return anyway.
 */
export function monthsUnderCare(member: Pick<Member, 'outflowDate'>, year: number): number {
  const [outflowYear, outflowMonth] = member.outflowDate.split('-').map(Number) as [number, number];
  const months = MONTHS_IN_YEAR * (year + 1) - (MONTHS_IN_YEAR * outflowYear + outflowMonth) + 1;
  return Math.min(MONTHS_IN_YEAR, Math.max(0, months));
}

/** {@link monthsUnderCare} in SQL, over a date expression and an integer year expression. */
export function monthsUnderCareSql(outflowDate: string, year: string): string {
  return `least(${MONTHS_IN_YEAR}, greatest(0, ${MONTHS_IN_YEAR} * ((${year})::int + 1)
            - (${MONTHS_IN_YEAR} * extract(year from ${outflowDate})::int + extract(month from ${outflowDate})::int) + 1))`;
}

/**
 * What is expected of a member under care for `months` of the year, when the agreement expects
 * `expectedPerYear` for a whole year: rounded up, ceil(expected × months / 12), so that a member
 * under care for any part of the year is expected at least one session when the year asks for any
 * (September to December of 12: 4; of 10: ceil(3.33) = 4).
 */
export function proratedExpectation(expectedPerYear: number, months: number): number {
  return Math.ceil((expectedPerYear * months) / MONTHS_IN_YEAR);
}

/** {@link proratedExpectation} in SQL, in integer arithmetic (both expressions are non-negative integers). */
export function proratedExpectationSql(expectedPerYear: string, months: string): string {
  return `(((${expectedPerYear}) * (${months}) + ${MONTHS_IN_YEAR - 1}) / ${MONTHS_IN_YEAR})`;
}

// ── Overdue ───────────────────────────────────────────────────────────────────────────────────

/** The states in which a return has not yet reached the other side: overdue after its deadline. */
export const NOT_DELIVERED = [FeedbackStatus.DRAFT, FeedbackStatus.SUBMITTED];

/** Past its deadline (`today` is China's calendar date) and not yet delivered. */
export function isOverdue(row: Pick<AnnualFeedback, 'status' | 'dueOn'>, today: string): boolean {
  return NOT_DELIVERED.includes(row.status) && row.dueOn < today;
}

/** {@link isOverdue} as a condition on the annual_feedback table, and its negation. */
export function overdueCondition(today: string): FilterQuery<AnnualFeedback> {
  return { dueOn: { $lt: today }, status: { $in: NOT_DELIVERED } };
}
export function notOverdueCondition(today: string): FilterQuery<AnnualFeedback> {
  return { $or: [{ dueOn: { $gte: today } }, { status: { $nin: NOT_DELIVERED } }] };
}

/** {@link isOverdue} in SQL, over a row alias and a date parameter expression. */
export function overdueSql(alias: string, today: string): string {
  return `(${alias}.due_on < ${today} and ${alias}.status::text in (${NOT_DELIVERED.map((status) => `'${status}'`).join(', ')}))`;
}

// ── Warning thresholds ────────────────────────────────────────────────────────────────────────

/**
 * 优秀 is normally at most one third of a branch's evaluated members (DESIGN §3): of all the
 * branch's returns of the year, not only of those that already carry a suggested grade.
 */
export const EXCELLENT_SHARE_LIMIT = 1 / 3;

export function excellentShareExceeded(share: { excellent: number; returns: number }): boolean {
  return share.returns > 0 && share.excellent / share.returns > EXCELLENT_SHARE_LIMIT;
}

/** Little organisational life: fewer than half the sessions expected (expected being prorated already). */
export const LOW_ORGANIZATIONAL_LIFE_SHARE = 1 / 2;

export function isLowOrganizationalLife(row: Pick<AnnualFeedback, 'orgLifeAttended' | 'orgLifeExpected'>): boolean {
  return row.orgLifeExpected > 0 && row.orgLifeAttended < row.orgLifeExpected * LOW_ORGANIZATIONAL_LIFE_SHARE;
}

// ── The grade the points suggest ──────────────────────────────────────────────────────────────

/**
 * A suggested grade other than the one the points scheme's thresholds give (年考核), with no
 * reason written down: the evaluation may differ from the points, but not silently.
 */
export function gradeDiffersUnexplained(row: Pick<AnnualFeedback, 'suggestedGrade' | 'pointsGrade' | 'gradeReason'>): boolean {
  return Boolean(row.pointsGrade && row.suggestedGrade && row.suggestedGrade !== row.pointsGrade && !row.gradeReason?.trim());
}
