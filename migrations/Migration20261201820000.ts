import { Migration } from '@mikro-orm/migrations';

/**
 * Transfer requests (issue 12, item 4: 组织关系转接):
 *
 * - `transfer_request`: one member, one agreement, from the member's formal organisation to a
 *   receiving organisation on the other side; REQUESTED → ACCEPTED → COMPLETED, or REJECTED /
 *   CANCELLED, with who and when of each step. At most one open request (REQUESTED or ACCEPTED)
 *   per member: a partial unique index.
 * - `transfer_viewer_side(agreement)`: the side of an agreement the caller acts for (an admin the
 *   HOST of agreements its region hosts, a partner token the PARTNER of its own), the one rule the
 *   write policies and completion share.
 * - `transfer_complete(...)`: completion's closing work, set-based, in the caller's transaction:
 *   the member becomes TRANSFERRED (transferred_on / transferred_to); unsent returns (DRAFT,
 *   SUBMITTED) become 已转出 drafts; open lost-contact cases close (FOUND: the member reported to
 *   the receiving organisation); contact pairings end. A definer function, because the receiving
 *   side may be a partner token, which writes no ledger rows; it checks the caller itself.
 * - The event type TRANSFER_CHANGED for webhooks and the events feed.
 */
export class Migration20261201820000 extends Migration {
  override async up(): Promise<void> {
    // ── transfers (issue 12 item 4) ──
    this.addSql(`alter type "event_type" add value if not exists 'TRANSFER_CHANGED';`);
    this.addSql(`create type "transfer_state" as enum ('REQUESTED', 'ACCEPTED', 'COMPLETED', 'REJECTED', 'CANCELLED');`);

    this.addSql(`create table "transfer_request" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "member_id" int not null, "agreement_id" int not null, "from_organization_id" int not null, "to_organization_id" int not null, "receiving_side" "agreement_side" not null, "state" "transfer_state" not null default 'REQUESTED', "reason" text not null, "letter_number" varchar(50) null, "due_reason" varchar(32) not null, "exception_reason" text null, "requested_side" "agreement_side" not null, "requested_by" varchar(100) not null, "requested_at" timestamptz not null, "accepted_at" timestamptz null, "accepted_by" varchar(100) null, "rejected_at" timestamptz null, "rejected_by" varchar(100) null, "rejection_reason" text null, "cancelled_at" timestamptz null, "cancelled_by" varchar(100) null, "completed_at" timestamptz null, "completed_by" varchar(100) null, "completed_on" date null, "returns_closed" int null, "cases_closed" int null, "pairings_ended" int null);`);
    this.addSql(`create index "transfer_request_requested_at_index" on "transfer_request" ("requested_at");`);
    this.addSql(`create index "transfer_request_state_requested_at_index" on "transfer_request" ("state", "requested_at");`);
    this.addSql(`create index "transfer_request_agreement_id_state_requested_at_index" on "transfer_request" ("agreement_id", "state", "requested_at");`);
    this.addSql(`create index "transfer_request_member_id_requested_at_index" on "transfer_request" ("member_id", "requested_at");`);
    this.addSql(`create unique index "transfer_request_one_open_per_member" on "transfer_request" ("member_id") where "state" in ('REQUESTED', 'ACCEPTED');`);
    this.addSql(`alter table "transfer_request" add constraint "transfer_request_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "transfer_request" add constraint "transfer_request_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "transfer_request" add constraint "transfer_request_from_organization_id_foreign" foreign key ("from_organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "transfer_request" add constraint "transfer_request_to_organization_id_foreign" foreign key ("to_organization_id") references "organization" ("id") on update cascade;`);

    // ── The side the caller acts for ──
    this.addSql(`create function transfer_viewer_side(agreement_id int) returns agreement_side language sql stable set search_path = public as $$
      select case
        when not coalesce(viewer_can('transfers:write'), false) then null
        when viewer_kind() = 'admin' then case when viewer_everywhere() or exists (
               select 1 from agreement a where a.id = transfer_viewer_side.agreement_id and a.host_region_code like viewer_region() || '%')
             then 'HOST'::agreement_side end
        when viewer_kind() = 'token' and (viewer_agreement()->>'id')::int = transfer_viewer_side.agreement_id then 'PARTNER'::agreement_side
        end
    $$;`);

    // ── Completion: what stays open closes, in one go ──
    this.addSql(`create function transfer_complete(transfer_id int, on_date date, actor text)
      returns table (feedback_ids int[], case_ids int[], pairing_ids int[])
      language plpgsql volatile security definer set search_path = public as $$
      declare
        t transfer_request;
        destination text;
      begin
        select * into t from transfer_request where id = transfer_id for update;
        if t.id is null or t.state <> 'ACCEPTED' or transfer_viewer_side(t.agreement_id) is distinct from t.receiving_side then
          raise exception 'transfer % cannot be completed by this caller', transfer_id using errcode = '42501';
        end if;
        select left(o.name, 200) into destination from organization o where o.id = t.to_organization_id;
        update member set status = 'TRANSFERRED', transferred_on = on_date, transferred_to = destination,
               version = version + 1, updated_at = now(), ledger_updated_at = now()
         where id = t.member_id;
        -- Unsent returns become the 已转出 return (what draft generation gives a transferred member);
        -- one already submitted goes back to its writer for that. Delivered returns are the recipient's: untouched.
        with changed as (
          update annual_feedback fb
             set kind = 'TRANSFERRED', transferred_on = on_date, transferred_to = destination, lost_contact_case_id = null,
                 return_reason = case when fb.status = 'SUBMITTED' then '组织关系已转出，请按“已转出”反馈重新提交' else fb.return_reason end,
                 returned_at = case when fb.status = 'SUBMITTED' then now() else fb.returned_at end,
                 returned_by = case when fb.status = 'SUBMITTED' then actor else fb.returned_by end,
                 status = 'DRAFT', version = fb.version + 1, updated_at = now()
           where fb.member_id = t.member_id and fb.status in ('DRAFT', 'SUBMITTED')
          returning fb.id)
        select coalesce(array_agg(id order by id), '{}') into feedback_ids from changed;
        -- The member reported to the receiving organisation: found.
        with changed as (
          update lost_contact_case c
             set closed_on = greatest(on_date, c.opened_on), outcome = 'FOUND', closed_by = left(actor, 100),
                 closing_note = '组织关系已转出（转接申请 ' || t.id || '）', version = c.version + 1, updated_at = now()
           where c.member_id = t.member_id and c.closed_on is null
          returning c.id)
        select coalesce(array_agg(id order by id), '{}') into case_ids from changed;
        with changed as (
          update contact_pairing p
             set to_on = greatest(p.from_on, on_date), version = p.version + 1, updated_at = now()
           where p.member_id = t.member_id and (p.to_on is null or p.to_on > on_date)
          returning p.id)
        select coalesce(array_agg(id order by id), '{}') into pairing_ids from changed;
        return next;
      end $$;`);
    this.addSql(`revoke all on function transfer_complete(int, date, text) from public;`);
    this.addSql(`grant execute on function transfer_complete(int, date, text) to gongguan_app;`);

    // ── Row-level security: the same rules as api/transfers/transfer.policy.ts ──
    this.addSql(`alter table "transfer_request" enable row level security;`);
    this.addSql(`alter table "transfer_request" force row level security;`);
    this.addSql(`do $$ begin execute format('create policy owner_all on "transfer_request" to %I using (true) with check (true)', current_user); end $$;`);
    this.addSql(`grant select, insert, update on "transfer_request" to gongguan_app;`);
    this.addSql(`grant usage on all sequences in schema public to gongguan_app;`);
    this.addSql(`create policy app_read on "transfer_request" for select to gongguan_app using (
      (select viewer_can('transfers:read')) and ((select viewer_everywhere())
        or (agreement_id in (select a.id from agreement a) and member_id in (select m.id from member m))))`);
    this.addSql(`create policy app_insert on "transfer_request" for insert to gongguan_app with check (
      transfer_viewer_side(agreement_id) = requested_side and member_id in (select m.id from member m))`);
    const write = `transfer_viewer_side(agreement_id) is not null and member_id in (select m.id from member m)`;
    this.addSql(`create policy app_update on "transfer_request" for update to gongguan_app using (${write}) with check (${write});`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function transfer_complete(int, date, text);`);
    this.addSql(`drop table if exists "transfer_request" cascade;`);
    this.addSql(`drop function transfer_viewer_side(int);`);
    this.addSql(`drop type "transfer_state";`);
    // PostgreSQL cannot drop an enum value: TRANSFER_CHANGED stays in event_type.
  }
}
