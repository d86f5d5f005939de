import { Migration } from '@mikro-orm/migrations';

/**
 * Partner accounts (issue 12, item 1): people of a partner city's organisation department log in
 * to the console with accounts bound to one agreement, as partner administrator, reviewer or
 * viewer. Such an account's viewer is the partner token's viewer of its agreement
 * (api/access/partner-scope.ts): `gongguan.viewer` says kind `token` with that agreement, so every
 * scope policy below applies unchanged. Only who acts differs — the account — so the policies
 * that are about identity (the audit trail, idempotency keys, ID-number look-up counts, one's own
 * account and sessions) now read `actor_type` / `actor_id` instead of kind and id.
 */
export class Migration20261201800000 extends Migration {
  override async up(): Promise<void> {
    // New enum values cannot be used in the transaction that adds them: the rules below compare role::text.
    for (const role of ['PARTNER_ADMIN', 'PARTNER_REVIEWER', 'PARTNER_VIEWER']) this.addSql(`alter type "admin_role" add value if not exists '${role}';`);
    this.addSql(`alter table "admin_user" add column "agreement_id" int null;`);
    this.addSql(`alter table "admin_user" add constraint "admin_user_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index "admin_user_agreement_id_index" on "admin_user" ("agreement_id");`);

    // A changed agreement binding is a changed credential, like a changed role.
    this.addSql(`drop trigger "admin_user_credentials_updated" on "admin_user";`);
    const columns = ['id', 'username', 'role', 'region_code', 'disabled', 'password_hash', 'agreement_id'];
    this.addSql(`create constraint trigger "admin_user_credentials_updated" after update of ${columns.map((c) => `"${c}"`).join(', ')} on "admin_user"
      deferrable initially deferred for each row
      when ((${columns.map((c) => `old."${c}"`).join(', ')}) is distinct from (${columns.map((c) => `new."${c}"`).join(', ')}))
      execute function credentials_changed('user');`);

    // A session as the cache keeps it, now with the agreement a partner account is bound to.
    this.addSql(`drop function auth_session_lookup(text, timestamptz);`);
    this.addSql(`create function auth_session_lookup(token_hash text, at timestamptz)
      returns table (session_id uuid, user_id int, username text, role admin_role, region_code text, expires_at timestamptz,
                     agreement_id int, agreement_status agreement_status, effective_from date, effective_to date,
                     host_region_code text, agreement_partner_region_code text, direction agreement_direction)
      language sql stable security definer set search_path = public as $$
      select s.id, u.id, u.username::text, u.role, u.region_code::text, s.expires_at,
             a.id, a.status, a.effective_from, a.effective_to, a.host_region_code::text, a.partner_region_code::text, a.direction
        from admin_session s join admin_user u on u.id = s.user_id left join agreement a on a.id = u.agreement_id
       where s.token_hash = auth_session_lookup.token_hash and s.revoked_at is null and s.expires_at > at and not u.disabled
    $$;`);

    // Who acts: a partner account is the console account it is (kind and id say how far it reaches).
    this.addSql(`create function viewer_actor_type() returns text language sql stable parallel safe as $$
      select coalesce(viewer()->>'actor_type', viewer()->>'kind') $$;`);
    this.addSql(`create function viewer_actor_id() returns text language sql stable parallel safe as $$
      select case when viewer() ? 'actor_type' then viewer()->>'actor_id' else viewer()->>'id' end $$;`);
    const credential = `credential = (select viewer_actor_type() || ':' || viewer_actor_id())`;
    this.addSql(`drop policy app_all on "idempotency_key";`);
    this.addSql(`create policy app_all on "idempotency_key" for all to gongguan_app using (${credential}) with check (${credential});`);
    this.addSql(`drop policy app_all on "id_number_lookup";`);
    this.addSql(`create policy app_all on "id_number_lookup" for all to gongguan_app using (${credential}) with check (${credential});`);
    this.addSql(`drop policy app_insert on "audit_event";`);
    this.addSql(`create policy app_insert on "audit_event" for insert to gongguan_app with check (
      actor_type = (select viewer_actor_type()) and actor_id is not distinct from (select viewer_actor_id()));`);

    // One's own account and sessions; and the partner accounts one manages (partners:manage):
    // an admin those of the agreements its region hosts, a partner administrator the reviewers
    // and viewers of its own agreement.
    const self = `(select viewer_actor_type()) = 'admin' and id = (select viewer_actor_id())::int`;
    const managed = (includeAdmins: boolean) => `((select viewer_can('partners:manage')) and agreement_id is not null and role::text like 'PARTNER\\_%' and (
        (select viewer_everywhere())
        or ((select viewer_kind()) = 'admin' and agreement_id in (select a.id from agreement a where a.host_region_code like (select viewer_region()) || '%'))
        or ((select viewer_kind()) = 'token' and agreement_id = ((select viewer_agreement())->>'id')::int ${includeAdmins ? '' : `and role::text <> 'PARTNER_ADMIN'`})))`;
    this.addSql(`drop policy app_read on "admin_user";`);
    this.addSql(`create policy app_read on "admin_user" for select to gongguan_app using ((select viewer_can('users:manage')) or (${self}) or ${managed(true)});`);
    this.addSql(`drop policy app_insert on "admin_user";`);
    this.addSql(`create policy app_insert on "admin_user" for insert to gongguan_app with check ((select viewer_can('users:manage')) or ${managed(false)});`);
    this.addSql(`drop policy app_update on "admin_user";`);
    this.addSql(`create policy app_update on "admin_user" for update to gongguan_app
      using ((select viewer_can('users:manage')) or ${managed(false)}) with check ((select viewer_can('users:manage')) or ${managed(false)});`);

    const ownSession = `(select viewer_actor_type()) = 'admin' and user_id = (select viewer_actor_id())::int`;
    // Disabling a partner account ends its sessions: those of accounts one may read as managed (admin_user's policy applies inside).
    const managedSession = `((select viewer_can('partners:manage')) and user_id in (select u.id from admin_user u where u.agreement_id is not null))`;
    this.addSql(`drop policy app_read on "admin_session";`);
    this.addSql(`create policy app_read on "admin_session" for select to gongguan_app using ((select viewer_can('users:manage')) or (${ownSession}) or ${managedSession});`);
    this.addSql(`drop policy app_insert on "admin_session";`);
    this.addSql(`create policy app_insert on "admin_session" for insert to gongguan_app with check (${ownSession});`);
    this.addSql(`drop policy app_update on "admin_session";`);
    this.addSql(`create policy app_update on "admin_session" for update to gongguan_app
      using ((select viewer_can('users:manage')) or (${ownSession}) or ${managedSession})
      with check ((select viewer_can('users:manage')) or (${ownSession}) or ${managedSession});`);
  }
}
