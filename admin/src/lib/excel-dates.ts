/**
 * Dates as they come out of a spreadsheet, into the API's `YYYY-MM-DD`. No dependencies, so that
 * the unit tests run it as it is.
 */

/** Day 0 of Excel's 1900 date system: serial 61 is 1900-03-01 (Excel counts a 29 February 1900 that never was). */
const EXCEL_DAY_ZERO = Date.UTC(1899, 11, 30);
const FIRST_SERIAL = 61;
/** 9999-12-31, the last day Excel knows. */
const LAST_SERIAL = 2_958_465;

const pad = (n: number) => String(n).padStart(2, "0");

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A date cell's value when exceljs hands it over as a JavaScript date (UTC midnight: Excel dates carry no zone). */
export function dateFromCell(value: Date): string {
  return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
}

/** Excel's day number (what a date cell holds: 46344 is 2026-11-18); the time of day is dropped. */
export function dateFromSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < FIRST_SERIAL || serial >= LAST_SERIAL + 1) return null;
  return dateFromCell(new Date(EXCEL_DAY_ZERO + Math.floor(serial) * 86_400_000));
}

const SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL = /^\d{2,7}(\.\d+)?$/;
/** A time of day after the date (`2026-11-20 08:30`, `2026-11-20T00:00:00Z`), which is dropped. */
const TIME_OF_DAY = /[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date in any of the usual forms, as `YYYY-MM-DD`; null when the text is not a real date.
 * 2026-11-20, 2026/11/20, 2026.11.20, 2026-1-5, 20261120, 2026年11月20日, an Excel day number
 * (46344), each optionally followed by a time of day.
 */
export function parseSheetDate(text: string): string | null {
  const value = text.trim().replace(TIME_OF_DAY, "");
  const separated = SEPARATED.exec(value) ?? COMPACT.exec(value);
  if (separated) return isoDate(Number(separated[1]), Number(separated[2]), Number(separated[3]));
  if (SERIAL.test(value)) return dateFromSerial(Number(value));
  return null;
}
