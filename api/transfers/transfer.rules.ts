import { registerEnumType } from 'type-graphql';
import { type Member, TransferDueReason } from '../members/member.entity';
import { DUE_REASONS, type TRANSFER_FACTS, transferDueReason } from '../members/member.rules';
import { AgreementSide } from '../webhooks/outbox-event.entity';
import { TransferState } from './transfer-request.entity';

/**
 * The rules of a transfer request (组织关系转接), each once:
 *
 *   REQUESTED ─accept─▶ ACCEPTED ─complete─▶ COMPLETED
 *       │ reject (the other side, with a reason) ─▶ REJECTED
 *       └ cancel (the requesting side)           ─▶ CANCELLED
 *
 * Either side of an agreement covering the member may ask; the other side accepts or rejects; the
 * side that holds the receiving organisation completes it (the member has reported there: the
 * receipt, 回执, closes the transfer), whoever asked.
 */
export type TransferAction = 'accept' | 'reject' | 'cancel' | 'complete';
export const TransferActionEnum = { ACCEPT: 'accept', REJECT: 'reject', CANCEL: 'cancel', COMPLETE: 'complete' } as const;
registerEnumType(TransferActionEnum, { name: 'TransferAction', description: 'A step on a transfer request (TransferRequest.allowedActions): 同意 / 拒绝 / 撤回 / 完成' });

/** Who takes a step: the side that asked, the other side, or the side holding the receiving organisation. */
export type TransferParty = 'requester' | 'counterpart' | 'receiver';

export interface TransferRule {
  from: TransferState;
  to: TransferState;
  party: TransferParty;
}

export const TRANSFER_RULES: Record<TransferAction, TransferRule> = {
  accept: { from: TransferState.REQUESTED, to: TransferState.ACCEPTED, party: 'counterpart' },
  reject: { from: TransferState.REQUESTED, to: TransferState.REJECTED, party: 'counterpart' },
  cancel: { from: TransferState.REQUESTED, to: TransferState.CANCELLED, party: 'requester' },
  complete: { from: TransferState.ACCEPTED, to: TransferState.COMPLETED, party: 'receiver' },
};

/** Every action, in the order the console offers them. */
export const TRANSFER_ACTIONS: TransferAction[] = ['accept', 'reject', 'cancel', 'complete'];

/** States in which a request is still open: at most one per member (a partial unique index). */
export const OPEN_STATES = [TransferState.REQUESTED, TransferState.ACCEPTED];

/** Whether `side` is the party a step needs on this request. */
export function isParty(party: TransferParty, side: AgreementSide, row: { requestedSide: AgreementSide; receivingSide: AgreementSide }): boolean {
  if (party === 'requester') return side === row.requestedSide;
  if (party === 'counterpart') return side !== row.requestedSide;
  return side === row.receivingSide;
}

export const PARTY_WORDS: Record<TransferParty, string> = {
  requester: 'the side that made the request',
  counterpart: 'the other side of the agreement (not the one that asked)',
  receiver: 'the side holding the receiving organisation',
};

export type Eligibility =
  | { allowed: true; dueReason: TransferDueReason; exceptionReason: string | null }
  | { allowed: false; field: string; reason: string; message: string };

/**
 * 应转尽转 decides, with the ledger's own rule (member.rules.ts): a closed record (returned or
 * transferred) never transfers; a transfer-due member may; a member the rule names an exception
 * for (under six months, study within two years, abroad, temporary) only with an explicit
 * exception reason, so nothing moves silently against the ledger.
 */
export function transferEligibility(member: Pick<Member, (typeof TRANSFER_FACTS)[number]>, now: Date, exceptionReason: string | null | undefined): Eligibility {
  const dueReason = transferDueReason(member, now);
  const exception = exceptionReason?.trim() || null;
  if (dueReason === TransferDueReason.CLOSED) {
    return { allowed: false, field: 'input.memberId', reason: 'MEMBER_CLOSED', message: `the member is ${member.status}: a closed record does not transfer` };
  }
  if (DUE_REASONS.includes(dueReason)) return { allowed: true, dueReason, exceptionReason: exception };
  if (!exception) {
    return {
      allowed: false,
      field: 'input.exceptionReason',
      reason: 'TRANSFER_NOT_DUE',
      message: `is required: the member is not transfer-due (${dueReason}); give the reason for the exception`,
    };
  }
  return { allowed: true, dueReason, exceptionReason: exception };
}
