import type { FilterQuery } from '@mikro-orm/core';
import { can, requirePermission } from '../common/permissions';
import { declarePersonalData } from '../common/personal-reads';
import { allowedRow, NOTHING, reachOf, scoped, within } from '../common/policy';
import { regionContains } from '../common/region-code';
import type { Viewer } from '../common/viewer';
import type { Member } from '../members/member.entity';
import { coveredBy, inRegion, memberPolicy } from '../members/member.policy';
import type { MonthlyScore, PointsEntry, PointsPublication, PointsScheme, PointsSchemeVersion } from './points.entity';

/**
 * Who reads and keeps points (十二分制). Schemes and publications are no one's personal data:
 * every admin reads them, a partner token those of its agreement's two regions (and the schemes
 * its agreement names). Entries and monthly scores are personal: admins read those of the
 * members they read; a partner token reads only published scores, of members its agreement
 * covers and it may read. Writing needs points:write in the region managed.
 * (PostgreSQL: the policies of migrations/Migration20261201400000.ts.)
 */
type RegionColumns = Pick<Member, 'formalRegionCode' | 'destinationRegionCode' | 'inflowRegionCode'>;

export const pointsPolicy = {
  schemeRead(viewer: Viewer): FilterQuery<PointsScheme> {
    if (!can(viewer, 'points:read')) return NOTHING as FilterQuery<PointsScheme>;
    const reach = reachOf(viewer);
    if (viewer.kind === 'admin') return {};
    if (reach.kind !== 'agreement') return NOTHING as FilterQuery<PointsScheme>;
    const { hostRegionCode: host, partnerRegionCode: partner } = reach.agreement;
    return scoped({
      $or: [
        { ownerOrganization: { regionCode: within(host) } },
        { ownerOrganization: { regionCode: within(partner) } },
        { agreement: reach.agreement.id },
      ],
    } as FilterQuery<PointsScheme>);
  },

  /** FORBIDDEN without points:write. */
  schemeWrite(viewer: Viewer): FilterQuery<PointsScheme> {
    requirePermission(viewer, 'points:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    if (reach.kind !== 'region') return NOTHING as FilterQuery<PointsScheme>;
    return scoped({
      $or: [{ ownerOrganization: { regionCode: within(reach.regionCode) } }, { agreement: { hostRegionCode: within(reach.regionCode) } }],
    } as FilterQuery<PointsScheme>);
  },

  /** A scheme about to be made: owned by an organisation of the region managed, or named in an agreement it hosts. */
  mayWriteScheme(viewer: Viewer, owner: { regionCode: string } | null, agreement: { hostRegionCode: string } | null): boolean {
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return true;
    if (reach.kind !== 'region') return allowedRow(false);
    return allowedRow(
      (owner !== null && regionContains(reach.regionCode, owner.regionCode)) || (agreement !== null && regionContains(reach.regionCode, agreement.hostRegionCode)),
    );
  },

  versionRead(viewer: Viewer): FilterQuery<PointsSchemeVersion> {
    if (!can(viewer, 'points:read')) return NOTHING as FilterQuery<PointsSchemeVersion>;
    return scoped({ scheme: this.schemeRead(viewer) } as FilterQuery<PointsSchemeVersion>);
  },

  entryRead(viewer: Viewer): FilterQuery<PointsEntry> {
    if (!can(viewer, 'points:read') || viewer.kind !== 'admin') return NOTHING as FilterQuery<PointsEntry>;
    if (reachOf(viewer).kind === 'everywhere') return {};
    return scoped({ member: memberPolicy.read(viewer) } as FilterQuery<PointsEntry>);
  },

  /** FORBIDDEN without points:write. Entries of members in the region, made by its organisations. */
  entryWrite(viewer: Viewer): FilterQuery<PointsEntry> {
    requirePermission(viewer, 'points:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    if (reach.kind !== 'region') return NOTHING as FilterQuery<PointsEntry>;
    return scoped({ organization: { regionCode: within(reach.regionCode) }, member: inRegion(reach.regionCode) } as FilterQuery<PointsEntry>);
  },

  mayWriteEntry(viewer: Viewer, organization: { regionCode: string }, member: RegionColumns): boolean {
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return true;
    return allowedRow(reach.kind === 'region' && regionContains(reach.regionCode, organization.regionCode) && memberPolicy.mayWrite(viewer, member));
  },

  scoreRead(viewer: Viewer): FilterQuery<MonthlyScore> {
    if (!can(viewer, 'points:read')) return NOTHING as FilterQuery<MonthlyScore>;
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    if (reach.kind === 'region') return scoped({ member: memberPolicy.read(viewer) } as FilterQuery<MonthlyScore>);
    if (reach.kind !== 'agreement') return NOTHING as FilterQuery<MonthlyScore>;
    // Partners: what was published (季公示), of members covered and readable, nothing in the making.
    return scoped({ publication: { $ne: null }, member: { $and: [memberPolicy.read(viewer), coveredBy(reach.agreement)] } } as FilterQuery<MonthlyScore>);
  },

  /** The members whose scores the viewer may (re)compute: those it may write. FORBIDDEN without points:write. */
  scoredMembers(viewer: Viewer): FilterQuery<Member> {
    requirePermission(viewer, 'points:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    return scoped(reach.kind === 'region' ? inRegion(reach.regionCode) : (NOTHING as FilterQuery<Member>));
  },

  publicationRead(viewer: Viewer): FilterQuery<PointsPublication> {
    if (!can(viewer, 'points:read')) return NOTHING as FilterQuery<PointsPublication>;
    const reach = reachOf(viewer);
    if (viewer.kind === 'admin') return {};
    if (reach.kind !== 'agreement') return NOTHING as FilterQuery<PointsPublication>;
    const { hostRegionCode: host, partnerRegionCode: partner } = reach.agreement;
    return scoped({ $or: [{ organization: { regionCode: within(host) } }, { organization: { regionCode: within(partner) } }] } as FilterQuery<PointsPublication>);
  },

  /** Publishing and recomputing for an organisation: one of the region managed. FORBIDDEN without points:write. */
  mayKeep(viewer: Viewer, organization: { regionCode: string }): boolean {
    requirePermission(viewer, 'points:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return true;
    return allowedRow(reach.kind === 'region' && regionContains(reach.regionCode, organization.regionCode));
  },
};

declarePersonalData('PointsEntry', (row: PointsEntry) => row.member.id);
declarePersonalData('MonthlyScore', (row: MonthlyScore) => row.member.id);
