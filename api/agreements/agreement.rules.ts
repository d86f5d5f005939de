import { type Agreement, AgreementStatus } from './agreement.entity';

/**
 * An agreement is in force on a day (China time, `YYYY-MM-DD`) when it is ACTIVE and that day
 * lies within its effective period. Tokens are issued and honoured only under such an agreement.
 */
export function isInForce(agreement: Pick<Agreement, 'status' | 'effectiveFrom' | 'effectiveTo'>, today: string): boolean {
  return agreement.status === AgreementStatus.ACTIVE && agreement.effectiveFrom <= today && (!agreement.effectiveTo || agreement.effectiveTo >= today);
}

/** Agreements whose years still have returns: those running now, and those that ran their course. */
export const RETURNS_MADE_UNDER = [AgreementStatus.ACTIVE, AgreementStatus.EXPIRED];

/**
 * Whether the year-end returns of `year` are made under the agreement: it is ACTIVE, or has since
 * EXPIRED, and its effective period reaches into that year. A draft, suspended or terminated
 * agreement has none, nor has any agreement for a year outside its period. Draft generation and
 * partner submissions refuse other years; feedbackProgress expects no one for them.
 */
export function isInForceDuring(agreement: Pick<Agreement, 'status' | 'effectiveFrom' | 'effectiveTo'>, year: number): boolean {
  return (
    RETURNS_MADE_UNDER.includes(agreement.status) &&
    agreement.effectiveFrom <= `${year}-12-31` &&
    (!agreement.effectiveTo || agreement.effectiveTo >= `${year}-01-01`)
  );
}
