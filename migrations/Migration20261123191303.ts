import { Migration } from '@mikro-orm/migrations';

export class Migration20261123191303 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "idempotency_state" as enum ('IN_PROGRESS', 'COMPLETED');`);
    this.addSql(`create type "feedback_recipient" as enum ('PARTNER', 'HOST');`);
    this.addSql(`create type "evaluation_grade" as enum ('EXCELLENT', 'QUALIFIED', 'BASICALLY_QUALIFIED', 'UNQUALIFIED');`);
    this.addSql(`create type "dues_status" as enum ('PAID_IN_FULL', 'IN_ARREARS', 'PAID_AT_HOME');`);
    this.addSql(`create type "feedback_status" as enum ('DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED');`);
    this.addSql(`create table "idempotency_key" ("id" serial primary key, "token_id" int not null, "key" varchar(200) not null, "request_hash" varchar(64) not null, "state" "idempotency_state" not null, "response" jsonb null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_token_key_unique" unique ("token_id", "key");`);

    this.addSql(`create table "annual_feedback" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "member_id" int not null, "year" smallint not null, "agreement_id" int not null, "recipient" "feedback_recipient" not null, "from_organization_id" int null, "to_organization_id" int not null, "org_life_attended" smallint not null default 0, "org_life_expected" smallint not null default 0, "volunteer_count" smallint not null default 0, "volunteer_hours" numeric(7,1) not null default 0, "study_count" smallint not null default 0, "pioneer_count" smallint not null default 0, "points" int not null default 0, "suggested_grade" "evaluation_grade" null, "comments" text null, "recommended_for_award" boolean not null default false, "award_note" text null, "dues_status" "dues_status" null, "transfer_recommended" boolean not null default false, "final_grade" "evaluation_grade" null, "final_grade_note" text null, "due_on" date not null, "status" "feedback_status" not null default 'DRAFT', "version" int not null default 1, "return_reason" text null, "source" varchar(16) not null default 'generated', "submitted_at" timestamptz null, "submitted_by" varchar(100) null, "delivered_at" timestamptz null, "delivered_by" varchar(100) null, "received_at" timestamptz null, "received_by" varchar(100) null, "graded_at" timestamptz null, "graded_by" varchar(100) null, "archived_at" timestamptz null, "archived_by" varchar(100) null, "returned_at" timestamptz null, "returned_by" varchar(100) null);`);
    this.addSql(`create index "annual_feedback_due_on_status_index" on "annual_feedback" ("due_on", "status");`);
    this.addSql(`create index "annual_feedback_to_organization_id_year_index" on "annual_feedback" ("to_organization_id", "year");`);
    this.addSql(`create index "annual_feedback_agreement_id_year_status_index" on "annual_feedback" ("agreement_id", "year", "status");`);
    this.addSql(`alter table "annual_feedback" add constraint "annual_feedback_member_year_agreement_unique" unique ("member_id", "year", "agreement_id");`);

    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_token_id_foreign" foreign key ("token_id") references "api_token" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "annual_feedback" add constraint "annual_feedback_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "annual_feedback" add constraint "annual_feedback_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "annual_feedback" add constraint "annual_feedback_from_organization_id_foreign" foreign key ("from_organization_id") references "organization" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "annual_feedback" add constraint "annual_feedback_to_organization_id_foreign" foreign key ("to_organization_id") references "organization" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);

    this.addSql(`drop table if exists "annual_feedback" cascade;`);

    this.addSql(`drop type "idempotency_state";`);
    this.addSql(`drop type "feedback_recipient";`);
    this.addSql(`drop type "evaluation_grade";`);
    this.addSql(`drop type "dues_status";`);
    this.addSql(`drop type "feedback_status";`);
  }

}
