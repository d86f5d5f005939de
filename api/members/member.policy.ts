import type { FilterQuery } from '@mikro-orm/core';
import { type AgreementSides, returnRecipients } from '../common/agreement-sides';
import { can, type Permission, requirePermission } from '../common/permissions';
import { declarePersonalData } from '../common/personal-reads';
import { allowedRow, NOTHING, reachOf, scoped, within } from '../common/policy';
import { regionContains } from '../common/region-code';
import type { Viewer } from '../common/viewer';
import type { Member } from './member.entity';

/**
 * Who reads and writes which ledger entries, what they see masked, and how far they may look
 * people up by ID number. The same rules stand in PostgreSQL as the `member` table's policies
 * (migrations/Migration20261130120000.ts: in_region, reported_to, covers).
 */

/** Who a year-end return is addressed to; the side that does not receive it writes it. */
export type ReturnRecipient = 'PARTNER' | 'HOST';

type RegionColumns = Pick<Member, 'formalRegionCode' | 'destinationRegionCode' | 'inflowRegionCode'>;

/** Members whose formal organisation is in `from` and who live, or are managed, in `to`. */
function flow(from: string, to: string): FilterQuery<Member> {
  return { formalRegionCode: within(from), $or: [{ destinationRegionCode: within(to) }, { inflowRegionCode: within(to) }] };
}

/** Members who belong to, live in, or are managed in a region. */
export function inRegion(regionCode: string): FilterQuery<Member> {
  return { $or: [{ formalRegionCode: within(regionCode) }, { destinationRegionCode: within(regionCode) }, { inflowRegionCode: within(regionCode) }] };
}

function inRegionRow(regionCode: string, row: RegionColumns): boolean {
  return [row.formalRegionCode, row.destinationRegionCode, row.inflowRegionCode].some((code) => Boolean(code) && regionContains(regionCode, code!));
}

/**
 * The members one side of an agreement reports on: to the PARTNER, the host reports on
 * partner-formal members living or managed in the host region; to the HOST, the partner reports
 * on host-formal members in the partner region. Null when the agreement does not run that way.
 */
export function reportedTo(agreement: AgreementSides, recipient: ReturnRecipient): FilterQuery<Member> | null {
  const { hostRegionCode: host, partnerRegionCode: partner, direction } = agreement;
  if (!returnRecipients(direction).includes(recipient)) return null;
  return recipient === 'PARTNER' ? flow(partner, host) : flow(host, partner);
}

/** DESIGN §3 coverage rule: the members an agreement covers, in either of its directions. */
export function coveredBy(agreement: AgreementSides): FilterQuery<Member> {
  return anyOf([reportedTo(agreement, 'PARTNER'), reportedTo(agreement, 'HOST')]);
}

/** A disjunction; no condition at all matches nothing, and an unrestricted one wins. */
function anyOf(conditions: (FilterQuery<Member> | null)[]): FilterQuery<Member> {
  const present = conditions.filter((condition): condition is FilterQuery<Member> => condition !== null);
  if (present.some((condition) => Object.keys(condition as object).length === 0)) return {};
  if (present.length === 0) return NOTHING as FilterQuery<Member>;
  return present.length === 1 ? present[0]! : { $or: present };
}

/** Ways to see a member that domains above this one declare (a return makes its member visible to its reader). */
type ReadGrant = (viewer: Viewer) => FilterQuery<Member> | null;
const readGrants: ReadGrant[] = [];

/** Caps on exact look-ups by ID number for callers who see numbers masked (tokens, read-only admins). */
export const ID_NUMBER_LOOKUPS = {
  /** Numbers one `membersByIdNumber` call may ask about. */
  perCall: 100,
  /** Numbers one credential may look up per day (China time), across every path that takes them. */
  perDay: 2_000,
} as const;

/** Filter and sort fields that would let a caller rebuild what the masks hide. */
export const IDENTITY_FIELDS: Record<string, Permission> = { idNumber: 'members:identity', birthDate: 'members:identity' };

export const memberPolicy = {
  /** The entries a viewer may read: its reach (with members:read), plus what other domains grant. */
  read(viewer: Viewer): FilterQuery<Member> {
    const grants: (FilterQuery<Member> | null)[] = [];
    if (can(viewer, 'members:read')) {
      const reach = reachOf(viewer);
      if (reach.kind === 'everywhere') grants.push({});
      else if (reach.kind === 'region') grants.push(inRegion(reach.regionCode));
      else if (reach.kind === 'agreement') grants.push(coveredBy(reach.agreement));
    }
    // A partner that writes returns to the host sees the members it reports on, and no others.
    if (viewer.kind === 'token' && viewer.agreement && can(viewer, 'feedback:submit')) grants.push(reportedTo(viewer.agreement, 'HOST'));
    for (const grant of readGrants) grants.push(grant(viewer));
    return scoped(anyOf(grants));
  },

  /** Declared by a domain above (feedback): further members a viewer may read. */
  grantRead(grant: ReadGrant): void {
    readGrants.push(grant);
  },

  /** The entries a viewer may change: those in the region it manages. FORBIDDEN without members:write. */
  write(viewer: Viewer): FilterQuery<Member> {
    requirePermission(viewer, 'members:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    return scoped(reach.kind === 'region' ? inRegion(reach.regionCode) : (NOTHING as FilterQuery<Member>));
  },

  /** The same rule for an entry about to be written (before it reaches the database). */
  mayWrite(viewer: Viewer, row: RegionColumns): boolean {
    const reach = reachOf(viewer);
    return allowedRow(reach.kind === 'everywhere' || (reach.kind === 'region' && inRegionRow(reach.regionCode, row)));
  },

  /**
   * Whether the viewer sees identifying details. Others see the ID number masked down to its
   * first four digits (the city of birth) and the birth year only: with gender and region
   * known, that leaves 365 × 100 × 5 = 182,500 candidate numbers for one person.
   */
  seesIdentity(viewer: Viewer): boolean {
    return can(viewer, 'members:identity');
  },

  /** Whether exact look-ups by ID number count against the caps (ID_NUMBER_LOOKUPS). */
  lookupsCapped(viewer: Viewer): boolean {
    return !can(viewer, 'members:identity');
  },
};

declarePersonalData('Member', (member: Member) => member.id);
