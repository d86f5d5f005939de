import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isWellFormedRegionCode } from './region-code';

/**
 * Field validators for inputs. Each carries a stable `reason` in its context, which the error
 * formatter passes on so that the admin can show a translated message next to the field.
 */
export function defineValidator(name: string, reason: string, check: (value: unknown) => string | true, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { context: { reason }, ...options, message: ({ value }) => String(check(value)) },
      validator: {
        validate: (value: unknown) => value === null || value === undefined || check(value) === true,
      },
    });
  };
}

export const IsRegionCode = (options?: ValidationOptions) =>
  defineValidator('isRegionCode', 'REGION_CODE', (value) =>
    typeof value === 'string' && isWellFormedRegionCode(value) ? true : 'must be a six-digit GB/T 2260 region code such as 510100', options);

export const IsMobilePhone = (options?: ValidationOptions) =>
  defineValidator('isMobilePhone', 'PHONE', (value) =>
    typeof value === 'string' && /^1[3-9]\d{9}$/.test(value) ? true : 'must be an 11-digit mainland mobile number such as 13812345678', options);

/** Office phones: digits with optional area code, hyphen and extension. */
export const IsPhoneNumber = (options?: ValidationOptions) =>
  defineValidator('isPhoneNumber', 'PHONE', (value) =>
    typeof value === 'string' && /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/.test(value) ? true : 'must be a mobile number or an office number such as 028-12345678', options);

export const IsMonthDay = (options?: ValidationOptions) =>
  defineValidator('isMonthDay', 'MONTH_DAY', (value) => {
    const match = typeof value === 'string' ? /^(\d{2})-(\d{2})$/.exec(value) : null;
    if (!match) return 'must be MM-DD, e.g. 01-31';
    const date = new Date(Date.UTC(2024, Number(match[1]) - 1, Number(match[2])));
    return date.getUTCMonth() === Number(match[1]) - 1 && date.getUTCDate() === Number(match[2]) ? true : 'is not a real day of the year';
  }, options);

/**
 * A finite number with at most `places` decimals (hours in steps of 0.1). class-validator's
 * IsNumber({ maxDecimalPlaces }) counts them in the number's text, and throws on a number
 * JavaScript writes with an exponent (5e-324, 1e-7); the reason stays the one it gave.
 */
export const IsDecimal = (places: number, options?: ValidationOptions) =>
  defineValidator('isNumber', 'ISNUMBER', (value) =>
    typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value ? true : `must be a number with at most ${places} decimal place${places === 1 ? '' : 's'}`, options);

/** Plain text: trimmed length within bounds and no control characters. */
export const IsText = (max: number, options?: ValidationOptions & { min?: number }) =>
  defineValidator('isText', 'TEXT', (value) => {
    if (typeof value !== 'string') return 'must be text';
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) return 'contains control characters';
    const length = value.trim().length;
    if (length < (options?.min ?? 0)) return options?.min === 1 ? 'must not be empty' : `must be at least ${options?.min} characters`;
    return length <= max ? true : `must be at most ${max} characters`;
  }, options);
