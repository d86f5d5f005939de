import { addMonths, chinaDate, monthsBetween } from '../common/dates';
import { type Member, MemberStatus } from './member.entity';

/** Six months or more at a fixed place: the formal relationship should move (应转尽转). */
export const TRANSFER_DUE_MONTHS = 6;
/** The ledger is refreshed monthly (一月一更新); older entries are flagged. */
export const LEDGER_STALE_DAYS = 31;
/** Statuses in which a member is no longer away under our care. */
export const CLOSED_STATUSES = [MemberStatus.RETURNED, MemberStatus.TRANSFERRED];

export function monthsAway(member: Pick<Member, 'outflowDate'>, now: Date): number {
  return monthsBetween(member.outflowDate, chinaDate(now));
}

export function isTransferDue(member: Pick<Member, 'outflowDate' | 'status'>, now: Date): boolean {
  return !CLOSED_STATUSES.includes(member.status) && monthsAway(member, now) >= TRANSFER_DUE_MONTHS;
}

export function isLedgerStale(member: Pick<Member, 'ledgerUpdatedAt'>, now: Date): boolean {
  return now.getTime() - member.ledgerUpdatedAt.getTime() > LEDGER_STALE_DAYS * 86_400_000;
}

/** The latest outflow date that makes a member transfer-due today. */
export function transferDueCutoff(now: Date): string {
  return addMonths(chinaDate(now), -TRANSFER_DUE_MONTHS);
}

export function ledgerStaleCutoff(now: Date): Date {
  return new Date(now.getTime() - LEDGER_STALE_DAYS * 86_400_000);
}

