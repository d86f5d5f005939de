import type { FilterQuery } from '@mikro-orm/core';
import { agreementPolicy } from '../agreements/agreement.policy';
import { can } from '../common/permissions';
import { declarePersonalData } from '../common/personal-reads';
import { allowedRow, NOTHING, reachOf, scoped } from '../common/policy';
import { regionContains } from '../common/region-code';
import type { Viewer } from '../common/viewer';
import { memberPolicy } from '../members/member.policy';
import { AgreementSide } from '../webhooks/outbox-event.entity';
import type { TransferRequest } from './transfer-request.entity';
import { isParty, PARTY_WORDS, type TransferAction, TRANSFER_RULES } from './transfer.rules';

/**
 * Who reads and acts on which transfer requests. Read (transfers:read): the requests of the
 * agreements the viewer reads, about members it reads — an admin its region's, a partner its
 * agreement's covered members. Act (transfers:write): an admin stands on the HOST side of the
 * agreements its region hosts (a super admin of every agreement), a partner token on the PARTNER
 * side of its own agreement; which step a side may take is the state machine's (transfer.rules.ts).
 * (PostgreSQL: the `transfer_request` policies and transfer_viewer_side().)
 */
export const transferPolicy = {
  read(viewer: Viewer): FilterQuery<TransferRequest> {
    if (!can(viewer, 'transfers:read')) return NOTHING as FilterQuery<TransferRequest>;
    if (reachOf(viewer).kind === 'everywhere') return {};
    return scoped({ agreement: agreementPolicy.read(viewer), member: memberPolicy.read(viewer) } as FilterQuery<TransferRequest>);
  },

  /** The side of this agreement the viewer acts for, or null when it acts for neither. */
  sideOf(viewer: Viewer, agreement: { id: number; hostRegionCode: string }): AgreementSide | null {
    if (!can(viewer, 'transfers:write')) return null;
    const reach = reachOf(viewer);
    if (reach.kind === 'everywhere') return AgreementSide.HOST;
    if (reach.kind === 'region') return allowedRow(regionContains(reach.regionCode, agreement.hostRegionCode)) ? AgreementSide.HOST : null;
    if (reach.kind === 'agreement') return allowedRow(reach.agreement.id === agreement.id) ? AgreementSide.PARTNER : null;
    return null;
  },

  /** Why the viewer may not take `action` on this request, or null when it may (the state aside). */
  refusal(viewer: Viewer, row: Pick<TransferRequest, 'requestedSide' | 'receivingSide'>, side: AgreementSide | null, action: TransferAction): string | null {
    if (!can(viewer, 'transfers:write')) return 'Not allowed: transfers:write is required';
    if (!side) return 'Not allowed: you act for neither side of this agreement';
    const party = TRANSFER_RULES[action].party;
    if (!isParty(party, side, row)) return `Not allowed: only ${PARTY_WORDS[party]} may ${action} this transfer`;
    return null;
  },
};

declarePersonalData('TransferRequest', (row: TransferRequest) => row.member.id);
