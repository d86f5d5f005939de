import type { FilterQuery } from '@mikro-orm/core';
import { can, requirePermission } from '../common/permissions';
import { allowedRow, NOTHING, reachOf, scoped, within } from '../common/policy';
import { regionContains } from '../common/region-code';
import type { Viewer } from '../common/viewer';
import type { Agreement } from './agreement.entity';

/**
 * An admin reads the agreements either side of which lies in its region, and manages those its
 * region hosts; a partner token reads its own agreement. (PostgreSQL: the `agreement` policies.)
 */
export const agreementPolicy = {
  read(viewer: Viewer): FilterQuery<Agreement> {
    if (!can(viewer, 'agreements:read')) return NOTHING as FilterQuery<Agreement>;
    const reach = reachOf(viewer);
    switch (reach.kind) {
      case 'everywhere':
        return {};
      case 'region':
        return scoped({ $or: [{ hostRegionCode: within(reach.regionCode) }, { partnerRegionCode: within(reach.regionCode) }] });
      case 'agreement':
        return scoped({ id: reach.agreement.id });
      case 'nowhere':
        return NOTHING as FilterQuery<Agreement>;
    }
  },

  /** FORBIDDEN without agreements:write. */
  write(viewer: Viewer): FilterQuery<Agreement> {
    requirePermission(viewer, 'agreements:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    return scoped(reach.kind === 'region' ? { hostRegionCode: within(reach.regionCode) } : (NOTHING as FilterQuery<Agreement>));
  },

  mayWrite(viewer: Viewer, row: Pick<Agreement, 'hostRegionCode'>): boolean {
    const reach = reachOf(viewer);
    return allowedRow(reach.kind === 'everywhere' || (reach.kind === 'region' && regionContains(reach.regionCode, row.hostRegionCode)));
  },
};
