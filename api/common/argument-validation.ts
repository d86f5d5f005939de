import { validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

type ArgumentType = Parameters<ValidatorFn>[1];

/** What type-graphql hands class-validator by default, with our build settings (api/schema.ts). */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: false, stopAtFirstError: true, skipMissingProperties: true };

/** Per request: the argument values (by type, as JSON) already found valid. */
const validInRequest = new WeakMap<object, Map<ArgumentType, Set<string>>>();

/**
 * type-graphql's argument validation (class-validator, as its built-in does), checked once per
 * request for each distinct value: a nested field's arguments are the same under every row of a
 * page (`activities(paging: { limit: 3 })` under 50 members), and validating them 50 times was
 * a tenth of such a request's time. Only successes are remembered; a value that fails, fails
 * wherever it appears.
 */
export const validateArgumentsOnce: ValidatorFn = async (argValue, argType, { context }) => {
  if (argValue === null || typeof argValue !== 'object') return;
  let byType = validInRequest.get(context);
  if (!byType) validInRequest.set(context, (byType = new Map()));
  let valid = byType.get(argType);
  if (!valid) byType.set(argType, (valid = new Set()));
  const key = JSON.stringify(argValue);
  if (valid.has(key)) return;
  try {
    if (Array.isArray(argValue)) await Promise.all(argValue.filter((item) => item !== null && typeof item === 'object').map((item) => validateOrReject(item, OPTIONS)));
    else await validateOrReject(argValue, OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as never);
  }
  valid.add(key);
};
