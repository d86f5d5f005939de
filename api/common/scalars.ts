import { GraphQLLocalDate } from 'graphql-scalars';

/** Calendar date without time zone, `YYYY-MM-DD`; stored in PostgreSQL `date` columns. */
export const LocalDate = GraphQLLocalDate;
