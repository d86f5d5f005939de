import { useResourceParams, useTranslate } from "@refinedev/core";
import { Result } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { appResources } from "../config/resources";
import { canDo } from "../providers/access-control";

/**
 * Pages show only to those who may use them (access-control.ts, from the API's `permissions`):
 * a typed address of a page outside one's console answers 403, and the bare address leads to the
 * first page one may open (a partner account has no dashboard). The API refuses anyway.
 */
export const AccessGuard = ({ children }: { children: ReactNode }) => {
  const { pathname } = useLocation();
  const { resource, action } = useResourceParams();
  const t = useTranslate();
  // Addresses of no resource (not found, extra pages) are the pages' own business.
  if (!resource || canDo(resource.name, action ?? "list")) return <>{children}</>;
  const home = appResources.find((candidate) => canDo(candidate.name, "list"));
  if (pathname === "/" && home && home.path !== "/") return <Navigate to={home.path} replace />;
  return (
    <div data-testid="forbidden-page">
      <Result status="403" title="403" subTitle={t("errors.forbiddenPage")} />
    </div>
  );
};
