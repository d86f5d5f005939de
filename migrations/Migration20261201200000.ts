import { Migration } from '@mikro-orm/migrations';

/**
 * Statistics rollups (issue 14): the figures of `memberStatistics`, `activityStatistics` and
 * `feedbackStatistics` are kept, not recounted per request.
 *
 * Design: summary tables maintained by statement-level triggers in the writing transaction
 * itself (zero staleness), rather than materialised views refreshed on a schedule. A refresh
 * recounts everything (31 s at 2 million members) and its figures are stale in between; deltas
 * cost a few index look-ups per write and a figure is exact as soon as its write commits.
 *
 * - Each rollup is keyed by what its figures group by (month, status, mobility type, the cities
 *   of the formal organisation and destination, activity month, return state) and by what every
 *   scope tests: the formal, destination and inflow region codes of the member, in full (a
 *   district admin's prefix has six digits). Scopes are applied when reading, by
 *   in_aggregate_reach() — the rule aggregate_members() applied until now, stated once and used by
 *   both — so agreements, tokens and admins change nothing here. Organisations are no key: an
 *   organisation moving region rewrites its members' region codes (organization_region_moved),
 *   which is a member change like any other.
 * - Triggers are per statement, with transition tables: a batch of 5,000 rows costs one upsert per
 *   key it touches. Upserts are sorted by key (`insert … on conflict do update` adding deltas), so
 *   two writers of the same rollup row wait for each other in the same order and add, never
 *   overwrite.
 * - "Members with organisational life in a month" is a distinct count. A write of activity first
 *   locks its members' rows (in id order), then counts the member's records of that month as
 *   committed: under READ COMMITTED (the server's level) two writers of one member follow each
 *   other, the second sees the first's records, and a member moving meanwhile waits. A member
 *   update or deletion moves the member's contributions (its activity months and returns) from
 *   the old key to the new one; a deletion does so before the cascade removes them.
 * - stats_version holds a counter per region triple, raised by every change of a figure there:
 *   the HTTP ETag of a statistics response is derived from the counters in the caller's reach.
 * - stats_rebuild() recounts every rollup from the tables (repair; `npm run stats:rebuild`).
 */
const REGIONS = ['formal_region_code', 'destination_region_code', 'inflow_region_code'];
const MEMBER_KEY = [...REGIONS, 'status', 'mobility_type', 'outflow_month'];
const ACTIVITY_KEY = ['month', ...REGIONS, 'status', 'since_outflow'];
const FEEDBACK_KEY = ['year', 'agreement_id', 'status', ...REGIONS];

interface Rollup {
  table: string;
  key: string[];
  measures: string[];
}
const MEMBERS: Rollup = { table: 'stats_member', key: MEMBER_KEY, measures: ['members'] };
const ACTIVITY: Rollup = { table: 'stats_activity', key: ACTIVITY_KEY, measures: ['participants', 'volunteers', 'volunteer_hours'] };
const FEEDBACK: Rollup = { table: 'stats_feedback', key: FEEDBACK_KEY, measures: ['returns'] };

const list = (columns: string[], alias?: string) => columns.map((column) => (alias ? `${alias}.${column}` : column)).join(', ');

/**
 * Adds the deltas of `source` (rows of key and measure columns) to a rollup, one upsert per key in
 * key order, and raises the version of every region triple whose figures changed.
 */
function addDeltas(rollup: Rollup, source: string): string {
  const { table, key, measures } = rollup;
  return `with deltas as (${source}),
    changed as (
      insert into ${table} as r (${list(key)}, ${list(measures)})
      select ${list(key)}, ${measures.map((m) => `sum(${m})`).join(', ')}
        from deltas
       group by ${list(key)}
      having ${measures.map((m) => `sum(${m}) <> 0`).join(' or ')}
       order by ${list(key)}
      on conflict on constraint ${table}_key do update set ${measures.map((m) => `${m} = r.${m} + excluded.${m}`).join(', ')}
      returning ${list(REGIONS, 'r')})
    insert into stats_version as v (${list(REGIONS)}, version)
    select distinct ${list(REGIONS)}, 1 from changed order by ${list(REGIONS)}
    on conflict on constraint stats_version_key do update set version = v.version + 1`;
}

/** A member's part of the member rollup's key, from a row of type member. */
const memberKey = (m: string, sign: string) =>
  `select ${list(REGIONS, m)}, ${m}.status, ${m}.mobility_type, month_of(${m}.outflow_date) as outflow_month, ${sign} as members`;

/** What a member adds to the activity and return rollups, under the key of a member row `m` (the old or the new version). */
const activityOf = (m: string, sign: string) =>
  `select mo.month, ${list(REGIONS, m)}, ${m}.status, month_of(${m}.outflow_date) <= mo.month as since_outflow,
          ${sign} * mo.org_life::int as participants, ${sign} * mo.volunteering::int as volunteers, ${sign} * mo.hours as volunteer_hours
     from member_months mo join unnest(${m === 'g' ? 'gone' : 'came'}) ${m} on ${m}.id = mo.member_id`;
const returnsOf = (m: string, sign: string) =>
  `select f.year, f.agreement_id, f.status, ${list(REGIONS, m)}, ${sign} as returns
     from annual_feedback f join unnest(${m === 'g' ? 'gone' : 'came'}) ${m} on ${m}.id = f.member_id`;

/** Per member and month: organisational life, volunteering, and volunteer hours in it (`where` picks the records). */
const memberMonths = (where: string) => `
  select a.member_id, month_of(a.occurred_on) as month,
         bool_or(organizational_life(a.kind)) as org_life,
         bool_or(a.kind = 'VOLUNTEER_SERVICE') as volunteering,
         coalesce(sum(a.hours) filter (where a.kind = 'VOLUNTEER_SERVICE'), 0) as hours
    from activity_record a ${where}
   group by a.member_id, month_of(a.occurred_on)`;

/** Each rollup counted afresh from the tables. */
const FRESH = {
  stats_member: `select ${list(MEMBER_KEY)}, count(*)::int as members
      from (select ${list(REGIONS)}, status, mobility_type, month_of(outflow_date) as outflow_month from member) m
     group by ${list(MEMBER_KEY)}`,
  stats_activity: `select mo.month, ${list(REGIONS, 'm')}, m.status, month_of(m.outflow_date) <= mo.month as since_outflow,
           count(*) filter (where mo.org_life)::int as participants, count(*) filter (where mo.volunteering)::int as volunteers,
           sum(mo.hours) as volunteer_hours
      from (${memberMonths('')}) mo join member m on m.id = mo.member_id
     group by 1, 2, 3, 4, 5, 6
    having count(*) filter (where mo.org_life) > 0 or count(*) filter (where mo.volunteering) > 0`,
  stats_feedback: `select f.year, f.agreement_id, f.status, ${list(REGIONS, 'm')}, count(*)::int as returns
      from annual_feedback f join member m on m.id = f.member_id
     group by 1, 2, 3, 4, 5, 6`,
};

/** The rollups' rows that carry a figure (a key whose figures went back to zero keeps its row until a rebuild). */
const nonZero = (rollup: Rollup) => `select ${list(rollup.key)}, ${list(rollup.measures)} from ${rollup.table} where ${rollup.measures.map((m) => `${m} <> 0`).join(' or ')}`;

export class Migration20261201200000 extends Migration {
  override async up(): Promise<void> {
    // ── The aggregate reach, once ───────────────────────────────────────────────────────────
    /**
     * Whether a member with these region codes counts in the viewer's aggregates: an admin's
     * region (or all), a token's agreement coverage, a dashboard token's issuer region (or all,
     * when a super admin issued it). Only for viewers holding stats:read or feedback:read.
     */
    this.addSql(`create function in_aggregate_reach(v jsonb, formal text, destination text, inflow text) returns boolean
      language sql immutable parallel safe as $$
      select (v->'permissions' ? 'stats:read' or v->'permissions' ? 'feedback:read')
         and case v->>'kind'
               when 'admin' then coalesce((v->>'everywhere')::boolean, false) or in_region(v->>'region', formal, destination, inflow)
               when 'token' then (v->'agreement' is null or v->'agreement' = 'null'::jsonb or covers(v->'agreement', formal, destination, inflow))
                                 and ((v->'agreement' is not null and v->'agreement' <> 'null'::jsonb) or v->'permissions' ? 'stats:read')
                                 and (v->>'bound' is null or in_region(v->>'bound', formal, destination, inflow))
               else false end
    $$;`);
    this.addSql(`create or replace function aggregate_members()
      returns table (id int, status member_status, mobility_type mobility_type, party_standing party_standing,
                     formal_region_code text, destination_region_code text, inflow_region_code text,
                     formal_organization_id int, inflow_organization_id int, outflow_date date)
      language sql stable security definer set search_path = public as $$
      with v as (select viewer() as v)
      select m.id, m.status, m.mobility_type, m.party_standing, m.formal_region_code::text, m.destination_region_code::text,
             m.inflow_region_code::text, m.formal_organization_id, m.inflow_organization_id, m.outflow_date
        from member m, v
       where in_aggregate_reach(v.v, m.formal_region_code, m.destination_region_code, m.inflow_region_code)
    $$;`);
    // Statistics read the rollups now; these recounted the raw tables per request.
    this.addSql(`drop function aggregate_activities(date, date);`);
    this.addSql(`drop function aggregate_feedback(int);`);

    // ── What the figures count ──────────────────────────────────────────────────────────────
    /** The kinds that count as organisational life (组织生活): participation figures and year-end drafts. */
    this.addSql(`create function organizational_life(kind activity_kind) returns boolean language sql immutable parallel safe as $$
      select kind in ('THREE_MEETINGS_ONE_LESSON', 'THEME_PARTY_DAY', 'ORGANIZATIONAL_LIFE_MEETING')
    $$;`);
    this.addSql(`create function month_of(day date) returns date language sql immutable parallel safe as $$
      select date_trunc('month', day::timestamp)::date
    $$;`);

    // ── The rollups ─────────────────────────────────────────────────────────────────────────
    const regionColumns = `"formal_region_code" varchar(6) not null, "destination_region_code" varchar(6) not null, "inflow_region_code" varchar(6) null`;
    /** Members by key; outflow_month lets "under care in month M" be a sum over outflow_month ≤ M. */
    this.addSql(`create table "stats_member" (${regionColumns}, "status" member_status not null, "mobility_type" mobility_type not null,
      "outflow_month" date not null, "members" int not null,
      constraint "stats_member_key" unique nulls not distinct (${list(MEMBER_KEY)}));`);
    /**
     * Per activity month and member key: members with organisational life, members volunteering,
     * and volunteer hours. since_outflow: the member had left by that month (outflow month ≤ month).
     */
    this.addSql(`create table "stats_activity" ("month" date not null, ${regionColumns}, "status" member_status not null,
      "since_outflow" boolean not null, "participants" int not null, "volunteers" int not null, "volunteer_hours" numeric not null,
      constraint "stats_activity_key" unique nulls not distinct (${list(ACTIVITY_KEY)}));`);
    this.addSql(`create table "stats_feedback" ("year" smallint not null, "agreement_id" int not null, "status" feedback_status not null,
      ${regionColumns}, "returns" int not null,
      constraint "stats_feedback_key" unique nulls not distinct (${list(FEEDBACK_KEY)}));`);
    /** A counter per region triple, raised whenever a figure of that triple changes: what ETags are made of. */
    this.addSql(`create table "stats_version" (${regionColumns}, "version" bigint not null,
      constraint "stats_version_key" unique nulls not distinct (${list(REGIONS)}));`);
    // Only the owner (triggers and the functions below) touches them; the server reads through those functions.
    for (const table of ['stats_member', 'stats_activity', 'stats_feedback', 'stats_version']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`do $$ begin execute format('create policy owner_all on "${table}" to %I using (true) with check (true)', current_user); end $$;`);
    }

    // ── Keeping them: deltas in the writing transaction ─────────────────────────────────────
    // Generic plans: a custom plan per call (PL/pgSQL's choice for array arguments) would cost more than the work.
    /** Member rows gone (old versions) and come (new versions): the member rollup. */
    this.addSql(`create function stats_members_changed(gone member[], came member[]) returns void language plpgsql set search_path = public set plan_cache_mode = force_generic_plan as $$
      begin
        if cardinality(gone) + cardinality(came) = 0 then return; end if;
        ${addDeltas(MEMBERS, `${memberKey('g', '-1')} from unnest(gone) g union all ${memberKey('n', '1')} from unnest(came) n`)};
      end
    $$;`);
    /**
     * A member's activity months and returns, taken out under its old key (`gone`) and put back
     * under its new one (`came`): on updates that change the key, and before a deletion.
     */
    this.addSql(`create function stats_contributions_moved(gone member[], came member[]) returns void language plpgsql set search_path = public set plan_cache_mode = force_generic_plan as $$
      begin
        if cardinality(gone) + cardinality(came) = 0 then return; end if;
        ${addDeltas(ACTIVITY, `with member_months as (${memberMonths('where a.member_id in (select id from unnest(gone) union select id from unnest(came))')})
          ${activityOf('g', '-1')} union all ${activityOf('n', '1')}`)};
        ${addDeltas(FEEDBACK, `${returnsOf('g', '-1')} union all ${returnsOf('n', '1')}`)};
      end
    $$;`);
    this.addSql(`create function stats_activity_changed(gone activity_record[], came activity_record[]) returns void language plpgsql set search_path = public set plan_cache_mode = force_generic_plan as $$
      begin
        if cardinality(gone) + cardinality(came) = 0 then return; end if;
        -- Members first, in id order: each member's other records are then committed or ours, and the member cannot move meanwhile.
        perform 1 from member where id in (select member_id from unnest(gone) union select member_id from unnest(came)) order by id for no key update;
        ${addDeltas(
          ACTIVITY,
          `with changes as (
             select member_id, month_of(occurred_on) as month, kind, hours, -1 as sign from unnest(gone)
             union all select member_id, month_of(occurred_on), kind, hours, 1 from unnest(came)),
           pairs as (
             select member_id, month,
                    coalesce(sum(sign) filter (where organizational_life(kind)), 0) as org_life_change,
                    coalesce(sum(sign) filter (where kind = 'VOLUNTEER_SERVICE'), 0) as volunteering_change,
                    coalesce(sum(sign * hours) filter (where kind = 'VOLUNTEER_SERVICE'), 0) as hours_change
               from changes group by member_id, month)
           -- A member counts once a month: what changes is whether it had such a record before and has one now.
           select p.month, ${list(REGIONS, 'm')}, m.status, month_of(m.outflow_date) <= p.month as since_outflow,
                  (t.org_life > 0)::int - (t.org_life - p.org_life_change > 0)::int as participants,
                  (t.volunteering > 0)::int - (t.volunteering - p.volunteering_change > 0)::int as volunteers,
                  p.hours_change as volunteer_hours
             from pairs p
             join member m on m.id = p.member_id
             cross join lateral (
               select count(*) filter (where organizational_life(a.kind)) as org_life, count(*) filter (where a.kind = 'VOLUNTEER_SERVICE') as volunteering
                 from activity_record a
                where a.member_id = p.member_id and a.occurred_on >= p.month and a.occurred_on < (p.month + interval '1 month')::date) t`,
        )};
      end
    $$;`);
    this.addSql(`create function stats_feedback_changed(gone annual_feedback[], came annual_feedback[]) returns void language plpgsql set search_path = public set plan_cache_mode = force_generic_plan as $$
      begin
        if cardinality(gone) + cardinality(came) = 0 then return; end if;
        -- A member updated meanwhile waits, or is waited for: its returns are counted under the key it ends with.
        perform 1 from member where id in (select member_id from unnest(gone) union select member_id from unnest(came)) order by id for share;
        ${addDeltas(
          FEEDBACK,
          `select f.year, f.agreement_id, f.status, ${list(REGIONS, 'm')}, f.sign as returns
             from (select member_id, year, agreement_id, status, -1 as sign from unnest(gone)
                   union all select member_id, year, agreement_id, status, 1 from unnest(came)) f
             join member m on m.id = f.member_id`,
        )};
      end
    $$;`);

    // Trigger functions: which rows changed in a way the figures notice (a new title or phone number changes nothing).
    const triggerFunction = (name: string, body: string, returns = 'null', declare = '') =>
      this.addSql(`create function ${name}() returns trigger language plpgsql security definer set search_path = public as $$
        ${declare}
        begin
          ${body};
          return ${returns};
        end
      $$;`);
    /** The rows of a transition table as an array of the table's type; with `where`, the updated rows whose columns differ. */
    const rows = (type: string, side: 'o' | 'n', differing?: (alias: string) => string) =>
      differing
        ? `array(select ${side}::${type} from old_rows o join new_rows n on n.id = o.id where (${differing('o')}) is distinct from (${differing('n')}))`
        : `array(select ${side}::${type} from ${side === 'o' ? 'old_rows' : 'new_rows'} ${side})`;
    const none = (type: string) => `'{}'::${type}[]`;
    const moved = (side: 'o' | 'n') => rows('member', side, (m) => `${list([...REGIONS, 'status', 'mobility_type'], m)}, month_of(${m}.outflow_date)`);
    triggerFunction('stats_member_inserted', `perform stats_members_changed(${none('member')}, ${rows('member', 'n')})`);
    triggerFunction(
      'stats_member_updated',
      `gone := ${moved('o')};
          came := ${moved('n')};
          perform stats_members_changed(gone, came);
          perform stats_contributions_moved(gone, came)`,
      'null',
      'declare gone member[]; came member[];',
    );
    triggerFunction('stats_member_deleted', `perform stats_members_changed(${rows('member', 'o')}, ${none('member')})`);
    // Row level and before: the member's records and returns are still there to take out (the cascade then finds no member and skips them).
    triggerFunction('stats_member_leaving', `perform stats_contributions_moved(array[old], ${none('member')})`, 'old');

    const ACTIVITY_COLUMNS = (a: string) => list(['member_id', 'occurred_on', 'kind', 'hours'], a);
    triggerFunction('stats_activity_inserted', `perform stats_activity_changed(${none('activity_record')}, ${rows('activity_record', 'n')})`);
    triggerFunction('stats_activity_updated', `perform stats_activity_changed(${rows('activity_record', 'o', ACTIVITY_COLUMNS)}, ${rows('activity_record', 'n', ACTIVITY_COLUMNS)})`);
    triggerFunction('stats_activity_deleted', `perform stats_activity_changed(${rows('activity_record', 'o')}, ${none('activity_record')})`);
    const FEEDBACK_COLUMNS = (f: string) => list(['member_id', 'year', 'agreement_id', 'status'], f);
    triggerFunction('stats_feedback_inserted', `perform stats_feedback_changed(${none('annual_feedback')}, ${rows('annual_feedback', 'n')})`);
    triggerFunction('stats_feedback_updated', `perform stats_feedback_changed(${rows('annual_feedback', 'o', FEEDBACK_COLUMNS)}, ${rows('annual_feedback', 'n', FEEDBACK_COLUMNS)})`);
    triggerFunction('stats_feedback_deleted', `perform stats_feedback_changed(${rows('annual_feedback', 'o')}, ${none('annual_feedback')})`);

    for (const [table, prefix] of [['member', 'stats_member'], ['activity_record', 'stats_activity'], ['annual_feedback', 'stats_feedback']]) {
      this.addSql(`create trigger ${prefix}_inserted after insert on "${table}" referencing new table as new_rows for each statement execute function ${prefix}_inserted();`);
      this.addSql(`create trigger ${prefix}_updated after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function ${prefix}_updated();`);
      this.addSql(`create trigger ${prefix}_deleted after delete on "${table}" referencing old table as old_rows for each statement execute function ${prefix}_deleted();`);
    }
    this.addSql(`create trigger stats_member_leaving before delete on "member" for each row execute function stats_member_leaving();`);

    // ── Repair ──────────────────────────────────────────────────────────────────────────────
    /**
     * Recounts every rollup from the tables and says, per rollup, how many keys it holds and how
     * many differed from what the triggers had kept. Writers wait meanwhile; readers read the old
     * figures until it commits. Every version is raised, so every ETag changes.
     */
    this.addSql(`create function stats_rebuild() returns table (rollup text, keys bigint, drifted bigint) language plpgsql set search_path = public as $$
      begin
        lock table member, activity_record, annual_feedback in share mode;
        perform set_config('work_mem', '256MB', true);
        ${[MEMBERS, ACTIVITY, FEEDBACK]
          .map(
            (rollup) => `
        drop table if exists pg_temp.fresh;
        create temp table fresh on commit drop as ${FRESH[rollup.table as keyof typeof FRESH]};
        return query select '${rollup.table}'::text, (select count(*) from fresh),
          (select count(*) from ((select * from fresh except ${nonZero(rollup)}) union all (${nonZero(rollup)} except select * from fresh)) d);
        delete from ${rollup.table};
        insert into ${rollup.table} (${list(rollup.key)}, ${list(rollup.measures)}) select * from fresh;`,
          )
          .join('')}
        insert into stats_version as v (${list(REGIONS)}, version)
        select distinct ${list(REGIONS)}, 1 from (select ${list(REGIONS)} from stats_member union all select ${list(REGIONS)} from stats_activity
                                                  union all select ${list(REGIONS)} from stats_feedback) r
        on conflict on constraint stats_version_key do nothing;
        update stats_version set version = version + 1;
      end
    $$;`);

    // ── Reading: sums over the rollup rows in the viewer's reach ────────────────────────────
    /**
     * Each runs its query with the viewer as a literal, so that the planner folds the reach rule
     * into plain comparisons on the region codes (the viewer() function is evaluated per row otherwise).
     */
    const reader = (signature: string, returns: string, query: string, args = '') =>
      this.addSql(`create function ${signature} returns table (${returns}) language plpgsql stable security definer set search_path = public as $f$
        begin
          return query execute format($q$ ${query} $q$, viewer()${args});
        end
      $f$;`);
    /** The reach rule on a rollup's region codes; the viewer is format()'s first argument. */
    const inReach = (alias: string) => `in_aggregate_reach(%1$L::jsonb, ${list(REGIONS, alias)})`;
    reader(
      'rollup_members()',
      'status member_status, mobility_type mobility_type, formal_region_code text, destination_region_code text, outflow_month date, members bigint',
      `select s.status, s.mobility_type, s.formal_region_code::text, s.destination_region_code::text, s.outflow_month, sum(s.members)::bigint
         from stats_member s where s.members <> 0 and ${inReach('s')}
        group by 1, 2, 3, 4, 5`,
    );
    reader(
      'rollup_activity(from_month date, to_month date)',
      'month date, status member_status, since_outflow boolean, participants bigint, volunteers bigint, volunteer_hours numeric',
      `select s.month, s.status, s.since_outflow, sum(s.participants)::bigint, sum(s.volunteers)::bigint, sum(s.volunteer_hours)
         from stats_activity s where s.month >= %2$L::date and s.month < %3$L::date and ${inReach('s')}
        group by 1, 2, 3`,
      ', from_month, to_month',
    );
    reader(
      'rollup_feedback(feedback_year int)',
      'agreement_id int, status feedback_status, returns bigint',
      `select s.agreement_id, s.status, sum(s.returns)::bigint
         from stats_feedback s where s.year = %2$L::int and ${inReach('s')}
        group by 1, 2`,
      ', feedback_year',
    );
    /** What the viewer's figures are made of, as one string: the versions in its reach and the agreements it lists. */
    this.addSql(`create function rollup_version() returns text language plpgsql stable security definer set search_path = public as $f$
      declare tag text;
      begin
        execute format($q$ select count(*) || '.' || coalesce(sum(s.version), 0) from stats_version s where ${inReach('s')} $q$, viewer()) into tag;
        return tag || '.' || coalesce((select md5(string_agg(a.id || '/' || a.code || '/' || a.title, '|' order by a.id)) from aggregate_agreements() a), '');
      end
    $f$;`);

    // Internal: only the triggers (as the owner) write the rollups.
    for (const fn of [
      'stats_members_changed(member[], member[])',
      'stats_contributions_moved(member[], member[])',
      'stats_activity_changed(activity_record[], activity_record[])',
      'stats_feedback_changed(annual_feedback[], annual_feedback[])',
      'stats_rebuild()',
    ]) {
      this.addSql(`revoke execute on function ${fn} from public;`);
    }

    // The figures of the rows already there.
    this.addSql(`select stats_rebuild();`);
  }
}
