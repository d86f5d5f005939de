import { registerEnumType } from 'type-graphql';

/**
 * The words the coverage rule is written in (DESIGN §3): the two sides of an agreement and the
 * way members flow between them. Shared by the agreement entity, the viewer of a partner token
 * and the member policy, none of which may import another's domain for it.
 */
export enum AgreementDirection {
  /** Each side manages the other's outflow members. */
  TWO_WAY = 'TWO_WAY',
  /** The host manages members flowing in from the partner (the usual case). */
  PARTNER_TO_HOST = 'PARTNER_TO_HOST',
  /** The partner manages the host's outflow members. */
  HOST_TO_PARTNER = 'HOST_TO_PARTNER',
}
registerEnumType(AgreementDirection, {
  name: 'AgreementDirection',
  description: 'Which way members flow under the agreement: both ways, partner → host, host → partner',
});

export interface AgreementSides {
  hostRegionCode: string;
  partnerRegionCode: string;
  direction: AgreementDirection;
}

/**
 * Whom year-end returns are addressed to under an agreement running `direction`: the PARTNER
 * (the host reports on the partner's members living in the host region), the HOST (the partner
 * reports on the host's members living there), or both.
 */
export function returnRecipients(direction: AgreementDirection): ('PARTNER' | 'HOST')[] {
  switch (direction) {
    case AgreementDirection.PARTNER_TO_HOST:
      return ['PARTNER'];
    case AgreementDirection.HOST_TO_PARTNER:
      return ['HOST'];
    case AgreementDirection.TWO_WAY:
      return ['PARTNER', 'HOST'];
  }
}
