import type { FilterQuery } from '@mikro-orm/core';
import { can, requirePermission } from '../common/permissions';
import { declarePersonalData } from '../common/personal-reads';
import { allowedRow, NOTHING, reachOf, scoped, within } from '../common/policy';
import { regionContains } from '../common/region-code';
import type { Viewer } from '../common/viewer';
import type { Member } from '../members/member.entity';
import { inRegion, memberPolicy } from '../members/member.policy';
import type { ActivityRecord } from './activity-record.entity';

/**
 * An activity record is read with its member (and by an admin, also when one of its region's
 * organisations recorded it); it is written by an admin for a member of its region by one of its
 * region's organisations. Reading one is reading personal data. (PostgreSQL: `activity_record` policies.)
 */
export const activityRecordPolicy = {
  read(viewer: Viewer): FilterQuery<ActivityRecord> {
    if (!can(viewer, 'activities:read')) return NOTHING as FilterQuery<ActivityRecord>;
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    const ofReadableMember = { member: memberPolicy.read(viewer) } as FilterQuery<ActivityRecord>;
    if (reach.kind !== 'region') return scoped(ofReadableMember);
    return scoped({ $or: [ofReadableMember, { organization: { regionCode: within(reach.regionCode) } }] } as FilterQuery<ActivityRecord>);
  },

  /** FORBIDDEN without activities:write. */
  write(viewer: Viewer): FilterQuery<ActivityRecord> {
    requirePermission(viewer, 'activities:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    if (reach.kind !== 'region') return NOTHING as FilterQuery<ActivityRecord>;
    return scoped({ organization: { regionCode: within(reach.regionCode) }, member: inRegion(reach.regionCode) } as FilterQuery<ActivityRecord>);
  },

  mayWrite(viewer: Viewer, organization: { regionCode: string }, member: Pick<Member, 'formalRegionCode' | 'destinationRegionCode' | 'inflowRegionCode'>): boolean {
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return true;
    return allowedRow(reach.kind === 'region' && regionContains(reach.regionCode, organization.regionCode) && memberPolicy.mayWrite(viewer, member));
  },
};

declarePersonalData('ActivityRecord', (record: ActivityRecord) => record.member.id);
