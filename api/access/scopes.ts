import type { FilterQuery } from '@mikro-orm/core';
import type { ActivityRecord } from '../activities/activity-record.entity';
import type { Agreement } from '../agreements/agreement.entity';
import { coverageCondition } from '../agreements/coverage';
import { ForbiddenError } from '../common/errors';
import type { Member } from '../members/member.entity';
import type { Organization } from '../organizations/organization.entity';
import { regionPrefix } from '../regions/region-code';
import { TokenScope } from './api-token.entity';
import { can, type Permission } from './permissions';
import type { Viewer } from './viewer';

/**
 * Row scopes: for each viewer, the condition merged into every query on an entity. A viewer
 * without the read permission gets a condition that matches nothing, so nested fields and
 * loaders come back empty rather than leaking rows.
 */

const NOTHING = { id: { $in: [] as number[] } };
const within = (regionCode: string) => ({ $like: `${regionPrefix(regionCode)}%` });

/** Members who belong to, live in, or are managed in a region. */
export function membersInRegion(regionCode: string): FilterQuery<Member> {
  return {
    $or: [
      { formalOrganization: { regionCode: within(regionCode) } },
      { destinationRegionCode: within(regionCode) },
      { inflowOrganization: { regionCode: within(regionCode) } },
    ],
  };
}

function tokenSeesMembers(viewer: Viewer): boolean {
  return viewer.kind === 'token' && viewer.scopes.some((scope) => scope === TokenScope.MEMBERS_READ || scope.startsWith('feedback:'));
}

export function memberReadScope(viewer: Viewer): FilterQuery<Member> {
  switch (viewer.kind) {
    case 'system':
      return {};
    case 'admin':
      return viewer.regionCode ? membersInRegion(viewer.regionCode) : {};
    case 'token':
      return tokenSeesMembers(viewer) && viewer.agreement ? coverageCondition(viewer.agreement) : NOTHING;
    case 'anonymous':
      return NOTHING;
  }
}

/** Aggregates: a dashboard token without an agreement sees the whole platform, in numbers only. */
export function memberStatisticsScope(viewer: Viewer): FilterQuery<Member> {
  if (!can(viewer, 'stats:read')) return NOTHING;
  if (viewer.kind === 'token') return viewer.agreement ? coverageCondition(viewer.agreement) : {};
  return viewer.kind === 'admin' && viewer.regionCode ? membersInRegion(viewer.regionCode) : {};
}

/** Agreements whose aggregates a statistics reader sees: a token's own, a region admin's, or all. */
export function statisticsAgreementScope(viewer: Viewer): FilterQuery<Agreement> {
  if (!can(viewer, 'stats:read')) return NOTHING;
  if (viewer.kind === 'token') return viewer.agreement ? { id: viewer.agreement.id } : {};
  return agreementReadScope(viewer);
}

export function organizationReadScope(viewer: Viewer): FilterQuery<Organization> {
  if (!can(viewer, 'organizations:read')) return NOTHING;
  if (viewer.kind === 'token') {
    // A partner sees the organisations of the two sides of its own agreement, nothing of others.
    if (!viewer.agreement) return NOTHING;
    const sides = [viewer.agreement.hostRegionCode, viewer.agreement.partnerRegionCode];
    return { $or: sides.map((code) => ({ regionCode: within(code) })) };
  }
  return {};
}

export function agreementReadScope(viewer: Viewer): FilterQuery<Agreement> {
  if (!can(viewer, 'agreements:read')) return NOTHING;
  if (viewer.kind === 'token') return viewer.agreement ? { id: viewer.agreement.id } : NOTHING;
  if (viewer.kind === 'admin' && viewer.regionCode) {
    return { $or: [{ hostRegionCode: within(viewer.regionCode) }, { partnerRegionCode: within(viewer.regionCode) }] };
  }
  return {};
}

export function activityReadScope(viewer: Viewer): FilterQuery<ActivityRecord> {
  if (!can(viewer, 'activities:read')) return NOTHING;
  if (viewer.kind === 'token') return viewer.agreement ? { member: coverageCondition(viewer.agreement) } : NOTHING;
  if (viewer.kind === 'admin' && viewer.regionCode) {
    return { $or: [{ member: membersInRegion(viewer.regionCode) }, { organization: { regionCode: within(viewer.regionCode) } }] };
  }
  return {};
}

/** Throws FORBIDDEN unless the viewer holds the permission; returns the admin's region limit. */
export function requireWrite(viewer: Viewer, permission: Permission): string | null {
  if (!can(viewer, permission)) throw new ForbiddenError(`Not allowed: ${permission} is required`);
  return viewer.kind === 'admin' ? viewer.regionCode : null;
}

export function memberWriteScope(viewer: Viewer): FilterQuery<Member> {
  const region = requireWrite(viewer, 'members:write');
  return region ? membersInRegion(region) : {};
}

export function organizationWriteScope(viewer: Viewer): FilterQuery<Organization> {
  const region = requireWrite(viewer, 'organizations:write');
  return region ? { regionCode: within(region) } : {};
}

export function agreementWriteScope(viewer: Viewer): FilterQuery<Agreement> {
  const region = requireWrite(viewer, 'agreements:write');
  return region ? { hostRegionCode: within(region) } : {};
}

export function activityWriteScope(viewer: Viewer): FilterQuery<ActivityRecord> {
  const region = requireWrite(viewer, 'activities:write');
  return region ? { organization: { regionCode: within(region) } } : {};
}
