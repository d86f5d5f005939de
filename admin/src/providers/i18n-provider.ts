import type { I18nProvider } from "@refinedev/core";
import type { i18n as I18n } from "i18next";

/** Refine's translate(key, options?, default?) and translate(key, default) onto i18next. */
export const createI18nProvider = (i18n: I18n): I18nProvider => ({
  translate: (key: string, options?: unknown, defaultMessage?: string) => {
    if (typeof options === "string") return i18n.t(key, { defaultValue: options });
    const values = (options ?? {}) as Record<string, unknown>;
    return i18n.t(key, defaultMessage === undefined ? values : { ...values, defaultValue: defaultMessage });
  },
  changeLocale: (locale: string) => i18n.changeLanguage(locale),
  getLocale: () => i18n.language,
});
