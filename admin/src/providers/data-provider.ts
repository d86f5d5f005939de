import createDataProvider from "@refinedev/graphql";
import type { DataProvider } from "@refinedev/core";
import type { Client } from "@urql/core";
import { operationName } from "../lib/api-errors";
import { type ApiError, apiErrorsOf, authorizationHeaders, urqlClient } from "./urql-client";

/**
 * The stock @refinedev/graphql provider with its DEFAULT options (no overrides); the API follows
 * its conventions (see admin/PROVIDER-NOTES.md). One addition: a write whose `meta` carries an
 * `idempotencyKey` is sent with that `Idempotency-Key` header, so that sending it again (after a
 * time-out, a lost answer, a second click) replays the first answer instead of writing twice.
 */
const stock = createDataProvider(urqlClient);

/** The same client, but every mutation it sends carries the key. */
const clientWithKey = (key: string): Client =>
  new Proxy(urqlClient, {
    get(target, property, receiver) {
      if (property !== "mutation") return Reflect.get(target, property, receiver);
      return ((query, variables, context) =>
        target.mutation(query, variables, {
          ...context,
          fetchOptions: { headers: { ...authorizationHeaders(), "Idempotency-Key": key } },
        })) satisfies Client["mutation"];
    },
  });

const keyOf = (meta: { idempotencyKey?: unknown } | undefined): string | undefined =>
  typeof meta?.idempotencyKey === "string" ? meta.idempotencyKey : undefined;

const keyed = <M extends "create" | "createMany" | "update" | "custom">(method: M): NonNullable<DataProvider[M]> =>
  ((params: { meta?: { idempotencyKey?: unknown } }) => {
    const key = keyOf(params.meta);
    const provider = key ? createDataProvider(clientWithKey(key)) : stock;
    return (provider[method] as (p: typeof params) => unknown)(params);
  }) as NonNullable<DataProvider[M]>;

/** A read that failed carries the API's errors (`apiErrors`, codes included): react-query's retry reads them (App.tsx). */
export type ReadError = Error & { apiErrors?: ApiError[] };

const withApiErrors = <M extends "getOne" | "getList" | "getMany">(method: M): NonNullable<DataProvider[M]> =>
  (async (params: { meta?: { gqlQuery?: Parameters<typeof operationName>[0] } }) => {
    try {
      return await (stock[method] as (p: typeof params) => Promise<unknown>)(params);
    } catch (error) {
      throw Object.assign(error as ReadError, { apiErrors: apiErrorsOf(operationName(params.meta?.gqlQuery)) });
    }
  }) as NonNullable<DataProvider[M]>;

export const dataProvider: DataProvider = {
  ...stock,
  getOne: withApiErrors("getOne"),
  getList: withApiErrors("getList"),
  getMany: withApiErrors("getMany"),
  create: keyed("create"),
  createMany: keyed("createMany"),
  update: keyed("update"),
  custom: keyed("custom"),
};

/**
 * A fresh key for one write the user means to make once (a form, an import chunk, a dialog).
 * getRandomValues, not randomUUID: the console may be served over plain HTTP inside an intranet,
 * where randomUUID (secure contexts only) is missing.
 */
export const newIdempotencyKey = (purpose: string): string =>
  `console-${purpose}-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
