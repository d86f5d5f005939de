import type { useTranslate } from "@refinedev/core";
import type { FormRule } from "antd";

type Translate = ReturnType<typeof useTranslate>;

/** The API's rule for a password it stores: 12 to 256 characters, counted without surrounding spaces. */
export const MIN_PASSWORD = 12;
const MAX_PASSWORD = 256;

/** A new password, checked as the API will check it, so that a short one never makes the round trip. */
export const newPasswordRules = (t: Translate): FormRule[] => [
  { required: true, message: t("validation.passwordRequired") },
  {
    validator: async (_, value?: string) => {
      const length = value?.trim().length ?? 0;
      if (value && (length < MIN_PASSWORD || length > MAX_PASSWORD)) throw new Error(t("validation.passwordLength", { min: MIN_PASSWORD }));
    },
  },
];

/** The password typed again: a typo would otherwise lock the person out of the account. */
export const confirmPasswordRules = (t: Translate, field: string): FormRule[] => [
  { required: true, message: t("validation.passwordConfirm") },
  ({ getFieldValue }) => ({
    validator: async (_, value?: string) => {
      if (value && value !== getFieldValue(field)) throw new Error(t("validation.passwordMismatch"));
    },
  }),
];
