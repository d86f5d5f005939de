import type { AgreementStatus } from '../agreements/agreement.entity';
import { isInForce } from '../agreements/agreement.rules';
import { type AgreementDirection, returnRecipients } from '../common/agreement-sides';
import { chinaDate } from '../common/dates';
import { UnauthenticatedError } from '../common/errors';
import { regionContains } from '../common/region-code';
import { AdminRole, type PartnerAccountIdentity, TokenScope, type TokenViewer } from '../common/viewer';

/**
 * The one way a partner's viewer is made: for an API token issued under an agreement, and for a
 * partner account (a person of the partner side logged in to the console) bound to one. Both
 * come through {@link partnerViewerOf}, so every policy, every row-level security rule and the
 * scope matrix see the same viewer; the account differs only in who it is (`account`).
 */

/** The agreement a partner credential is bound to, as the credential look-ups read it. */
export interface BoundAgreement {
  id: number;
  status: AgreementStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
  hostRegionCode: string;
  partnerRegionCode: string;
  direction: AgreementDirection;
}

export interface PartnerGrant {
  /** Null for a dashboard token. */
  agreement: BoundAgreement | null;
  scopes: readonly TokenScope[];
  years: readonly number[];
  partnerRegionCode: string | null;
  issuerRegionCode: string | null;
}

export type PartnerIdentity = { tokenId: number; publicId: string; name: string } | { account: PartnerAccountIdentity; name: string };

/** Refuses a grant whose agreement is not in force (or has left its issuer's region); else the viewer. */
export function partnerViewerOf(grant: PartnerGrant, identity: PartnerIdentity, now: Date): TokenViewer {
  const { agreement } = grant;
  const what = 'account' in identity ? 'this account is bound to' : 'this token was issued under';
  if (agreement) {
    if (!isInForce(agreement, chinaDate(now))) throw new UnauthenticatedError(`The agreement ${what} is not in force`);
    // Never more than the issuer: should the agreement's host have moved out of the issuer's region since, the credential stops.
    if (grant.issuerRegionCode && !regionContains(grant.issuerRegionCode, agreement.hostRegionCode)) {
      throw new UnauthenticatedError(`The agreement ${what} is no longer within its issuer's region`);
    }
  }
  return {
    kind: 'token',
    tokenId: 'account' in identity ? null : identity.tokenId,
    publicId: 'account' in identity ? null : identity.publicId,
    account: 'account' in identity ? identity.account : null,
    name: identity.name,
    scopes: grant.scopes,
    agreement:
      agreement === null
        ? null
        : { id: agreement.id, hostRegionCode: agreement.hostRegionCode, partnerRegionCode: agreement.partnerRegionCode, direction: agreement.direction },
    partnerRegionCode: grant.partnerRegionCode,
    issuerRegionCode: grant.issuerRegionCode,
    years: grant.years,
  };
}

/**
 * The token scopes a partner role stands for under an agreement running `direction`: what a
 * partner token issued for the same work would carry. A reviewer also sends and answers notices
 * (and rosters), answers and raises transfer requests, and submits returns too where the partner reports to the host (two-way and host →
 * partner agreements), as a token could.
 */
export function partnerAccountScopes(role: AdminRole, direction: AgreementDirection | null): TokenScope[] {
  const read = [TokenScope.MEMBERS_READ, TokenScope.FEEDBACK_READ];
  switch (role) {
    case AdminRole.PARTNER_REVIEWER:
      return [
        ...read,
        TokenScope.FEEDBACK_RECEIVE,
        TokenScope.FEEDBACK_GRADE,
        TokenScope.TRANSFERS,
        TokenScope.NOTICES_SEND,
        ...(direction && returnRecipients(direction).includes('HOST') ? [TokenScope.FEEDBACK_SUBMIT] : []),
      ];
    case AdminRole.PARTNER_ADMIN:
    case AdminRole.PARTNER_VIEWER:
      return read;
    default:
      return [];
  }
}

/** The years a partner account reaches: those of the agreement's period up to the current one. */
export function agreementYears(agreement: Pick<BoundAgreement, 'effectiveFrom' | 'effectiveTo'>, now: Date): number[] {
  const first = Number(agreement.effectiveFrom.slice(0, 4));
  const current = Number(chinaDate(now).slice(0, 4));
  const last = Math.min(current, agreement.effectiveTo ? Number(agreement.effectiveTo.slice(0, 4)) : current);
  const years: number[] = [];
  for (let year = first; year <= last; year += 1) years.push(year);
  return years;
}

/** A partner account's grant: its role's scopes, the agreement's years, issued (in effect) by the agreement's host. */
export function partnerAccountGrant(role: AdminRole, agreement: BoundAgreement, now: Date): PartnerGrant {
  return {
    agreement,
    scopes: partnerAccountScopes(role, agreement.direction),
    years: agreementYears(agreement, now),
    partnerRegionCode: agreement.partnerRegionCode,
    issuerRegionCode: agreement.hostRegionCode,
  };
}
