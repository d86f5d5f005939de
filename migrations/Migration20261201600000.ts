import { Migration } from '@mikro-orm/migrations';
import { PG_BOSS_SCHEMA } from './pg-boss-schema';

/**
 * Webhooks and the events feed (issue 12, items 5 and 6).
 *
 * - `outbox_event`: what partner systems hear of, written in the transaction of the change by
 *   `outbox_publish()` (api/webhooks/outbox.ts), which also creates one `webhook_delivery` per
 *   matching endpoint — whatever the writer's own scope, since the endpoints are the other side's.
 *   `tx_id` is the writing transaction: the feed serves only rows of transactions older than every
 *   one still running, so a cursor (the id) never skips a row committed late with a smaller id.
 * - `webhook_endpoint`, `webhook_delivery`, `webhook_attempt`: endpoints of one agreement and side,
 *   the deliveries with their state, and every HTTP attempt. The delivery worker reaches them
 *   through `webhook_delivery_begin()` / `webhook_delivery_finish()`: it has no viewer, and a row's
 *   state moves only there (SENDING before the request, the outcome after it), so a worker that
 *   stops in between leaves a mark the next attempt finds.
 * - The job queue: pg-boss's schema `pgboss`, created here, by the owner that runs migrations, like
 *   every other table — the server and the worker work as `gongguan_app`, which may read and write
 *   the queue's rows but not change its schema (pg-boss runs with `migrate: false`). Its rows hold
 *   delivery ids only, nothing about anyone, so they carry no row-level security.
 */
export class Migration20261201600000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "event_type" as enum ('FEEDBACK_DELIVERED', 'FEEDBACK_RECEIVED', 'FEEDBACK_RETURNED', 'FEEDBACK_GRADED', 'FEEDBACK_ARCHIVED');`);
    this.addSql(`create type "agreement_side" as enum ('HOST', 'PARTNER');`);
    this.addSql(`create type "webhook_delivery_status" as enum ('PENDING', 'SENDING', 'SUCCEEDED', 'RETRYING', 'FAILED');`);
    this.addSql(`create type "webhook_attempt_outcome" as enum ('SUCCEEDED', 'FAILED', 'INTERRUPTED');`);

    this.addSql(`create table "outbox_event" ("id" bigserial primary key, "type" "event_type" not null, "agreement_id" int not null, "audience" "agreement_side" not null, "payload" jsonb not null, "created_at" timestamptz not null default now(), "tx_id" xid8 not null default pg_current_xact_id());`);
    this.addSql(`create index "outbox_event_agreement_id_audience_id_index" on "outbox_event" ("agreement_id", "audience", "id");`);
    this.addSql(`alter table "outbox_event" add constraint "outbox_event_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "webhook_endpoint" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "agreement_id" int not null, "audience" "agreement_side" not null, "url" varchar(2000) not null, "description" varchar(200) null, "event_types" text[] not null, "enabled" boolean not null default true, "secret_sealed" text not null, "previous_secret_sealed" text null, "previous_secret_expires_at" timestamptz null, "created_by" varchar(100) null);`);
    this.addSql(`create index "webhook_endpoint_agreement_id_audience_index" on "webhook_endpoint" ("agreement_id", "audience");`);
    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "webhook_delivery" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "endpoint_id" int not null, "event_id" bigint not null, "status" "webhook_delivery_status" not null default 'PENDING', "attempt_count" int not null default 0, "last_attempt_at" timestamptz null, "succeeded_at" timestamptz null);`);
    this.addSql(`create index "webhook_delivery_endpoint_id_id_index" on "webhook_delivery" ("endpoint_id", "id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_event_id_unique" unique ("endpoint_id", "event_id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_event_id_foreign" foreign key ("event_id") references "outbox_event" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "webhook_attempt" ("id" serial primary key, "delivery_id" int not null, "started_at" timestamptz not null, "duration_ms" int null, "status_code" smallint null, "error" varchar(500) null, "outcome" "webhook_attempt_outcome" null);`);
    this.addSql(`create index "webhook_attempt_delivery_id_id_index" on "webhook_attempt" ("delivery_id", "id");`);
    this.addSql(`alter table "webhook_attempt" add constraint "webhook_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on update cascade on delete cascade;`);

    // ── Who manages an endpoint: host admins for agreements their region hosts, a partner token its own side's ──
    this.addSql(`create function webhook_endpoint_writable(endpoint_agreement int, endpoint_audience agreement_side) returns boolean language sql stable set search_path = public as $$
      select coalesce(viewer_can('webhooks:manage') and case viewer_kind()
        when 'admin' then viewer_everywhere()
          or endpoint_agreement in (select a.id from agreement a where a.host_region_code like viewer_region() || '%')
        when 'token' then endpoint_agreement = (viewer_agreement()->>'id')::int and endpoint_audience = 'PARTNER'
        else false end, false)
    $$;`);
    this.addSql(`create function webhook_endpoint_readable(endpoint_agreement int, endpoint_audience agreement_side) returns boolean language sql stable set search_path = public as $$
      select coalesce(viewer_can('webhooks:manage') and case viewer_kind()
        when 'admin' then viewer_everywhere() or endpoint_agreement in (select a.id from agreement a)
        when 'token' then endpoint_agreement = (viewer_agreement()->>'id')::int and endpoint_audience = 'PARTNER'
        else false end, false)
    $$;`);

    for (const table of ['outbox_event', 'webhook_endpoint', 'webhook_delivery', 'webhook_attempt']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`do $$ begin execute format('create policy owner_all on "${table}" to %I using (true) with check (true)', current_user); end $$;`);
    }
    // The feed: an admin the events of the agreements it reads (both sides), a partner token its side of its agreement.
    this.addSql(`create policy app_read on "outbox_event" for select to gongguan_app using (
      (select viewer_can('events:read')) and (
           ((select viewer_kind()) = 'admin' and ((select viewer_everywhere()) or agreement_id in (select a.id from agreement a)))
        or ((select viewer_kind()) = 'token' and agreement_id = ((select viewer_agreement())->>'id')::int and audience = 'PARTNER')))`);
    this.addSql(`create policy app_read on "webhook_endpoint" for select to gongguan_app using (webhook_endpoint_readable(agreement_id, audience));`);
    this.addSql(`create policy app_insert on "webhook_endpoint" for insert to gongguan_app with check (webhook_endpoint_writable(agreement_id, audience));`);
    this.addSql(`create policy app_update on "webhook_endpoint" for update to gongguan_app
      using (webhook_endpoint_writable(agreement_id, audience)) with check (webhook_endpoint_writable(agreement_id, audience));`);
    this.addSql(`create policy app_delete on "webhook_endpoint" for delete to gongguan_app using (webhook_endpoint_writable(agreement_id, audience));`);
    this.addSql(`create policy app_read on "webhook_delivery" for select to gongguan_app using (endpoint_id in (select e.id from webhook_endpoint e));`);
    // A replay puts a delivery back in the queue: those who manage its endpoint.
    const deliveryWrite = `endpoint_id in (select e.id from webhook_endpoint e where webhook_endpoint_writable(e.agreement_id, e.audience))`;
    this.addSql(`create policy app_update on "webhook_delivery" for update to gongguan_app using (${deliveryWrite}) with check (${deliveryWrite});`);
    this.addSql(`create policy app_read on "webhook_attempt" for select to gongguan_app using (delivery_id in (select d.id from webhook_delivery d));`);

    this.addSql(`grant select on "outbox_event", "webhook_attempt" to gongguan_app;`);
    this.addSql(`grant select, insert, update, delete on "webhook_endpoint" to gongguan_app;`);
    this.addSql(`grant select, update on "webhook_delivery" to gongguan_app;`);
    this.addSql(`grant usage on all sequences in schema public to gongguan_app;`);

    // ── Publishing: the event and its deliveries, in the writer's transaction ──────────────
    this.addSql(`create function outbox_publish(event_type event_type, event_agreement int, event_audience agreement_side, event_payload jsonb)
      returns table (event_id bigint, delivery_ids int[])
      language plpgsql volatile security definer set search_path = public as $$
      declare
        published bigint;
      begin
        if viewer_kind() is distinct from 'admin' and viewer_kind() is distinct from 'token' then
          raise exception 'only a signed-in viewer publishes events' using errcode = '42501';
        end if;
        insert into outbox_event (type, agreement_id, audience, payload) values (event_type, event_agreement, event_audience, event_payload)
          returning id into published;
        return query
          with created as (
            insert into webhook_delivery (endpoint_id, event_id)
            select e.id, published from webhook_endpoint e
             where e.agreement_id = event_agreement and e.audience = event_audience and e.enabled and event_type::text = any(e.event_types)
            returning id)
          select published, coalesce(array_agg(id order by id), '{}') from created;
      end
    $$;`);

    // ── The worker's two steps around each HTTP request ────────────────────────────────────
    this.addSql(`create function webhook_delivery_begin(delivery int, at timestamptz)
      returns table (attempt_id int, url text, secret_sealed text, previous_secret_sealed text, previous_secret_expires_at timestamptz,
                     event_id bigint, event_type event_type, agreement_id int, audience agreement_side, payload jsonb, occurred_at timestamptz,
                     interrupted int)
      language plpgsql volatile security definer set search_path = public as $$
      declare
        d webhook_delivery;
        attempt int;
        cut_off int;
      begin
        select * into d from webhook_delivery where id = delivery for update;
        -- Gone (its endpoint was deleted) or already answered: nothing to send, whatever the queue thinks.
        if not found or d.status = 'SUCCEEDED' then return; end if;
        if not exists (select 1 from webhook_endpoint e where e.id = d.endpoint_id and e.enabled) then
          update webhook_delivery set status = 'FAILED', updated_at = at, version = version + 1 where id = d.id;
          return;
        end if;
        -- An attempt without an outcome: a worker stopped between sending and recording. The resend
        -- carries the same webhook-id, so the receiver can tell it from a new message.
        update webhook_attempt set outcome = 'INTERRUPTED', error = 'the worker stopped before it recorded the answer'
         where delivery_id = d.id and outcome is null;
        get diagnostics cut_off = row_count;
        insert into webhook_attempt (delivery_id, started_at) values (d.id, at) returning id into attempt;
        update webhook_delivery set status = 'SENDING', attempt_count = attempt_count + 1, last_attempt_at = at, updated_at = at, version = version + 1
         where id = d.id;
        return query
          select attempt, e.url::text, e.secret_sealed, e.previous_secret_sealed, e.previous_secret_expires_at,
                 ev.id, ev.type, ev.agreement_id, ev.audience, ev.payload, ev.created_at, cut_off
            from webhook_endpoint e, outbox_event ev
           where e.id = d.endpoint_id and ev.id = d.event_id;
      end
    $$;`);
    this.addSql(`create function webhook_delivery_finish(attempt int, at timestamptz, answered int, failure text, took int, succeeded boolean, final boolean)
      returns void language sql volatile security definer set search_path = public as $$
      with recorded as (
        update webhook_attempt set status_code = answered, error = left(failure, 500), duration_ms = took,
               outcome = case when succeeded then 'SUCCEEDED'::webhook_attempt_outcome else 'FAILED'::webhook_attempt_outcome end
         where id = attempt and outcome is null
        returning delivery_id)
      update webhook_delivery d
         set status = case when succeeded then 'SUCCEEDED'::webhook_delivery_status when final then 'FAILED' else 'RETRYING' end,
             succeeded_at = case when succeeded then at else d.succeeded_at end,
             updated_at = at, version = d.version + 1
        from recorded where d.id = recorded.delivery_id and d.status <> 'SUCCEEDED'
    $$;`);

    // ── The job queue ──────────────────────────────────────────────────────────────────────
    this.addSql(PG_BOSS_SCHEMA);
    // Defaults of the delivery queue; the server passes its configured retries with each job (api/webhooks/job-queue.ts).
    this.addSql(`select pgboss.create_queue('webhook-delivery', '{"policy": "standard", "retryLimit": 8, "retryDelay": 30, "retryBackoff": true, "expireInSeconds": 120}');`);
    this.addSql(`grant usage on schema pgboss to gongguan_app;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema pgboss to gongguan_app;`);
    this.addSql(`alter default privileges in schema pgboss grant select, insert, update, delete on tables to gongguan_app;`);
  }
}
