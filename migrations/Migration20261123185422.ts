import { Migration } from '@mikro-orm/migrations';

export class Migration20261123185422 extends Migration {

  override async up(): Promise<void> {
    // Trigram index for searching members by part of their name.
    this.addSql(`create extension if not exists pg_trgm;`);
    // The prefix every code inside a GB/T 2260 region starts with: 51 for 510000, 5101 for 510100.
    this.addSql(`create function region_prefix(code text) returns text language sql immutable parallel safe as $$
      select case when code like '%0000' then left(code, 2) when code like '%00' then left(code, 4) else code end
    $$;`);
    this.addSql(`create type "organization_kind" as enum ('COMMITTEE', 'WORKING_COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'MOBILE_MEMBER_COMMITTEE', 'FUNCTIONAL');`);
    this.addSql(`create type "organization_level" as enum ('CITY', 'DISTRICT', 'TOWNSHIP', 'COMMUNITY');`);
    this.addSql(`create type "gender" as enum ('MALE', 'FEMALE');`);
    this.addSql(`create type "party_standing" as enum ('FULL', 'PROBATIONARY');`);
    this.addSql(`create type "mobility_type" as enum ('EMPLOYMENT', 'STUDY', 'SETTLEMENT', 'TEMPORARY');`);
    this.addSql(`create type "member_status" as enum ('REGISTERED', 'REPORTED', 'MANAGED', 'LOST_CONTACT', 'RETURNED', 'TRANSFERRED');`);
    this.addSql(`create type "agreement_direction" as enum ('TWO_WAY', 'PARTNER_TO_HOST', 'HOST_TO_PARTNER');`);
    this.addSql(`create type "agreement_status" as enum ('DRAFT', 'ACTIVE', 'SUSPENDED', 'EXPIRED', 'TERMINATED');`);
    this.addSql(`create type "activity_kind" as enum ('THREE_MEETINGS_ONE_LESSON', 'THEME_PARTY_DAY', 'ORGANIZATIONAL_LIFE_MEETING', 'VOLUNTEER_SERVICE', 'STUDY', 'PIONEER_POST', 'OTHER');`);
    this.addSql(`create type "region_level" as enum ('PROVINCE', 'CITY', 'COUNTY');`);
    this.addSql(`create table "organization" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "name" varchar(255) not null, "kind" "organization_kind" not null, "level" "organization_level" not null, "parent_id" int null, "ancestor_ids" int[] not null, "depth" smallint not null default 0, "region_code" varchar(6) not null, "host_region_code" varchar(6) null, "secretary_name" varchar(255) null, "contact_name" varchar(255) null, "contact_phone" varchar(255) null);`);
    this.addSql(`alter table "organization" add constraint "organization_code_unique" unique ("code");`);
    this.addSql(`create index "organization_ancestor_ids_idx" on "organization" using gin ("ancestor_ids");`);
    this.addSql(`create index "organization_region_code_index" on "organization" ("region_code");`);
    this.addSql(`create index "organization_parent_id_index" on "organization" ("parent_id");`);

    this.addSql(`create table "member" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "gender" "gender" not null, "birth_date" date not null, "id_number_cipher" text not null, "id_number_hash" varchar(64) not null, "id_number_masked" varchar(18) not null, "phone_cipher" text null, "phone_masked" varchar(11) null, "party_standing" "party_standing" not null, "joined_on" date not null, "formal_organization_id" int not null, "mobility_type" "mobility_type" not null, "outflow_date" date not null, "destination_region_code" varchar(6) not null, "destination_address" varchar(255) null, "occupation" varchar(255) null, "work_unit" varchar(255) null, "ideological_note" text null, "inflow_organization_id" int null, "certificate_number" varchar(255) null, "certificate_issued_on" date null, "certificate_expires_on" date null, "status" "member_status" not null default 'REGISTERED', "last_contact_on" date null, "ledger_updated_at" timestamptz not null default now(), "expertise_tags" text[] not null default '{}');`);
    this.addSql(`alter table "member" add constraint "member_id_number_hash_unique" unique ("id_number_hash");`);
    this.addSql(`create index "member_name_trgm_idx" on "member" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create index "member_ledger_updated_at_index" on "member" ("ledger_updated_at");`);
    this.addSql(`create index "member_outflow_date_index" on "member" ("outflow_date");`);
    this.addSql(`create index "member_mobility_type_index" on "member" ("mobility_type");`);
    this.addSql(`create index "member_status_mobility_type_index" on "member" ("status", "mobility_type");`);
    this.addSql(`create index "member_destination_region_code_index" on "member" ("destination_region_code");`);
    this.addSql(`create index "member_inflow_organization_id_index" on "member" ("inflow_organization_id");`);
    this.addSql(`create index "member_formal_organization_id_index" on "member" ("formal_organization_id");`);

    this.addSql(`create table "agreement" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "title" varchar(255) not null, "host_region_code" varchar(6) not null, "partner_region_code" varchar(6) not null, "direction" "agreement_direction" not null, "signed_on" date null, "effective_from" date not null, "effective_to" date null, "status" "agreement_status" not null default 'DRAFT', "host_responsibilities" text null, "partner_responsibilities" text null, "feedback_deadline" varchar(5) not null default '01-31', "expected_org_life_sessions" smallint not null default 12, "host_organization_id" int null, "partner_organization_name" varchar(255) null, "host_contact_name" varchar(255) null, "host_contact_phone" varchar(255) null, "partner_contact_name" varchar(255) null, "partner_contact_phone" varchar(255) null);`);
    this.addSql(`alter table "agreement" add constraint "agreement_code_unique" unique ("code");`);
    this.addSql(`create index "agreement_status_index" on "agreement" ("status");`);
    this.addSql(`create index "agreement_partner_region_code_index" on "agreement" ("partner_region_code");`);
    this.addSql(`create index "agreement_host_region_code_index" on "agreement" ("host_region_code");`);

    this.addSql(`create table "activity_record" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "member_id" int not null, "organization_id" int not null, "occurred_on" date not null, "kind" "activity_kind" not null, "title" varchar(255) not null, "hours" numeric(6,1) not null default 0, "points" smallint not null default 0, "source" varchar(255) not null default 'manual');`);
    this.addSql(`create index "activity_record_occurred_on_kind_index" on "activity_record" ("occurred_on", "kind");`);
    this.addSql(`create index "activity_record_organization_id_occurred_on_index" on "activity_record" ("organization_id", "occurred_on");`);
    this.addSql(`create index "activity_record_member_id_occurred_on_index" on "activity_record" ("member_id", "occurred_on");`);

    this.addSql(`create table "region" ("code" varchar(6) not null, "name" varchar(255) not null, "level" "region_level" not null, "parent_code" varchar(6) null, constraint "region_pkey" primary key ("code"));`);
    this.addSql(`create index "region_parent_code_index" on "region" ("parent_code");`);

    this.addSql(`alter table "organization" add constraint "organization_parent_id_foreign" foreign key ("parent_id") references "organization" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "member" add constraint "member_formal_organization_id_foreign" foreign key ("formal_organization_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "member" add constraint "member_inflow_organization_id_foreign" foreign key ("inflow_organization_id") references "organization" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "agreement" add constraint "agreement_host_organization_id_foreign" foreign key ("host_organization_id") references "organization" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "activity_record" add constraint "activity_record_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "activity_record" add constraint "activity_record_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`);
  }

}
