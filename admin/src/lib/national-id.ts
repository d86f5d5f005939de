/**
 * GB 11643-1999 citizen identity numbers, checked in the browser before anything is sent
 * (the API checks again): 17 digits weighted 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, the sum
 * mod 11 indexes "10X98765432" for the check character, and the birth date must be real and past.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = "10X98765432";

export type NationalIdProblem = "FORMAT" | "REGION" | "BIRTH_DATE" | "CHECK_DIGIT";

export interface NationalId {
  value: string;
  birthDate: string;
  gender: "MALE" | "FEMALE";
}

export const checkCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
};

const isRealPastDate = (year: number, month: number, day: number, today: Date) => {
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 && date.getTime() <= today.getTime();
};

export const parseNationalId = (raw: string, today = new Date()): NationalId | NationalIdProblem => {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return "FORMAT";
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 82) return "REGION";
  const [year, month, day] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number) as [number, number, number];
  if (!isRealPastDate(year, month, day, today)) return "BIRTH_DATE";
  if (checkCharacter(value) !== value[17]) return "CHECK_DIGIT";
  return {
    value,
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? "MALE" : "FEMALE",
  };
};

/** The i18n key of what is wrong with an ID number, or null when it is valid. */
export const nationalIdProblemKey = (raw: string): string | null => {
  const parsed = parseNationalId(raw);
  return typeof parsed === "string" ? `validation.nationalId.${parsed}` : null;
};
