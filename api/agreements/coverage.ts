import type { FilterQuery } from '@mikro-orm/core';
import type { Member } from '../members/member.entity';
import { regionPrefix } from '../regions/region-code';
import { type Agreement, AgreementDirection } from './agreement.entity';

type Coverage = Pick<Agreement, 'hostRegionCode' | 'partnerRegionCode' | 'direction'>;

const within = (regionCode: string) => ({ $like: `${regionPrefix(regionCode)}%` });

/** Members whose formal organisation is in `from` and who live, or are managed, in `to`. */
function flow(from: string, to: string): FilterQuery<Member> {
  return {
    formalOrganization: { regionCode: within(from) },
    $or: [{ destinationRegionCode: within(to) }, { inflowOrganization: { regionCode: within(to) } }],
  };
}

/**
 * DESIGN §3 coverage rule: an agreement between host H and partner P covers a member whose
 * formal organisation is in P and who lives or is managed in H — or the reverse, when the
 * agreement runs that way too. Used as a row filter, so it always runs inside SQL.
 */
export function coverageCondition(agreement: Coverage): FilterQuery<Member> {
  const { hostRegionCode: host, partnerRegionCode: partner, direction } = agreement;
  switch (direction) {
    case AgreementDirection.PARTNER_TO_HOST:
      return flow(partner, host);
    case AgreementDirection.HOST_TO_PARTNER:
      return flow(host, partner);
    case AgreementDirection.TWO_WAY:
      return { $or: [flow(partner, host), flow(host, partner)] };
  }
}

/**
 * The members the partner reports on to the host (the reverse direction): host-formal members
 * living or managed in the partner region. Null when the agreement does not run that way.
 */
export function partnerReportsOn(agreement: Coverage): FilterQuery<Member> | null {
  if (agreement.direction === AgreementDirection.PARTNER_TO_HOST) return null;
  return flow(agreement.hostRegionCode, agreement.partnerRegionCode);
}

/** The same rule as SQL over `member m`, `organization f` (formal) and `organization i` (inflow), for aggregates. */
export const COVERAGE_SQL = `(
  (a.direction in ('PARTNER_TO_HOST', 'TWO_WAY')
    and f.region_code like region_prefix(a.partner_region_code) || '%'
    and (m.destination_region_code like region_prefix(a.host_region_code) || '%'
         or i.region_code like region_prefix(a.host_region_code) || '%'))
  or
  (a.direction in ('HOST_TO_PARTNER', 'TWO_WAY')
    and f.region_code like region_prefix(a.host_region_code) || '%'
    and (m.destination_region_code like region_prefix(a.partner_region_code) || '%'
         or i.region_code like region_prefix(a.partner_region_code) || '%'))
)`;
