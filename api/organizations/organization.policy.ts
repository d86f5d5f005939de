import type { FilterQuery } from '@mikro-orm/core';
import { can, requirePermission } from '../common/permissions';
import { allowedRow, NOTHING, reachOf, scoped, within } from '../common/policy';
import { regionContains } from '../common/region-code';
import type { Viewer } from '../common/viewer';
import type { Organization } from './organization.entity';

/**
 * Organisations are not personal data: every admin reads the whole tree, a partner token the
 * organisations of the two sides of its agreement. Writing is for those who manage a region,
 * inside it, and a new or moved organisation hangs under a parent in that region too. PostgreSQL
 * states the same: the `organization` policies and the `organization_parent_in_scope` trigger.
 */
export const organizationPolicy = {
  read(viewer: Viewer): FilterQuery<Organization> {
    if (!can(viewer, 'organizations:read')) return NOTHING as FilterQuery<Organization>;
    if (viewer.kind === 'admin') return {};
    if (viewer.kind === 'token' && viewer.agreement) {
      const sides = [viewer.agreement.hostRegionCode, viewer.agreement.partnerRegionCode];
      return scoped({ $or: sides.map((code) => ({ regionCode: within(code) })) });
    }
    return NOTHING as FilterQuery<Organization>;
  },

  /** FORBIDDEN without organizations:write. */
  write(viewer: Viewer): FilterQuery<Organization> {
    requirePermission(viewer, 'organizations:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    return scoped(reach.kind === 'region' ? { regionCode: within(reach.regionCode) } : (NOTHING as FilterQuery<Organization>));
  },

  /** An organisation about to be written, with its parent when it gets a new one. */
  mayWrite(viewer: Viewer, row: Pick<Organization, 'regionCode'>, newParent: Pick<Organization, 'regionCode'> | null): boolean {
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return true;
    return allowedRow(
      reach.kind === 'region' && regionContains(reach.regionCode, row.regionCode) && (!newParent || regionContains(reach.regionCode, newParent.regionCode)),
    );
  },
};
