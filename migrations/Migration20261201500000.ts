import { Migration } from '@mikro-orm/migrations';

/**
 * Contacts and lost-contact cases (issue 11, items 4 and 5):
 *
 * - `contact_pairing` (一对一联: a member's contact person, for a period), `contact_record` (talks,
 *   reminder talks, home-coming meetings, family visits, thought reports received, …), and
 *   `lost_contact_case` with its `lost_contact_attempt`s (组织找党员). At most one open case per
 *   member: a partial unique index.
 * - `member.last_contact_on` follows the records: statement-level triggers move it on when
 *   records arrive (never back: a record entered late for an old date changes nothing) and
 *   recompute it from the records when records are corrected or deleted (a member left with no
 *   records keeps the date the ledger had).
 * - The member's transfer date and destination (`transferred_on`, `transferred_to`), and on a
 *   year-end return its kind (ORDINARY, LOST_CONTACT 失联, TRANSFERRED 已转出) with the case, the
 *   transfer, and the contact facts the evaluation asks for (talks, reminder talks, thought reports).
 * - `return_kind(member, year)`: which return a covered member gets, one rule for draft
 *   generation and progress (api/feedback/draft-generation.ts).
 * - Row-level security: the same rules as api/contacts/contact.policy.ts.
 */
const startsWith = (column: string, prefix: string) => `${column} like ${prefix} || '%'`;
const VIEWER_REGION = '(select viewer_region())';
/** The member alias `m` belongs to, lives in, or is managed in the viewer's region (written out, as in the member policies). */
const memberInViewerRegion = `(${VIEWER_REGION} is not null and (${startsWith('m.formal_region_code', VIEWER_REGION)}
  or ${startsWith('m.destination_region_code', VIEWER_REGION)} or coalesce(${startsWith('m.inflow_region_code', VIEWER_REGION)}, false)))`;

const readable = (permissions: string[]) =>
  `(${permissions.map((permission) => `(select viewer_can('${permission}'))`).join(' or ')}) and ((select viewer_everywhere()) or member_id in (select m.id from member m))`;
const writable = (permission: string) =>
  `(select viewer_can('${permission}')) and ((select viewer_everywhere()) or member_id in (select m.id from member m where ${memberInViewerRegion}))`;

export class Migration20261201500000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "lost_contact_outcome" as enum ('FOUND', 'HANDED_TO_OUTFLOW', 'ORGANIZATIONAL_MEASURES');`);
    this.addSql(`create type "search_channel" as enum ('PHONE', 'HOME_VISIT', 'RELATIVES', 'EMPLOYER', 'COMMUNITY', 'PUBLIC_SECURITY', 'ONLINE', 'OTHER');`);
    this.addSql(`create type "contact_kind" as enum ('TALK', 'REMINDER_TALK', 'HOMECOMING_MEETING', 'FAMILY_VISIT', 'THOUGHT_REPORT', 'CARE_VISIT', 'OTHER');`);
    this.addSql(`create type "contact_channel" as enum ('IN_PERSON', 'PHONE', 'VIDEO', 'ONLINE', 'LETTER');`);
    this.addSql(`create type "contact_role" as enum ('COMMITTEE_MEMBER', 'SECRETARY', 'LIAISON');`);
    this.addSql(`create type "feedback_kind" as enum ('ORDINARY', 'LOST_CONTACT', 'TRANSFERRED');`);

    this.addSql(`create table "lost_contact_case" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "member_id" int not null, "opened_on" date not null, "opened_by" varchar(100) not null, "last_known_contact_on" date null, "last_known_facts" text not null, "status_before" "member_status" not null, "closed_on" date null, "outcome" "lost_contact_outcome" null, "closed_by" varchar(100) null, "closing_note" text null);`);
    this.addSql(`create index "lost_contact_case_opened_on_index" on "lost_contact_case" ("opened_on");`);
    this.addSql(`create index "lost_contact_case_member_id_opened_on_index" on "lost_contact_case" ("member_id", "opened_on");`);
    this.addSql(`create unique index "lost_contact_case_one_open_per_member" on "lost_contact_case" ("member_id") where "closed_on" is null;`);

    this.addSql(`create table "lost_contact_attempt" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "lost_contact_case_id" int not null, "attempted_on" date not null, "channel" "search_channel" not null, "attempted_by" varchar(100) not null, "result" text not null);`);
    this.addSql(`create index "lost_contact_attempt_lost_contact_case_id_attempted_on_index" on "lost_contact_attempt" ("lost_contact_case_id", "attempted_on");`);

    this.addSql(`create table "contact_record" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "member_id" int not null, "kind" "contact_kind" not null, "occurred_on" date not null, "channel" "contact_channel" not null default 'IN_PERSON', "held_by" varchar(100) not null, "notes" text null, "follow_up" text null, "source" varchar(20) not null default 'manual');`);
    this.addSql(`create index "contact_record_occurred_on_kind_index" on "contact_record" ("occurred_on", "kind");`);
    this.addSql(`create index "contact_record_member_id_kind_occurred_on_index" on "contact_record" ("member_id", "kind", "occurred_on");`);

    this.addSql(`create table "contact_pairing" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "member_id" int not null, "contact_name" varchar(64) not null, "contact_role" "contact_role" not null, "organization_id" int null, "phone_cipher" text null, "phone_masked" varchar(16) null, "from_on" date not null, "to_on" date null);`);
    this.addSql(`create index "contact_pairing_member_id_from_on_index" on "contact_pairing" ("member_id", "from_on");`);

    this.addSql(`alter table "lost_contact_case" add constraint "lost_contact_case_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "lost_contact_attempt" add constraint "lost_contact_attempt_lost_contact_case_id_foreign" foreign key ("lost_contact_case_id") references "lost_contact_case" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_record" add constraint "contact_record_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_pairing" add constraint "contact_pairing_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_pairing" add constraint "contact_pairing_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "member" add column "transferred_on" date null, add column "transferred_to" varchar(200) null;`);
    this.addSql(`alter table "annual_feedback" add column "kind" "feedback_kind" not null default 'ORDINARY', add column "lost_contact_case_id" int null, add column "transferred_on" date null, add column "transferred_to" varchar(200) null, add column "talks_held" smallint not null default 0, add column "reminder_talks_held" smallint not null default 0, add column "thought_reports" smallint not null default 0;`);
    this.addSql(`alter table "annual_feedback" add constraint "annual_feedback_lost_contact_case_id_foreign" foreign key ("lost_contact_case_id") references "lost_contact_case" ("id") on update cascade on delete set null;`);

    // ── last_contact_on follows the records ──────────────────────────────────────────────────
    // Definer functions: the writer of a record may not be one who may write the ledger entry.
    this.addSql(`create function contact_records_added() returns trigger language plpgsql security definer set search_path = public as $$
      begin
        update member m set last_contact_on = n.last_on, version = m.version + 1, updated_at = now()
          from (select member_id, max(occurred_on) as last_on from added group by member_id) n
         where m.id = n.member_id and (m.last_contact_on is null or m.last_contact_on < n.last_on);
        return null;
      end $$;`);
    this.addSql(`create function contact_records_changed() returns trigger language plpgsql security definer set search_path = public as $$
      begin
        update member m set last_contact_on = r.last_on, version = m.version + 1, updated_at = now()
          from (select a.member_id, (select max(c.occurred_on) from contact_record c where c.member_id = a.member_id) as last_on
                  from (select member_id from changed_old union select member_id from changed_new) a) r
         where m.id = r.member_id and r.last_on is not null and m.last_contact_on is distinct from r.last_on;
        return null;
      end $$;`);
    this.addSql(`create function contact_records_removed() returns trigger language plpgsql security definer set search_path = public as $$
      begin
        update member m set last_contact_on = r.last_on, version = m.version + 1, updated_at = now()
          from (select a.member_id, (select max(c.occurred_on) from contact_record c where c.member_id = a.member_id) as last_on
                  from (select distinct member_id from removed) a) r
         where m.id = r.member_id and r.last_on is not null and m.last_contact_on is distinct from r.last_on;
        return null;
      end $$;`);
    this.addSql(`create trigger contact_records_added after insert on "contact_record" referencing new table as added
      for each statement execute function contact_records_added();`);
    this.addSql(`create trigger contact_records_changed after update on "contact_record" referencing old table as changed_old new table as changed_new
      for each statement execute function contact_records_changed();`);
    this.addSql(`create trigger contact_records_removed after delete on "contact_record" referencing old table as removed
      for each statement execute function contact_records_removed();`);

    // ── Which return a covered member gets ───────────────────────────────────────────────────
    /**
     * LOST_CONTACT while a lost-contact case is open; TRANSFERRED for a member transferred in or
     * after the year (a transfer with no date, or from before the year, gets none); none for a
     * member marked LOST_CONTACT with no open case; ORDINARY otherwise. A definer function so
     * that progress counts (over aggregate_members()) and generation agree whoever asks.
     */
    this.addSql(`create function return_kind(member_id int, year int) returns text language sql stable security definer set search_path = public as $$
      select case when exists (select 1 from lost_contact_case c where c.member_id = m.id and c.closed_on is null) then 'LOST_CONTACT'
                  when m.status = 'LOST_CONTACT' then null
                  when m.status = 'TRANSFERRED' then case when m.transferred_on >= make_date(year, 1, 1) then 'TRANSFERRED' end
                  else 'ORDINARY' end
        from member m where m.id = return_kind.member_id
    $$;`);

    // ── Row-level security ──────────────────────────────────────────────────────────────────
    for (const table of ['contact_record', 'contact_pairing', 'lost_contact_case', 'lost_contact_attempt']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`do $$ begin execute format('create policy owner_all on "${table}" to %I using (true) with check (true)', current_user); end $$;`);
      this.addSql(`grant select, insert, update, delete on "${table}" to gongguan_app;`);
    }
    this.addSql(`grant usage on all sequences in schema public to gongguan_app;`);
    const policies: [table: string, read: string, write: string][] = [
      ['contact_record', readable(['activities:read']), writable('activities:write')],
      ['contact_pairing', readable(['members:read']), writable('members:write')],
      ['lost_contact_case', readable(['members:read', 'feedback:read']), writable('members:write')],
      [
        'lost_contact_attempt',
        `lost_contact_case_id in (select c.id from lost_contact_case c)`,
        `(select viewer_can('members:write')) and ((select viewer_everywhere()) or lost_contact_case_id in (
           select c.id from lost_contact_case c join member m on m.id = c.member_id where ${memberInViewerRegion}))`,
      ],
    ];
    for (const [table, read, write] of policies) {
      this.addSql(`create policy app_read on "${table}" for select to gongguan_app using (${read});`);
      this.addSql(`create policy app_insert on "${table}" for insert to gongguan_app with check (${write});`);
      this.addSql(`create policy app_update on "${table}" for update to gongguan_app using (${write}) with check (${write});`);
      this.addSql(`create policy app_delete on "${table}" for delete to gongguan_app using (${write});`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop function return_kind(int, int);`);
    this.addSql(`alter table "annual_feedback" drop constraint "annual_feedback_lost_contact_case_id_foreign";`);
    this.addSql(`alter table "annual_feedback" drop column "kind", drop column "lost_contact_case_id", drop column "transferred_on", drop column "transferred_to", drop column "talks_held", drop column "reminder_talks_held", drop column "thought_reports";`);
    this.addSql(`alter table "member" drop column "transferred_on", drop column "transferred_to";`);
    this.addSql(`drop table if exists "lost_contact_attempt" cascade;`);
    this.addSql(`drop table if exists "lost_contact_case" cascade;`);
    this.addSql(`drop table if exists "contact_record" cascade;`);
    this.addSql(`drop table if exists "contact_pairing" cascade;`);
    this.addSql(`drop function contact_records_added(); drop function contact_records_changed(); drop function contact_records_removed();`);
    for (const type of ['lost_contact_outcome', 'search_channel', 'contact_kind', 'contact_channel', 'contact_role', 'feedback_kind']) this.addSql(`drop type "${type}";`);
  }
}
