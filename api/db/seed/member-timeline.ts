import { addDays, addMonths, addYears, daysBetween } from '../../common/dates';
import { MemberStatus, PartyStanding } from '../../members/member.entity';
import type { Random } from './random';

/** The dated facts of one member's story, consistent with their status. */
export interface Timeline {
  partyStanding: PartyStanding;
  joinedOn: string;
  outflowDate: string;
  lastContactOn: string | null;
  ledgerUpdatedAt: Date;
  createdAt: Date;
  /** The days in which the member can take part in activities. */
  activeFrom: string;
  activeUntil: string;
}

const CLOSED = [MemberStatus.RETURNED, MemberStatus.TRANSFERRED];
const PROBATIONARY_SHARE_OF_OPEN = 0.1;
/** Entries of members who have left stop being updated, so together about 15% are stale. */
const STALE_LEDGER_SHARE_OF_CURRENT = 0.05;

const latest = (a: string, b: string) => (a > b ? a : b);
const earliest = (a: string, b: string) => (a < b ? a : b);

/** How long ago (in months) a member with this status can have left. */
function monthsAwayRange(random: Random, status: MemberStatus, probationary: boolean): [number, number] {
  if (probationary) return [3, 10];
  if (CLOSED.includes(status)) return [9, 96];
  if (status === MemberStatus.LOST_CONTACT) return [12, 96];
  if (status === MemberStatus.REGISTERED) return [3, 24];
  // Some have been away less than six months, so their transfer is not due yet.
  return random.chance(0.12) ? [3, 5] : [6, 96];
}

/** A departure date in the status's range, skewed towards recent departures. */
function outflowDate(random: Random, status: MemberStatus, probationary: boolean, today: string): string {
  const [min, max] = monthsAwayRange(random, status, probationary);
  const latestDate = addMonths(today, -min);
  const span = daysBetween(addMonths(today, -max), latestDate);
  return addDays(latestDate, -Math.floor((span + 1) * random.next() ** 1.5));
}

/** An instant on `date` during office hours in China (01:00–10:00 UTC), never after `now`. */
function officeTime(random: Random, date: string, now: Date): Date {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCSeconds(random.int(3_600, 36_000));
  return at.getTime() > now.getTime() ? now : at;
}

interface Contact {
  lastContactOn: string | null;
  /** The day the ledger entry was last confirmed. */
  ledgerDate: string;
  /** The last day the member took part in organisational life here. */
  activeUntil: string;
}

/** Members who left were last seen when they left; lost ones over seven months ago; the rest recently. */
function contact(random: Random, status: MemberStatus, outflow: string, today: string): Contact {
  if (CLOSED.includes(status)) {
    const leftOn = random.date(latest(addMonths(outflow, 6), addMonths(today, -20)), addDays(today, -10));
    return { lastContactOn: leftOn, ledgerDate: earliest(addDays(leftOn, random.int(0, 5)), today), activeUntil: leftOn };
  }
  const stale = random.chance(STALE_LEDGER_SHARE_OF_CURRENT);
  const ledgerDate = latest(addDays(today, stale ? -random.int(32, 240) : -random.int(0, 30)), outflow);
  if (status === MemberStatus.LOST_CONTACT) {
    const lastContactOn = random.date(latest(addDays(outflow, 30), addMonths(today, -30)), addMonths(today, -7));
    return { lastContactOn, ledgerDate, activeUntil: lastContactOn };
  }
  const contacted = random.chance(status === MemberStatus.REGISTERED ? 0.6 : 0.92);
  return { lastContactOn: contacted ? random.date(latest(outflow, addDays(today, -75)), today) : null, ledgerDate, activeUntil: today };
}

export function memberTimeline(random: Random, status: MemberStatus, birthDate: string, now: Date, today: string): Timeline {
  const open = !CLOSED.includes(status) && status !== MemberStatus.LOST_CONTACT;
  const probationary = open && random.chance(PROBATIONARY_SHARE_OF_OPEN);
  const adult = addYears(birthDate, 18);
  const outflow = latest(outflowDate(random, status, probationary, today), adult);

  // Members joined before they left; probationary ones within the last year.
  const joinedOn = probationary
    ? random.date(addDays(addYears(today, -1), 1), addDays(outflow, -1))
    : random.date(adult, earliest(earliest(addYears(birthDate, 45), addYears(today, -1)), outflow));

  const { lastContactOn, ledgerDate, activeUntil } = contact(random, status, outflow, today);
  const ledgerUpdatedAt = officeTime(random, ledgerDate, now);
  // The entry was registered soon after the member left, and never after its last update.
  const registered = officeTime(random, addDays(outflow, random.int(0, 20)), now);
  return {
    partyStanding: probationary ? PartyStanding.PROBATIONARY : PartyStanding.FULL,
    joinedOn,
    outflowDate: outflow,
    lastContactOn,
    ledgerUpdatedAt,
    createdAt: registered < ledgerUpdatedAt ? registered : ledgerUpdatedAt,
    // Members report to their new organisation within a few weeks of arriving.
    activeFrom: addDays(outflow, random.int(7, 40)),
    activeUntil,
  };
}
