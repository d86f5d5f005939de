import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

/** PostgreSQL `date` has no year 0; dates before 1900 are not plausible in this domain. */
const EARLIEST_YEAR = 1900;

function checked(value: unknown): string {
  const date = GraphQLLocalDate.parseValue(value) as string;
  if (Number(date.slice(0, 4)) < EARLIEST_YEAR) throw new GraphQLError(`Date ${date} is before ${EARLIEST_YEAR}`);
  return date;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (text: string, at: number) => text.charCodeAt(at) - 48;
const isDigits = (text: string, from: number, to: number) => {
  for (let at = from; at < to; at++) if (text.charCodeAt(at) < 48 || text.charCodeAt(at) > 57) return false;
  return true;
};

/**
 * What graphql-scalars' LocalDate accepts (`YYYY-MM-DD` naming a day of the proleptic Gregorian
 * calendar), decided from the digits: its check builds two Date objects and a string per value,
 * which showed in profiles of lists carrying a date on every row.
 */
export function isCalendarDate(text: string): boolean {
  if (text.length !== 10 || text[4] !== '-' || text[7] !== '-' || !isDigits(text, 0, 4) || !isDigits(text, 5, 7) || !isDigits(text, 8, 10)) return false;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/**
 * Calendar date without time zone, `YYYY-MM-DD`, stored in PostgreSQL `date` columns: the
 * graphql-scalars LocalDate, refusing years a `date` column cannot hold or that make no sense here.
 */
export const LocalDate = new GraphQLScalarType({
  name: 'LocalDate',
  description: GraphQLLocalDate.description,
  specifiedByURL: GraphQLLocalDate.specifiedByURL,
  // Anything else gets graphql-scalars' own answer (and error).
  serialize: (value) => (typeof value === 'string' && isCalendarDate(value) ? value : GraphQLLocalDate.serialize(value)),
  parseValue: checked,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(`LocalDate must be a string, got ${ast.kind}`, { nodes: ast });
    return checked(ast.value);
  },
});
