import type { AccessControlProvider } from "@refinedev/core";
import type { AdminRole } from "../graphql/types";
import type { Identity } from "./auth-queries";

/**
 * Who is logged in, as the auth provider last learnt it (login answer or `me`). Kept here so that
 * access checks need no request of their own.
 */
let current: Identity | null = null;
export const setCurrentIdentity = (identity: Identity | null) => {
  current = identity;
};
export const currentRole = (): AdminRole | null => current?.role ?? null;

type Action = "list" | "show" | "create" | "edit" | "delete" | "clone" | string;

/** Mirrors the API's role grants (api/access/permissions.ts); the API stays the judge. */
const WRITERS: AdminRole[] = ["SUPER_ADMIN", "REGION_ADMIN"];
const READ_ONLY_ACTIONS = new Set<Action>(["list", "show"]);

/** Resources only some roles see at all (menu entry and pages). */
const VISIBLE_TO: Record<string, AdminRole[]> = {
  auditEvents: ["SUPER_ADMIN"],
  adminUsers: ["SUPER_ADMIN"],
  apiTokens: WRITERS,
};

export const canDo = (role: AdminRole | null, resource: string | undefined, action: Action): boolean => {
  if (!role) return false;
  const visibleTo = resource ? VISIBLE_TO[resource] : undefined;
  if (visibleTo && !visibleTo.includes(role)) return false;
  if (READ_ONLY_ACTIONS.has(action)) return true;
  if (resource === "auditEvents") return false;
  return WRITERS.includes(role);
};

export const accessControlProvider: AccessControlProvider = {
  can: async ({ resource, action }) => {
    const allowed = canDo(currentRole(), resource, action);
    return allowed ? { can: true } : { can: false, reason: "forbidden" };
  },
  options: {
    buttons: { enableAccessControl: true, hideIfUnauthorized: true },
    queryOptions: { staleTime: 0, gcTime: 0 },
  },
};
