import { useForm, type UseFormProps } from "@refinedev/antd";
import type { BaseRecord, HttpError } from "@refinedev/core";
import type { FormInstance } from "antd";
import type { DocumentNode } from "graphql";
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
 * Refine's antd `useForm` with the stock provider, plus field-level API errors: the mutation
 * document comes from `meta.gqlMutation`, and its errors are shown next to their fields.
 */
export const useApiForm = <
  TQueryFnData extends BaseRecord = BaseRecord,
  TVariables = Record<string, unknown>,
  TData extends BaseRecord = TQueryFnData,
>(
  props: UseFormProps<TQueryFnData, HttpError, TVariables, TData>,
) => {
  const mutation = props.meta?.gqlMutation as DocumentNode | undefined;
  const result = useForm<TQueryFnData, HttpError, TVariables, TData>({
    errorNotification: errorNotificationFor(mutation),
    ...props,
    onMutationError: (error, variables, context, isAutoSave) => {
      showFieldErrors(result.form as FormInstance, mutation);
      props.onMutationError?.(error, variables, context, isAutoSave);
    },
  });
  // A failed save is already shown (fields and notification): don't let it surface as unhandled.
  const onFinish = (values?: TVariables) => result.onFinish(values).catch(() => undefined);
  return { ...result, onFinish };
};
