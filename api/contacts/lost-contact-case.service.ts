import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditService, diff, snapshot } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { unitOfWork } from '../common/unit-of-work';
import { computedBooleanFilter } from '../common/crud/boolean-filter';
import { parseIntId } from '../common/crud/filter-query';
import { ReadService } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { chinaDate } from '../common/dates';
import { translateDbError } from '../common/db-errors';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { Member } from '../members/member.entity';
import { memberService } from '../members/member.service';
import { lostContactAttemptPolicy, lostContactCasePolicy } from './contact.policy';
import { mayOpenCaseFor, STATUS_WHILE_OPEN, statusAfterClosing } from './contact.rules';
import type { AddLostContactAttemptInput, CloseLostContactCaseInput, OpenLostContactCaseInput } from './contact.types';
import { LostContactAttempt, LostContactCase, LostContactOutcome, SearchChannel } from './lost-contact-case.entity';

export const lostContactCaseResource = new Resource<LostContactCase>({
  entity: LostContactCase,
  name: 'LostContactCase',
  plural: 'LostContactCases',
  permissions: { read: 'members:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    openedOn: { kind: 'date', sortable: true },
    closedOn: { kind: 'date', sortable: true },
    outcome: { kind: { enum: LostContactOutcome, name: 'LostContactOutcome' }, sortable: true },
    open: {
      kind: 'boolean',
      description: 'Still open (no closedOn)',
      where: (comparison, _ctx, field) => computedBooleanFilter<LostContactCase>(comparison, field, { closedOn: null }, { closedOn: { $ne: null } }),
    },
    createdAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'openedOn', direction: 'DESC' }],
});

export const lostContactAttemptResource = new Resource<LostContactAttempt>({
  entity: LostContactAttempt,
  name: 'LostContactAttempt',
  plural: 'LostContactAttempts',
  permissions: { read: 'members:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    caseId: { kind: 'id', path: 'lostContactCase', sortable: true },
    attemptedOn: { kind: 'date', sortable: true },
    channel: { kind: { enum: SearchChannel, name: 'SearchChannel' }, sortable: true },
  },
  defaultSort: [{ field: 'attemptedOn', direction: 'ASC' }],
});

export class LostContactAttemptService extends ReadService<LostContactAttempt, number> {
  constructor() {
    super(lostContactAttemptResource, lostContactAttemptPolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }
}

/**
 * 组织找党员: a case is opened (the member becomes LOST_CONTACT), collects search attempts and
 * closes with an outcome (found: the status before the case comes back). The rules are in
 * contact.rules.ts; one open case per member is a unique index.
 */
export class LostContactCaseService extends ReadService<LostContactCase, number> {
  private readonly constraints = {
    lost_contact_case_one_open_per_member: 'memberId',
    lost_contact_case_member_id_foreign: 'memberId',
  };

  constructor() {
    super(lostContactCaseResource, lostContactCasePolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }

  async open(ctx: RequestContext, input: OpenLostContactCaseInput): Promise<LostContactCase> {
    lostContactCasePolicy.write(ctx.viewer);
    const today = chinaDate(ctx.now);
    if (input.openedOn > today) throw new BadUserInputError('input.openedOn', 'cannot be in the future', 'DATE_ORDER');
    if (input.lastKnownContactOn && input.lastKnownContactOn > input.openedOn) {
      throw new BadUserInputError('input.lastKnownContactOn', 'must not be after openedOn', 'DATE_ORDER');
    }
    return this.write(ctx, 'input', async (em) => {
      const readable = await memberService.findOne(ctx, input.memberId, 'input.memberId');
      if (!readable) throw new BadUserInputError('input.memberId', 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
      this.requireWritable(lostContactCasePolicy.mayWrite(ctx.viewer, readable));
      const member = await em.findOneOrFail(Member, readable.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!mayOpenCaseFor(member.status)) {
        throw new ConflictError(`The member is ${member.status}: a closed record is not searched for`, { reason: 'MEMBER_CLOSED', field: 'input.memberId' });
      }
      const open = await em.count(LostContactCase, { member: member.id, closedOn: null });
      if (open > 0) throw new ConflictError('The member already has an open lost-contact case', { reason: 'CASE_ALREADY_OPEN', field: 'input.memberId' });
      const found = em.create(LostContactCase, {
        member: member.id,
        openedOn: input.openedOn,
        openedBy: input.openedBy.trim(),
        lastKnownContactOn: input.lastKnownContactOn ?? null,
        lastKnownFacts: input.lastKnownFacts.trim(),
        statusBefore: member.status,
      });
      const memberBefore = snapshot(member);
      member.status = STATUS_WHILE_OPEN;
      member.version += 1;
      await em.flush();
      await auditService.record(ctx, em, [
        { action: 'open', entity: 'LostContactCase', entityId: found.id, changes: diff(null, snapshot(found)) },
        { action: 'update', entity: 'Member', entityId: member.id, changes: diff(memberBefore, snapshot(member)) },
      ]);
      return found;
    });
  }

  async addAttempt(ctx: RequestContext, input: AddLostContactAttemptInput): Promise<LostContactCase> {
    lostContactCasePolicy.write(ctx.viewer);
    if (input.attemptedOn > chinaDate(ctx.now)) throw new BadUserInputError('input.attemptedOn', 'cannot be in the future', 'DATE_ORDER');
    return this.write(ctx, 'input', async (em) => {
      const found = await this.lockedCase(ctx, em, input.caseId);
      if (found.closedOn) throw new ConflictError('The case is closed', { reason: 'CASE_CLOSED' });
      if (input.attemptedOn < found.openedOn) throw new BadUserInputError('input.attemptedOn', 'must not be before the case was opened', 'DATE_ORDER');
      const attempt = em.create(LostContactAttempt, {
        lostContactCase: found.id,
        attemptedOn: input.attemptedOn,
        channel: input.channel,
        attemptedBy: input.attemptedBy.trim(),
        result: input.result.trim(),
      });
      found.version += 1;
      await em.flush();
      await auditService.record(ctx, em, [{ action: 'attempt', entity: 'LostContactCase', entityId: found.id, changes: diff(null, snapshot(attempt)) }]);
      return found;
    });
  }

  async close(ctx: RequestContext, input: CloseLostContactCaseInput): Promise<LostContactCase> {
    lostContactCasePolicy.write(ctx.viewer);
    if (input.closedOn > chinaDate(ctx.now)) throw new BadUserInputError('input.closedOn', 'cannot be in the future', 'DATE_ORDER');
    return this.write(ctx, 'input', async (em) => {
      const found = await this.lockedCase(ctx, em, input.caseId);
      if (found.closedOn) throw new ConflictError('The case is already closed', { reason: 'CASE_CLOSED' });
      if (input.closedOn < found.openedOn) throw new BadUserInputError('input.closedOn', 'must not be before the case was opened', 'DATE_ORDER');
      const member = await em.findOneOrFail(Member, found.member.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const before = snapshot(found);
      const memberBefore = snapshot(member);
      found.closedOn = input.closedOn;
      found.outcome = input.outcome;
      found.closedBy = input.closedBy.trim();
      found.closingNote = input.closingNote?.trim() || null;
      found.version += 1;
      const status = statusAfterClosing(input.outcome, found.statusBefore);
      if (member.status !== status) {
        member.status = status;
        member.version += 1;
      }
      if (input.outcome === LostContactOutcome.FOUND && (!member.lastContactOn || member.lastContactOn < input.closedOn)) member.lastContactOn = input.closedOn;
      await em.flush();
      await auditService.record(ctx, em, [
        { action: 'close', entity: 'LostContactCase', entityId: found.id, changes: diff(before, snapshot(found)) },
        { action: 'update', entity: 'Member', entityId: member.id, changes: diff(memberBefore, snapshot(member)) },
      ]);
      return found;
    });
  }

  /** A case to change, locked: NOT_FOUND outside the write scope. */
  private async lockedCase(ctx: RequestContext, em: EntityManager, rawId: string): Promise<LostContactCase> {
    const id = parseIntId(rawId, 'input.caseId');
    const [found] = await em.find(LostContactCase, { $and: [{ id }, lostContactCasePolicy.write(ctx.viewer)] } as never, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!found) throw new NotFoundError('LostContactCase', id);
    return found;
  }

  private requireWritable(allowed: boolean): void {
    if (!allowed) throw new ForbiddenError('Not allowed: the member is outside the region you manage');
  }

  private write<T>(ctx: RequestContext, fieldPrefix: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return unitOfWork(ctx, work, { translateError: (error) => translateDbError(error, this.constraints, { fieldPrefix }) });
  }
}

export const lostContactCaseService = new LostContactCaseService();
export const lostContactAttemptService = new LostContactAttemptService();
