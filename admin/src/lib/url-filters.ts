import type { CrudFilters } from "@refinedev/core";

/**
 * Filters read back from the address carry text: a boolean filter (`transferDue eq true`) comes
 * back as "true", which the API's Boolean comparison refuses. These put the booleans back.
 */
const textBoolean = (filter: CrudFilters[number], fields: readonly string[]) =>
  "field" in filter && fields.includes(filter.field) && (filter.value === "true" || filter.value === "false");

export const hasTextBooleans = (filters: CrudFilters | undefined, fields: readonly string[]): boolean =>
  (filters ?? []).some((filter) => textBoolean(filter, fields));

export const withBooleans = (filters: CrudFilters, fields: readonly string[]): CrudFilters =>
  filters.map((filter) => (textBoolean(filter, fields) ? { ...filter, value: (filter as { value: string }).value === "true" } : filter)) as CrudFilters;
