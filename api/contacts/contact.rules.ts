import { chinaDate } from '../common/dates';
import { MemberStatus } from '../members/member.entity';
import { CLOSED_STATUSES } from '../members/member.rules';
import { ContactKind } from './contact-record.entity';
import { LostContactOutcome } from './lost-contact-case.entity';

/**
 * The rules of 一对一联 and of the lost-contact process, each once. The due flags read the last
 * contact of each kind (one grouped statement per request, contact-record.service.ts); the same
 * rule is stated in SQL beside each for set-based readers.
 */

// ── Due flags ─────────────────────────────────────────────────────────────────────────────────

/** What counts as the quarterly talk (一季度一谈心): a talk, or a reminder talk, which is one too. */
export const TALK_KINDS = [ContactKind.TALK, ContactKind.REMINDER_TALK];
/** Statuses in which nobody is due to talk or visit: closed records, and members being searched for (the case does that). */
export const NO_CONTACT_DUE_STATUSES = [...CLOSED_STATUSES, MemberStatus.LOST_CONTACT];

/** The first day of the calendar quarter of a China date (YYYY-MM-DD). */
export function quarterStart(today: string): string {
  const month = Number(today.slice(5, 7));
  return `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
}

/** The first day of the half year (1 January or 1 July) of a China date. */
export function halfYearStart(today: string): string {
  return `${today.slice(0, 4)}-${Number(today.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
}

export interface LastContacts {
  lastTalkOn: string | null;
  lastFamilyVisitOn: string | null;
}

/** 一季度一谈心: an open member with no talk yet this quarter. */
export function isTalkDue(status: MemberStatus, last: LastContacts, now: Date): boolean {
  return !NO_CONTACT_DUE_STATUSES.includes(status) && !(last.lastTalkOn && last.lastTalkOn >= quarterStart(chinaDate(now)));
}

/** 每半年一次家访: an open member with no family visit yet this half year. */
export function isFamilyVisitDue(status: MemberStatus, last: LastContacts, now: Date): boolean {
  return !NO_CONTACT_DUE_STATUSES.includes(status) && !(last.lastFamilyVisitOn && last.lastFamilyVisitOn >= halfYearStart(chinaDate(now)));
}

const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/** {@link isTalkDue} in SQL over a member alias and a date expression for today. */
export function talkDueSql(member: string, today: string): string {
  return `(${member}.status::text not in (${list(NO_CONTACT_DUE_STATUSES)}) and not exists (select 1 from contact_record cr
            where cr.member_id = ${member}.id and cr.kind::text in (${list(TALK_KINDS)})
              and cr.occurred_on >= date_trunc('quarter', ${today})::date))`;
}

/** {@link isFamilyVisitDue} in SQL over a member alias and a date expression for today. */
export function familyVisitDueSql(member: string, today: string): string {
  return `(${member}.status::text not in (${list(NO_CONTACT_DUE_STATUSES)}) and not exists (select 1 from contact_record cr
            where cr.member_id = ${member}.id and cr.kind = '${ContactKind.FAMILY_VISIT}'
              and cr.occurred_on >= make_date(extract(year from ${today})::int, case when extract(month from ${today}) <= 6 then 1 else 7 end, 1)))`;
}

// ── Lost-contact cases ────────────────────────────────────────────────────────────────────────

/** Opening a case puts the member in the lost-contact process. */
export const STATUS_WHILE_OPEN = MemberStatus.LOST_CONTACT;

/** Closed records (returned, transferred) are not searched for. */
export function mayOpenCaseFor(status: MemberStatus): boolean {
  return !CLOSED_STATUSES.includes(status);
}

/**
 * The member's status when a case closes: found, back to what it was before the case (a member
 * already LOST_CONTACT before it comes back as MANAGED); otherwise still lost contact, now for the
 * outflow side or the organisational measures to settle.
 */
export function statusAfterClosing(outcome: LostContactOutcome, statusBefore: MemberStatus): MemberStatus {
  if (outcome !== LostContactOutcome.FOUND) return MemberStatus.LOST_CONTACT;
  return statusBefore === MemberStatus.LOST_CONTACT ? MemberStatus.MANAGED : statusBefore;
}
