/**
 * GB 11643-1999 citizen identity numbers: 6-digit region, 8-digit birth date, 3-digit sequence
 * (odd for men), and a check character computed with ISO 7064 MOD 11-2.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export type NationalIdProblem = 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT';

export interface ParsedNationalId {
  value: string;
  birthDate: string;
  gender: 'MALE' | 'FEMALE';
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** A real calendar date, not in the future, not before 1900. */
function isRealPastDate(year: number, month: number, day: number, today: Date): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 && date.getTime() <= today.getTime();
}

export function parseNationalId(raw: string, today = new Date()): ParsedNationalId | NationalIdProblem {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return 'FORMAT';
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 82) return 'REGION';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (!isRealPastDate(year, month, day, today)) return 'BIRTH_DATE';
  if (checkCharacter(value) !== value[17]) return 'CHECK_DIGIT';
  return {
    value,
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

export const NATIONAL_ID_MESSAGES: Record<NationalIdProblem, string> = {
  FORMAT: 'must be 18 characters: 17 digits and a digit or X',
  REGION: 'does not start with a valid region code',
  BIRTH_DATE: 'contains a birth date that is not a real past date',
  CHECK_DIGIT: 'check digit does not match (GB 11643)',
};
