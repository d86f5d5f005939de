import { ForbiddenError } from './errors';
import { AdminRole, TokenScope, type Viewer } from './viewer';

/**
 * The one permission vocabulary: operations and policies name what they need, viewers are
 * granted sets. Policies branch on these, never on a role or a raw token scope.
 */
export type Permission =
  | 'regions:read'
  | 'organizations:read'
  | 'organizations:write'
  | 'members:read'
  /** Identifying details beyond the masks: the full birth date, filters and sorting on identity columns, unlimited look-ups by ID number. */
  | 'members:identity'
  | 'members:write'
  | 'activities:read'
  | 'activities:write'
  | 'agreements:read'
  | 'agreements:write'
  | 'tokens:manage'
  | 'users:manage'
  | 'audit:read'
  | 'stats:read'
  | 'feedback:manage'
  | 'feedback:approve'
  | 'feedback:read'
  | 'feedback:submit'
  | 'feedback:receive'
  | 'feedback:grade';

const READS: Permission[] = ['regions:read', 'organizations:read', 'members:read', 'activities:read', 'agreements:read', 'stats:read', 'feedback:read'];
const REGION_WRITES: Permission[] = [
  'organizations:write',
  'members:write',
  // Those who keep the ledger see what they keep: they export full ID numbers anyway.
  'members:identity',
  'activities:write',
  'agreements:write',
  'tokens:manage',
  'feedback:manage',
  'feedback:approve',
  // Returns the partner submits about the host's own outflow members are received and graded here.
  'feedback:receive',
  'feedback:grade',
];

const ROLE_GRANTS: Record<AdminRole, ReadonlySet<Permission>> = {
  [AdminRole.SUPER_ADMIN]: new Set<Permission>([...READS, ...REGION_WRITES, 'audit:read', 'users:manage']),
  [AdminRole.REGION_ADMIN]: new Set<Permission>([...READS, ...REGION_WRITES]),
  [AdminRole.VIEWER]: new Set<Permission>(READS),
};

/** What each token scope lets a partner reach; reading members brings the organisations and records around them. */
const SCOPE_GRANTS: Record<TokenScope, Permission[]> = {
  [TokenScope.MEMBERS_READ]: ['regions:read', 'organizations:read', 'members:read', 'activities:read', 'agreements:read'],
  [TokenScope.FEEDBACK_READ]: ['regions:read', 'organizations:read', 'agreements:read', 'feedback:read'],
  [TokenScope.FEEDBACK_SUBMIT]: ['regions:read', 'organizations:read', 'agreements:read', 'feedback:submit'],
  [TokenScope.FEEDBACK_RECEIVE]: ['regions:read', 'organizations:read', 'agreements:read', 'feedback:read', 'feedback:receive'],
  [TokenScope.FEEDBACK_GRADE]: ['regions:read', 'organizations:read', 'agreements:read', 'feedback:read', 'feedback:grade'],
  [TokenScope.STATS_READ]: ['stats:read'],
};

const NONE: ReadonlySet<Permission> = new Set();

export function grantsOf(viewer: Viewer): ReadonlySet<Permission> {
  switch (viewer.kind) {
    case 'admin':
      return ROLE_GRANTS[viewer.role];
    case 'token':
      return new Set(viewer.scopes.flatMap((scope) => SCOPE_GRANTS[scope]));
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
