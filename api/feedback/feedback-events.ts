import type { EntityManager } from '@mikro-orm/postgresql';
import { outbox, otherSide } from '../webhooks/outbox';
import { AgreementSide, EventType } from '../webhooks/outbox-event.entity';
import type { AnnualFeedback } from './annual-feedback.entity';
import type { FeedbackParty, FeedbackTransition } from './lifecycle';

/**
 * Which lifecycle steps the other side hears of (webhooks, events feed): a delivery tells the
 * recipient; what the recipient then does tells the writer. Steps within one side (submitting,
 * a reviewer's return before delivery) are nobody else's business.
 */
const RECIPIENT_STEPS: Partial<Record<FeedbackTransition, EventType>> = {
  receive: EventType.FEEDBACK_RECEIVED,
  return: EventType.FEEDBACK_RETURNED,
  grade: EventType.FEEDBACK_GRADED,
  archive: EventType.FEEDBACK_ARCHIVED,
};

export function feedbackEventOf(action: FeedbackTransition, party: FeedbackParty, row: Pick<AnnualFeedback, 'recipient'>): { type: EventType; audience: AgreementSide } | null {
  const recipient = row.recipient as unknown as AgreementSide;
  if (action === 'approve') return { type: EventType.FEEDBACK_DELIVERED, audience: recipient };
  const type = party === 'recipient' ? RECIPIENT_STEPS[action] : undefined;
  return type ? { type, audience: otherSide(recipient) } : null;
}

/** The event's payload: which return, in which state now — the receiver reads the rest through the API. */
export function feedbackPayload(row: AnnualFeedback): Record<string, unknown> {
  return {
    feedbackId: String(row.id),
    agreementId: String(row.agreement.id),
    year: row.year,
    recipient: row.recipient,
    status: row.status,
    version: row.version,
  };
}

/** Publishes the event a step produces, if any, in the step's transaction. */
export async function publishFeedbackStep(em: EntityManager, action: FeedbackTransition, party: FeedbackParty, row: AnnualFeedback): Promise<void> {
  const event = feedbackEventOf(action, party, row);
  if (!event) return;
  await outbox.publish(em, { ...event, agreementId: row.agreement.id, payload: feedbackPayload(row) });
}

/** A partner's batch delivered to the host: one event per return, all in one statement. */
export async function publishDelivered(em: EntityManager, rows: AnnualFeedback[]): Promise<void> {
  await outbox.publishAll(
    em,
    rows.map((row) => ({ type: EventType.FEEDBACK_DELIVERED, audience: AgreementSide.HOST, agreementId: row.agreement.id, payload: feedbackPayload(row) })),
  );
}
