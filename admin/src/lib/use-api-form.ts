import { useForm, type UseFormProps } from "@refinedev/antd";
import { type BaseRecord, type HttpError, useNotification } from "@refinedev/core";
import type { FormInstance, FormProps } from "antd";
import { useEffect, useState } from "react";
import { newIdempotencyKey } from "../providers/data-provider";
import type { DocumentNode } from "graphql";
import { i18n } from "../i18n";
import { apiErrorsFor, errorNotificationFor, formFieldOf, translateApiError } from "./api-errors";

/** Puts the API's BAD_USER_INPUT errors next to the form fields they name (`member.idNumber` → idNumber). */
export const showFieldErrors = (form: FormInstance, document: DocumentNode | undefined): boolean => {
  const errors = apiErrorsFor(document);
  const fields = errors
    .map((error) => ({ name: formFieldOf(error.field), error }))
    .filter((entry): entry is { name: string[]; error: (typeof errors)[number] } => !!entry.name);
  if (!fields.length) return false;
  form.setFields(fields.map(({ name, error }) => ({ name, errors: [translateApiError(error)] })));
  form.scrollToField(fields[0]!.name, { block: "center" });
  return true;
};

/**
 * Refine's antd `useForm` with the stock provider, plus field-level errors wherever they come from:
 * the API's (the mutation document comes from `meta.gqlMutation`) and the form's own rules (an
 * invalid ID number). Either way the form scrolls to the field and a notification says so, so
 * that a save never fails unseen below the fold.
 */
export const useApiForm = <
  TQueryFnData extends BaseRecord = BaseRecord,
  TVariables = Record<string, unknown>,
  TData extends BaseRecord = TQueryFnData,
>(
  props: UseFormProps<TQueryFnData, HttpError, TVariables, TData>,
) => {
  const mutation = props.meta?.gqlMutation as DocumentNode | undefined;
  // A save is sent with a key of its own, kept until it succeeds: saving again after a lost
  // answer replays the first save instead of creating the record twice (or, for an edit,
  // instead of being refused as stale by the version the first save moved on).
  const [saveKey, setSaveKey] = useState(() => newIdempotencyKey(props.action ?? "save"));
  const result = useForm<TQueryFnData, HttpError, TVariables, TData>({
    errorNotification: errorNotificationFor(mutation),
    ...props,
    meta: { ...props.meta, idempotencyKey: saveKey },
    onMutationSuccess: (data, variables, context, isAutoSave) => {
      setSaveKey(newIdempotencyKey(props.action ?? "save"));
      setVersion(undefined); // the next save starts from the version the record reloads at
      props.onMutationSuccess?.(data, variables, context, isAutoSave);
    },
    onMutationError: (error, variables, context, isAutoSave) => {
      showFieldErrors(result.form as FormInstance, mutation);
      props.onMutationError?.(error, variables, context, isAutoSave);
    },
  });
  const { open } = useNotification();
  const onFinishFailed: FormProps["onFinishFailed"] = ({ errorFields }) => {
    const first = errorFields[0];
    if (!first) return;
    result.form.scrollToField(first.name, { block: "center" });
    open?.({
      key: "form-invalid",
      type: "error",
      description: i18n.t("errors.title"),
      message: `${i18n.t("errors.checkFields")} ${first.errors.join("；")}`,
    });
  };
  const formProps = { ...result.formProps, onFinishFailed };
  // An edit names the version it was opened at, so that a change someone made since is refused
  // (STALE_VERSION), not overwritten. The version of the first load, not of a later refetch: a
  // save whose answer was lost moved the record on, and its retry must be the same request.
  const loadedVersion = (result.query?.data?.data as { version?: number } | undefined)?.version;
  const [version, setVersion] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (version === undefined && loadedVersion !== undefined) setVersion(loadedVersion);
  }, [version, loadedVersion]);
  // A failed save is already shown (fields and notification): don't let it surface as unhandled.
  const onFinish = (values?: TVariables) =>
    result.onFinish((version === undefined ? values : { ...values, version }) as TVariables).catch(() => undefined);
  return { ...result, formProps, onFinish };
};
