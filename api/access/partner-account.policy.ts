import type { FilterQuery } from '@mikro-orm/core';
import { can } from '../common/permissions';
import { NOTHING, reachOf, scoped, within } from '../common/policy';
import { AdminRole, PARTNER_ROLES, type Viewer } from '../common/viewer';
import type { AdminUser } from './admin-user.entity';

/**
 * Partner accounts (console accounts bound to an agreement, PARTNER_* roles), for those who hold
 * `partners:manage`: an admin, those of the agreements its region hosts (a super admin: all); a
 * partner administrator, the accounts of its own agreement — and it creates and changes
 * reviewers and viewers only, never another administrator. (PostgreSQL: `admin_user` policies of
 * migration Migration20261201800000.)
 */
export const partnerAccountPolicy = {
  read(viewer: Viewer): FilterQuery<AdminUser> {
    return managed(viewer, PARTNER_ROLES);
  },

  write(viewer: Viewer): FilterQuery<AdminUser> {
    return managed(viewer, this.rolesGrantable(viewer));
  },

  /** The partner roles this viewer may give. */
  rolesGrantable(viewer: Viewer): readonly AdminRole[] {
    if (!can(viewer, 'partners:manage')) return [];
    return viewer.kind === 'token' ? [AdminRole.PARTNER_REVIEWER, AdminRole.PARTNER_VIEWER] : PARTNER_ROLES;
  },
};

function managed(viewer: Viewer, roles: readonly AdminRole[]): FilterQuery<AdminUser> {
  if (!can(viewer, 'partners:manage') || roles.length === 0) return NOTHING as FilterQuery<AdminUser>;
  const reach = reachOf(viewer);
  const partner = { role: { $in: [...roles] }, agreement: { $ne: null } };
  switch (reach.kind) {
    case 'everywhere':
      return partner as FilterQuery<AdminUser>;
    case 'region':
      return { ...partner, ...scoped({ agreement: { hostRegionCode: within(reach.regionCode) } }) } as FilterQuery<AdminUser>;
    case 'agreement':
      return { ...partner, ...scoped({ agreement: reach.agreement.id }) } as FilterQuery<AdminUser>;
    case 'nowhere':
      return NOTHING as FilterQuery<AdminUser>;
  }
}
