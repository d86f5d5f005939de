import { Migration } from '@mikro-orm/migrations';

export class Migration20261123190246 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "admin_role" as enum ('SUPER_ADMIN', 'REGION_ADMIN', 'VIEWER');`);
    this.addSql(`create table "admin_user" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "username" varchar(64) not null, "password_hash" varchar(255) not null, "display_name" varchar(64) not null default '', "role" "admin_role" not null, "region_code" varchar(6) null, "disabled" boolean not null default false, "last_login_at" timestamptz null);`);
    this.addSql(`alter table "admin_user" add constraint "admin_user_username_unique" unique ("username");`);

    this.addSql(`create table "admin_session" ("id" uuid not null default gen_random_uuid(), "token_hash" varchar(64) not null, "user_id" int not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "revoked_at" timestamptz null, "ip" varchar(64) null, constraint "admin_session_pkey" primary key ("id"));`);
    this.addSql(`alter table "admin_session" add constraint "admin_session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "admin_session_user_id_index" on "admin_session" ("user_id");`);

    this.addSql(`create table "audit_event" ("id" bigserial primary key, "occurred_at" timestamptz not null default now(), "actor_type" varchar(16) not null, "actor_id" varchar(32) null, "actor_name" varchar(100) null, "action" varchar(32) not null, "entity" varchar(32) not null, "entity_id" varchar(64) null, "changes" jsonb null, "request_id" varchar(64) null, "ip" varchar(64) null);`);
    this.addSql(`create index "audit_event_actor_type_actor_id_index" on "audit_event" ("actor_type", "actor_id");`);
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at");`);
    this.addSql(`create index "audit_event_entity_entity_id_index" on "audit_event" ("entity", "entity_id");`);
    // The audit trail is append-only, whatever the application does.
    this.addSql(`create function audit_event_is_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit events cannot be changed or deleted'; end
    $$;`);
    this.addSql(`create trigger audit_event_append_only before update or delete or truncate on "audit_event"
      for each statement execute function audit_event_is_append_only();`);

    this.addSql(`create table "api_token" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "public_id" varchar(16) not null, "secret_hash" varchar(64) not null, "name" varchar(100) not null, "agreement_id" int null, "partner_region_code" varchar(6) null, "scopes" text[] not null, "years" int[] not null default '{}', "expires_at" timestamptz not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "last_used_ip" varchar(64) null, "created_by_id" int null);`);
    this.addSql(`alter table "api_token" add constraint "api_token_public_id_unique" unique ("public_id");`);
    this.addSql(`create index "api_token_agreement_id_index" on "api_token" ("agreement_id");`);

    this.addSql(`alter table "admin_session" add constraint "admin_session_user_id_foreign" foreign key ("user_id") references "admin_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_token" add constraint "api_token_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "api_token" add constraint "api_token_created_by_id_foreign" foreign key ("created_by_id") references "admin_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "admin_session" drop constraint "admin_session_user_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_created_by_id_foreign";`);

    this.addSql(`drop table if exists "admin_user" cascade;`);

    this.addSql(`drop table if exists "admin_session" cascade;`);

    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop function if exists audit_event_is_append_only();`);

    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`drop type "admin_role";`);
  }

}
