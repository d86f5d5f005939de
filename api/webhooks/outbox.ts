import type { EntityManager } from '@mikro-orm/postgresql';
import { enqueueDeliveries } from './job-queue';
import { AgreementSide, type EventType } from './outbox-event.entity';

export interface PublishedEvent {
  type: EventType;
  agreementId: number;
  /** The side the event is for. */
  audience: AgreementSide;
  /** Ids and states, never personal data: receivers read details through the API under their own scope. */
  payload: Record<string, unknown>;
}

/**
 * Records an event in the outbox, with a delivery (and its queued job) for every enabled endpoint
 * of that agreement and side that asked for the type — all in `em`'s transaction, so the event
 * exists exactly when the change it reports commits. Call it inside the service's transaction.
 */
export const outbox = {
  async publish(em: EntityManager, event: PublishedEvent): Promise<{ eventId: string; deliveryIds: number[] }> {
    const [row] = await em.execute<{ event_id: string; delivery_ids: number[] }[]>('select * from outbox_publish(?, ?, ?, ?::jsonb)', [
      event.type,
      event.agreementId,
      event.audience,
      JSON.stringify(event.payload),
    ]);
    const deliveryIds = (row?.delivery_ids ?? []).map(Number);
    await enqueueDeliveries(em, deliveryIds);
    return { eventId: String(row!.event_id), deliveryIds };
  },
};

/** The other side: events about what one side did are for the other. */
export function otherSide(side: AgreementSide): AgreementSide {
  return side === AgreementSide.HOST ? AgreementSide.PARTNER : AgreementSide.HOST;
}
