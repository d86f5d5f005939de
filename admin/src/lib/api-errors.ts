import type { OpenNotificationParams } from "@refinedev/core";
import type { DocumentNode } from "graphql";
import { i18n } from "../i18n";
import { apiErrorsOf, type ApiError } from "../providers/urql-client";

/** Input wrappers the API puts in front of a field path: `member.idNumber`, `update.version`, `input.years`. */
const WRAPPERS = new Set(["input", "update", "member", "organization", "agreement", "activityRecord", "annualFeedback"]);

export const operationName = (document: DocumentNode | undefined): string | undefined => {
  const definition = document?.definitions.find((d) => d.kind === "OperationDefinition");
  return definition && "name" in definition ? definition.name?.value : undefined;
};

/** The errors the API gave to the latest run of this document. */
export const apiErrorsFor = (document: DocumentNode | undefined): ApiError[] => apiErrorsOf(operationName(document));

/** `member.idNumber` → `["idNumber"]`; null when the path names no form field. */
export const formFieldOf = (field: string | undefined): string[] | null => {
  if (!field) return null;
  const parts = field.split(".");
  // Not a path of input fields (the Idempotency-Key header, say): no form field to mark.
  if (!parts.every((part) => /^\w+$/.test(part))) return null;
  while (parts.length > 1 && WRAPPERS.has(parts[0]!)) parts.shift();
  return parts.length && !WRAPPERS.has(parts[0]!) ? parts : null;
};

/** `members.3.idNumber` → `{ row: 3, field: "idNumber" }` for batch inputs. */
export const rowFieldOf = (field: string | undefined): { row: number; field: string } | null => {
  const match = field ? /^(?:input\.)?\w+\.(\d+)\.(.+)$/.exec(field) : null;
  return match ? { row: Number(match[1]), field: match[2]! } : null;
};

/** The API's message without the `field: ` it starts with. */
const bareMessage = (error: ApiError) =>
  error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;

/** A message for one API error in the current language: the reason for bad input, else the code. */
export const translateApiError = (error: ApiError): string => {
  const t = i18n.t.bind(i18n);
  if (error.code === "BAD_USER_INPUT" && error.reason) {
    const field = error.field?.split(".").pop();
    const general = t(`errors.reasons.${error.reason}`, { defaultValue: bareMessage(error) });
    return field ? t(`errors.fieldReasons.${field}_${error.reason}`, { defaultValue: general }) : general;
  }
  if (error.code === "CONFLICT" && typeof error.extensions.reason === "string") {
    return t(`errors.conflicts.${error.extensions.reason}`, { defaultValue: `${t("errors.codes.CONFLICT")} ${error.message}` });
  }
  if (error.code && ["FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED", "TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE"].includes(error.code)) {
    return t(`errors.codes.${error.code}`);
  }
  return error.message;
};

/** One line per error, for a notification. */
export const describeApiErrors = (errors: ApiError[], fallback: string): string => {
  if (errors.length) return errors.map(translateApiError).join("；");
  const message = fallback.replace(/^\[(GraphQL|Network)\]\s*/, "");
  // The browser's words for a request whose answer never came (Chrome, Firefox, Safari).
  return /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed)$/.test(message) ? i18n.t("errors.network") : message;
};

/** An error notification for a failed call of `document` (translated, with the field named). */
export const errorNotificationFor =
  (document: DocumentNode | undefined, titleKey = "errors.title") =>
  (error?: unknown): OpenNotificationParams => {
    const errors = apiErrorsFor(document);
    const described = describeApiErrors(errors, error instanceof Error ? error.message : String(error ?? ""));
    // Refine's antd notifications show `description` as the title and `message` below it.
    return {
      type: "error",
      description: i18n.t(titleKey),
      message: errors.some((e) => formFieldOf(e.field)) ? `${i18n.t("errors.checkFields")} ${described}` : described,
    };
  };
