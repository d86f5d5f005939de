import type { RequiredEntityData } from '@mikro-orm/core';
import type { RequestContext } from '../common/context';
import { type WriteContext, CrudService, definedOnly, requireValue } from '../common/crud/crud.service';
import { Resource } from '../common/crud/resource';
import { chinaDate } from '../common/dates';
import { BadUserInputError } from '../common/errors';
import type { Member } from '../members/member.entity';
import { memberService, referencedMember } from '../members/member.service';
import { ContactChannel, ContactKind, ContactRecord } from './contact-record.entity';
import { contactRecordPolicy } from './contact.policy';
import { type LastContacts, TALK_KINDS } from './contact.rules';
import type { CreateContactRecordInput, UpdateContactRecordInput } from './contact.types';

export const contactRecordResource = new Resource<ContactRecord>({
  entity: ContactRecord,
  name: 'ContactRecord',
  plural: 'ContactRecords',
  permissions: { read: 'activities:read', write: 'activities:write' },
  fields: {
    id: { kind: 'id', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    kind: { kind: { enum: ContactKind, name: 'ContactKind' }, sortable: true },
    occurredOn: { kind: 'date', sortable: true },
    channel: { kind: { enum: ContactChannel, name: 'ContactChannel' }, sortable: true },
    heldBy: { kind: 'string', sortable: true },
    source: { kind: 'string', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'occurredOn', direction: 'DESC' }],
});

/**
 * Contact records (talks, visits, reports received). Batches (createManyContactRecords) are all or
 * nothing; with an Idempotency-Key header a retried batch replays instead of adding rows again.
 * The member's lastContactOn follows the records by a trigger (Migration20261201500000).
 */
export class ContactRecordService extends CrudService<ContactRecord, CreateContactRecordInput, UpdateContactRecordInput> {
  /** A branch's year of talks and reports comes in one import. */
  protected override readonly maxBatch = 5000;

  protected readonly constraints = { contact_record_member_id_foreign: 'memberId' };

  constructor() {
    super(contactRecordResource, contactRecordPolicy);
  }

  protected async createData(input: CreateContactRecordInput, write: WriteContext): Promise<RequiredEntityData<ContactRecord>> {
    const { memberId, memberIdNumber, ...fields } = input;
    this.checkDate(input.occurredOn, write);
    if (memberId == null && memberIdNumber == null) throw new BadUserInputError(`${write.field}.memberId`, 'give memberId or memberIdNumber', 'REQUIRED');
    const member = await referencedMember(write, memberId, memberIdNumber);
    this.requireWritable(contactRecordPolicy.mayWrite(write.ctx.viewer, member));
    return {
      ...fields,
      heldBy: input.heldBy.trim(),
      channel: input.channel ?? ContactChannel.IN_PERSON,
      source: input.source ?? 'manual',
      member: member.id,
    } as RequiredEntityData<ContactRecord>;
  }

  protected async updateData(input: UpdateContactRecordInput, write: WriteContext, existing: ContactRecord | null) {
    const { memberId, memberIdNumber, ...fields } = input;
    const f = (name: string) => `${write.field}.${name}`;
    const data: Record<string, unknown> = definedOnly({
      ...fields,
      kind: requireValue(input.kind, f('kind')),
      occurredOn: requireValue(input.occurredOn, f('occurredOn')),
      channel: requireValue(input.channel, f('channel')),
      heldBy: requireValue(input.heldBy, f('heldBy'))?.trim(),
      source: requireValue(input.source, f('source')),
    });
    if (data.occurredOn) this.checkDate(data.occurredOn as string, write);
    let member: Member | null = null;
    if (requireValue(memberId, f('memberId')) !== undefined || requireValue(memberIdNumber, f('memberIdNumber')) !== undefined) {
      member = await referencedMember(write, memberId, memberIdNumber);
      data.member = member.id;
    }
    if (existing) {
      member ??= await memberService.load(write.ctx, existing.member.id);
      this.requireWritable(Boolean(member) && contactRecordPolicy.mayWrite(write.ctx.viewer, member!));
    }
    return data;
  }

  /**
   * The last talk and the last family visit of each member, for the due flags: one grouped
   * statement per request over the (member_id, kind, occurred_on) index, inside the read scope.
   */
  lastContacts(ctx: RequestContext, memberId: number): Promise<LastContacts> {
    return ctx.loaders
      .get<number, LastContacts>('ContactRecord.lastContacts', async (ids) => {
        const rows: { member_id: number; last_talk_on: string | null; last_family_visit_on: string | null }[] = await ctx.em.execute(
          `select member_id,
                  to_char(max(occurred_on) filter (where kind::text = any(array[?]::text[])), 'YYYY-MM-DD') as last_talk_on,
                  to_char(max(occurred_on) filter (where kind = ?), 'YYYY-MM-DD') as last_family_visit_on
             from contact_record where member_id = any(array[?]::int[]) group by member_id`,
          [TALK_KINDS, ContactKind.FAMILY_VISIT, [...ids]],
        );
        const byMember = new Map(rows.map((row) => [row.member_id, { lastTalkOn: row.last_talk_on, lastFamilyVisitOn: row.last_family_visit_on }]));
        return ids.map((id) => byMember.get(id) ?? { lastTalkOn: null, lastFamilyVisitOn: null });
      })
      .load(memberId);
  }

  private checkDate(occurredOn: string, write: WriteContext): void {
    if (occurredOn > chinaDate(write.ctx.now)) throw new BadUserInputError(`${write.field}.occurredOn`, 'cannot be in the future', 'DATE_ORDER');
  }
}

export const contactRecordService = new ContactRecordService();
