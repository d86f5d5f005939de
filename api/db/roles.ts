/**
 * The two database roles (README "Database roles"): the owner runs migrations and owns every
 * table; the server works as `gongguan_app`, which is neither superuser nor owner and has no
 * BYPASSRLS, so PostgreSQL's row-level security applies to everything it does.
 */
export const APP_ROLE = 'gongguan_app';
export const OWNER_ROLE = 'gongguan_owner';

/** Passwords of the embedded server's roles; it listens on the loopback interface only. */
export const EMBEDDED_PASSWORDS = { [APP_ROLE]: 'gongguan_app', [OWNER_ROLE]: 'gongguan_owner' } as const;

interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * As a superuser of the embedded server: both roles with their passwords, and the database
 * owned by the owner role. A database created before the roles existed (everything owned by the
 * superuser) is handed over object by object; objects of extensions stay where they are.
 */
export async function bootstrapEmbeddedRoles(client: SqlClient, database: string): Promise<void> {
  await client.query(`do $$ begin
    if not exists (select 1 from pg_roles where rolname = '${OWNER_ROLE}') then
      create role ${OWNER_ROLE} login password '${EMBEDDED_PASSWORDS[OWNER_ROLE]}' nosuperuser nobypassrls;
    end if;
    if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
      create role ${APP_ROLE} login password '${EMBEDDED_PASSWORDS[APP_ROLE]}' nosuperuser nobypassrls nocreatedb nocreaterole;
    else
      alter role ${APP_ROLE} login password '${EMBEDDED_PASSWORDS[APP_ROLE]}';
    end if;
  end $$;`);
  const found = await client.query('select pg_get_userbyid(datdba) as owner from pg_database where datname = $1', [database]);
  if (found.rows.length === 0) {
    await client.query(`create database "${database.replace(/"/g, '')}" owner ${OWNER_ROLE}`);
  } else if (found.rows[0]!.owner !== OWNER_ROLE) {
    await client.query(`alter database "${database.replace(/"/g, '')}" owner to ${OWNER_ROLE}`);
  }
}

/** Run in the application database as a superuser: hands over what an older start created as the superuser. */
export const HAND_OVER_LEGACY_OBJECTS = `do $$ declare object record; begin
  for object in
    select format('alter table public.%I owner to ${OWNER_ROLE}', tablename) as statement from pg_tables
     where schemaname = 'public' and tableowner <> '${OWNER_ROLE}'
    union all
    select format('alter type public.%I owner to ${OWNER_ROLE}', t.typname) from pg_type t
     where t.typnamespace = 'public'::regnamespace and t.typtype = 'e' and pg_get_userbyid(t.typowner) <> '${OWNER_ROLE}'
    union all
    select format('alter function public.%s owner to ${OWNER_ROLE}', p.oid::regprocedure) from pg_proc p
     where p.pronamespace = 'public'::regnamespace and pg_get_userbyid(p.proowner) <> '${OWNER_ROLE}'
       and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
  loop
    execute object.statement;
  end loop;
end $$;`;
