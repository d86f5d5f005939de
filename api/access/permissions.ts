import { AdminRole } from './admin-user.entity';
import { TokenScope } from './api-token.entity';
import type { Viewer } from './viewer';

/** The one permission vocabulary: operations declare what they need, viewers are granted sets. */
export type Permission =
  | 'regions:read'
  | 'organizations:read'
  | 'organizations:write'
  | 'members:read'
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
const EVERYTHING: ReadonlySet<Permission> = new Set([...ROLE_GRANTS[AdminRole.SUPER_ADMIN]]);

export function grantsOf(viewer: Viewer): ReadonlySet<Permission> {
  switch (viewer.kind) {
    case 'admin':
      return ROLE_GRANTS[viewer.role];
    case 'token':
      return new Set(viewer.scopes.flatMap((scope) => SCOPE_GRANTS[scope]));
    case 'system':
      return EVERYTHING;
    case 'anonymous':
      return NONE;
  }
}

export function can(viewer: Viewer, permission: Permission): boolean {
  return grantsOf(viewer).has(permission);
}
