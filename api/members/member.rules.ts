import type { FilterQuery } from '@mikro-orm/core';
import { addMonths, chinaDate, monthsBetween } from '../common/dates';
import { type Member, MemberStatus, MobilityType, TransferDueReason } from './member.entity';

/**
 * The ledger's rules, each once: a JavaScript predicate for the field a client reads and an SQL
 * condition for the filter of the same name, built from the same constants side by side.
 */

/** Six months or more at a fixed place: the formal relationship should move (应转尽转). */
export const TRANSFER_DUE_MONTHS = 6;
/** Students and graduates may keep the relationship where it is for up to two years. */
export const STUDY_KEEP_MONTHS = 24;
/** The ledger is refreshed monthly (一月一更新); older entries are flagged. */
export const LEDGER_STALE_DAYS = 31;
/** Statuses in which a member is no longer away under our care. */
export const CLOSED_STATUSES = [MemberStatus.RETURNED, MemberStatus.TRANSFERRED];
/** Long-term moves to a fixed place; study has its own term, temporary moves never transfer. */
export const LONG_TERM_MOBILITY = [MobilityType.EMPLOYMENT, MobilityType.SETTLEMENT];
/** GB/T 2260 codes outside the mainland: Taiwan (71), Hong Kong (81), Macao (82). */
export const OUTSIDE_MAINLAND = /^(71|81|82)/;
/** The reasons that make a member transfer-due; every other reason names an exception. */
export const DUE_REASONS = [TransferDueReason.FIXED_PLACE_SIX_MONTHS, TransferDueReason.STUDY_OVER_TWO_YEARS];

/** What the 应转尽转 rule reads of a member. */
export const TRANSFER_FACTS = ['outflowDate', 'status', 'mobilityType', 'abroad', 'destinationRegionCode'] as const;
type TransferFacts = Pick<Member, (typeof TRANSFER_FACTS)[number]>;

export function monthsAway(member: Pick<Member, 'outflowDate'>, now: Date): number {
  return monthsBetween(member.outflowDate, chinaDate(now));
}

export function isAbroad(member: Pick<Member, 'abroad' | 'destinationRegionCode'>): boolean {
  return member.abroad || OUTSIDE_MAINLAND.test(member.destinationRegionCode);
}

/**
 * 应转尽转, with its exceptions, in this order: a closed record; abroad (keeps the relationship,
 * contact every half year); temporary movers (流动党员活动证); study (two years); then six months
 * for long-term movers at a fixed place.
 */
export function transferDueReason(member: TransferFacts, now: Date): TransferDueReason {
  if (CLOSED_STATUSES.includes(member.status)) return TransferDueReason.CLOSED;
  if (isAbroad(member)) return TransferDueReason.ABROAD;
  if (member.mobilityType === MobilityType.TEMPORARY) return TransferDueReason.TEMPORARY;
  const months = monthsAway(member, now);
  if (member.mobilityType === MobilityType.STUDY) {
    return months >= STUDY_KEEP_MONTHS ? TransferDueReason.STUDY_OVER_TWO_YEARS : TransferDueReason.STUDY_WITHIN_TWO_YEARS;
  }
  return months >= TRANSFER_DUE_MONTHS ? TransferDueReason.FIXED_PLACE_SIX_MONTHS : TransferDueReason.UNDER_SIX_MONTHS;
}

export function isTransferDue(member: TransferFacts, now: Date): boolean {
  return DUE_REASONS.includes(transferDueReason(member, now));
}

/** {@link isTransferDue} as a condition on the member table (every column involved is NOT NULL). */
export function transferDueCondition(now: Date): FilterQuery<Member> {
  const today = chinaDate(now);
  return {
    status: { $nin: CLOSED_STATUSES },
    abroad: false,
    $not: { destinationRegionCode: { $re: OUTSIDE_MAINLAND.source } },
    $or: [
      { mobilityType: { $in: LONG_TERM_MOBILITY }, outflowDate: { $lte: addMonths(today, -TRANSFER_DUE_MONTHS) } },
      { mobilityType: MobilityType.STUDY, outflowDate: { $lte: addMonths(today, -STUDY_KEEP_MONTHS) } },
    ],
  } as FilterQuery<Member>;
}

/** Not confirmed for more than 31 days, and still open: a returned or transferred record is not stale. */
export function isLedgerStale(member: Pick<Member, 'ledgerUpdatedAt' | 'status'>, now: Date): boolean {
  return !CLOSED_STATUSES.includes(member.status) && now.getTime() - member.ledgerUpdatedAt.getTime() > LEDGER_STALE_DAYS * 86_400_000;
}

/** {@link isLedgerStale} as a condition on the member table. */
export function ledgerStaleCondition(now: Date): FilterQuery<Member> {
  return { ledgerUpdatedAt: { $lt: new Date(now.getTime() - LEDGER_STALE_DAYS * 86_400_000) }, status: { $nin: CLOSED_STATUSES } };
}
