import 'reflect-metadata';
import { MemberStatus, MobilityType } from '../../api/members/member.entity';
import { TransferState } from '../../api/transfers/transfer-request.entity';
import { isParty, TRANSFER_RULES, transferEligibility } from '../../api/transfers/transfer.rules';
import { AgreementSide } from '../../api/webhooks/outbox-event.entity';

const NOW = new Date('2026-11-30T04:00:00Z');
const member = (overrides: Partial<Record<string, unknown>> = {}) => ({
  outflowDate: '2025-01-10',
  status: MemberStatus.MANAGED,
  mobilityType: MobilityType.EMPLOYMENT,
  abroad: false,
  destinationRegionCode: '510104',
  ...overrides,
}) as never;

describe('who may be asked for (应转尽转, member.rules.ts)', () => {
  it.each([
    ['employment, 22 months away', {}, 'FIXED_PLACE_SIX_MONTHS'],
    ['study, over two years', { mobilityType: MobilityType.STUDY, outflowDate: '2024-09-01' }, 'STUDY_OVER_TWO_YEARS'],
  ])('%s: due, no exception needed', (_label, overrides, dueReason) => {
    expect(transferEligibility(member(overrides), NOW, null)).toEqual({ allowed: true, dueReason, exceptionReason: null });
  });

  it.each([
    ['under six months', { outflowDate: '2026-09-01' }, 'UNDER_SIX_MONTHS'],
    ['study within two years', { mobilityType: MobilityType.STUDY, outflowDate: '2025-09-01' }, 'STUDY_WITHIN_TWO_YEARS'],
    ['abroad', { abroad: true }, 'ABROAD'],
    ['Hong Kong counts as abroad', { destinationRegionCode: '810000' }, 'ABROAD'],
    ['temporary', { mobilityType: MobilityType.TEMPORARY }, 'TEMPORARY'],
  ])('%s: only with an exception reason', (_label, overrides, dueReason) => {
    const refused = transferEligibility(member(overrides), NOW, '   ');
    expect(refused).toMatchObject({ allowed: false, field: 'input.exceptionReason', reason: 'TRANSFER_NOT_DUE' });
    expect(refused.allowed === false && refused.message).toContain(dueReason);
    expect(transferEligibility(member(overrides), NOW, ' 已在当地落户 ')).toEqual({ allowed: true, dueReason, exceptionReason: '已在当地落户' });
  });

  it.each([MemberStatus.RETURNED, MemberStatus.TRANSFERRED])('%s: never, whatever the reason', (status) => {
    expect(transferEligibility(member({ status }), NOW, '任何理由')).toMatchObject({ allowed: false, field: 'input.memberId', reason: 'MEMBER_CLOSED' });
  });
});

describe('whose step it is', () => {
  const row = { requestedSide: AgreementSide.PARTNER, receivingSide: AgreementSide.HOST };
  it('the other side answers, the asking side withdraws, the receiving side completes', () => {
    expect(isParty(TRANSFER_RULES.accept.party, AgreementSide.HOST, row)).toBe(true);
    expect(isParty(TRANSFER_RULES.accept.party, AgreementSide.PARTNER, row)).toBe(false);
    expect(isParty(TRANSFER_RULES.reject.party, AgreementSide.PARTNER, row)).toBe(false);
    expect(isParty(TRANSFER_RULES.cancel.party, AgreementSide.PARTNER, row)).toBe(true);
    expect(isParty(TRANSFER_RULES.cancel.party, AgreementSide.HOST, row)).toBe(false);
    expect(isParty(TRANSFER_RULES.complete.party, AgreementSide.HOST, row)).toBe(true);
    expect(isParty(TRANSFER_RULES.complete.party, AgreementSide.PARTNER, row)).toBe(false);
  });

  it('moves from REQUESTED (accept, reject, cancel) and from ACCEPTED (complete) only', () => {
    expect(Object.fromEntries(Object.entries(TRANSFER_RULES).map(([action, rule]) => [action, `${rule.from}→${rule.to}`]))).toEqual({
      accept: `${TransferState.REQUESTED}→${TransferState.ACCEPTED}`,
      reject: `${TransferState.REQUESTED}→${TransferState.REJECTED}`,
      cancel: `${TransferState.REQUESTED}→${TransferState.CANCELLED}`,
      complete: `${TransferState.ACCEPTED}→${TransferState.COMPLETED}`,
    });
  });
});
