import type { RequiredEntityData } from '@mikro-orm/core';
import type { RequestContext } from '../common/context';
import { type WriteContext, CrudService, definedOnly, requireValue } from '../common/crud/crud.service';
import { referenced } from '../common/crud/references';
import { Resource } from '../common/crud/resource';
import { chinaDate } from '../common/dates';
import { BadUserInputError } from '../common/errors';
import { groupByKeys } from '../common/loaders';
import type { Member } from '../members/member.entity';
import { maskPhone, personalData } from '../members/personal-data';
import { memberService } from '../members/member.service';
import { organizationService } from '../organizations/organization.service';
import { ContactPairing, ContactRole } from './contact-pairing.entity';
import { contactPairingPolicy } from './contact.policy';
import type { CreateContactPairingInput, UpdateContactPairingInput } from './contact.types';

export const contactPairingResource = new Resource<ContactPairing>({
  entity: ContactPairing,
  name: 'ContactPairing',
  plural: 'ContactPairings',
  permissions: { read: 'members:read', write: 'members:write' },
  fields: {
    id: { kind: 'id', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    contactName: { kind: 'string', sortable: true },
    contactRole: { kind: { enum: ContactRole, name: 'ContactRole' }, sortable: true },
    organizationId: { kind: 'id', path: 'organization', sortable: true },
    fromOn: { kind: 'date', sortable: true },
    toOn: { kind: 'date', sortable: true },
  },
  defaultSort: [{ field: 'fromOn', direction: 'DESC' }],
});

/** 一对一联: who keeps in touch with each member, and since when. */
export class ContactPairingService extends CrudService<ContactPairing, CreateContactPairingInput, UpdateContactPairingInput> {
  protected readonly constraints = {
    contact_pairing_member_id_foreign: 'memberId',
    contact_pairing_organization_id_foreign: 'organizationId',
  };

  constructor() {
    super(contactPairingResource, contactPairingPolicy);
  }

  protected async createData(input: CreateContactPairingInput, write: WriteContext): Promise<RequiredEntityData<ContactPairing>> {
    const { memberId, organizationId, phone, ...fields } = input;
    this.checkDates(input.fromOn, input.toOn, write);
    const member = await referenced(write, memberService, memberId, 'memberId');
    this.requireWritable(contactPairingPolicy.mayWrite(write.ctx.viewer, member));
    const organization = organizationId ? await referenced(write, organizationService, organizationId, 'organizationId') : null;
    return {
      ...fields,
      ...phoneData(phone),
      contactName: input.contactName.trim(),
      member: member.id,
      organization: organization?.id ?? null,
    } as RequiredEntityData<ContactPairing>;
  }

  protected async updateData(input: UpdateContactPairingInput, write: WriteContext, existing: ContactPairing | null) {
    const { memberId, organizationId, phone, ...fields } = input;
    const f = (name: string) => `${write.field}.${name}`;
    const data: Record<string, unknown> = definedOnly({
      ...fields,
      contactName: requireValue(input.contactName, f('contactName'))?.trim(),
      contactRole: requireValue(input.contactRole, f('contactRole')),
      fromOn: requireValue(input.fromOn, f('fromOn')),
      ...(phone !== undefined ? phoneData(phone) : {}),
    });
    if (existing) this.checkDates((data.fromOn as string) ?? existing.fromOn, input.toOn === undefined ? existing.toOn : input.toOn, write);
    let member: Member | null = null;
    if (requireValue(memberId, f('memberId')) !== undefined) {
      member = await referenced(write, memberService, memberId!, 'memberId');
      data.member = member.id;
    }
    if (organizationId !== undefined) {
      data.organization = organizationId === null ? null : (await referenced(write, organizationService, organizationId, 'organizationId')).id;
    }
    if (existing) {
      member ??= await memberService.load(write.ctx, existing.member.id);
      this.requireWritable(Boolean(member) && contactPairingPolicy.mayWrite(write.ctx.viewer, member!));
    }
    return data;
  }

  /** Each member's pairing in force today (the latest started, not ended): one statement per request. */
  current(ctx: RequestContext, memberId: number): Promise<ContactPairing | null> {
    return ctx.loaders
      .get<number, ContactPairing | null>('ContactPairing.current', async (ids) => {
        const today = chinaDate(ctx.now);
        const rows = await ctx.em.find(
          ContactPairing,
          this.withinScope(ctx, { member: { $in: [...ids] }, fromOn: { $lte: today }, $or: [{ toOn: null }, { toOn: { $gte: today } }] }),
          { orderBy: { fromOn: 'desc', id: 'desc' } },
        );
        return groupByKeys(ids, rows, (row) => row.member.id).map((group) => group[0] ?? null);
      })
      .load(memberId);
  }

  private checkDates(fromOn: string, toOn: string | null | undefined, write: WriteContext): void {
    if (toOn && toOn < fromOn) throw new BadUserInputError(`${write.field}.toOn`, 'must not be before fromOn', 'DATE_ORDER');
  }
}

function phoneData(phone: string | null | undefined) {
  if (!phone) return { phoneCipher: null, phoneMasked: null };
  return { phoneCipher: personalData().encrypt(phone), phoneMasked: maskPhone(phone) };
}

export const contactPairingService = new ContactPairingService();
