import { BadUserInputError } from './errors';
/** Calendar arithmetic on `YYYY-MM-DD` strings, in China Standard Time where "today" matters. */

const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in China at the given instant. */
export function chinaDate(at: Date): string {
  return CHINA_DATE.format(at);
}

function parts(date: string): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

/** Whole months from `from` to `to` (0 when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, months);
}

export function addYears(date: string, years: number): string {
  const [year, month, day] = parts(date);
  // 29 February plus a number of years lands on 28 February in common years.
  const result = new Date(Date.UTC(year + years, month - 1, day));
  if (result.getUTCDate() !== day) result.setUTCDate(0);
  return result.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const result = new Date(Date.UTC(year, month - 1 + months, day));
  if (result.getUTCDate() !== day) result.setUTCDate(0);
  return result.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/** The years the platform deals in: returns, statistics, tokens. */
export const YEARS = { first: 2000, last: 2100 } as const;

/** A year argument within {@link YEARS}, or a field error naming it. */
export function requireYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < YEARS.first || year > YEARS.last) {
    throw new BadUserInputError(field, `must be between ${YEARS.first} and ${YEARS.last}`, 'OUT_OF_RANGE');
  }
  return year;
}
