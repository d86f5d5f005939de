/**
 * GB 11643-1999 citizen identity numbers, checked in the browser before anything is sent. The
 * rule is the API's own (api/members/national-id.ts, plain TypeScript without imports), so the
 * console and the server can never disagree on a check digit; the API checks again.
 */
import { parseNationalId } from "../../../api/members/national-id";

export { parseNationalId };

/** The i18n key of what is wrong with an ID number, or null when it is valid. */
export const nationalIdProblemKey = (raw: string): string | null => {
  const parsed = parseNationalId(raw);
  return typeof parsed === "string" ? `validation.nationalId.${parsed}` : null;
};
