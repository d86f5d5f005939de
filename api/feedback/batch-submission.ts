import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Agreement } from '../agreements/agreement.entity';
import { auditService } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { allOf, parseIntId } from '../common/crud/filter-query';
import { BadUserInputError, ConflictError, ForbiddenError } from '../common/errors';
import { claimIdempotencyKey, credentialOf } from '../common/idempotency';
import { unitOfWork } from '../common/unit-of-work';
import type { TokenViewer } from '../common/viewer';
import { Member, PartyStanding } from '../members/member.entity';
import { canonicalIdNumber, idNumberHash, lookUpIdNumbers } from '../members/member-lookup';
import { memberPolicy, reportedTo } from '../members/member.policy';
import { sealer } from '../members/personal-data';
import { AnnualFeedback, FeedbackRecipient, FeedbackStatus } from './annual-feedback.entity';
import { publishDelivered } from './feedback-events';
import { MONTHS_IN_YEAR } from './feedback.rules';
import type { AnnualFeedbackBatchResult, AnnualFeedbackSubmission, SubmitAnnualFeedbackBatchInput } from './annual-feedback.types';
import { assertAgreementCoversYear, deadlineOf, NO_RETURN_STATUSES } from './draft-generation';

/**
 * A partner city's batch of returns about the host's own outflow members (reverse direction).
 * All or nothing, and idempotent per token and key (common/idempotency.ts): the key is recorded
 * in the same transaction as the returns, and held while the batch runs.
 */
export async function submitBatch(ctx: RequestContext, input: SubmitAnnualFeedbackBatchInput): Promise<AnnualFeedbackBatchResult> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'token' || !viewer.agreement) throw new ForbiddenError('Only a partner token issued under an agreement may submit returns');
  const key = input.idempotencyKey.trim();
  return unitOfWork(
    ctx,
    async (em) => {
      const claim = await claimIdempotencyKey<AnnualFeedbackBatchResult>(em, {
        credential: credentialOf(viewer)!,
        scope: 'submitAnnualFeedbackBatch',
        key,
        payload: input.items,
        now: ctx.now,
        sealer: sealer(),
        field: 'idempotencyKey',
      });
      if (claim.replay) return { ...claim.replay, replayed: true };
      const written = await writeBatch(ctx, em, viewer, input.items, key);
      await claim.record(written);
      return written;
    },
    {
      translateError: (error) => {
        if (error instanceof UniqueConstraintViolationException) {
          // Another batch (another key) wrote a return for one of these members and years in the meantime.
          throw new ConflictError('A return for one of these members and years was submitted at the same time', {
            field: 'items',
            reason: 'ALREADY_SUBMITTED',
          });
        }
        throw error;
      },
    },
  );
}

async function writeBatch(ctx: RequestContext, em: EntityManager, viewer: TokenViewer, items: AnnualFeedbackSubmission[], key: string) {
  const agreement = await em.findOneOrFail(Agreement, { id: viewer.agreement!.id });
  const reportsOn = reportedTo(agreement, 'HOST');
  if (!reportsOn) throw new ForbiddenError('Under this agreement the host writes the returns; the partner receives them');

  // Identify every item's member in two set-based look-ups, both inside what the token may read.
  const identities = items.map((item, index) => identify(item, index));
  const ids = identities.flatMap((identity) => (identity.id ? [identity.id] : []));
  const hashes = identities.flatMap((identity) => (identity.hash ? [identity.hash] : []));
  const byId = new Map(
    (ids.length ? await em.find(Member, allOf<Member>({ id: { $in: ids } }, memberPolicy.read(ctx.viewer), reportsOn)) : []).map((member) => [member.id, member]),
  );
  const byHash = hashes.length ? await lookUpIdNumbers(ctx, em, hashes, reportsOn) : new Map<string, Member>();

  const resolved = items.map((item, index) => {
    const field = `items.${index}`;
    const identity = identities[index]!;
    const member = identity.id ? byId.get(identity.id) : byHash.get(identity.hash!);
    if (!member) throw new BadUserInputError(`${field}.${identity.id ? 'memberId' : 'idNumber'}`, 'is not a member this agreement lets you report on', 'NOT_COVERED');
    if (!viewer.years.includes(item.year)) throw new BadUserInputError(`${field}.year`, `this token may submit only for ${viewer.years.join(', ')}`, 'YEAR_NOT_ALLOWED');
    if (item.suggestedGrade && member.partyStanding === PartyStanding.PROBATIONARY) {
      throw new BadUserInputError(`${field}.suggestedGrade`, 'probationary members take part in the evaluation but receive no grade', 'PROBATIONARY_NO_GRADE');
    }
    if (NO_RETURN_STATUSES.includes(member.status)) {
      throw new BadUserInputError(`${field}.${identity.id ? 'memberId' : 'idNumber'}`, `the member is ${member.status} and gets no ordinary return`, 'NO_ORDINARY_RETURN');
    }
    return { item, member, field };
  });
  const seen = new Set<string>();
  for (const { item, member, field } of resolved) {
    const pair = `${member.id}:${item.year}`;
    if (seen.has(pair)) throw new BadUserInputError(`${field}.memberId`, 'the same member and year appear twice in the batch', 'DUPLICATE');
    seen.add(pair);
    assertAgreementCoversYear(agreement, item.year);
  }

  const existing = await em.find(AnnualFeedback, {
    agreement: agreement.id,
    $or: resolved.map(({ member, item }) => ({ member: member.id, year: item.year })),
  });
  const existingBy = new Map(existing.map((row) => [`${row.member.id}:${row.year}`, row]));
  const rows = resolved.map(({ item, member, field }) => {
    const current = existingBy.get(`${member.id}:${item.year}`);
    if (current && !(current.recipient === FeedbackRecipient.HOST && current.status === FeedbackStatus.DRAFT)) {
      throw new ConflictError(`${field}: a return for this member and year is already ${current.status}`, { field, reason: 'ALREADY_SUBMITTED', currentStatus: current.status });
    }
    const values = {
      orgLifeAttended: item.orgLifeAttended,
      orgLifeExpected: item.orgLifeExpected,
      monthsUnderCare: item.monthsUnderCare ?? MONTHS_IN_YEAR,
      volunteerCount: item.volunteerCount ?? 0,
      volunteerHours: item.volunteerHours ?? 0,
      studyCount: item.studyCount ?? 0,
      pioneerCount: item.pioneerCount ?? 0,
      points: item.points ?? 0,
      suggestedGrade: item.suggestedGrade ?? null,
      comments: item.comments?.trim() || null,
      recommendedForAward: item.recommendedForAward ?? false,
      awardNote: item.awardNote?.trim() || null,
      duesStatus: item.duesStatus ?? null,
      transferRecommended: item.transferRecommended ?? false,
      status: FeedbackStatus.DELIVERED,
      submittedAt: ctx.now,
      submittedBy: viewer.name,
      deliveredAt: ctx.now,
      deliveredBy: viewer.name,
      source: 'partner',
    };
    if (current) return em.assign(current, { ...values, version: current.version + 1 });
    return em.create(AnnualFeedback, {
      ...values,
      member: member.id,
      year: item.year,
      agreement: agreement.id,
      recipient: FeedbackRecipient.HOST,
      toOrganization: member.formalOrganization.id,
      fromOrganization: null,
      dueOn: deadlineOf(agreement, item.year),
    });
  });
  await em.flush();
  await publishDelivered(em, rows);
  await auditService.record(ctx, em, [
    { action: 'submit-batch', entity: 'AnnualFeedback', entityId: null, changes: { idempotencyKey: key, ids: rows.map((row) => row.id) } },
  ]);
  return { idempotencyKey: key, replayed: false, count: rows.length, ids: rows.map((row) => String(row.id)) };
}

function identify(item: AnnualFeedbackSubmission, index: number): { id?: number; hash?: string } {
  const field = `items.${index}`;
  if (item.memberId) return { id: parseIntId(item.memberId, `${field}.memberId`) };
  if (!item.idNumber) throw new BadUserInputError(`${field}.memberId`, 'give memberId or idNumber', 'REQUIRED');
  return { hash: idNumberHash(canonicalIdNumber(item.idNumber, `${field}.idNumber`)) };
}
