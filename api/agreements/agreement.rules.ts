import { type Agreement, AgreementStatus } from './agreement.entity';

/**
 * An agreement is in force on a day (China time, `YYYY-MM-DD`) when it is ACTIVE and that day
 * lies within its effective period. Tokens are issued and honoured only under such an agreement.
 */
export function isInForce(agreement: Pick<Agreement, 'status' | 'effectiveFrom' | 'effectiveTo'>, today: string): boolean {
  return agreement.status === AgreementStatus.ACTIVE && agreement.effectiveFrom <= today && (!agreement.effectiveTo || agreement.effectiveTo >= today);
}
