import type { FilterQuery } from '@mikro-orm/core';
import { can, type Permission } from '../common/permissions';
import { declarePersonalData } from '../common/personal-reads';
import { NOTHING, reachOf, scoped } from '../common/policy';
import { ForbiddenError } from '../common/errors';
import type { Viewer } from '../common/viewer';
import type { Member } from '../members/member.entity';
import { memberPolicy } from '../members/member.policy';
import { type AnnualFeedback, FeedbackRecipient, FeedbackStatus } from './annual-feedback.entity';
import { type FeedbackParty, partyOf, VISIBLE_TO_RECIPIENT } from './lifecycle';
import type { MissingMember, SkippedMember } from './annual-feedback.types';

const ALL_STATUSES = Object.values(FeedbackStatus);

/**
 * Who reads and acts on which year-end returns. The host's admins: the returns of members in
 * their region. A partner token: the returns of its agreement and years — those addressed to it
 * once delivered (feedback:read), and those it writes itself (feedback:submit); never a draft the
 * host is still writing. A return is personal data, and reading one lets its reader see whose it
 * is. (PostgreSQL: `annual_feedback` policies and feedback_visible_to_token().)
 */
export const feedbackPolicy = {
  read(viewer: Viewer): FilterQuery<AnnualFeedback> {
    if (viewer.kind === 'admin') {
      if (!can(viewer, 'feedback:read')) return NOTHING as FilterQuery<AnnualFeedback>;
      return reachOf(viewer).kind === 'everywhere' ? {} : scoped({ member: memberPolicy.read(viewer) } as FilterQuery<AnnualFeedback>);
    }
    return scoped(this.partnerRead(viewer) ?? (NOTHING as FilterQuery<AnnualFeedback>));
  },

  /**
   * The states of one direction's returns the viewer sees. Admins (feedback:read): every state. A
   * partner token: the returns addressed to it (PARTNER) only once delivered — DELIVERED, RECEIVED,
   * GRADED, ARCHIVED — with feedback:read; every return it writes itself (HOST) with feedback:submit.
   */
  visibleStatuses(viewer: Viewer, recipient: FeedbackRecipient): FeedbackStatus[] {
    if (viewer.kind === 'admin') return can(viewer, 'feedback:read') ? ALL_STATUSES : [];
    if (viewer.kind !== 'token' || !viewer.agreement) return [];
    if (recipient === FeedbackRecipient.PARTNER) return can(viewer, 'feedback:read') ? VISIBLE_TO_RECIPIENT : [];
    return can(viewer, 'feedback:submit') ? ALL_STATUSES : [];
  },

  /** A partner token's returns, or null when it may read none. */
  partnerRead(viewer: Viewer): FilterQuery<AnnualFeedback> | null {
    if (viewer.kind !== 'token' || !viewer.agreement) return null;
    const visible = [FeedbackRecipient.PARTNER, FeedbackRecipient.HOST].flatMap((recipient): FilterQuery<AnnualFeedback>[] => {
      const statuses = this.visibleStatuses(viewer, recipient);
      if (statuses.length === 0) return [];
      return [statuses.length === ALL_STATUSES.length ? { recipient } : { recipient, status: { $in: statuses } }];
    });
    if (visible.length === 0) return null;
    return { agreement: viewer.agreement.id, year: { $in: [...viewer.years] }, $or: visible } as FilterQuery<AnnualFeedback>;
  },

  /** Returns the host's admins may act on: those of members in the region they manage. */
  hostWrite(viewer: Viewer): FilterQuery<AnnualFeedback> {
    if (viewer.kind !== 'admin') return NOTHING as FilterQuery<AnnualFeedback>;
    return { member: memberPolicy.write(viewer) } as FilterQuery<AnnualFeedback>;
  },

  /** {@link hostWrite} for one return whose member is at hand: the same rule, in memory. */
  hostMayWrite(viewer: Viewer, member: Pick<Member, 'formalRegionCode' | 'destinationRegionCode' | 'inflowRegionCode'>): boolean {
    return viewer.kind === 'admin' && can(viewer, 'members:write') && memberPolicy.mayWrite(viewer, member);
  },

  /**
   * Why the viewer may not act as `party` on this return, or null when it may: admins stand on the
   * host's side, tokens on the partner's; the side that receives a return does not write it, and
   * the other way round; and each party needs its permission.
   */
  partyRefusal(viewer: Viewer, row: Pick<AnnualFeedback, 'recipient'>, party: FeedbackParty, action: string): string | null {
    const side = viewer.kind === 'token' ? 'partner' : 'host';
    if (!partyOf(row.recipient, side).includes(party)) return `Not allowed: only the ${party} side may ${action} this return`;
    const permission = PARTY_PERMISSION[party][action] ?? PARTY_PERMISSION[party].default!;
    if (!can(viewer, permission)) return `Not allowed: ${permission} is required`;
    return null;
  },

  /** Whether the viewer acts as `party` on this return ({@link partyRefusal} as a predicate). */
  mayActAs(viewer: Viewer, row: Pick<AnnualFeedback, 'recipient'>, party: FeedbackParty, action: string): boolean {
    return this.partyRefusal(viewer, row, party, action) === null;
  },

  /** {@link partyRefusal} as a check: FORBIDDEN with the reason. */
  requireParty(viewer: Viewer, row: Pick<AnnualFeedback, 'recipient'>, party: FeedbackParty, action: string): void {
    const refusal = this.partyRefusal(viewer, row, party, action);
    if (refusal) throw new ForbiddenError(refusal);
  },
};

/** What each party needs (grading and archiving are the recipient's evaluation, hence feedback:grade). */
const PARTY_PERMISSION: Record<FeedbackParty, Record<string, Permission>> = {
  author: { default: 'feedback:manage' },
  reviewer: { default: 'feedback:approve' },
  recipient: { default: 'feedback:receive', grade: 'feedback:grade', archive: 'feedback:grade' },
};

// A partner reading the returns delivered to it sees whom they are about, and no one else.
memberPolicy.grantRead((viewer) => {
  if (viewer.kind !== 'token' || !can(viewer, 'feedback:read')) return null;
  const returns = feedbackPolicy.partnerRead(viewer);
  return returns ? ({ annualFeedbacks: { $some: returns } } as FilterQuery<Member>) : null;
});

declarePersonalData('AnnualFeedback', (row: AnnualFeedback) => row.member.id);
declarePersonalData('MissingMember', (row: MissingMember) => row.memberId);
declarePersonalData('SkippedMember', (row: SkippedMember) => row.memberId);
