import { validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

type ArgumentType = Parameters<ValidatorFn>[1];

/** What type-graphql hands class-validator by default, with our build settings (api/schema.ts). */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: false, stopAtFirstError: true, skipMissingProperties: true };

/**
 * Values (as JSON) that passed a check, per what checked them (an argument type, a field): a check
 * that is a pure function of the value need not run again on one that passed. Emptied for one
 * checker when it holds `max` values, so it stays small. Only successes are remembered.
 */
export class PassedValues<Checker> {
  private readonly passed = new Map<Checker, Set<string>>();

  constructor(private readonly max: number) {}

  has(checker: Checker, value: string): boolean {
    return this.passed.get(checker)?.has(value) ?? false;
  }

  add(checker: Checker, value: string): void {
    let values = this.passed.get(checker);
    if (!values) this.passed.set(checker, (values = new Set()));
    if (values.size >= this.max) values.clear();
    values.add(value);
  }
}

/** Values found valid, per argument type. */
const validValues = new PassedValues<ArgumentType>(1_000);

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
  const key = JSON.stringify(argValue);
  if (validValues.has(argType, key)) return;
  try {
    if (Array.isArray(argValue)) await Promise.all(argValue.filter((item) => item !== null && typeof item === 'object').map((item) => validateOrReject(item, OPTIONS)));
    else await validateOrReject(argValue, OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as never);
  }
  validValues.add(argType, key);
};
