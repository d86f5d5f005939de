import { Client, fetchExchange, getOperationName, makeOperation, mapExchange, type CombinedError } from "@urql/core";
import type { GraphQLError } from "graphql";
import { session } from "./session";

export const GRAPHQL_URL = "/graphql";

/** True when the API says the caller has no (valid) session: `extensions.code` UNAUTHENTICATED or HTTP 401. */
export const isUnauthenticated = (error: CombinedError | undefined): boolean =>
  !!error &&
  (error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED") ||
    (error.response as Response | undefined)?.status === 401);

/**
 * Set when a request that carried a token came back UNAUTHENTICATED. The data provider turns
 * GraphQL errors into plain `Error`s (the code is lost), so `authProvider.onError` reads this flag.
 */
let sessionExpired = false;
export const consumeSessionExpired = (): boolean => {
  const value = sessionExpired;
  sessionExpired = false;
  return value;
};

/** One GraphQL error as the API sends it: a stable `code`, and for bad input the `field` path and a `reason`. */
export interface ApiError {
  message: string;
  code?: string;
  field?: string;
  reason?: string;
  extensions: Record<string, unknown>;
}

const toApiError = (error: GraphQLError): ApiError => {
  const extensions = (error.extensions ?? {}) as Record<string, unknown>;
  return {
    message: error.message,
    code: typeof extensions.code === "string" ? extensions.code : undefined,
    field: typeof extensions.field === "string" ? extensions.field : undefined,
    reason: typeof extensions.reason === "string" ? extensions.reason : undefined,
    extensions,
  };
};

/**
 * The errors of the latest failed request of each operation name. The stock data provider turns
 * a GraphQL error into `new Error("[GraphQL] …")` and drops `extensions`, so forms read the
 * structured errors (field, reason, code) from here to place them next to their fields.
 */
const lastErrors = new Map<string, ApiError[]>();
export const apiErrorsOf = (operationName: string | undefined): ApiError[] =>
  (operationName && lastErrors.get(operationName)) || [];

/** The session's bearer token, when there is one. */
export const authorizationHeaders = (): Record<string, string> => {
  const token = session.getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
};

export const urqlClient = new Client({
  url: GRAPHQL_URL,
  // Refine caches through react-query; urql's document cache would only serve stale rows.
  exchanges: [
    mapExchange({
      onOperation(operation) {
        if (operation.kind === "teardown") return operation;
        // The token the request goes out with (fetchOptions reads the same one as it is sent).
        return makeOperation(operation.kind, operation, { ...operation.context, sentToken: session.getToken() });
      },
      onResult(result) {
        const name = getOperationName(result.operation.query as Parameters<typeof getOperationName>[0]);
        if (!name) return;
        if (result.error?.graphQLErrors.length) lastErrors.set(name, result.error.graphQLErrors.map(toApiError));
        else lastErrors.delete(name);
      },
      onError(error, operation) {
        // Only a request that carried the current token can expire the session: not a failed login,
        // nor one that left before a changed password replaced the token (its old token was refused).
        if (isUnauthenticated(error) && session.getToken() && operation.context.sentToken === session.getToken()) {
          sessionExpired = true;
          session.clear();
          session.setNotice("sessionExpired");
        }
      },
    }),
    fetchExchange,
  ],
  // Always POST: Apollo Server's CSRF prevention rejects simple GET requests.
  preferGetMethod: false,
  requestPolicy: "network-only",
  fetchOptions: () => ({ headers: authorizationHeaders() }),
});
