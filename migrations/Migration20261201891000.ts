import { Migration } from '@mikro-orm/migrations';

/**
 * `credentials_epoch()` travels with every statement of a query (the prelude that hands over the
 * viewer, api/common/viewer-settings.ts). As a SQL function with its own `search_path` it could not
 * be inlined, so each call set and restored the setting and planned its body again: 45–85 µs of
 * PostgreSQL's time per statement, measured on one connection. In PL/pgSQL the plan of its one
 * read is kept for the connection's life (10–15 µs). The table is named with its schema instead of
 * through `search_path`; the function is not SECURITY DEFINER, so the caller's path gives it nothing.
 */
export class Migration20261201891000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop function credentials_epoch();`);
    this.addSql(`create function credentials_epoch() returns bigint language plpgsql stable as $$
      begin
        return (select epoch from public.credential_epoch where id = 1);
      end
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function credentials_epoch();`);
    this.addSql(`create function credentials_epoch() returns bigint language sql stable set search_path = public as $$
      select epoch from credential_epoch where id = 1
    $$;`);
  }
}
