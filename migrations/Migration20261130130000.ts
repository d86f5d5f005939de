import { Migration } from '@mikro-orm/migrations';

/**
 * Faults (issue 13): an optimistic version on every mutable row, and one store of idempotency
 * keys for every credential and kind of retried write, with an expiry. The keys of the old
 * partner-batch table are dropped: their results were kept unsealed, and retries older than
 * this migration have nothing left to replay.
 */
export class Migration20261130130000 extends Migration {
  override async up(): Promise<void> {
    for (const table of ['organization', 'member', 'agreement', 'activity_record', 'admin_user', 'api_token']) {
      this.addSql(`alter table "${table}" add column "version" int not null default 1;`);
    }

    this.addSql(`delete from "idempotency_key";`);
    this.addSql(`drop policy app_all on "idempotency_key";`);
    this.addSql(`alter table "idempotency_key" drop constraint "idempotency_key_token_id_foreign";`);
    this.addSql(`alter table "idempotency_key" drop constraint "idempotency_key_token_key_unique";`);
    this.addSql(`alter table "idempotency_key" drop column "token_id", drop column "state", drop column "response";`);
    this.addSql(`drop type "idempotency_state";`);
    this.addSql(`alter table "idempotency_key" add column "credential" varchar(40) not null, add column "scope" varchar(64) not null,
      add column "response" text null, add column "expires_at" timestamptz not null;`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_credential_scope_key_unique" unique ("credential", "scope", "key");`);
    this.addSql(`create index "idempotency_key_expires_at_index" on "idempotency_key" ("expires_at");`);
    // Each credential reads and writes its own keys only.
    const own = `credential = (select viewer_kind() || ':' || (viewer()->>'id'))`;
    this.addSql(`create policy app_all on "idempotency_key" for all to gongguan_app using (${own}) with check (${own});`);
  }
}
