import { useTranslate } from "@refinedev/core";
import { Flex, Spin } from "antd";
import { lazy, type ComponentType, type LazyExoticComponent } from "react";

/** A route's page as React.lazy, whose chunk can also be fetched ahead of its first render. */
export type LazyPage = LazyExoticComponent<ComponentType> & { preload(): Promise<unknown> };

/**
 * A page's named export as a React.lazy component: its module (and what only it uses) becomes a
 * chunk of its own, fetched on first render or by `preload()`, whichever comes first.
 */
export const lazyPage = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyPage => {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const preload = () =>
    (loading ??= load().then((module: Record<K, ComponentType> | undefined) =>
      // No module: its chunk was missing and main.tsx is reloading the page; keep the spinner until then.
      module ? { default: module[name] } : new Promise<never>(() => undefined),
    ));
  return Object.assign(lazy(preload), { preload });
};

/**
 * What a route shows while its chunk loads (a few milliseconds on a fast connection): Ant Design's
 * spinner in the middle of the content area, or of the window for pages outside the layout.
 */
export const PageLoading = ({ fullscreen = false }: { fullscreen?: boolean }) => {
  const t = useTranslate();
  return (
    <Flex
      justify="center"
      align="center"
      style={{ minHeight: fullscreen ? "100vh" : 320 }}
      role="status"
      aria-live="polite"
      aria-label={t("common.loading")}
      data-testid="page-loading"
    >
      <Spin size="large" delay={200} />
    </Flex>
  );
};
