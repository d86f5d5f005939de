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
 * Records events in the outbox, with a delivery (and its queued job) for every enabled endpoint
 * of that agreement and side that asked for the type — all in `em`'s transaction, so the event
 * exists exactly when the change it reports commits. Call it inside the service's transaction.
 */
export const outbox = {
  publish(em: EntityManager, event: PublishedEvent): Promise<{ eventIds: string[]; deliveryIds: number[] }> {
    return this.publishAll(em, [event]);
  },

  /** Many events in one statement (and their jobs in one more), whatever their number. */
  async publishAll(em: EntityManager, events: PublishedEvent[]): Promise<{ eventIds: string[]; deliveryIds: number[] }> {
    if (events.length === 0) return { eventIds: [], deliveryIds: [] };
    const [row] = await em.execute<{ event_ids: string[]; delivery_ids: number[] }[]>('select * from outbox_publish(?::jsonb)', [JSON.stringify(events)]);
    const deliveryIds = (row?.delivery_ids ?? []).map(Number);
    await enqueueDeliveries(em, deliveryIds);
    return { eventIds: (row?.event_ids ?? []).map(String), deliveryIds };
  },
};

/** The other side: events about what one side did are for the other. */
export function otherSide(side: AgreementSide): AgreementSide {
  return side === AgreementSide.HOST ? AgreementSide.PARTNER : AgreementSide.HOST;
}
