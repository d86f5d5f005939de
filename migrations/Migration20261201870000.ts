import { Migration } from '@mikro-orm/migrations';

/**
 * One's own password, changed by oneself (the `changePassword` mutation). Row-level security lets
 * an account read its own row, not write it — writing it would let an account change its own role
 * — so the new hash goes through this function, which writes that one column of the caller's own
 * account and nothing else: the account is the viewer's actor, as the request set it. The old
 * password was checked by the server first (auth_login_user), as at login; the change is announced
 * to every process by the credential triggers (Migration20261201100000), as any password change is.
 */
export class Migration20261201870000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function auth_set_own_password(new_hash text) returns boolean
      language sql volatile security definer set search_path = public as $$
      update admin_user set password_hash = new_hash, version = version + 1
       where id = (select viewer_actor_id())::int and (select viewer_actor_type() = 'admin') and not disabled
      returning true
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function auth_set_own_password(text);`);
  }
}
