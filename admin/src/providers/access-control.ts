import type { AccessControlProvider } from "@refinedev/core";
import type { Permission } from "../graphql/types";
import type { Identity } from "./auth-queries";

/**
 * Who is logged in, as the auth provider last learnt it (login answer or `me`), with the
 * permissions the API grants them (`permissions`): the console holds no copy of the role grants,
 * so access checks need no request of their own and cannot drift from the API, which stays the judge.
 */
let current: Identity | null = null;
export const setCurrentIdentity = (identity: Identity | null) => {
  current = identity;
};

/** Whether the logged-in admin holds the permission (api/common/permissions.ts, as the enum `Permission`). */
export const hasPermission = (permission: Permission): boolean => current?.permissions.includes(permission) ?? false;

/** Whether the session is a partner account's (bound to one agreement, the partner side of it). */
export const isPartnerSession = (): boolean => !!current?.agreementId;

/**
 * The pages a partner account's console offers, each still only with the permission it needs
 * (NEEDS): the returns addressed to its side, the covered members, published scores, and the
 * accounts a partner administrator keeps. A page built for the partner side too joins by its
 * resource name here; every other page stays out of a partner's menu and routes, whatever its
 * permissions would let it read through the API.
 */
export const PARTNER_PAGES = new Set<string>(["annualFeedbacks", "members", "monthlyScores", "notices", "rosterExchanges", "transferRequests", "partnerAccounts"]);

type Action = "list" | "show" | "create" | "edit" | "delete" | "clone" | string;
const READ_ACTIONS = new Set<Action>(["list", "show"]);

/**
 * What each resource's pages need, in the API's words: the permission of the operations its list and
 * show pages call, and of those its create, edit and delete buttons call (none: read-only).
 */
const NEEDS: Record<string, { read: Permission; write?: Permission }> = {
  dashboard: { read: "STATS_READ" },
  organizations: { read: "ORGANIZATIONS_READ", write: "ORGANIZATIONS_WRITE" },
  members: { read: "MEMBERS_READ", write: "MEMBERS_WRITE" },
  agreements: { read: "AGREEMENTS_READ", write: "AGREEMENTS_WRITE" },
  activityRecords: { read: "ACTIVITIES_READ", write: "ACTIVITIES_WRITE" },
  contactRecords: { read: "ACTIVITIES_READ", write: "ACTIVITIES_WRITE" },
  lostContactCases: { read: "MEMBERS_READ", write: "MEMBERS_WRITE" },
  transferRequests: { read: "TRANSFERS_READ", write: "TRANSFERS_WRITE" },
  annualFeedbacks: { read: "FEEDBACK_READ", write: "FEEDBACK_MANAGE" },
  notices: { read: "NOTICES_READ", write: "NOTICES_SEND" },
  pendingMemberEntries: { read: "NOTICES_READ", write: "MEMBERS_WRITE" },
  rosterExchanges: { read: "NOTICES_READ" },
  pointsSchemes: { read: "POINTS_READ", write: "POINTS_WRITE" },
  monthlyScores: { read: "POINTS_READ", write: "POINTS_WRITE" },
  apiTokens: { read: "TOKENS_MANAGE", write: "TOKENS_MANAGE" },
  webhookEndpoints: { read: "WEBHOOKS_MANAGE", write: "WEBHOOKS_MANAGE" },
  auditEvents: { read: "AUDIT_READ" },
  adminUsers: { read: "USERS_MANAGE", write: "USERS_MANAGE" },
  partnerAccounts: { read: "PARTNERS_MANAGE", write: "PARTNERS_MANAGE" },
};

export const canDo = (resource: string | undefined, action: Action): boolean => {
  if (!current) return false;
  if (isPartnerSession() && (!resource || !PARTNER_PAGES.has(resource))) return false;
  const needs = resource ? NEEDS[resource] : undefined;
  if (!needs) return READ_ACTIONS.has(action);
  const permission = READ_ACTIONS.has(action) ? needs.read : needs.write;
  return !!permission && hasPermission(permission);
};

export const accessControlProvider: AccessControlProvider = {
  can: async ({ resource, action }) => (canDo(resource, action) ? { can: true } : { can: false, reason: "forbidden" }),
  options: {
    buttons: { enableAccessControl: true, hideIfUnauthorized: true },
    queryOptions: { staleTime: 0, gcTime: 0 },
  },
};
