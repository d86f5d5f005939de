import { Migration } from '@mikro-orm/migrations';

/**
 * A question about the viewer, rewritten as PostgreSQL prints it back: a pattern over a policy's
 * expression (pg_policies) and what it becomes. Each pair means the same, row for row.
 */
type Rewrite = [pattern: string, replacement: string];

/**
 * Every row-level policy asks its questions about the viewer inside the scalar sub-query, as one
 * boolean, the way Migration20261201850000 rewrote organisations' read policy:
 * `(select viewer_kind() = 'admin')` rather than `(select viewer_kind()) = 'admin'`, and the
 * agreement's direction likewise. Compared outside, the viewer's value is a parameter compared
 * with a constant, which PostgreSQL estimates true for 0.5% of rows, so it planned a region
 * admin's monthly scores as 23 rows of 11,675 and joined each to every member in a nested loop:
 * the page took 750 ms. As one boolean (estimated true for half the rows) it is a hash join, 13 ms.
 * The same rows for every viewer: a NULL asked inside is NULL, as it was outside.
 *
 * The rewrite runs over every policy in the schema, so none is missed; the database-roles test
 * keeps new policies to the same shape.
 */
const UP: Rewrite[] = [
  [String.raw`\( SELECT (viewer_kind|viewer_actor_type)\(\) AS \w+\) = ('[a-z_]*'::text)`, String.raw`( SELECT (\1() = \2))`],
  [
    String.raw`\(\( SELECT viewer_agreement\(\) AS viewer_agreement\) ->> 'direction'::text\) = ANY \((ARRAY\[[^\]]*\])\)`,
    String.raw`( SELECT ((viewer_agreement() ->> 'direction'::text) = ANY (\1)))`,
  ],
];

const DOWN: Rewrite[] = [
  [String.raw`\( SELECT \((viewer_kind|viewer_actor_type)\(\) = ('[a-z_]*'::text)\)\)`, String.raw`( SELECT \1() AS \1) = \2`],
  [
    String.raw`\( SELECT \(\(viewer_agreement\(\) ->> 'direction'::text\) = ANY \((ARRAY\[[^\]]*\])\)\)\)`,
    String.raw`(( SELECT viewer_agreement() AS viewer_agreement) ->> 'direction'::text) = ANY (\1)`,
  ],
];

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Alters each policy of the schema whose USING or WITH CHECK expression the rewrites change; `keep` names one to leave alone. */
function rewritePolicies(rewrites: Rewrite[], keep?: { table: string; policy: string }): string {
  const apply = (expression: string) => rewrites.reduce((text, [pattern, replacement]) => `regexp_replace(${text}, ${literal(pattern)}, ${literal(replacement)}, 'g')`, expression);
  const kept = keep ? `and not (tablename = ${literal(keep.table)} and policyname = ${literal(keep.policy)})` : '';
  return `do $rewrite$
declare
  p record;
  rewritten text;
begin
  for p in select tablename, policyname, qual, with_check from pg_policies where schemaname = current_schema() ${kept} loop
    rewritten := ${apply('p.qual')};
    if rewritten is distinct from p.qual then
      execute format('alter policy %I on %I using (%s)', p.policyname, p.tablename, rewritten);
    end if;
    rewritten := ${apply('p.with_check')};
    if rewritten is distinct from p.with_check then
      execute format('alter policy %I on %I with check (%s)', p.policyname, p.tablename, rewritten);
    end if;
  end loop;
end
$rewrite$;`;
}

export class Migration20261201860000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(rewritePolicies(UP));
  }

  override async down(): Promise<void> {
    // Organisations' read policy had this shape before this migration: Migration20261201850000's down undoes it.
    this.addSql(rewritePolicies(DOWN, { table: 'organization', policy: 'app_read' }));
  }
}
