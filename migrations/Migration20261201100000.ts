import { Migration } from '@mikro-orm/migrations';

/**
 * Several server processes over one database (issue 9, items 3 and 5):
 *
 * - Each process keeps the credentials it resolved in a short-lived cache
 *   (api/access/credential-cache.ts). Whatever changes what a credential may do — an account's
 *   name, role, region, disabled flag or password; a session's end or expiry; a token's
 *   revocation, expiry, scopes, years or agreement; an agreement's state, dates, sides or
 *   direction — is announced on the channel `gongguan_credentials` by triggers here, whoever
 *   writes it (the API, `npm run admin:create`, an operator in psql), and every process drops
 *   what it holds about that row. Payloads: `user:<id> <epoch>`, `session:<uuid> <epoch>`,
 *   `token:<id> <epoch>`, `agreement:<id> <epoch>`, or `all <epoch>` (TRUNCATE).
 * - Each announced change also raises the one-row `credential_epoch`, in the same transaction:
 *   a request served from a cache compares it, read in the statement that opens its transaction
 *   anyway, with the last epoch its process heard announced, and looks its credential up again
 *   when the database is ahead — so a change is in force on the very next request even when
 *   its announcement is still on its way. The triggers are deferred to commit, so that the
 *   epoch row is locked for an instant at the end of a transaction, never while it works (two
 *   transactions changing credentials in different orders cannot deadlock on it).
 *   NOTIFY is transactional too: both happen when the change commits, neither when it rolls back.
 * - The rate limits count in `rate_limit`, in the layout of rate-limiter-flexible's PostgreSQL
 *   store, so that every process draws on one count per address, token and username.
 */
export class Migration20261201100000 extends Migration {
  override async up(): Promise<void> {
    // ── Shared rate-limit counters ──────────────────────────────────────────────────────────
    this.addSql(`create table "rate_limit" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, constraint "rate_limit_pkey" primary key ("key"));`);
    this.addSql(`create index "rate_limit_expire_index" on "rate_limit" ("expire");`);
    this.addSql(`alter table "rate_limit" enable row level security;`);
    this.addSql(`alter table "rate_limit" force row level security;`);
    this.addSql(`do $$ begin execute format('create policy owner_all on "rate_limit" to %I using (true) with check (true)', current_user); end $$;`);
    // Counted before anyone is known (addresses, unauthenticated logins): no viewer to scope by,
    // and a counter says nothing about anyone's data.
    this.addSql(`create policy app_all on "rate_limit" for all to gongguan_app using (true) with check (true);`);
    this.addSql(`grant select, insert, update, delete on "rate_limit" to gongguan_app;`);

    // ── A session as the cache keeps it: the viewer's fields and the expiry, nothing else ───
    this.addSql(`create function auth_session_lookup(token_hash text, at timestamptz)
      returns table (session_id uuid, user_id int, username text, role admin_role, region_code text, expires_at timestamptz)
      language sql stable security definer set search_path = public as $$
      select s.id, u.id, u.username::text, u.role, u.region_code::text, s.expires_at
        from admin_session s join admin_user u on u.id = s.user_id
       where s.token_hash = auth_session_lookup.token_hash and s.revoked_at is null and s.expires_at > at and not u.disabled
    $$;`);

    // ── Announcements of changed credentials ────────────────────────────────────────────────
    this.addSql(`create table "credential_epoch" ("id" int not null default 1, "epoch" bigint not null default 0, constraint "credential_epoch_pkey" primary key ("id"));`);
    this.addSql(`insert into "credential_epoch" ("id", "epoch") values (1, 0);`);
    this.addSql(`alter table "credential_epoch" enable row level security;`);
    this.addSql(`alter table "credential_epoch" force row level security;`);
    this.addSql(`do $$ begin execute format('create policy owner_all on "credential_epoch" to %I using (true) with check (true)', current_user); end $$;`);
    // Read by every request served from a cache; raised only by the definer function below.
    this.addSql(`create policy app_read on "credential_epoch" for select to gongguan_app using (true);`);
    this.addSql(`grant select on "credential_epoch" to gongguan_app;`);
    this.addSql(`create function credentials_epoch() returns bigint language sql stable set search_path = public as $$
      select epoch from credential_epoch where id = 1
    $$;`);
    this.addSql(`create function credentials_changed() returns trigger language plpgsql security definer set search_path = public as $$
      declare
        raised bigint;
      begin
        update credential_epoch set epoch = epoch + 1 where id = 1 returning epoch into raised;
        if tg_level = 'STATEMENT' then
          perform pg_notify('gongguan_credentials', 'all ' || raised);
        else
          perform pg_notify('gongguan_credentials', tg_argv[0] || ':' || old.id::text || ' ' || raised);
          if tg_op = 'UPDATE' and new.id is distinct from old.id then
            perform pg_notify('gongguan_credentials', tg_argv[0] || ':' || new.id::text || ' ' || raised);
          end if;
        end if;
        return null;
      end
    $$;`);
    const watched: Record<string, { kind: string; columns: string[] }> = {
      admin_user: { kind: 'user', columns: ['id', 'username', 'role', 'region_code', 'disabled', 'password_hash'] },
      admin_session: { kind: 'session', columns: ['id', 'token_hash', 'user_id', 'expires_at', 'revoked_at'] },
      api_token: {
        kind: 'token',
        columns: ['id', 'public_id', 'secret_hash', 'name', 'agreement_id', 'partner_region_code', 'issuer_region_code', 'scopes', 'years', 'expires_at', 'revoked_at'],
      },
      agreement: { kind: 'agreement', columns: ['id', 'status', 'effective_from', 'effective_to', 'host_region_code', 'partner_region_code', 'direction'] },
    };
    for (const [table, { kind, columns }] of Object.entries(watched)) {
      const list = columns.map((column) => `"${column}"`).join(', ');
      const before = columns.map((column) => `old."${column}"`).join(', ');
      const after = columns.map((column) => `new."${column}"`).join(', ');
      this.addSql(`create constraint trigger "${table}_credentials_updated" after update of ${list} on "${table}"
        deferrable initially deferred for each row
        when ((${before}) is distinct from (${after})) execute function credentials_changed('${kind}');`);
      this.addSql(`create constraint trigger "${table}_credentials_deleted" after delete on "${table}"
        deferrable initially deferred for each row execute function credentials_changed('${kind}');`);
      this.addSql(`create trigger "${table}_credentials_truncated" after truncate on "${table}" for each statement execute function credentials_changed('${kind}');`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['admin_user', 'admin_session', 'api_token', 'agreement']) {
      for (const event of ['updated', 'deleted', 'truncated']) this.addSql(`drop trigger "${table}_credentials_${event}" on "${table}";`);
    }
    this.addSql(`drop function credentials_changed();`);
    this.addSql(`drop function credentials_epoch();`);
    this.addSql(`drop table "credential_epoch";`);
    this.addSql(`drop function auth_session_lookup(text, timestamptz);`);
    this.addSql(`drop table "rate_limit";`);
  }
}
