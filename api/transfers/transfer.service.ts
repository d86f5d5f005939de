import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Agreement, AgreementStatus } from '../agreements/agreement.entity';
import { agreementPolicy } from '../agreements/agreement.policy';
import { agreementService } from '../agreements/agreement.service';
import { type AuditEntry, diff, snapshot } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { computedBooleanFilter } from '../common/crud/boolean-filter';
import { allOf, parseIntId } from '../common/crud/filter-query';
import { ReadService } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { chinaDate } from '../common/dates';
import { translateDbError } from '../common/db-errors';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { requirePermission } from '../common/permissions';
import { regionContains } from '../common/region-code';
import { unitOfWork } from '../common/unit-of-work';
import { actorOf } from '../common/viewer';
import { Member } from '../members/member.entity';
import { coveredBy } from '../members/member.policy';
import { memberService } from '../members/member.service';
import { organizationService } from '../organizations/organization.service';
import { otherSide, outbox } from '../webhooks/outbox';
import { AgreementSide, EventType } from '../webhooks/outbox-event.entity';
import { TransferRequest, TransferState } from './transfer-request.entity';
import { transferPolicy } from './transfer.policy';
import { OPEN_STATES, TRANSFER_ACTIONS, TRANSFER_RULES, type TransferAction, transferEligibility } from './transfer.rules';
import type { CompleteTransferInput, RequestTransferInput, TransferStepInput } from './transfer.types';

export const transferRequestResource = new Resource<TransferRequest>({
  entity: TransferRequest,
  name: 'TransferRequest',
  plural: 'TransferRequests',
  permissions: { read: 'transfers:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    agreementId: { kind: 'id', path: 'agreement', sortable: true },
    state: { kind: { enum: TransferState, name: 'TransferState' }, sortable: true },
    requestedSide: { kind: { enum: AgreementSide, name: 'AgreementSide' }, sortable: true },
    requestedAt: { kind: 'datetime', sortable: true },
    completedOn: { kind: 'date', sortable: true },
    open: {
      kind: 'boolean',
      description: 'Still open (REQUESTED or ACCEPTED)',
      where: (comparison, _ctx, field) =>
        computedBooleanFilter<TransferRequest>(comparison, field, { state: { $in: OPEN_STATES } }, { state: { $nin: OPEN_STATES } }),
    },
  },
  defaultSort: [{ field: 'requestedAt', direction: 'DESC' }],
});

/** Who did a step, as the request records it. */
const actorName = (ctx: RequestContext): string => (actorOf(ctx.viewer).actorName ?? 'unknown').slice(0, 100);

/**
 * 组织关系转接 (transfer.rules.ts): requests raised by either side of an agreement covering the
 * member, answered by the other, completed by the side holding the receiving organisation. Every
 * step is one unit of work: the row under lock, its version checked, the audit trail and the
 * TRANSFER_CHANGED event (for the side that did not act) written with it.
 */
export class TransferService extends ReadService<TransferRequest, number> {
  private readonly constraints = {
    transfer_request_one_open_per_member: 'memberId',
    transfer_request_member_id_foreign: 'memberId',
    transfer_request_to_organization_id_foreign: 'toOrganizationId',
  };

  constructor() {
    super(transferRequestResource, transferPolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }

  async request(ctx: RequestContext, input: RequestTransferInput): Promise<TransferRequest> {
    requirePermission(ctx.viewer, 'transfers:write');
    return this.write(ctx, async (em) => {
      const member = await memberService.findOne(ctx, input.memberId, 'input.memberId');
      // The member is what the request is about: outside the caller's scope it does not exist.
      if (!member) throw new NotFoundError('Member', input.memberId);
      const agreement = await this.agreementFor(ctx, em, input, member);
      const side = transferPolicy.sideOf(ctx.viewer, agreement);
      if (!side) throw new ForbiddenError('Not allowed: you act for neither side of this agreement');
      if (agreement.status !== AgreementStatus.ACTIVE) {
        throw new BadUserInputError('input.agreementId', `the agreement is ${agreement.status}: transfers run under an active agreement`, 'AGREEMENT_NOT_ACTIVE');
      }
      if ((await em.count(Member, { $and: [{ id: member.id }, coveredBy(agreement)] } as never)) === 0) {
        throw new BadUserInputError('input.memberId', 'the agreement does not cover this member', 'NOT_COVERED');
      }
      const eligibility = transferEligibility(member, ctx.now, input.exceptionReason);
      if (!eligibility.allowed) throw new BadUserInputError(eligibility.field, eligibility.message, eligibility.reason);
      if ((await em.count(TransferRequest, { member: member.id, state: { $in: OPEN_STATES } })) > 0) {
        throw new ConflictError('The member already has an open transfer request', { reason: 'TRANSFER_ALREADY_OPEN', field: 'input.memberId' });
      }
      // The relationship moves from the member's formal organisation to the other side of the agreement.
      const fromSide = regionContains(agreement.partnerRegionCode, member.formalRegionCode) ? AgreementSide.PARTNER : AgreementSide.HOST;
      const receivingSide = otherSide(fromSide);
      const receivingRegion = receivingSide === AgreementSide.HOST ? agreement.hostRegionCode : agreement.partnerRegionCode;
      const to = await organizationService.findOne(ctx, input.toOrganizationId, 'input.toOrganizationId');
      if (!to) throw new BadUserInputError('input.toOrganizationId', 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
      if (!regionContains(receivingRegion, to.regionCode)) {
        throw new BadUserInputError('input.toOrganizationId', `must be an organisation of the receiving side (${receivingSide}, region ${receivingRegion})`, 'WRONG_SIDE');
      }
      const row = em.create(TransferRequest, {
        member: member.id,
        agreement: agreement.id,
        fromOrganization: member.formalOrganization.id,
        toOrganization: to.id,
        receivingSide,
        reason: input.reason.trim(),
        letterNumber: input.letterNumber?.trim() || null,
        dueReason: eligibility.dueReason,
        exceptionReason: eligibility.exceptionReason,
        requestedSide: side,
        requestedBy: actorName(ctx),
        requestedAt: ctx.now,
      });
      await em.flush();
      await this.announce(em, row, side);
      return { row, audit: [{ action: 'request', entity: 'TransferRequest', entityId: row.id, changes: diff(null, snapshot(row)) }] };
    });
  }

  accept(ctx: RequestContext, input: TransferStepInput & { letterNumber?: string | null }) {
    return this.step(ctx, 'accept', input, (row) => {
      row.acceptedAt = ctx.now;
      row.acceptedBy = actorName(ctx);
      if (input.letterNumber?.trim()) row.letterNumber = input.letterNumber.trim();
    });
  }

  reject(ctx: RequestContext, input: TransferStepInput & { reason: string }) {
    return this.step(ctx, 'reject', input, (row) => {
      row.rejectedAt = ctx.now;
      row.rejectedBy = actorName(ctx);
      row.rejectionReason = input.reason.trim();
    });
  }

  cancel(ctx: RequestContext, input: TransferStepInput) {
    return this.step(ctx, 'cancel', input, (row) => {
      row.cancelledAt = ctx.now;
      row.cancelledBy = actorName(ctx);
    });
  }

  /**
   * The receiving side confirms the member arrived: in the same transaction the member becomes
   * TRANSFERRED and what stays open closes (transfer_complete() in the migration, set-based).
   */
  complete(ctx: RequestContext, input: CompleteTransferInput) {
    const today = chinaDate(ctx.now);
    const completedOn = input.completedOn ?? today;
    if (completedOn > today) throw new BadUserInputError('input.completedOn', 'cannot be in the future', 'DATE_ORDER');
    return this.step(ctx, 'complete', input, async (row, em) => {
      if (row.acceptedAt && completedOn < chinaDate(row.acceptedAt)) {
        throw new BadUserInputError('input.completedOn', 'must not be before the transfer was accepted', 'DATE_ORDER');
      }
      const member = await em.findOneOrFail(Member, row.member.id, { filters: false });
      const memberBefore = snapshot(member);
      const [closed] = await em.execute<{ feedback_ids: number[]; case_ids: number[]; pairing_ids: number[] }[]>(
        'select * from transfer_complete(?, ?, ?)',
        [row.id, completedOn, actorName(ctx)],
      );
      row.completedAt = ctx.now;
      row.completedBy = actorName(ctx);
      row.completedOn = completedOn;
      row.returnsClosed = closed!.feedback_ids.length;
      row.casesClosed = closed!.case_ids.length;
      row.pairingsEnded = closed!.pairing_ids.length;
      // What the function changed, for the trail (the member's row as the function left it).
      await em.refresh(member);
      const after = snapshot(member);
      return [
        { action: 'transfer', entity: 'Member', entityId: row.member.id, changes: diff(memberBefore, after) },
        ...closed!.feedback_ids.map((id) => ({ action: 'transfer-close', entity: 'AnnualFeedback', entityId: id, changes: { kind: { before: null, after: 'TRANSFERRED' }, status: { before: null, after: 'DRAFT' } } })),
        ...closed!.case_ids.map((id) => ({ action: 'transfer-close', entity: 'LostContactCase', entityId: id, changes: { closedOn: { before: null, after: completedOn }, outcome: { before: null, after: 'FOUND' } } })),
        ...closed!.pairing_ids.map((id) => ({ action: 'transfer-close', entity: 'ContactPairing', entityId: id, changes: { toOn: { before: null, after: completedOn } } })),
      ];
    });
  }

  /** What the viewer may do to this request now: the state machine's steps from its state, for the viewer's side (version aside). */
  async allowedActions(ctx: RequestContext, row: TransferRequest): Promise<TransferAction[]> {
    const candidates = TRANSFER_ACTIONS.filter((action) => TRANSFER_RULES[action].from === row.state);
    if (candidates.length === 0) return [];
    const agreement = await agreementService.load(ctx, row.agreement.id);
    if (!agreement) return [];
    const side = transferPolicy.sideOf(ctx.viewer, agreement);
    return candidates.filter((action) => transferPolicy.refusal(ctx.viewer, row, side, action) === null);
  }

  /** The agreement a request runs under: the one named, a token's own, or the only active one the admin's region hosts that covers the member. */
  private async agreementFor(ctx: RequestContext, em: EntityManager, input: RequestTransferInput, member: Member): Promise<Agreement> {
    if (input.agreementId) return agreementService.get(ctx, input.agreementId, 'input.agreementId');
    if (ctx.viewer.kind === 'token' && ctx.viewer.agreement) return agreementService.get(ctx, ctx.viewer.agreement.id, 'input.agreementId');
    const active = await em.find(Agreement, allOf({ status: AgreementStatus.ACTIVE }, agreementPolicy.read(ctx.viewer)), { orderBy: { id: 'ASC' } });
    const candidates: Agreement[] = [];
    for (const agreement of active) {
      if (!transferPolicy.sideOf(ctx.viewer, agreement)) continue;
      if ((await em.count(Member, { $and: [{ id: member.id }, coveredBy(agreement)] } as never)) > 0) candidates.push(agreement);
    }
    if (candidates.length !== 1) {
      throw new BadUserInputError('input.agreementId', candidates.length === 0 ? 'is required: no active agreement you act for covers the member' : 'is required: several agreements cover the member', 'REQUIRED');
    }
    return candidates[0]!;
  }

  /** One step: the row under lock within the read scope, its version, the state, the party; then the change, its trail and its event. */
  private step(
    ctx: RequestContext,
    action: TransferAction,
    input: TransferStepInput,
    apply: (row: TransferRequest, em: EntityManager) => void | AuditEntry[] | Promise<void | AuditEntry[]>,
  ): Promise<TransferRequest> {
    requirePermission(ctx.viewer, 'transfers:write');
    return this.write(ctx, async (em) => {
      const id = parseIntId(input.id, 'input.id');
      // Within the read scope first (the scope joins members and agreements, which must not be locked), then the row alone under lock.
      if ((await em.count(TransferRequest, this.withinScope(ctx, { id }))) === 0) throw new NotFoundError('TransferRequest', id);
      const row = await em.findOne(TransferRequest, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!row) throw new NotFoundError('TransferRequest', id);
      await em.populate(row, ['agreement']);
      if (row.version !== input.version) {
        throw new ConflictError(`Stale version: you read version ${input.version}, the transfer request is now at version ${row.version}; reload and try again`, {
          reason: 'STALE_VERSION',
          field: 'input.version',
          currentVersion: row.version,
        });
      }
      // Whose step it is comes first: the wrong side is refused whatever the state.
      const side = transferPolicy.sideOf(ctx.viewer, row.agreement.getEntity());
      const refusal = transferPolicy.refusal(ctx.viewer, row, side, action);
      if (refusal) throw new ForbiddenError(refusal);
      const rule = TRANSFER_RULES[action];
      if (row.state !== rule.from) {
        throw new ConflictError(`Cannot ${action} a transfer request that is ${row.state}: only one that is ${rule.from}`, { reason: 'ILLEGAL_TRANSITION', currentState: row.state });
      }
      const before = snapshot(row);
      const more = (await apply(row, em)) ?? [];
      row.state = rule.to;
      row.version += 1;
      await em.flush();
      await this.announce(em, row, side!);
      return { row, audit: [{ action, entity: 'TransferRequest', entityId: row.id, changes: diff(before, snapshot(row)) }, ...more] };
    });
  }

  /** TRANSFER_CHANGED for the side that did not act, in the step's transaction. */
  private async announce(em: EntityManager, row: TransferRequest, actingSide: AgreementSide): Promise<void> {
    await outbox.publish(em, {
      type: EventType.TRANSFER_CHANGED,
      agreementId: row.agreement.id,
      audience: otherSide(actingSide),
      payload: { transferId: String(row.id), agreementId: String(row.agreement.id), memberId: String(row.member.id), state: row.state, version: row.version },
    });
  }

  private async write(ctx: RequestContext, work: (em: EntityManager) => Promise<{ row: TransferRequest; audit: AuditEntry[] }>): Promise<TransferRequest> {
    const done = await unitOfWork(ctx, work, {
      audit: (result) => result.audit,
      translateError: (error) => translateDbError(error, this.constraints, { fieldPrefix: 'input' }),
    });
    return done.row;
  }
}

export const transferService = new TransferService();
