import type { FilterQuery } from '@mikro-orm/core';
import type { Agreement } from '../agreements/agreement.entity';
import { can, requirePermission } from '../common/permissions';
import { declarePersonalData } from '../common/personal-reads';
import { allowedRow, NOTHING, reachOf, scoped, within } from '../common/policy';
import { regionContains } from '../common/region-code';
import type { Viewer } from '../common/viewer';
import { AgreementSide } from '../webhooks/outbox-event.entity';
import type { Notice, PendingMemberEntry, RosterExchange, RosterExchangeRow } from './notice.entity';

/**
 * Notices, pending ledger entries and roster reconciliations belong to an agreement: each side
 * reads those of its agreements (an admin the agreements its region hosts or partners in, a
 * partner token its own), with notices:read; notices:send writes them, as the viewer's side.
 * Pending entries are resolved by those who keep the host's ledger (members:write in the host
 * region). PostgreSQL states the same (migrations/Migration20261201810000.ts).
 */

type AgreementRegions = Pick<Agreement, 'id' | 'hostRegionCode' | 'partnerRegionCode'>;

function ofReadableAgreement<E>(viewer: Viewer): FilterQuery<E> {
  if (!can(viewer, 'notices:read')) return NOTHING as unknown as FilterQuery<E>;
  const reach = reachOf(viewer);
  if (reach.kind === 'everywhere') return {};
  if (reach.kind === 'region') {
    return scoped({ agreement: { $or: [{ hostRegionCode: within(reach.regionCode) }, { partnerRegionCode: within(reach.regionCode) }] } } as unknown as FilterQuery<E>);
  }
  if (reach.kind === 'agreement') return scoped({ agreement: reach.agreement.id } as unknown as FilterQuery<E>);
  return NOTHING as unknown as FilterQuery<E>;
}

export const noticePolicy = {
  read: (viewer: Viewer): FilterQuery<Notice> => ofReadableAgreement(viewer),

  /**
   * The side the viewer speaks for under an agreement: a partner token the PARTNER of its own; an
   * admin the HOST of agreements its region hosts (a super admin: every agreement's host), or the
   * PARTNER of those its region is the partner of. Null outside.
   */
  sideOf(viewer: Viewer, agreement: AgreementRegions): AgreementSide | null {
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return AgreementSide.HOST;
    if (reach.kind === 'agreement') return allowedRow(reach.agreement.id === agreement.id) ? AgreementSide.PARTNER : null;
    if (reach.kind === 'region') {
      if (regionContains(reach.regionCode, agreement.hostRegionCode)) return AgreementSide.HOST;
      if (regionContains(reach.regionCode, agreement.partnerRegionCode)) return AgreementSide.PARTNER;
    }
    return null;
  },

  /** FORBIDDEN without notices:send. */
  requireSend(viewer: Viewer): void {
    requirePermission(viewer, 'notices:send');
  },
};

export const pendingEntryPolicy = {
  read: (viewer: Viewer): FilterQuery<PendingMemberEntry> => ofReadableAgreement(viewer),

  /** Entries the viewer may resolve: of agreements its region hosts. FORBIDDEN without members:write. */
  write(viewer: Viewer): FilterQuery<PendingMemberEntry> {
    requirePermission(viewer, 'members:write');
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return {};
    if (reach.kind === 'region') return scoped({ agreement: { hostRegionCode: within(reach.regionCode) } } as FilterQuery<PendingMemberEntry>);
    return NOTHING as unknown as FilterQuery<PendingMemberEntry>;
  },
};

export const rosterExchangePolicy = {
  read: (viewer: Viewer): FilterQuery<RosterExchange> => ofReadableAgreement(viewer),
};

export const rosterExchangeRowPolicy = {
  read(viewer: Viewer): FilterQuery<RosterExchangeRow> {
    const exchanges = rosterExchangePolicy.read(viewer);
    return Object.keys(exchanges as object).length === 0 ? {} : ({ rosterExchange: exchanges } as FilterQuery<RosterExchangeRow>);
  },
};

declarePersonalData('Notice', (notice: Notice) => notice.member?.id ?? null);
declarePersonalData('PendingMemberEntry', (entry: PendingMemberEntry) => entry.member?.id ?? null);
