import { Migration } from '@mikro-orm/migrations';

/**
 * Notices between the two sides of an agreement and roster exchange (issue 12, items 2 and 3).
 *
 * - `notice`: 流入提醒 / 离开告知 / 状态变更 / 名册更新 / 其他消息, from one side of an agreement to the
 *   other, about a member (by id) or a person the host does not know yet (by ID number, sealed,
 *   blind-indexed and masked like the ledger's), with structured facts, read and answer marks.
 * - `member_changes_notify`: a statement-level trigger on `member` (transition tables), so that
 *   every path that changes a member — updates, bulk updates, imports, lost-contact cases,
 *   transfers — tells the other side of each covering agreement in force, with the outbox event
 *   (NOTICE_RECEIVED), its deliveries and their queued jobs, in the writer's transaction.
 * - `pending_member_entry`: what an inflow alert or a roster proposes for the ledger, until the host
 *   confirms, merges or declines it. At most one open entry per agreement and person: a partial
 *   unique index.
 * - `roster_exchange` and `roster_exchange_row`: a roster the outflow side sent and its
 *   reconciliation with the host's ledger, reconciled set-based by `roster_reconcile()`.
 * - Row-level security: notices:read for the agreements the viewer reads (an admin those of its
 *   region, a partner its own), notices:send to write; the same as api/notices/notice.policy.ts.
 */
export class Migration20261201810000 extends Migration {
  override async up(): Promise<void> {
    // Issue 12 items 2 and 3: keep these additions together (other helpers add theirs in their own block).
    this.addSql(`alter type "event_type" add value if not exists 'NOTICE_RECEIVED';`);
    this.addSql(`alter type "event_type" add value if not exists 'ROSTER_RECONCILED';`);

    this.addSql(`create type "notice_kind" as enum ('INFLOW_ALERT', 'DEPARTURE', 'STATUS_CHANGE', 'ROSTER_UPDATE', 'MESSAGE');`);
    this.addSql(`create type "pending_entry_status" as enum ('OPEN', 'CONFIRMED', 'MERGED', 'DECLINED');`);
    this.addSql(`create type "roster_outcome" as enum ('MATCHED', 'UNKNOWN', 'MISSING');`);

    this.addSql(`create table "notice" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      "agreement_id" int not null, "kind" "notice_kind" not null, "from_side" "agreement_side" not null, "to_side" "agreement_side" not null,
      "member_id" int null, "id_number_cipher" text null, "id_number_hash" varchar(64) null, "id_number_masked" varchar(18) null, "person_name" varchar(50) null,
      "facts" jsonb not null default '{}', "body" text null, "automatic" boolean not null default false,
      "sent_by" varchar(100) not null, "sent_at" timestamptz not null default now(), "read_at" timestamptz null, "read_by" varchar(100) null,
      "answer" text null, "answered_by" varchar(100) null, "answered_at" timestamptz null);`);
    this.addSql(`create index "notice_agreement_id_sent_at_index" on "notice" ("agreement_id", "sent_at");`);
    this.addSql(`create index "notice_kind_sent_at_index" on "notice" ("kind", "sent_at");`);
    this.addSql(`create index "notice_sent_at_index" on "notice" ("sent_at");`);
    this.addSql(`create index "notice_member_id_index" on "notice" ("member_id");`);
    this.addSql(`create index "notice_unread_index" on "notice" ("agreement_id", "to_side") where "read_at" is null;`);
    this.addSql(`alter table "notice" add constraint "notice_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notice" add constraint "notice_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete set null;`);

    this.addSql(`create table "roster_exchange" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      "agreement_id" int not null, "from_side" "agreement_side" not null, "client_roster_id" varchar(100) null, "request_hash" varchar(64) not null,
      "sent_by" varchar(100) not null, "sent_at" timestamptz not null default now(), "row_count" int not null default 0,
      "matched_count" int not null default 0, "unknown_count" int not null default 0, "missing_count" int not null default 0, "pending_created_count" int not null default 0);`);
    this.addSql(`create index "roster_exchange_agreement_id_sent_at_index" on "roster_exchange" ("agreement_id", "sent_at");`);
    this.addSql(`create index "roster_exchange_sent_at_index" on "roster_exchange" ("sent_at");`);
    this.addSql(`alter table "roster_exchange" add constraint "roster_exchange_agreement_client_roster_unique" unique ("agreement_id", "client_roster_id");`);
    this.addSql(`alter table "roster_exchange" add constraint "roster_exchange_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "pending_member_entry" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      "agreement_id" int not null, "notice_id" int null, "roster_exchange_id" int null, "id_number_cipher" text not null, "id_number_hash" varchar(64) not null, "id_number_masked" varchar(18) not null,
      "person_name" varchar(50) not null, "facts" jsonb not null default '{}', "status" "pending_entry_status" not null default 'OPEN', "member_id" int null,
      "resolved_by" varchar(100) null, "resolved_at" timestamptz null, "decline_reason" text null);`);
    this.addSql(`create index "pending_member_entry_agreement_id_status_index" on "pending_member_entry" ("agreement_id", "status");`);
    this.addSql(`create index "pending_member_entry_created_at_index" on "pending_member_entry" ("created_at");`);
    this.addSql(`create unique index "pending_member_entry_one_open_per_person" on "pending_member_entry" ("agreement_id", "id_number_hash") where "status" = 'OPEN';`);
    this.addSql(`alter table "pending_member_entry" add constraint "pending_member_entry_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "pending_member_entry" add constraint "pending_member_entry_notice_id_foreign" foreign key ("notice_id") references "notice" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "pending_member_entry" add constraint "pending_member_entry_roster_exchange_id_foreign" foreign key ("roster_exchange_id") references "roster_exchange" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "pending_member_entry" add constraint "pending_member_entry_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete set null;`);

    this.addSql(`create table "roster_exchange_row" ("id" serial primary key, "roster_exchange_id" int not null, "row_number" int null, "outcome" "roster_outcome" not null,
      "id_number_masked" varchar(18) not null, "person_name" varchar(50) not null, "member_id" int null, "pending_entry_id" int null);`);
    this.addSql(`create index "roster_exchange_row_roster_exchange_id_outcome_index" on "roster_exchange_row" ("roster_exchange_id", "outcome");`);
    this.addSql(`alter table "roster_exchange_row" add constraint "roster_exchange_row_roster_exchange_id_foreign" foreign key ("roster_exchange_id") references "roster_exchange" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "roster_exchange_row" add constraint "roster_exchange_row_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "roster_exchange_row" add constraint "roster_exchange_row_pending_entry_id_foreign" foreign key ("pending_entry_id") references "pending_member_entry" ("id") on update cascade on delete set null;`);

    // ── Events with their deliveries and queued jobs, from SQL (the trigger, the reconciliation) ──
    // The jobs take the queue's own retry settings (Migration20261201600000), as pg-boss would.
    this.addSql(`create function publish_events(events jsonb) returns void language sql volatile security definer set search_path = public as $$
      with published as (
        insert into outbox_event (type, agreement_id, audience, payload)
        select (e->>'type')::event_type, (e->>'agreementId')::int, (e->>'audience')::agreement_side, e->'payload'
          from jsonb_array_elements(events) with ordinality as given(e, position) order by position
        returning id, type, agreement_id, audience),
      created as (
        insert into webhook_delivery (endpoint_id, event_id)
        select en.id, p.id from published p
          join webhook_endpoint en on en.agreement_id = p.agreement_id and en.audience = p.audience and en.enabled and p.type::text = any(en.event_types)
        returning id)
      insert into pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, policy)
      select q.name, jsonb_build_object('deliveryId', c.id), coalesce(q.retry_limit, 2), coalesce(q.retry_delay, 0), coalesce(q.retry_backoff, false),
             make_interval(secs => coalesce(q.expire_seconds, 900)), q.policy
        from created c join pgboss.queue q on q.name = 'webhook-delivery'
    $$;`);

    // ── Departures and status changes tell the other side, whoever changed the member ─────
    /**
     * A covered member who leaves (RETURNED, TRANSFERRED, or no longer living or managed in the
     * agreement's region), loses contact, or is restored from LOST_CONTACT: one notice per agreement
     * in force that covered the member before the change, from the host (which keeps the ledger)
     * to the partner, and its NOTICE_RECEIVED event.
     */
    this.addSql(`create function member_changes_notify() returns trigger language plpgsql security definer set search_path = public as $$
      declare
        events jsonb;
      begin
        with changed as (
          select n.id, o.status::text as status_before, n.status::text as status_after, n.transferred_on, n.transferred_to,
                 n.destination_region_code as new_destination,
                 o.formal_region_code as of, o.destination_region_code as od, o.inflow_region_code as oi,
                 n.formal_region_code as nf, n.destination_region_code as nd, n.inflow_region_code as ni
            from changed_old o join changed_new n on n.id = o.id
           where o.status is distinct from n.status or o.destination_region_code is distinct from n.destination_region_code
              or o.inflow_region_code is distinct from n.inflow_region_code or o.formal_region_code is distinct from n.formal_region_code),
        targets as (
          select c.*, a.id as agreement_id,
                 case when c.status_after in ('RETURNED', 'TRANSFERRED') then 'DEPARTURE'
                      when c.status_before is distinct from c.status_after
                       and (c.status_after = 'LOST_CONTACT' or c.status_before in ('LOST_CONTACT', 'RETURNED', 'TRANSFERRED')) then 'STATUS_CHANGE'
                      when not covers(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text), c.nf, c.nd, c.ni) then 'DEPARTURE'
                 end as kind
            from changed c
            join agreement a on a.status = 'ACTIVE' and a.effective_from <= current_date and (a.effective_to is null or a.effective_to >= current_date)
             and covers(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text), c.of, c.od, c.oi)),
        inserted as (
          insert into notice (agreement_id, kind, from_side, to_side, member_id, facts, automatic, sent_by)
          select t.agreement_id, t.kind::notice_kind, 'HOST', 'PARTNER', t.id,
                 jsonb_strip_nulls(jsonb_build_object('statusBefore', t.status_before, 'statusAfter', t.status_after,
                   'leftOn', case when t.kind = 'DEPARTURE' then coalesce(t.transferred_on, current_date) end,
                   'destinationRegionCode', case when t.kind = 'DEPARTURE' then t.new_destination end,
                   'transferredTo', case when t.status_after = 'TRANSFERRED' then t.transferred_to end)),
                 true, coalesce((viewer()->>'kind') || ':' || (viewer()->>'id'), 'system')
            from targets t where t.kind is not null
          returning id, agreement_id, to_side, kind, member_id)
        select jsonb_agg(jsonb_build_object('type', 'NOTICE_RECEIVED', 'agreementId', i.agreement_id, 'audience', i.to_side,
                 'payload', jsonb_build_object('noticeId', i.id, 'kind', i.kind, 'memberId', i.member_id, 'automatic', true)) order by i.id)
          into events from inserted i;
        if events is not null then perform publish_events(events); end if;
        return null;
      end $$;`);
    this.addSql(`create trigger member_changes_notify after update on "member" referencing old table as changed_old new table as changed_new
      for each statement execute function member_changes_notify();`);

    // ── Roster reconciliation: constant statements whatever the roster's size ──────────────
    /**
     * Reconciles a roster (the rows as JSON: row, hash, masked, cipher, name, facts) with the host's
     * ledger, as the owner (a partner's roster is matched against the whole ledger, and members
     * outside the agreement's coverage are answered "known" without their id): MATCHED rows the
     * ledger knows, UNKNOWN rows it does not (pending entries, one open per person), MISSING
     * members the host keeps under the agreement for the sending side that the roster leaves out.
     */
    this.addSql(`create function roster_reconcile(exchange int, given jsonb) returns void language plpgsql volatile security definer set search_path = public as $$
      declare
        x roster_exchange;
        sides jsonb;
        created int;
      begin
        select * into x from roster_exchange where id = exchange;
        -- Whoever is bound to an agreement (a partner token, a partner account) reconciles that agreement's rosters only.
        if not found or (viewer_agreement() is not null and (viewer_agreement()->>'id')::int is distinct from x.agreement_id)
           or viewer_kind() is null or not viewer_can('notices:send') then
          raise exception 'not allowed to reconcile this roster' using errcode = '42501';
        end if;
        select agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text) into sides from agreement a where a.id = x.agreement_id;
        with roster_given as (select * from jsonb_to_recordset(given) as r(row_number int, hash text, masked text, cipher text, name text, facts jsonb)),
        fresh as (
          insert into pending_member_entry (agreement_id, roster_exchange_id, id_number_cipher, id_number_hash, id_number_masked, person_name, facts)
          select x.agreement_id, x.id, g.cipher, g.hash, g.masked, g.name, coalesce(g.facts, '{}')
            from roster_given g
           where not exists (select 1 from member m where m.id_number_hash = g.hash)
          on conflict (agreement_id, id_number_hash) where status = 'OPEN' do nothing
          returning id)
        select count(*) into created from fresh;
        insert into roster_exchange_row (roster_exchange_id, row_number, outcome, id_number_masked, person_name, member_id, pending_entry_id)
        with roster_given as (select * from jsonb_to_recordset(given) as r(row_number int, hash text, masked text, cipher text, name text, facts jsonb))
        select x.id, g.row_number, case when m.id is null then 'UNKNOWN' else 'MATCHED' end::roster_outcome, g.masked, g.name,
               case when covers(sides, m.formal_region_code, m.destination_region_code, m.inflow_region_code) then m.id end,
               case when m.id is null then p.id end
          from roster_given g
          left join member m on m.id_number_hash = g.hash
          left join pending_member_entry p on p.agreement_id = x.agreement_id and p.id_number_hash = g.hash and p.status = 'OPEN'
        union all
        select x.id, null, 'MISSING', m.id_number_masked, m.name, m.id, null
          from member m
         where reported_to(sides, case when x.from_side = 'PARTNER' then 'PARTNER' else 'HOST' end, m.formal_region_code, m.destination_region_code, m.inflow_region_code)
           and m.status::text not in ('RETURNED', 'TRANSFERRED')
           and not exists (select 1 from roster_given g where g.hash = m.id_number_hash);
        update roster_exchange r set row_count = c.total, matched_count = c.matched, unknown_count = c.unknown, missing_count = c.missing, pending_created_count = created
          from (select count(*) filter (where outcome <> 'MISSING') as total, count(*) filter (where outcome = 'MATCHED') as matched,
                       count(*) filter (where outcome = 'UNKNOWN') as unknown, count(*) filter (where outcome = 'MISSING') as missing
                  from roster_exchange_row where roster_exchange_id = x.id) c
         where r.id = x.id;
      end $$;`);

    // ── Row-level security ──────────────────────────────────────────────────────────────────
    const ofReadableAgreement = `((select viewer_everywhere()) or agreement_id in (select a.id from agreement a))`;
    const read = `(select viewer_can('notices:read')) and ${ofReadableAgreement}`;
    const send = `(select viewer_can('notices:send')) and ${ofReadableAgreement}`;
    for (const table of ['notice', 'pending_member_entry', 'roster_exchange', 'roster_exchange_row']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`do $$ begin execute format('create policy owner_all on "${table}" to %I using (true) with check (true)', current_user); end $$;`);
    }
    this.addSql(`grant select, insert, update on "notice", "pending_member_entry", "roster_exchange" to gongguan_app;`);
    this.addSql(`grant select on "roster_exchange_row" to gongguan_app;`);
    this.addSql(`grant usage on all sequences in schema public to gongguan_app;`);
    for (const table of ['notice', 'roster_exchange']) {
      this.addSql(`create policy app_read on "${table}" for select to gongguan_app using (${read});`);
      this.addSql(`create policy app_insert on "${table}" for insert to gongguan_app with check (${send});`);
      this.addSql(`create policy app_update on "${table}" for update to gongguan_app using (${send}) with check (${send});`);
    }
    // Pending entries are resolved by those who keep the host's ledger.
    const resolve = `(select viewer_can('members:write')) and ((select viewer_everywhere()) or agreement_id in (select a.id from agreement a where a.host_region_code like (select viewer_region()) || '%'))`;
    this.addSql(`create policy app_read on "pending_member_entry" for select to gongguan_app using (${read});`);
    this.addSql(`create policy app_insert on "pending_member_entry" for insert to gongguan_app with check (${send});`);
    this.addSql(`create policy app_update on "pending_member_entry" for update to gongguan_app using (${resolve}) with check (${resolve});`);
    this.addSql(`create policy app_read on "roster_exchange_row" for select to gongguan_app using (roster_exchange_id in (select r.id from roster_exchange r));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger member_changes_notify on "member";`);
    this.addSql(`drop function member_changes_notify();`);
    this.addSql(`drop function roster_reconcile(int, jsonb);`);
    this.addSql(`drop function publish_events(jsonb);`);
    this.addSql(`drop table if exists "roster_exchange_row" cascade;`);
    this.addSql(`drop table if exists "pending_member_entry" cascade;`);
    this.addSql(`drop table if exists "roster_exchange" cascade;`);
    this.addSql(`drop table if exists "notice" cascade;`);
    for (const type of ['notice_kind', 'pending_entry_status', 'roster_outcome']) this.addSql(`drop type "${type}";`);
  }
}
