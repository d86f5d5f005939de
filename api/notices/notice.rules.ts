import { AgreementDirection } from '../common/agreement-sides';
import { BadUserInputError } from '../common/errors';
import { NATIONAL_ID_MESSAGES, parseNationalId } from '../members/national-id';
import { AgreementSide } from '../webhooks/outbox-event.entity';
import { NoticeKind, type NoticeFacts } from './notice.entity';
import type { NoticeFactsInput, RosterRowInput } from './notice.types';

/** Rows one roster may carry. */
export const MAX_ROSTER_ROWS = 5000;

const REGION_CODE = /^\d{6}$/;
/** The free-text facts and their lengths (nested inputs are checked here, not by the argument validators). */
const FACT_TEXT_LIMITS = { destinationAddress: 200, occupation: 50, workUnit: 100, formalOrganizationName: 200, transferredTo: 200 } as const;

/** Whether members flow out of `side` under an agreement running `direction`: that side sends inflow alerts and rosters. */
export function isOutflowSide(direction: AgreementDirection, side: AgreementSide): boolean {
  if (direction === AgreementDirection.TWO_WAY) return true;
  return side === AgreementSide.PARTNER ? direction === AgreementDirection.PARTNER_TO_HOST : direction === AgreementDirection.HOST_TO_PARTNER;
}

/** The other side of the agreement: a notice goes there. */
export function otherSideOf(side: AgreementSide): AgreementSide {
  return side === AgreementSide.HOST ? AgreementSide.PARTNER : AgreementSide.HOST;
}

/** A national ID number, canonical (upper-case X), or a field error. */
export function nationalId(raw: string, field: string): string {
  const parsed = parseNationalId(raw);
  if (typeof parsed === 'string') throw new BadUserInputError(field, NATIONAL_ID_MESSAGES[parsed], 'NATIONAL_ID');
  return parsed.value;
}

/** The facts each kind must carry, checked with the field named; returns them without empty values. */
export function checkFacts(kind: NoticeKind, facts: NoticeFactsInput | null | undefined, body: string | null | undefined, today: string): NoticeFacts {
  const given: NoticeFacts = Object.fromEntries(Object.entries(facts ?? {}).filter(([, value]) => value !== null && value !== undefined && value !== '')) as NoticeFacts;
  const need = (name: keyof NoticeFacts) => {
    if (given[name]) return;
    // Without facts at all, the error names the facts (a field that was left out is named by its parent).
    if (!facts) throw new BadUserInputError('input.facts', `${name} is required for ${kind}`, 'REQUIRED');
    throw new BadUserInputError(`input.facts.${name}`, `is required for ${kind}`, 'REQUIRED');
  };
  if (given.destinationRegionCode && !REGION_CODE.test(given.destinationRegionCode)) {
    throw new BadUserInputError('input.facts.destinationRegionCode', 'must be a six-digit GB/T 2260 code', 'REGION_CODE');
  }
  for (const name of ['arrivedOn', 'leftOn'] as const) {
    if (given[name] && given[name]! > today) throw new BadUserInputError(`input.facts.${name}`, 'cannot be in the future', 'DATE_ORDER');
  }
  for (const [name, max] of Object.entries(FACT_TEXT_LIMITS) as [keyof typeof FACT_TEXT_LIMITS, number][]) {
    if ((given[name]?.length ?? 0) > max) throw new BadUserInputError(`input.facts.${name}`, `at most ${max} characters`, 'TOO_LONG');
  }
  switch (kind) {
    case NoticeKind.INFLOW_ALERT:
      need('arrivedOn');
      need('destinationRegionCode');
      break;
    case NoticeKind.DEPARTURE:
      need('leftOn');
      break;
    case NoticeKind.STATUS_CHANGE:
      need('statusAfter');
      break;
    case NoticeKind.ROSTER_UPDATE:
    case NoticeKind.MESSAGE:
      if (!body?.trim()) throw new BadUserInputError('input.body', `is required for ${kind}`, 'REQUIRED');
      break;
  }
  return given;
}

export interface CheckedRosterRow {
  rowNumber: number;
  idNumber: string;
  name: string;
  facts: NoticeFacts;
}

/** Every row checked, the first problem named by row and field (`input.rows.17.idNumber`); an ID number twice is refused. */
export function checkRoster(rows: RosterRowInput[], today: string): CheckedRosterRow[] {
  if (rows.length === 0) throw new BadUserInputError('input.rows', 'must hold at least one row', 'REQUIRED');
  if (rows.length > MAX_ROSTER_ROWS) throw new BadUserInputError('input.rows', `at most ${MAX_ROSTER_ROWS} rows per call`, 'TOO_MANY');
  const seen = new Map<string, number>();
  return rows.map((row, index) => {
    const field = (name: string) => `input.rows.${index}.${name}`;
    const idNumber = nationalId(row.idNumber, field('idNumber'));
    const first = seen.get(idNumber);
    if (first !== undefined) throw new BadUserInputError(field('idNumber'), `the same ID number as row ${first}`, 'DUPLICATE');
    seen.set(idNumber, index);
    const name = row.name.trim();
    if (name.length === 0 || name.length > 50) throw new BadUserInputError(field('name'), 'must be 1 to 50 characters', 'TEXT');
    if (row.destinationRegionCode && !REGION_CODE.test(row.destinationRegionCode)) {
      throw new BadUserInputError(field('destinationRegionCode'), 'must be a six-digit GB/T 2260 code', 'REGION_CODE');
    }
    if (row.arrivedOn && row.arrivedOn > today) throw new BadUserInputError(field('arrivedOn'), 'cannot be in the future', 'DATE_ORDER');
    const { transferredTo: _notInRosters, ...texts } = FACT_TEXT_LIMITS;
    for (const [name, max] of Object.entries(texts) as [keyof typeof texts, number][]) {
      if ((row[name]?.length ?? 0) > max) throw new BadUserInputError(field(name), `at most ${max} characters`, 'TOO_LONG');
    }
    const facts = Object.fromEntries(
      Object.entries({
        arrivedOn: row.arrivedOn,
        destinationRegionCode: row.destinationRegionCode,
        destinationAddress: row.destinationAddress?.trim(),
        occupation: row.occupation?.trim(),
        workUnit: row.workUnit?.trim(),
        formalOrganizationName: row.formalOrganizationName?.trim(),
      }).filter(([, value]) => value),
    ) as NoticeFacts;
    return { rowNumber: index, idNumber, name, facts };
  });
}
