import createDataProvider from "@refinedev/graphql";
import { urqlClient } from "./urql-client";

/**
 * The stock @refinedev/graphql provider with its DEFAULT options (no overrides).
 * The API follows its conventions; see admin/PROVIDER-NOTES.md.
 */
export const dataProvider = createDataProvider(urqlClient);
