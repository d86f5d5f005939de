import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

/** PostgreSQL `date` has no year 0; dates before 1900 are not plausible in this domain. */
const EARLIEST_YEAR = 1900;

function checked(value: unknown): string {
  const date = GraphQLLocalDate.parseValue(value) as string;
  if (Number(date.slice(0, 4)) < EARLIEST_YEAR) throw new GraphQLError(`Date ${date} is before ${EARLIEST_YEAR}`);
  return date;
}

/**
 * Calendar date without time zone, `YYYY-MM-DD`, stored in PostgreSQL `date` columns: the
 * graphql-scalars LocalDate, refusing years a `date` column cannot hold or that make no sense here.
 */
export const LocalDate = new GraphQLScalarType({
  name: 'LocalDate',
  description: GraphQLLocalDate.description,
  specifiedByURL: GraphQLLocalDate.specifiedByURL,
  serialize: (value) => GraphQLLocalDate.serialize(value),
  parseValue: checked,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(`LocalDate must be a string, got ${ast.kind}`, { nodes: ast });
    return checked(ast.value);
  },
});
