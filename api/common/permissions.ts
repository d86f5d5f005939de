import { registerEnumType } from 'type-graphql';
import { ForbiddenError } from './errors';
import { AdminRole, TokenScope, type Viewer } from './viewer';

/**
 * The one permission vocabulary: operations and policies name what they need, viewers are
 * granted sets. Policies branch on these, never on a role or a raw token scope. Each is also a
 * value of the GraphQL enum `Permission` (`feedback:manage` is `FEEDBACK_MANAGE`), which
 * `AdminUser.permissions` answers with, so the console asks instead of copying the grants.
 */
const VOCABULARY = {
  'regions:read': 'Read regions',
  'organizations:read': 'Read organisations',
  'organizations:write': 'Create, change and delete organisations in the region managed',
  'members:read': 'Read the mobile-member ledger (ID and phone numbers masked, unless members:identity)',
  'members:identity':
    'Identifying details beyond the masks: the full birth date, filters and sorting on identity columns, unlimited look-ups by ID number',
  'members:write': 'Create, change, import and delete ledger entries in the region managed',
  'activities:read': 'Read activity records',
  'activities:write': 'Record, change, import and delete activity records',
  'agreements:read': 'Read co-governance agreements',
  'agreements:write': 'Create, change and delete agreements',
  'tokens:manage': 'Issue, list and revoke API tokens',
  'partners:manage':
    'Create, list and disable partner accounts (an admin: of agreements its region hosts, and designate partner administrators; a partner administrator: reviewers and viewers of its own agreement)',
  'users:manage': 'Manage console accounts',
  'audit:read': 'Read the audit trail',
  'stats:read': 'Aggregate statistics, under disclosure control',
  'feedback:manage': 'Generate, edit and submit year-end returns (the writing side)',
  'feedback:approve': 'Approve submitted returns or send them back (the reviewer)',
  'feedback:read': 'Read year-end returns and their progress',
  'feedback:submit': 'Submit returns in the reverse direction (partner tokens)',
  'feedback:receive': 'Acknowledge returns addressed to one\'s side, or send them back for correction',
  'feedback:grade': 'Write the final grade of returns addressed to one\'s side, and archive them',
  'points:read': 'Read points schemes and monthly scores (partners: published scores of the members they cover)',
  'points:write': 'Keep points schemes, enter points with a reason, recompute and publish monthly scores',
  'events:read': 'Read the events feed: an admin the agreements it reads, a partner token its own side of its agreement',
  'notices:read': 'Read the notices, pending ledger entries and roster reconciliations of one\'s agreements',
  'notices:send': 'Send notices and rosters to the other side of one\'s agreements, mark notices read and answer them',
  'webhooks:manage': 'Register and change webhook endpoints, see their deliveries and replay them (a partner token: its side of its agreement; an admin: agreements its region hosts)',
  'transfers:read': 'Read transfer requests (组织关系转接) of the members one reads, under the agreements one reads',
  'transfers:write': 'Request, accept, reject, cancel and complete transfers for one\'s side of an agreement (an admin: agreements its region hosts)',
} as const;

export type Permission = keyof typeof VOCABULARY;

/** `feedback:manage` → `FEEDBACK_MANAGE`. */
const enumKey = (permission: Permission) => permission.replace(':', '_').toUpperCase();

/** The GraphQL enum: its names are the keys above in capitals, its values the permissions themselves. */
export const PermissionEnum = Object.fromEntries((Object.keys(VOCABULARY) as Permission[]).map((permission) => [enumKey(permission), permission]));
registerEnumType(PermissionEnum, {
  name: 'Permission',
  description: 'What a viewer may do (api/common/permissions.ts); a role or a token scope grants a set of them',
  valuesConfig: Object.fromEntries(
    (Object.entries(VOCABULARY) as [Permission, string][]).map(([permission, description]) => [enumKey(permission), { description: `${permission} — ${description}` }]),
  ),
});

const READS: Permission[] = [
  'regions:read',
  'organizations:read',
  'members:read',
  'activities:read',
  'agreements:read',
  'stats:read',
  'feedback:read',
  'points:read',
  'events:read',
  'transfers:read',
  'notices:read',
];
const REGION_WRITES: Permission[] = [
  'organizations:write',
  'members:write',
  // Those who keep the ledger see what they keep: they export full ID numbers anyway.
  'members:identity',
  'activities:write',
  'agreements:write',
  'tokens:manage',
  'partners:manage',
  'feedback:manage',
  'feedback:approve',
  // Returns the partner submits about the host's own outflow members are received and graded here.
  'feedback:receive',
  'feedback:grade',
  'points:write',
  'webhooks:manage',
  'transfers:write',
  'notices:send',
];

const ROLE_GRANTS: Record<AdminRole, ReadonlySet<Permission>> = {
  [AdminRole.SUPER_ADMIN]: new Set<Permission>([...READS, ...REGION_WRITES, 'audit:read', 'users:manage']),
  [AdminRole.REGION_ADMIN]: new Set<Permission>([...READS, ...REGION_WRITES]),
  [AdminRole.VIEWER]: new Set<Permission>(READS),
  // A partner account's session is a partner token's viewer (access/partner-scope.ts): its grants are its scopes'.
  [AdminRole.PARTNER_ADMIN]: new Set<Permission>(),
  [AdminRole.PARTNER_REVIEWER]: new Set<Permission>(),
  [AdminRole.PARTNER_VIEWER]: new Set<Permission>(),
};

/** What each token scope lets a partner reach; reading members brings the organisations and records around them. */
const SCOPE_GRANTS: Record<TokenScope, Permission[]> = {
  [TokenScope.MEMBERS_READ]: ['regions:read', 'organizations:read', 'members:read', 'activities:read', 'agreements:read', 'points:read'],
  [TokenScope.FEEDBACK_READ]: ['regions:read', 'organizations:read', 'agreements:read', 'feedback:read', 'points:read'],
  [TokenScope.FEEDBACK_SUBMIT]: ['regions:read', 'organizations:read', 'agreements:read', 'feedback:submit'],
  [TokenScope.FEEDBACK_RECEIVE]: ['regions:read', 'organizations:read', 'agreements:read', 'feedback:read', 'feedback:receive'],
  [TokenScope.FEEDBACK_GRADE]: ['regions:read', 'organizations:read', 'agreements:read', 'feedback:read', 'feedback:grade'],
  [TokenScope.STATS_READ]: ['stats:read'],
  [TokenScope.EVENTS_READ]: ['regions:read', 'organizations:read', 'agreements:read', 'events:read'],
  [TokenScope.WEBHOOKS_MANAGE]: ['regions:read', 'organizations:read', 'agreements:read', 'events:read', 'webhooks:manage'],
  // A transfer names its member: whoever handles transfers reads the covered members they are about.
  [TokenScope.TRANSFERS]: ['regions:read', 'organizations:read', 'agreements:read', 'members:read', 'transfers:read', 'transfers:write'],
  [TokenScope.NOTICES_READ]: ['regions:read', 'organizations:read', 'agreements:read', 'notices:read'],
  [TokenScope.NOTICES_SEND]: ['regions:read', 'organizations:read', 'agreements:read', 'notices:read', 'notices:send'],
};

const NONE: ReadonlySet<Permission> = new Set();

/** What a set of token scopes grants (a partner token, or a partner account through its role's scopes). */
export function grantsOfScopes(scopes: readonly TokenScope[]): Set<Permission> {
  return new Set(scopes.flatMap((scope) => SCOPE_GRANTS[scope]));
}

/** What a console account's role grants (an admin viewer holds exactly this). */
export function grantsOfRole(role: AdminRole): ReadonlySet<Permission> {
  return ROLE_GRANTS[role];
}

export function grantsOf(viewer: Viewer): ReadonlySet<Permission> {
  switch (viewer.kind) {
    case 'admin':
      return grantsOfRole(viewer.role);
    case 'token': {
      const grants = grantsOfScopes(viewer.scopes);
      // The one thing a partner account may do that no token may: a designated partner administrator's accounts.
      if (viewer.account?.role === AdminRole.PARTNER_ADMIN) grants.add('partners:manage');
      return grants;
    }
    case 'anonymous':
      return NONE;
  }
}

export function can(viewer: Viewer, permission: Permission): boolean {
  return grantsOf(viewer).has(permission);
}

/** Throws FORBIDDEN unless the viewer holds the permission. */
export function requirePermission(viewer: Viewer, permission: Permission): void {
  if (!can(viewer, permission)) throw new ForbiddenError(`Not allowed: ${permission} is required`);
}
