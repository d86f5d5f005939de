import type { FilterQuery, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import type { RequestContext } from '../common/context';
import { scopedIdsSql } from '../common/scoped-sql';
import { computedBooleanFilter } from '../common/crud/boolean-filter';
import { type WriteContext, CrudService, definedOnly, requireValue } from '../common/crud/crud.service';
import { referenced } from '../common/crud/references';
import { boundedList } from '../common/crud/filter-query';
import { Resource } from '../common/crud/resource';
import { addYears, chinaDate } from '../common/dates';
import { BadUserInputError } from '../common/errors';
import type { Organization } from '../organizations/organization.entity';
import { organizationService, subtreeCondition, subtreeIds } from '../organizations/organization.service';
import { Gender, Member, MemberStatus, MobilityType, PartyStanding } from './member.entity';
import { canonicalIdNumber, memberByIdNumber, validNationalId } from './member-lookup';
import { IDENTITY_FIELDS, memberPolicy } from './member.policy';
import { ledgerStaleCondition, transferDueCondition } from './member.rules';
import type { CreateMemberInput, UpdateMemberInput } from './member.types';
import { maskIdNumber, maskPhone, personalData } from './personal-data';

const enumKind = <T extends object>(enumObject: T, name: string) => ({ kind: { enum: enumObject, name } });

export const memberResource = new Resource<Member>({
  entity: Member,
  name: 'Member',
  plural: 'Members',
  permissions: { read: 'members:read', write: 'members:write' },
  fields: {
    id: { kind: 'id', sortable: true },
    name: { kind: 'string', sortable: true },
    idNumber: {
      kind: 'string',
      permission: IDENTITY_FIELDS.idNumber,
      description: 'Exact national ID number (eq or in, at most 500); matched through a keyed hash, never stored in clear. Needs members:identity: others use membersByIdNumber',
      where: (comparison, _ctx, field) => {
        const values = comparison.eq !== undefined && comparison.eq !== null ? [comparison.eq] : (comparison.in as unknown[] | undefined);
        if (values) boundedList(values, `${field}.in`);
        if (!values || Object.keys(comparison).some((op) => op !== 'eq' && op !== 'in')) {
          throw new BadUserInputError(field, 'supports only eq and in', 'UNSUPPORTED_OPERATOR');
        }
        return { idNumberHash: { $in: values.map((value) => personalData().blindIndex(String(value).trim().toUpperCase())) } };
      },
    },
    gender: { ...enumKind(Gender, 'Gender'), sortable: true },
    birthDate: { kind: 'date', sortable: true, permission: IDENTITY_FIELDS.birthDate, description: 'Needs members:identity (others see the birth year only)' },
    partyStanding: { ...enumKind(PartyStanding, 'PartyStanding'), sortable: true },
    joinedOn: { kind: 'date', sortable: true },
    formalOrganizationId: { kind: 'id', path: 'formalOrganization', sortable: true },
    formalOrganizationSubtree: {
      kind: 'id',
      description: 'Formal organisation is this one or below it (eq or in)',
      where: (comparison, _ctx, field) => ({ formalOrganization: subtreeCondition(subtreeIds(comparison, field)) }),
    },
    formalRegionCode: { kind: 'string', description: 'Region of the formal organisation (outflow place)' },
    mobilityType: { ...enumKind(MobilityType, 'MobilityType'), sortable: true },
    outflowDate: { kind: 'date', sortable: true },
    destinationRegionCode: { kind: 'string', sortable: true },
    inflowOrganizationId: { kind: 'id', path: 'inflowOrganization', sortable: true },
    inflowOrganizationSubtree: {
      kind: 'id',
      description: 'Inflow organisation is this one or below it (eq or in)',
      where: (comparison, _ctx, field) => ({ inflowOrganization: subtreeCondition(subtreeIds(comparison, field)) }),
    },
    status: { ...enumKind(MemberStatus, 'MemberStatus'), sortable: true },
    lastContactOn: { kind: 'date', sortable: true },
    certificateExpiresOn: { kind: 'date', sortable: true },
    ledgerUpdatedAt: { kind: 'datetime', sortable: true },
    expertiseTags: { kind: 'stringArray' },
    abroad: { kind: 'boolean', description: '出国（境） as recorded (destinations outside the mainland count for transferDue whatever it says)' },
    transferDue: {
      kind: 'boolean',
      description: 'The formal relationship should be transferred (应转尽转): the rule of transferDueReason',
      where: (comparison, ctx, field) => {
        const due = transferDueCondition(ctx.now);
        return computedBooleanFilter<Member>(comparison, field, due, { $not: due } as FilterQuery<Member>);
      },
    },
    ledgerStale: {
      kind: 'boolean',
      description: 'Open ledger entry (not returned or transferred) not updated for more than 31 days',
      where: (comparison, ctx, field) => {
        const stale = ledgerStaleCondition(ctx.now);
        return computedBooleanFilter<Member>(comparison, field, stale, { $not: stale } as FilterQuery<Member>);
      },
    },
    createdAt: { kind: 'datetime', sortable: true },
    updatedAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'id', direction: 'ASC' }],
});

type MemberDates = Pick<Member, 'birthDate' | 'joinedOn' | 'outflowDate'> &
  Partial<Pick<Member, 'certificateIssuedOn' | 'certificateExpiresOn' | 'lastContactOn' | 'transferredOn'>>;

/** The mobile-member ledger: validation across fields and protection of personal data on write. */
export class MemberService extends CrudService<Member, CreateMemberInput, UpdateMemberInput> {
  protected readonly constraints = {
    member_id_number_hash_unique: 'idNumber',
    member_formal_organization_id_foreign: 'formalOrganizationId',
    member_inflow_organization_id_foreign: 'inflowOrganizationId',
  };

  protected override readonly uniqueFields = [{ property: 'idNumberHash' as const, field: 'idNumber', taken: idNumberHashesTaken }];

  constructor() {
    super(memberResource, memberPolicy);
  }

  protected async createData(input: CreateMemberInput, write: WriteContext): Promise<RequiredEntityData<Member>> {
    const { idNumber, phone, formalOrganizationId, inflowOrganizationId, status, expertiseTags, ...fields } = input;
    const formal = await this.organization(write, formalOrganizationId, 'formalOrganizationId');
    const inflow = inflowOrganizationId ? await this.organization(write, inflowOrganizationId, 'inflowOrganizationId') : null;
    const data = {
      ...fields,
      ...this.identityData(idNumber, write.field),
      ...this.phoneData(phone),
      name: input.name.trim(),
      formalOrganization: formal.id,
      formalRegionCode: formal.regionCode,
      inflowOrganization: inflow?.id ?? null,
      inflowRegionCode: inflow?.regionCode ?? null,
      status: status ?? MemberStatus.REGISTERED,
      abroad: input.abroad ?? false,
      expertiseTags: normaliseTags(expertiseTags),
      ledgerUpdatedAt: write.ctx.now,
    };
    this.checkDates(data, write);
    this.requireWritable(memberPolicy.mayWrite(write.ctx.viewer, data));
    return data as RequiredEntityData<Member>;
  }

  protected async updateData(input: UpdateMemberInput, write: WriteContext, existing: Member | null) {
    const { idNumber, phone, formalOrganizationId, inflowOrganizationId, expertiseTags, ...fields } = input;
    const f = (name: string) => `${write.field}.${name}`;
    const data: Record<string, unknown> = definedOnly({
      ...fields,
      name: requireValue(input.name, f('name'))?.trim(),
      partyStanding: requireValue(input.partyStanding, f('partyStanding')),
      joinedOn: requireValue(input.joinedOn, f('joinedOn')),
      mobilityType: requireValue(input.mobilityType, f('mobilityType')),
      outflowDate: requireValue(input.outflowDate, f('outflowDate')),
      destinationRegionCode: requireValue(input.destinationRegionCode, f('destinationRegionCode')),
      status: requireValue(input.status, f('status')),
      abroad: requireValue(input.abroad, f('abroad')),
      ledgerUpdatedAt: write.ctx.now,
    });
    if (requireValue(idNumber, f('idNumber')) !== undefined) Object.assign(data, this.identityData(idNumber!, write.field));
    if (phone !== undefined) Object.assign(data, this.phoneData(phone));
    if (requireValue(formalOrganizationId, f('formalOrganizationId')) !== undefined) {
      const formal = await this.organization(write, formalOrganizationId!, 'formalOrganizationId');
      Object.assign(data, { formalOrganization: formal.id, formalRegionCode: formal.regionCode });
    }
    if (inflowOrganizationId !== undefined) {
      const inflow = inflowOrganizationId === null ? null : await this.organization(write, inflowOrganizationId, 'inflowOrganizationId');
      Object.assign(data, { inflowOrganization: inflow?.id ?? null, inflowRegionCode: inflow?.regionCode ?? null });
    }
    if (expertiseTags !== undefined) data.expertiseTags = normaliseTags(expertiseTags);
    if (existing) {
      const after = { ...existing, ...data } as Member;
      this.checkDates(after, write);
      // A write may not move an entry out of the region the admin manages.
      this.requireWritable(memberPolicy.mayWrite(write.ctx.viewer, after));
    }
    return data;
  }

  /**
   * Members in the caller's scope whose formal or inflow organisation lies in the subtree of
   * each organisation, for a page of organisations in one statement.
   */
  countInSubtree(ctx: RequestContext, organizationId: number): Promise<number> {
    return ctx.loaders
      .get<number, number>('Member.countInSubtree', async (ids) => {
        const scoped = scopedIdsSql(ctx.em, Member, memberPolicy.read(ctx.viewer) as QBFilterQuery<Member>);
        const rows: { id: number; count: number }[] = await ctx.em.execute(
          `with scoped as (${scoped.sql}),
           sub as (
             select root.id as root, d.id
               from unnest(array[?]::int[]) as root(id)
               join organization d on d.id = root.id or d.ancestor_ids @> array[root.id])
           select root as id, count(distinct member_id)::int as count from (
             select sub.root, m.id as member_id from sub join member m on m.formal_organization_id = sub.id
             union all
             select sub.root, m.id from sub join member m on m.inflow_organization_id = sub.id) as found
           join scoped on scoped.id = found.member_id
           group by root`,
          [...scoped.params, [...ids]],
        );
        const counts = new Map(rows.map((row) => [row.id, row.count]));
        return ids.map((id) => counts.get(id) ?? 0);
      })
      .load(organizationId);
  }

  /** The full ID number for an admin's export; never part of the GraphQL type. */
  revealIdNumber(member: Member): string {
    return personalData().decrypt(member.idNumberCipher);
  }

  revealPhone(member: Member): string | null {
    return member.phoneCipher ? personalData().decrypt(member.phoneCipher) : null;
  }

  private identityData(raw: string, field: string) {
    const parsed = validNationalId(raw, `${field}.idNumber`);
    const protector = personalData();
    return {
      idNumberCipher: protector.encrypt(parsed.value),
      idNumberHash: protector.blindIndex(parsed.value),
      idNumberMasked: maskIdNumber(parsed.value),
      birthDate: parsed.birthDate,
      gender: parsed.gender as Gender,
    };
  }

  private phoneData(phone: string | null | undefined) {
    if (!phone) return { phoneCipher: null, phoneMasked: null };
    return { phoneCipher: personalData().encrypt(phone), phoneMasked: maskPhone(phone) };
  }

  private organization(write: WriteContext, raw: string, name: string): Promise<Organization> {
    return referenced(write, organizationService, raw, name);
  }

  /** Dates must tell a possible story: joined at 18 or later, nothing in the future, ranges in order. */
  private checkDates(member: MemberDates, write: WriteContext): void {
    const today = chinaDate(write.ctx.now);
    const fail = (name: string, message: string) => {
      throw new BadUserInputError(`${write.field}.${name}`, message, 'DATE_ORDER');
    };
    if (member.joinedOn > today) fail('joinedOn', 'cannot be in the future');
    if (member.joinedOn < addYears(member.birthDate, 18)) fail('joinedOn', 'must be on or after the 18th birthday encoded in the ID number');
    if (member.outflowDate > today) fail('outflowDate', 'must not be after today');
    if (member.outflowDate < member.birthDate) fail('outflowDate', 'cannot be before the birth date');
    if (member.lastContactOn && member.lastContactOn > today) fail('lastContactOn', 'cannot be in the future');
    if (member.transferredOn && member.transferredOn > today) fail('transferredOn', 'cannot be in the future');
    if (member.certificateIssuedOn && member.certificateExpiresOn && member.certificateExpiresOn < member.certificateIssuedOn) {
      fail('certificateExpiresOn', 'must not be before certificateIssuedOn');
    }
  }
}

/** ID numbers are unique across the platform, not per scope: which of these hashes are taken anywhere. */
async function idNumberHashesTaken(em: EntityManager, hashes: unknown[]): Promise<unknown[]> {
  const rows: { hash: string }[] = await em.execute('select member_id_hashes_taken(array[?]::text[]) as hash', [hashes]);
  return rows.map((row) => row.hash);
}

function normaliseTags(tags: string[] | null | undefined): string[] {
  return [...new Set((tags ?? []).map((tag) => tag.trim()).filter(Boolean))];
}

export const memberService = new MemberService();

/**
 * The member a record's input refers to: by id, or by national ID number for callers that only
 * know that (imports, partner systems); within the caller's read scope either way, a member out of
 * scope answering like one that does not exist.
 */
export async function referencedMember(write: WriteContext, memberId: string | null | undefined, memberIdNumber: string | null | undefined): Promise<Member> {
  if (memberIdNumber == null) return referenced(write, memberService, memberId!, 'memberId');
  const field = `${write.field}.memberIdNumber`;
  if (memberId != null) throw new BadUserInputError(field, 'give memberId or memberIdNumber, not both', 'EXCLUSIVE');
  const member = await memberByIdNumber(write.ctx, canonicalIdNumber(memberIdNumber, field), write.em);
  if (!member) throw new BadUserInputError(field, 'is not the ID number of a member you can see', 'UNKNOWN_REFERENCE');
  return member;
}
