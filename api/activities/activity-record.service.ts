import type { RequiredEntityData } from '@mikro-orm/core';
import { type WriteContext, CrudService, definedOnly, requireValue } from '../common/crud/crud.service';
import { referenced } from '../common/crud/references';
import { Resource } from '../common/crud/resource';
import { chinaDate } from '../common/dates';
import { BadUserInputError } from '../common/errors';
import type { Member } from '../members/member.entity';
import { memberService, referencedMember } from '../members/member.service';
import type { Organization } from '../organizations/organization.entity';
import { organizationService, subtreeCondition, subtreeIds } from '../organizations/organization.service';
import { ActivityKind, ActivityRecord } from './activity-record.entity';
import { activityRecordPolicy } from './activity-record.policy';
import type { CreateActivityRecordInput, UpdateActivityRecordInput } from './activity-record.types';

export const activityRecordResource = new Resource<ActivityRecord>({
  entity: ActivityRecord,
  name: 'ActivityRecord',
  plural: 'ActivityRecords',
  permissions: { read: 'activities:read', write: 'activities:write' },
  fields: {
    id: { kind: 'id', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    organizationId: { kind: 'id', path: 'organization', sortable: true },
    organizationSubtree: {
      kind: 'id',
      description: 'Recorded by this organisation or one below it (eq or in)',
      where: (comparison, _ctx, field) => ({ organization: subtreeCondition(subtreeIds(comparison, field)) }),
    },
    occurredOn: { kind: 'date', sortable: true },
    kind: { kind: { enum: ActivityKind, name: 'ActivityKind' }, sortable: true },
    title: { kind: 'string', sortable: true },
    hours: { kind: 'float', sortable: true },
    points: { kind: 'int', sortable: true },
    source: { kind: 'string', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'occurredOn', direction: 'DESC' }],
});

/** Activity records: what members did, recorded by the organisation that ran it. */
export class ActivityRecordService extends CrudService<ActivityRecord, CreateActivityRecordInput, UpdateActivityRecordInput> {
  /** Activity imports come in thousands (a year of a district's theme days). */
  protected override readonly maxBatch = 5000;

  protected readonly constraints = {
    activity_record_member_id_foreign: 'memberId',
    activity_record_organization_id_foreign: 'organizationId',
  };

  constructor() {
    super(activityRecordResource, activityRecordPolicy);
  }

  protected async createData(input: CreateActivityRecordInput, write: WriteContext): Promise<RequiredEntityData<ActivityRecord>> {
    const { memberId, memberIdNumber, organizationId, ...fields } = input;
    this.checkDate(input.occurredOn, write);
    if (memberId == null && memberIdNumber == null) throw new BadUserInputError(`${write.field}.memberId`, 'give memberId or memberIdNumber', 'REQUIRED');
    const member = await referencedMember(write, memberId, memberIdNumber);
    const organization = await referenced(write, organizationService, organizationId, 'organizationId');
    this.requireWritable(activityRecordPolicy.mayWrite(write.ctx.viewer, organization, member));
    return {
      ...fields,
      title: input.title.trim(),
      hours: input.hours ?? 0,
      points: input.points ?? 0,
      source: input.source ?? 'manual',
      member: member.id,
      organization: organization.id,
    } as RequiredEntityData<ActivityRecord>;
  }

  protected async updateData(input: UpdateActivityRecordInput, write: WriteContext, existing: ActivityRecord | null) {
    const { memberId, memberIdNumber, organizationId, ...fields } = input;
    const f = (name: string) => `${write.field}.${name}`;
    const data: Record<string, unknown> = definedOnly({
      ...fields,
      occurredOn: requireValue(input.occurredOn, f('occurredOn')),
      kind: requireValue(input.kind, f('kind')),
      title: requireValue(input.title, f('title'))?.trim(),
      hours: input.hours === null ? 0 : input.hours,
      points: input.points === null ? 0 : input.points,
      source: requireValue(input.source, f('source')),
    });
    if (data.occurredOn) this.checkDate(data.occurredOn as string, write);
    let member: Member | null = null;
    let organization: Organization | null = null;
    if (requireValue(memberId, f('memberId')) !== undefined || requireValue(memberIdNumber, f('memberIdNumber')) !== undefined) {
      member = await referencedMember(write, memberId, memberIdNumber);
      data.member = member.id;
    }
    if (requireValue(organizationId, f('organizationId')) !== undefined) {
      organization = await referenced(write, organizationService, organizationId!, 'organizationId');
      data.organization = organization.id;
    }
    if (existing) {
      // The record as it will be must still be one the admin may write.
      member ??= await memberService.load(write.ctx, existing.member.id);
      organization ??= await organizationService.load(write.ctx, existing.organization.id);
      this.requireWritable(Boolean(member && organization) && activityRecordPolicy.mayWrite(write.ctx.viewer, organization!, member!));
    }
    return data;
  }

  private checkDate(occurredOn: string, write: WriteContext): void {
    if (occurredOn > chinaDate(write.ctx.now)) throw new BadUserInputError(`${write.field}.occurredOn`, 'cannot be in the future', 'DATE_ORDER');
  }
}

export const activityRecordService = new ActivityRecordService();
