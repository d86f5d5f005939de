import type { FilterQuery } from '@mikro-orm/core';
import { can, type Permission, requirePermission } from '../common/permissions';
import { declarePersonalData } from '../common/personal-reads';
import { allowedRow, NOTHING, reachOf, scoped } from '../common/policy';
import type { Viewer } from '../common/viewer';
import type { Member } from '../members/member.entity';
import { inRegion, memberPolicy } from '../members/member.policy';
import type { ContactPairing } from './contact-pairing.entity';
import type { ContactRecord } from './contact-record.entity';
import type { LostContactAttempt, LostContactCase } from './lost-contact-case.entity';

/**
 * Contacts with a member and the search for members who lost contact are records about the
 * member: each is read with its member (members the viewer may read) and written by an admin
 * who manages the member's region. Contact records follow activity records' permissions
 * (activities:*), pairings and cases the ledger's (members:*); a lost-contact case is also read
 * by whoever reads the member's year-end return, which carries its history (feedback:read).
 * PostgreSQL states the same as the policies of `contact_record`, `contact_pairing`,
 * `lost_contact_case` and `lost_contact_attempt` (migrations/Migration20261201500000.ts).
 */

type MemberRegions = Pick<Member, 'formalRegionCode' | 'destinationRegionCode' | 'inflowRegionCode'>;

function ofReadableMember<E>(viewer: Viewer, permissions: Permission[]): FilterQuery<E> {
  if (!permissions.some((permission) => can(viewer, permission))) return NOTHING as unknown as FilterQuery<E>;
  if (reachOf(viewer).kind === 'everywhere') return {};
  return scoped({ member: memberPolicy.read(viewer) } as FilterQuery<E>);
}

function ofManagedMember<E>(viewer: Viewer, permission: Permission): FilterQuery<E> {
  requirePermission(viewer, permission);
  const reach = reachOf(viewer);
  if (reach.kind === 'everywhere') return {};
  if (reach.kind !== 'region') return NOTHING as unknown as FilterQuery<E>;
  return scoped({ member: inRegion(reach.regionCode) } as FilterQuery<E>);
}

function mayWriteFor(viewer: Viewer, member: MemberRegions): boolean {
  const reach = reachOf(viewer);
  if (reach.kind === 'everywhere') return true;
  return allowedRow(reach.kind === 'region' && memberPolicy.mayWrite(viewer, member));
}

export const contactRecordPolicy = {
  read: (viewer: Viewer): FilterQuery<ContactRecord> => ofReadableMember(viewer, ['activities:read']),
  /** FORBIDDEN without activities:write. */
  write: (viewer: Viewer): FilterQuery<ContactRecord> => ofManagedMember(viewer, 'activities:write'),
  mayWrite: mayWriteFor,
};

export const contactPairingPolicy = {
  read: (viewer: Viewer): FilterQuery<ContactPairing> => ofReadableMember(viewer, ['members:read']),
  /** FORBIDDEN without members:write. */
  write: (viewer: Viewer): FilterQuery<ContactPairing> => ofManagedMember(viewer, 'members:write'),
  mayWrite: mayWriteFor,
};

export const lostContactCasePolicy = {
  read: (viewer: Viewer): FilterQuery<LostContactCase> => ofReadableMember(viewer, ['members:read', 'feedback:read']),
  /** FORBIDDEN without members:write: opening and closing a case changes the member's status. */
  write: (viewer: Viewer): FilterQuery<LostContactCase> => ofManagedMember(viewer, 'members:write'),
  mayWrite: mayWriteFor,
};

/** An attempt is read and written with its case. */
export const lostContactAttemptPolicy = {
  read(viewer: Viewer): FilterQuery<LostContactAttempt> {
    const cases = lostContactCasePolicy.read(viewer);
    return Object.keys(cases as object).length === 0 ? {} : ({ lostContactCase: cases } as FilterQuery<LostContactAttempt>);
  },
};

declarePersonalData('ContactRecord', (record: ContactRecord) => record.member.id);
declarePersonalData('ContactPairing', (pairing: ContactPairing) => pairing.member.id);
declarePersonalData('LostContactCase', (found: LostContactCase) => found.member.id);
