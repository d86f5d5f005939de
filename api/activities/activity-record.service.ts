import type { FilterQuery, RequiredEntityData } from '@mikro-orm/core';
import { activityReadScope, activityWriteScope } from '../access/scopes';
import type { RequestContext } from '../common/context';
import { type WriteContext, CrudService, definedOnly, requireValue } from '../common/crud/crud.service';
import type { Connection, ListArgs } from '../common/crud/read.service';
import { referenced } from '../common/crud/references';
import { Resource } from '../common/crud/resource';
import { auditService } from '../audit/audit.service';
import { chinaDate } from '../common/dates';
import { BadUserInputError } from '../common/errors';
import { Member } from '../members/member.entity';
import { canonicalIdNumber, memberByIdNumber } from '../members/member-lookup';
import { Organization } from '../organizations/organization.entity';
import { subtreeCondition, subtreeIds } from '../organizations/organization.service';
import { ActivityKind, ActivityRecord } from './activity-record.entity';
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
    super(activityRecordResource);
  }

  protected readScope(ctx: RequestContext): FilterQuery<ActivityRecord> {
    return activityReadScope(ctx.viewer);
  }

  protected writeScope(ctx: RequestContext): FilterQuery<ActivityRecord> {
    return activityWriteScope(ctx.viewer);
  }

  protected async createData(input: CreateActivityRecordInput, write: WriteContext): Promise<RequiredEntityData<ActivityRecord>> {
    const { memberId, memberIdNumber, organizationId, ...fields } = input;
    this.checkDate(input.occurredOn, write);
    if (memberId == null && memberIdNumber == null) throw new BadUserInputError(`${write.field}.memberId`, 'give memberId or memberIdNumber', 'REQUIRED');
    return {
      ...fields,
      title: input.title.trim(),
      hours: input.hours ?? 0,
      points: input.points ?? 0,
      source: input.source ?? 'manual',
      member: await this.memberOf(write, memberId, memberIdNumber),
      organization: await this.reference(write, Organization, organizationId, 'organizationId'),
    } as RequiredEntityData<ActivityRecord>;
  }

  protected async updateData(input: UpdateActivityRecordInput, write: WriteContext) {
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
    if (requireValue(memberId, f('memberId')) !== undefined || requireValue(memberIdNumber, f('memberIdNumber')) !== undefined) {
      data.member = await this.memberOf(write, memberId, memberIdNumber);
    }
    if (requireValue(organizationId, f('organizationId')) !== undefined) {
      data.organization = await this.reference(write, Organization, organizationId!, 'organizationId');
    }
    return data;
  }

  /** Activity records are personal data too: the audit trail notes whose records a token saw. */
  override async list(ctx: RequestContext, args: ListArgs, extra?: FilterQuery<ActivityRecord>): Promise<Connection<ActivityRecord>> {
    const connection = await super.list(ctx, args, extra);
    auditService.noteRead(ctx, 'Member', connection.nodes.map((record) => record.member.id));
    return connection;
  }

  private checkDate(occurredOn: string, write: WriteContext): void {
    if (occurredOn > chinaDate(write.ctx.now)) throw new BadUserInputError(`${write.field}.occurredOn`, 'cannot be in the future', 'DATE_ORDER');
  }

  /** By id, or by national ID number for callers that only know that (imports, partner systems). */
  private async memberOf(write: WriteContext, memberId: string | null | undefined, memberIdNumber: string | null | undefined): Promise<number> {
    if (memberIdNumber == null) return this.reference(write, Member, memberId!, 'memberId');
    const field = `${write.field}.memberIdNumber`;
    if (memberId != null) throw new BadUserInputError(field, 'give memberId or memberIdNumber, not both', 'EXCLUSIVE');
    const member = await memberByIdNumber(write.ctx, canonicalIdNumber(memberIdNumber, field), write.em);
    if (!member) throw new BadUserInputError(field, 'is not the ID number of a member you can see', 'UNKNOWN_REFERENCE');
    return member.id;
  }

  private async reference(write: WriteContext, entity: typeof Member | typeof Organization, raw: string, name: string): Promise<number> {
    return (await referenced<Member | Organization>(write, entity, raw, name)).id;
  }
}

export const activityRecordService = new ActivityRecordService();
