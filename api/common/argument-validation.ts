import { validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

type ArgumentType = Parameters<ValidatorFn>[1];

/** What type-graphql hands class-validator by default, with our build settings (api/schema.ts). */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: false, stopAtFirstError: true, skipMissingProperties: true };

/** Values (as JSON) found valid, per argument type; emptied when one holds this many, so it stays small. */
const REMEMBERED_PER_TYPE = 1_000;
const validValues = new Map<ArgumentType, Set<string>>();

/**
 * type-graphql's argument validation (class-validator, as its built-in does), done once per
 * distinct value: every validator of our inputs is a pure function of the value (no clock, no
 * database), so a value found valid stays valid. A nested field's arguments are the same under
 * every row of a page (`activities(paging: { limit: 3 })` under 50 members), and the console sends
 * the same list arguments again and again; class-validator looks its metadata up anew on each call,
 * which showed in read profiles. Only successes are remembered: a value that fails is checked (and
 * fails) wherever it appears.
 */
export const validateArgumentsOnce: ValidatorFn = async (argValue, argType) => {
  if (argValue === null || typeof argValue !== 'object') return;
  let valid = validValues.get(argType);
  if (!valid) validValues.set(argType, (valid = new Set()));
  const key = JSON.stringify(argValue);
  if (valid.has(key)) return;
  try {
    if (Array.isArray(argValue)) await Promise.all(argValue.filter((item) => item !== null && typeof item === 'object').map((item) => validateOrReject(item, OPTIONS)));
    else await validateOrReject(argValue, OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as never);
  }
  if (valid.size >= REMEMBERED_PER_TYPE) valid.clear();
  valid.add(key);
};
