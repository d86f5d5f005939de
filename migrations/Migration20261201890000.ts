import { Migration } from '@mikro-orm/migrations';

/**
 * The functions the policies read the viewer through take it from two small settings rather than
 * from the whole viewer (api/common/viewer-settings.ts sets all three together):
 * - `gongguan.viewer_scope`, the viewer without its permissions, for `viewer_kind()`,
 *   `viewer_region()`, `viewer_agreement()` and the rest;
 * - `gongguan.viewer_permissions`, the permission names between commas, for `viewer_can()`.
 *
 * Each `(select viewer_…())` in a policy is an init plan of its own, run once per statement, and
 * each parsed `gongguan.viewer` again: about 7 µs for an administrator's, several times in a read
 * by id (measured: the W3 read 155–162 µs of PostgreSQL's time before, 102–106 after). What each
 * function answers is unchanged; `viewer()` still returns the whole viewer.
 */
/** The functions that read the viewer's scope, each reading it from `source`. */
const readingScope = (source: string) => [
  `create or replace function viewer_kind() returns text language sql stable parallel safe as $$ select ${source}->>'kind' $$;`,
  `create or replace function viewer_id() returns int language sql stable parallel safe as $$ select (${source}->>'id')::int $$;`,
  `create or replace function viewer_everywhere() returns boolean language sql stable parallel safe as $$
    select coalesce((${source}->>'everywhere')::boolean, false) $$;`,
  `create or replace function viewer_region() returns text language sql stable parallel safe as $$ select ${source}->>'region' $$;`,
  `create or replace function viewer_agreement() returns jsonb language sql stable parallel safe as $$ select ${source}->'agreement' $$;`,
  `create or replace function viewer_years() returns int[] language sql stable parallel safe as $$
    select coalesce(array(select jsonb_array_elements_text(${source}->'years')::int), '{}') $$;`,
  `create or replace function viewer_actor_type() returns text language sql stable parallel safe as $$
    select coalesce(${source}->>'actor_type', ${source}->>'kind') $$;`,
  `create or replace function viewer_actor_id() returns text language sql stable parallel safe as $$
    select case when ${source} ? 'actor_type' then ${source}->>'actor_id' else ${source}->>'id' end $$;`,
];

export class Migration20261201890000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function viewer_scope() returns jsonb language sql stable parallel safe as $$
      select coalesce(nullif(current_setting('gongguan.viewer_scope', true), ''), '{}')::jsonb
    $$;`);
    for (const statement of readingScope('viewer_scope()')) this.addSql(statement);
    // Whole names only: `,name,` in the list, and no name with a comma in it.
    this.addSql(`create or replace function viewer_can(permission text) returns boolean language sql stable parallel safe as $$
      select coalesce(strpos(current_setting('gongguan.viewer_permissions', true), ',' || permission || ',') > 0 and strpos(permission, ',') = 0, false)
    $$;`);
  }

  override async down(): Promise<void> {
    for (const statement of readingScope('viewer()')) this.addSql(statement);
    this.addSql(`drop function viewer_scope();`);
    this.addSql(`create or replace function viewer_can(permission text) returns boolean language sql stable parallel safe as $$
      select coalesce(viewer()->'permissions' ? permission, false)
    $$;`);
  }
}
