import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditService, diff, snapshot } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { computedBooleanFilter } from '../common/crud/boolean-filter';
import { definedOnly, requireValue } from '../common/crud/crud.service';
import { allOf, parseIntId } from '../common/crud/filter-query';
import { ReadService } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { chinaDate, requireYear } from '../common/dates';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { can } from '../common/permissions';
import { notePersonalReads } from '../common/personal-reads';
import { unitOfWork } from '../common/unit-of-work';
import { actorOf } from '../common/viewer';
import { PartyStanding } from '../members/member.entity';
import { memberPolicy } from '../members/member.policy';
import { memberService } from '../members/member.service';
import { agreementService } from '../agreements/agreement.service';
import { subtreeCondition, subtreeIds } from '../organizations/organization.service';
import { AnnualFeedback, DuesStatus, EvaluationGrade, FeedbackKind, FeedbackRecipient, FeedbackStatus } from './annual-feedback.entity';
import type {
  AnnualFeedbackBatchResult,
  FeedbackProgress,
  GenerateAnnualFeedbackDraftsInput,
  GenerateDraftsResult,
  GradeAnnualFeedbackInput,
  SubmitAnnualFeedbackBatchInput,
  UpdateAnnualFeedbackInput,
} from './annual-feedback.types';
import { submitBatch } from './batch-submission';
import { generateDrafts } from './draft-generation';
import type { ExportRow } from './export-columns';
import { feedbackProgress } from './progress';
import { feedbackPolicy } from './annual-feedback.policy';
import { publishFeedbackStep } from './feedback-events';
import { isOverdue, notOverdueCondition, overdueCondition } from './feedback.rules';
import { ACTIONS, EDIT, type FeedbackAction, type FeedbackParty, type FeedbackTransition, ruleFor } from './lifecycle';


export const annualFeedbackResource = new Resource<AnnualFeedback>({
  entity: AnnualFeedback,
  name: 'AnnualFeedback',
  plural: 'AnnualFeedbacks',
  permissions: { read: 'feedback:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    memberName: { kind: 'string', path: 'member.name', sortable: true, description: 'Name of the member' },
    agreementId: { kind: 'id', path: 'agreement', sortable: true },
    year: { kind: 'int', sortable: true },
    status: { kind: { enum: FeedbackStatus, name: 'FeedbackStatus' }, sortable: true },
    recipient: { kind: { enum: FeedbackRecipient, name: 'FeedbackRecipient' }, sortable: true },
    kind: { kind: { enum: FeedbackKind, name: 'FeedbackKind' }, sortable: true },
    suggestedGrade: { kind: { enum: EvaluationGrade, name: 'EvaluationGrade' }, sortable: true },
    finalGrade: { kind: { enum: EvaluationGrade, name: 'EvaluationGrade' }, sortable: true },
    duesStatus: { kind: { enum: DuesStatus, name: 'DuesStatus' }, sortable: true },
    recommendedForAward: { kind: 'boolean', sortable: true },
    transferRecommended: { kind: 'boolean', sortable: true },
    fromOrganizationId: { kind: 'id', path: 'fromOrganization', sortable: true },
    toOrganizationId: { kind: 'id', path: 'toOrganization', sortable: true },
    toOrganizationSubtree: {
      kind: 'id',
      description: 'Addressed to this organisation or one below it (eq or in)',
      where: (comparison, _ctx, field) => ({ toOrganization: subtreeCondition(subtreeIds(comparison, field)) }),
    },
    dueOn: { kind: 'date', sortable: true },
    overdue: {
      kind: 'boolean',
      description: 'Past its deadline and not yet delivered',
      where: (comparison, ctx, field) => {
        const today = chinaDate(ctx.now);
        return computedBooleanFilter<AnnualFeedback>(
          comparison,
          field,
          overdueCondition(today),
          notOverdueCondition(today),
        );
      },
    },
    submittedAt: { kind: 'datetime', sortable: true },
    deliveredAt: { kind: 'datetime', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
    updatedAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'id', direction: 'ASC' }],
});

/**
 * Year-end returns: reading within scope, editing drafts, and every lifecycle step with its
 * party check, state check and optimistic version check.
 */
/** Returns per chunk of an export. */
const EXPORT_CHUNK = 1000;

export class AnnualFeedbackService extends ReadService<AnnualFeedback, number> {
  constructor() {
    super(annualFeedbackResource, feedbackPolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }

  private assertParty(ctx: RequestContext, row: AnnualFeedback, party: FeedbackParty, action: string): void {
    feedbackPolicy.requireParty(ctx.viewer, row, party, action);
  }

  /**
   * Loads a return inside the scope for writing, locked until the write commits, and checks the
   * version the caller read: concurrent steps take turns, and the audit's "before" is the truth.
   */
  private async forWrite(ctx: RequestContext, em: EntityManager, rawId: string, version: number): Promise<AnnualFeedback> {
    const id = parseIntId(rawId, 'id');
    const row = await em.findOne(AnnualFeedback, this.withinScope(ctx, { id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) throw new NotFoundError('AnnualFeedback', id);
    await em.populate(row, ['member']);
    // A host admin acts only on members they may manage, not just read.
    if (ctx.viewer.kind === 'admin' && !(await em.count(AnnualFeedback, allOf({ id }, feedbackPolicy.hostWrite(ctx.viewer))))) {
      throw new ForbiddenError('Not allowed: the member is outside the region you manage');
    }
    if (row.version !== version) {
      throw new ConflictError(`Stale version: you read version ${version}, the return is now at version ${row.version}; reload and try again`, {
        reason: 'STALE_VERSION',
        currentVersion: row.version,
      });
    }
    return row;
  }

  private write<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return unitOfWork(ctx, work);
  }

  private audit(ctx: RequestContext, em: EntityManager, action: string, row: AnnualFeedback, before: Record<string, unknown>) {
    return auditService.record(ctx, em, [{ action, entity: 'AnnualFeedback', entityId: row.id, changes: diff(before, snapshot(row)) }]);
  }

  // ── The year's work on returns, as a whole ──────────────────────────────────────────────────

  /** Creates or refreshes the drafts of every member the agreement covers, for a year (./draft-generation.ts). */
  async generateDrafts(ctx: RequestContext, input: GenerateAnnualFeedbackDraftsInput): Promise<GenerateDraftsResult> {
    const agreement = await agreementService.get(ctx, input.agreementId, 'agreementId');
    return unitOfWork(ctx, (em) => generateDrafts(ctx, em, agreement, input.year));
  }

  /** A partner city's batch of returns, all or nothing, idempotent per key (./batch-submission.ts). */
  submitBatch(ctx: RequestContext, input: SubmitAnnualFeedbackBatchInput): Promise<AnnualFeedbackBatchResult> {
    return submitBatch(ctx, input);
  }

  /** Counts per state, members still missing a return, days to the deadline (./progress.ts). */
  async progress(ctx: RequestContext, agreementId: string, year: number, recipient: FeedbackRecipient | null): Promise<FeedbackProgress> {
    const agreement = await agreementService.get(ctx, agreementId, 'agreementId');
    return feedbackProgress(ctx, ctx.em, agreement, requireYear(year), recipient);
  }

  /** The year's returns of one agreement for the export (./feedback-export.ts), read in id order a chunk at a time (memory stays flat). */
  async *exportRows(ctx: RequestContext, agreementId: number, year: number): AsyncGenerator<ExportRow[]> {
    // Those who see identities (the admins who keep the ledger) get the full numbers; read-only admins and partners see them masked.
    const reveal = memberPolicy.seesIdentity(ctx.viewer);
    const today = chinaDate(ctx.now);
    let after = 0;
    for (;;) {
      // A fresh identity map per chunk (memory stays flat), in the request's transaction.
      const em = ctx.em.fork({ keepTransactionContext: true });
      const page = await em.find(
        AnnualFeedback,
        { $and: [{ agreement: agreementId, year, id: { $gt: after } }, feedbackPolicy.read(ctx.viewer)] },
        { orderBy: { id: 'ASC' }, limit: EXPORT_CHUNK, populate: ['member', 'toOrganization', 'fromOrganization'], populateWhere: 'infer' },
      );
      if (page.length === 0) return;
      after = page[page.length - 1]!.id;
      if (reveal) await em.populate(page, ['member.idNumberCipher', 'member.phoneCipher'] as never);
      yield page.map((feedback) => {
        const member = feedback.member.getEntity();
        return {
          feedback,
          member,
          to: feedback.toOrganization.getEntity(),
          from: feedback.fromOrganization?.getEntity() ?? null,
          idNumber: reveal ? memberService.revealIdNumber(member) : member.idNumberMasked,
          phone: reveal ? memberService.revealPhone(member) : (member.phoneMasked ?? null),
          overdue: isOverdue(feedback, today),
        };
      });
      notePersonalReads(ctx, 'AnnualFeedback', page);
    }
  }

  /**
   * What the viewer may do to this return now, by the same checks the steps make: the lifecycle's
   * rule from the current state (lifecycle.ts), the party and its permission (feedbackPolicy), and
   * for a host admin the member's region (one batched look-up per request, through the member loader).
   */
  async allowedActions(ctx: RequestContext, row: AnnualFeedback): Promise<FeedbackAction[]> {
    const actions = ACTIONS.filter((action) => {
      const rule = ruleFor(action, row.status);
      return rule !== null && feedbackPolicy.mayActAs(ctx.viewer, row, rule.party, action);
    });
    if (actions.length === 0 || ctx.viewer.kind !== 'admin') return actions;
    const member = await memberService.load(ctx, row.member.id);
    return member && feedbackPolicy.hostMayWrite(ctx.viewer, member) ? actions : [];
  }

  /** Edits a draft: the narrative, the suggested grade, the counts. */
  async update(ctx: RequestContext, rawId: string, input: UpdateAnnualFeedbackInput): Promise<AnnualFeedback> {
    return this.write(ctx, async (em) => {
      const row = await this.forWrite(ctx, em, rawId, input.version);
      this.assertParty(ctx, row, EDIT.party, 'edit');
      if (!ruleFor('edit', row.status)) {
        throw new ConflictError(`Only a draft can be edited; this return is ${row.status}`, { reason: 'ILLEGAL_TRANSITION', currentStatus: row.status });
      }
      const { version: _version, ...changes } = input;
      if (changes.suggestedGrade && row.member.getEntity().partyStanding === PartyStanding.PROBATIONARY) {
        throw new BadUserInputError('update.suggestedGrade', 'probationary members take part in the evaluation but receive no grade', 'PROBATIONARY_NO_GRADE');
      }
      // Counts are columns that cannot be empty: an explicit null is refused by name, not left to the ORM.
      for (const field of ['orgLifeAttended', 'orgLifeExpected', 'volunteerCount', 'volunteerHours', 'studyCount', 'pioneerCount', 'points'] as const) {
        requireValue(changes[field], `update.${field}`);
      }
      // The grade the points suggest may be changed, with a reason; a change without one is flagged (FeedbackWarning).
      if (changes.gradeReason !== undefined) changes.gradeReason = changes.gradeReason?.trim() || null;
      const before = snapshot(row);
      em.assign(row, definedOnly({
        ...changes,
        recommendedForAward: changes.recommendedForAward ?? undefined,
        transferRecommended: changes.transferRecommended ?? undefined,
        version: row.version + 1,
      }) as never);
      await em.flush();
      await this.audit(ctx, em, 'update', row, before);
      return row;
    });
  }

  /** One lifecycle step: party, state and version checked; who and when recorded. */
  async transition(
    ctx: RequestContext,
    action: FeedbackTransition,
    input: { id: string; version: number },
    apply?: (row: AnnualFeedback) => Partial<AnnualFeedback>,
  ): Promise<AnnualFeedback> {
    return this.write(ctx, async (em) => {
      const row = await this.forWrite(ctx, em, input.id, input.version);
      const rule = ruleFor(action, row.status);
      if (!rule) {
        throw new ConflictError(`Cannot ${action} a return that is ${row.status}`, { reason: 'ILLEGAL_TRANSITION', currentStatus: row.status });
      }
      this.assertParty(ctx, row, rule.party, action);
      const before = snapshot(row);
      const who = actorOf(ctx.viewer).actorName;
      const stamp = { submit: 'submitted', approve: 'delivered', receive: 'received', grade: 'graded', archive: 'archived', return: 'returned' }[action];
      const changes = { status: rule.to, [`${stamp}At`]: ctx.now, [`${stamp}By`]: who, ...apply?.(row), version: row.version + 1 } as Partial<AnnualFeedback>;
      let after: AnnualFeedback;
      if (ctx.viewer.kind === 'token' && action === 'return') {
        // The partner leaves a draft it may no longer read; the database does this one step for it.
        const [done]: { done: boolean | null }[] = await em.execute('select return_feedback_to_host(?, ?, ?, ?, ?) as done', [
          row.id,
          row.version,
          changes.returnReason,
          who,
          ctx.now,
        ]);
        if (!done?.done) throw new ConflictError('Someone else changed this return at the same time; reload and try again', { reason: 'STALE_VERSION' });
        after = Object.assign(Object.create(Object.getPrototypeOf(row) as object) as AnnualFeedback, row, changes);
      } else {
        em.assign(row, changes as never);
        await em.flush();
        after = row;
      }
      await this.audit(ctx, em, action, after, before);
      await publishFeedbackStep(em, action, rule.party, after);
      return after;
    });
  }

  returnForCorrection(ctx: RequestContext, input: { id: string; version: number; reason: string }) {
    // Reviewers return before delivery, recipients after; anyone else is refused before any look-up.
    if (!can(ctx.viewer, 'feedback:approve') && !can(ctx.viewer, 'feedback:receive')) {
      throw new ForbiddenError('Not allowed: feedback:approve or feedback:receive is required');
    }
    return this.transition(ctx, 'return', input, () => ({ returnReason: input.reason.trim() }));
  }

  grade(ctx: RequestContext, input: GradeAnnualFeedbackInput) {
    return this.transition(ctx, 'grade', input, (row) => {
      const probationary = row.member.getEntity().partyStanding === PartyStanding.PROBATIONARY;
      if (probationary && input.finalGrade) {
        throw new BadUserInputError('finalGrade', 'probationary members take part in the evaluation but receive no grade', 'PROBATIONARY_NO_GRADE');
      }
      if (!probationary && !input.finalGrade) throw new BadUserInputError('finalGrade', 'is required', 'REQUIRED');
      return { finalGrade: input.finalGrade ?? null, finalGradeNote: input.note?.trim() || null };
    });
  }
}

export const annualFeedbackService = new AnnualFeedbackService();
