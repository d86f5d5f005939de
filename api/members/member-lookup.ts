import type { EntityManager } from '@mikro-orm/postgresql';
import { memberReadScope } from '../access/scopes';
import { auditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context';
import { allOf } from '../common/crud/filter-query';
import { BadUserInputError } from '../common/errors';
import { Member } from './member.entity';
import { NATIONAL_ID_MESSAGES, type ParsedNationalId, parseNationalId } from './national-id';
import { personalData } from './personal-data';

/** Most ID numbers one `membersByIdNumber` call may ask about (an import sheet is sent in slices). */
export const MAX_ID_NUMBER_LOOKUPS = 500;

/** A valid national ID number, read (canonical value, birth date, gender), or a field error. */
export function validNationalId(raw: string, field: string): ParsedNationalId {
  const parsed = parseNationalId(raw);
  if (typeof parsed === 'string') throw new BadUserInputError(field, NATIONAL_ID_MESSAGES[parsed], 'NATIONAL_ID');
  return parsed;
}

/** A valid national ID number in its canonical form (upper-case X), or a field error. */
export function canonicalIdNumber(raw: string, field: string): string {
  return validNationalId(raw, field).value;
}

/**
 * The member with this ID number within the caller's read scope, matched through the keyed hash
 * (the number itself is stored only encrypted). Outside the scope is the same as unknown, so that
 * nobody can probe whether a person is registered elsewhere. Batched per request.
 */
export function memberByIdNumber(ctx: RequestContext, idNumber: string, em: EntityManager = ctx.em): Promise<Member | null> {
  return ctx.loaders
    .get<string, Member | null>('Member.byIdNumberHash', async (hashes) => {
      const found = await em.find(Member, allOf<Member>({ idNumberHash: { $in: [...hashes] } }, memberReadScope(ctx.viewer)));
      const byHash = new Map(found.map((member) => [member.idNumberHash, member]));
      return hashes.map((hash) => byHash.get(hash) ?? null);
    })
    .load(personalData().blindIndex(idNumber));
}

/** Members for a list of ID numbers, each tied to the number asked (answers are otherwise masked). */
export async function membersByIdNumber(ctx: RequestContext, rawIdNumbers: string[]): Promise<{ idNumber: string; member: Member }[]> {
  if (rawIdNumbers.length > MAX_ID_NUMBER_LOOKUPS) {
    throw new BadUserInputError('idNumbers', `at most ${MAX_ID_NUMBER_LOOKUPS} per call`, 'TOO_MANY');
  }
  const idNumbers = [...new Set(rawIdNumbers.map((raw, index) => canonicalIdNumber(raw, `idNumbers.${index}`)))];
  const members = await Promise.all(idNumbers.map((idNumber) => memberByIdNumber(ctx, idNumber)));
  const matches = idNumbers.flatMap((idNumber, i) => (members[i] ? [{ idNumber, member: members[i] }] : []));
  auditService.noteRead(ctx, 'Member', matches.map(({ member }) => member.id));
  return matches;
}
