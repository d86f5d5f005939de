import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditService } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { allOf } from '../common/crud/filter-query';
import { chinaDate } from '../common/dates';
import { BadUserInputError, DomainError } from '../common/errors';
import { credentialOf } from '../common/viewer';
import { Member } from './member.entity';
import { ID_NUMBER_LOOKUPS, memberPolicy } from './member.policy';
import { NATIONAL_ID_MESSAGES, type ParsedNationalId, parseNationalId } from './national-id';
import { personalData } from './personal-data';

/** Most ID numbers one `membersByIdNumber` call may ask about, for those who see identities (an import sheet is sent in slices). */
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

export function idNumberHash(idNumber: string): string {
  return personalData().blindIndex(idNumber);
}

/** How many numbers one call may ask about: fewer for callers who see numbers masked. */
export function idNumbersPerCall(ctx: RequestContext): number {
  return memberPolicy.lookupsCapped(ctx.viewer) ? ID_NUMBER_LOOKUPS.perCall : MAX_ID_NUMBER_LOOKUPS;
}

/**
 * Counts look-ups against the caller's daily cap, refusing (and counting nothing) past it. Every
 * path that finds people by ID number comes through here, so no path is a free oracle.
 */
async function countLookups(ctx: RequestContext, em: EntityManager, count: number): Promise<void> {
  if (count === 0 || !memberPolicy.lookupsCapped(ctx.viewer) || ctx.viewer.kind === 'anonymous') return;
  const credential = credentialOf(ctx.viewer)!;
  const refused = () =>
    new DomainError('TOO_MANY_REQUESTS', `At most ${ID_NUMBER_LOOKUPS.perDay} ID numbers may be looked up per day; try again tomorrow`, {
      reason: 'DAILY_LOOKUP_LIMIT',
    });
  if (count > ID_NUMBER_LOOKUPS.perDay) throw refused();
  const counted: { count: number }[] = await em.execute(
    `insert into id_number_lookup as l (credential, day, count) values (?, ?, ?)
     on conflict (credential, day) do update set count = l.count + excluded.count where l.count + excluded.count <= ?
     returning count`,
    [credential, chinaDate(ctx.now), count, ID_NUMBER_LOOKUPS.perDay],
  );
  if (counted.length === 0) throw refused();
}

/**
 * The members with these ID-number hashes within the caller's read scope (and `within`, when
 * given): outside the scope is the same as not registered, so nobody can probe whether a person
 * is registered elsewhere. Counted against the daily cap and written to the audit trail with the
 * numbers as keyed hashes, never in clear.
 */
export async function lookUpIdNumbers(ctx: RequestContext, em: EntityManager, hashes: readonly string[], within?: FilterQuery<Member>): Promise<Map<string, Member>> {
  await countLookups(ctx, em, hashes.length);
  const found = await em.find(Member, allOf<Member>({ idNumberHash: { $in: [...hashes] } }, memberPolicy.read(ctx.viewer), within));
  if (memberPolicy.lookupsCapped(ctx.viewer)) {
    await auditService.record(ctx, em, [
      { action: 'lookup', entity: 'Member', changes: { idNumberHashes: [...hashes], matched: found.map((member) => member.id).sort((a, b) => a - b) } },
    ]);
  }
  return new Map(found.map((member) => [member.idNumberHash, member]));
}

/** The member with this ID number within the caller's read scope, batched per request tick. */
export function memberByIdNumber(ctx: RequestContext, idNumber: string, em: EntityManager = ctx.em): Promise<Member | null> {
  return ctx.loaders
    .get<string, Member | null>('Member.byIdNumberHash', async (hashes) => {
      const byHash = await lookUpIdNumbers(ctx, em, hashes);
      return hashes.map((hash) => byHash.get(hash) ?? null);
    })
    .load(idNumberHash(idNumber));
}

/** Members for a list of ID numbers, each tied to the number asked (answers are otherwise masked). */
export async function membersByIdNumber(ctx: RequestContext, rawIdNumbers: string[]): Promise<{ idNumber: string; member: Member }[]> {
  const perCall = idNumbersPerCall(ctx);
  if (rawIdNumbers.length > perCall) throw new BadUserInputError('idNumbers', `at most ${perCall} per call`, 'TOO_MANY');
  const idNumbers = [...new Set(rawIdNumbers.map((raw, index) => canonicalIdNumber(raw, `idNumbers.${index}`)))];
  const members = await Promise.all(idNumbers.map((idNumber) => memberByIdNumber(ctx, idNumber)));
  return idNumbers.flatMap((idNumber, i) => (members[i] ? [{ idNumber, member: members[i] }] : []));
}
