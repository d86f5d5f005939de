import { Migration } from '@mikro-orm/migrations';

/**
 * Publishing many events in one statement (a partner's batch of returns): `outbox_publish` takes a
 * list of events — type, agreement, side, payload each — and writes them with their deliveries at
 * once. It replaces the one-event form of Migration20261201600000, which is already applied
 * elsewhere and so is not edited.
 */
export class Migration20261201600100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop function outbox_publish(event_type, int, agreement_side, jsonb);`);
    this.addSql(`create function outbox_publish(events jsonb)
      returns table (event_ids bigint[], delivery_ids int[])
      language plpgsql volatile security definer set search_path = public as $$
      begin
        if viewer_kind() is distinct from 'admin' and viewer_kind() is distinct from 'token' then
          raise exception 'only a signed-in viewer publishes events' using errcode = '42501';
        end if;
        -- One statement for any number of events (a partner's batch of returns): the events, then a
        -- delivery for every enabled endpoint of the event's agreement and side that asked for its type.
        return query
          with published as (
            insert into outbox_event (type, agreement_id, audience, payload)
            select (e->>'type')::event_type, (e->>'agreementId')::int, (e->>'audience')::agreement_side, e->'payload'
              from jsonb_array_elements(events) with ordinality as given(e, position)
             order by position
            returning id, type, agreement_id, audience),
          created as (
            insert into webhook_delivery (endpoint_id, event_id)
            select en.id, p.id from published p
              join webhook_endpoint en on en.agreement_id = p.agreement_id and en.audience = p.audience and en.enabled and p.type::text = any(en.event_types)
             order by p.id, en.id
            returning id)
          select (select coalesce(array_agg(id order by id), '{}') from published), (select coalesce(array_agg(id order by id), '{}') from created);
      end
    $$;`);
  }
}
