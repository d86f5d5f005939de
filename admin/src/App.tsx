import { ErrorComponent, ThemedLayout, useNotificationProvider } from "@refinedev/antd";
import { Authenticated, Refine } from "@refinedev/core";
import routerProvider, {
  CatchAllNavigate,
  DocumentTitleHandler,
  NavigateToResource,
  UnsavedChangesNotifier,
} from "@refinedev/react-router";
import { App as AntdApp, ConfigProvider } from "antd";
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { Suspense, useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Outlet, Route, Routes, useLocation } from "react-router";
import { AccessGuard } from "./components/access-guard";
import { ErrorBoundary } from "./components/error-boundary";
import { Header } from "./components/header";
import { PageLoading } from "./components/lazy-page";
import { Title } from "./components/title";
import { appResources, LoginPage, resourceRoutes, resources } from "./config/resources";
import { accessControlProvider } from "./providers/access-control";
import { authProvider } from "./providers/auth-provider";
import { dataProvider, type ReadError } from "./providers/data-provider";
import { createI18nProvider } from "./providers/i18n-provider";

/** Honour the system's "reduce motion" setting (accessibility; also makes browser tests quicker). */
const reducedMotion = typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
const theme = { token: { colorPrimary: "#c8102e", borderRadius: 6, motion: !reducedMotion } };

/** Answers asking again cannot change (not there, not allowed, not logged in, bad input): shown at once, not after three retries. */
const FINAL_CODES = new Set(["NOT_FOUND", "FORBIDDEN", "UNAUTHENTICATED", "BAD_USER_INPUT"]);
const retryQuery = (failureCount: number, error: unknown): boolean =>
  !(error as ReadError | null)?.apiErrors?.some((apiError) => FINAL_CODES.has(apiError.code ?? "")) && failureCount < 3;
const reactQuery = { clientConfig: { defaultOptions: { queries: { retry: retryQuery } } } };

/** The title key of a page: `<resource>.titles.<action>`, or of an extra page (`members.titles.import`), login, not found. */
const titleKey = (resource: string | undefined, action: string | undefined, pathname: string | undefined): string | null => {
  if (resource && action) return `${resource}.titles.${action}`;
  if (pathname === "/login") return "documentTitle.login";
  for (const { name, path, extra } of appResources) {
    for (const sub of Object.keys(extra ?? {})) if (pathname === `${path}/${sub}`) return `${name}.titles.${sub}`;
  }
  return pathname && pathname !== "/" ? "documentTitle.notFound" : null;
};

/** "流动党员台账 | 共管" on every page; the app's full name on the dashboard's bare address. */
const documentTitle =
  (t: (key: string) => string) =>
  ({ resource, action, pathname }: { resource?: { name?: string }; action?: string; pathname?: string }) => {
    const key = titleKey(resource?.name, action, pathname);
    return key ? `${t(key)}${t("documentTitle.suffix")}` : t("documentTitle.default");
  };

/**
 * A lazily loaded route: its spinner while the chunk loads, and a message instead of a blank
 * console if it cannot be loaded (a new release may have replaced it: main.tsx reloads once first).
 * Another address tries again.
 */
const RoutePage = ({ children, fullscreen = false }: { children: ReactNode; fullscreen?: boolean }) => {
  const { pathname } = useLocation();
  const { t } = useTranslation();
  return (
    <ErrorBoundary resetKey={pathname} fallback={t("errors.pageLoadFailed")}>
      <Suspense fallback={<PageLoading fullscreen={fullscreen} />}>{children}</Suspense>
    </ErrorBoundary>
  );
};

const Shell = () => (
  <ThemedLayout Header={Header} Title={Title}>
    <RoutePage>
      <AccessGuard>
        <Outlet />
      </AccessGuard>
    </RoutePage>
  </ThemedLayout>
);

export const App = () => {
  // Re-rendered on every language change: a new i18nProvider makes Refine re-translate.
  const { i18n } = useTranslation();
  const language = i18n.language;
  const i18nProvider = useMemo(() => createI18nProvider(i18n), [i18n, language]);
  const isZh = language === "zh-CN";
  dayjs.locale(isZh ? "zh-cn" : "en");

  return (
    <BrowserRouter>
      <ConfigProvider locale={isZh ? zhCN : enUS} theme={theme}>
        <AntdApp>
          <Refine
            dataProvider={dataProvider}
            authProvider={authProvider}
            accessControlProvider={accessControlProvider}
            i18nProvider={i18nProvider}
            routerProvider={routerProvider}
            notificationProvider={useNotificationProvider}
            resources={resources}
            options={{ syncWithLocation: true, warnWhenUnsavedChanges: true, disableTelemetry: true, reactQuery }}
          >
            <Routes>
              <Route
                element={
                  <Authenticated key="authenticated-routes" fallback={<CatchAllNavigate to="/login" />}>
                    <Shell />
                  </Authenticated>
                }
              >
                {resourceRoutes()}
              </Route>
              <Route
                element={
                  <Authenticated key="auth-pages" fallback={<Outlet />}>
                    <NavigateToResource />
                  </Authenticated>
                }
              >
                <Route
                  path="/login"
                  element={
                    <RoutePage fullscreen>
                      <LoginPage />
                    </RoutePage>
                  }
                />
              </Route>
              <Route
                element={
                  <Authenticated key="catch-all">
                    <Shell />
                  </Authenticated>
                }
              >
                <Route path="*" element={<ErrorComponent />} />
              </Route>
            </Routes>
            <UnsavedChangesNotifier />
            <DocumentTitleHandler key={language} handler={documentTitle(i18n.t)} />
          </Refine>
        </AntdApp>
      </ConfigProvider>
    </BrowserRouter>
  );
};
