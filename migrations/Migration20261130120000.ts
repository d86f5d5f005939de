import { Migration } from '@mikro-orm/migrations';

/**
 * Access v2: the server's role, row-level security on every table, and the database functions
 * that state each domain's policy a second time (the first is `api/<domain>/<domain>.policy.ts`).
 *
 * - `gongguan_app` is the role the server works as: no superuser, no BYPASSRLS, owner of nothing.
 *   The role running migrations owns the tables and keeps full access through its own policy.
 * - The viewer reaches SQL only as JSON in the transaction-local setting `gongguan.viewer`
 *   (api/common/viewer-settings.ts); with no viewer set, every policy matches nothing.
 * - Members carry the region codes of their formal and inflow organisations (kept by triggers),
 *   so that scopes are conditions on the member row itself.
 * - Work the server must do whatever the caller's scope (finding who a credential belongs to,
 *   keeping the organisation tree and the members' region codes right, aggregates for
 *   dashboards) runs in SECURITY DEFINER functions that check the viewer themselves.
 */
/**
 * The coverage and region rules as SQL text, written once: the functions the application's
 * set-based SQL calls (in_region, reported_to, covers) and the conditions inlined into the row
 * policies are both generated from these. Policies get the conditions written out rather than
 * the function calls, so that the planner sees plain comparisons on the member row.
 */
interface MemberRegions {
  formal: string;
  destination: string;
  inflow: string;
}
interface Sides {
  host: string;
  partner: string;
  direction: string;
}
const startsWith = (column: string, prefix: string) => `${column} like ${prefix} || '%'`;
const livesOrManagedIn = (prefix: string, m: MemberRegions) => `(${startsWith(m.destination, prefix)} or coalesce(${startsWith(m.inflow, prefix)}, false))`;
const inRegion = (prefix: string, m: MemberRegions) => `(${prefix} is not null and (${startsWith(m.formal, prefix)} or ${livesOrManagedIn(prefix, m)}))`;
const reportedTo = (sides: Sides, recipient: 'PARTNER' | 'HOST', m: MemberRegions) =>
  recipient === 'PARTNER'
    ? `(${sides.direction} in ('PARTNER_TO_HOST', 'TWO_WAY') and ${startsWith(m.formal, sides.partner)} and ${livesOrManagedIn(sides.host, m)})`
    : `(${sides.direction} in ('HOST_TO_PARTNER', 'TWO_WAY') and ${startsWith(m.formal, sides.host)} and ${livesOrManagedIn(sides.partner, m)})`;
const covers = (sides: Sides, m: MemberRegions) => `coalesce(${reportedTo(sides, 'PARTNER', m)} or ${reportedTo(sides, 'HOST', m)}, false)`;

const ARGUMENTS: MemberRegions = { formal: 'formal', destination: 'destination', inflow: 'inflow' };
const COLUMNS: MemberRegions = { formal: 'formal_region_code', destination: 'destination_region_code', inflow: 'inflow_region_code' };
const jsonSides = (agreement: string): Sides => ({ host: `(${agreement}->>'host')`, partner: `(${agreement}->>'partner')`, direction: `(${agreement}->>'direction')` });
/** The viewer's agreement, each part its own once-per-statement value. */
const VIEWER_SIDES: Sides = jsonSides('(select viewer_agreement())');
const VIEWER_REGION = '(select viewer_region())';

export class Migration20261130120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'gongguan_app') then
        create role gongguan_app nologin nosuperuser nobypassrls;
      end if;
    end $$;`);

    // ── Data the policies read ───────────────────────────────────────────────────────────────
    this.addSql(`alter table "member" add column "formal_region_code" varchar(6) null, add column "inflow_region_code" varchar(6) null;`);
    this.addSql(`update "member" m set "formal_region_code" = o."region_code" from "organization" o where o."id" = m."formal_organization_id";`);
    this.addSql(`update "member" m set "inflow_region_code" = o."region_code" from "organization" o where o."id" = m."inflow_organization_id";`);
    this.addSql(`alter table "member" alter column "formal_region_code" set not null;`);
    this.addSql(`create index "member_formal_region_code_idx" on "member" ("formal_region_code" varchar_pattern_ops);`);
    this.addSql(`create index "member_inflow_region_code_idx" on "member" ("inflow_region_code" varchar_pattern_ops);`);
    this.addSql(`create index "member_destination_region_code_prefix_idx" on "member" ("destination_region_code" varchar_pattern_ops);`);
    // One mask for every caller: nothing of the personal part of the number (see member.policy.ts).
    this.addSql(`update "member" set "id_number_masked" = left("id_number_masked", 4) || repeat('*', length("id_number_masked") - 4);`);

    this.addSql(`alter table "api_token" add column "issuer_region_code" varchar(6) null;`);
    this.addSql(`update "api_token" t set "issuer_region_code" = u."region_code" from "admin_user" u where u."id" = t."created_by_id";`);

    this.addSql(`create table "id_number_lookup" ("credential" varchar(40) not null, "day" date not null, "count" int not null default 0, constraint "id_number_lookup_pkey" primary key ("credential", "day"));`);

    // ── Who is asking ────────────────────────────────────────────────────────────────────────
    this.addSql(`create function viewer() returns jsonb language sql stable parallel safe as $$
      select coalesce(nullif(current_setting('gongguan.viewer', true), ''), '{}')::jsonb
    $$;`);
    this.addSql(`create function viewer_kind() returns text language sql stable parallel safe as $$ select viewer()->>'kind' $$;`);
    this.addSql(`create function viewer_id() returns int language sql stable parallel safe as $$ select (viewer()->>'id')::int $$;`);
    this.addSql(`create function viewer_can(permission text) returns boolean language sql stable parallel safe as $$
      select coalesce(viewer()->'permissions' ? permission, false)
    $$;`);
    this.addSql(`create function viewer_everywhere() returns boolean language sql stable parallel safe as $$
      select coalesce((viewer()->>'everywhere')::boolean, false)
    $$;`);
    /** The region prefix of a region admin or viewer; null for everyone else. */
    this.addSql(`create function viewer_region() returns text language sql stable parallel safe as $$ select viewer()->>'region' $$;`);
    /** A partner token's agreement: {id, host, partner, direction} with region prefixes; null for everyone else. */
    this.addSql(`create function viewer_agreement() returns jsonb language sql stable parallel safe as $$ select viewer()->'agreement' $$;`);
    this.addSql(`create function viewer_years() returns int[] language sql stable parallel safe as $$
      select coalesce(array(select jsonb_array_elements_text(viewer()->'years')::int), '{}')
    $$;`);

    // ── The rules, once in SQL ──────────────────────────────────────────────────────────────
    /** A member belongs to, lives in, or is managed in the region with this prefix. */
    this.addSql(`create function in_region(prefix text, formal text, destination text, inflow text) returns boolean language sql immutable parallel safe as $$
      select ${inRegion('prefix', ARGUMENTS)}
    $$;`);
    /**
     * The members one side of an agreement reports on: to the PARTNER, the host reports on
     * partner-formal members living or managed in the host region; to the HOST, the other way round.
     */
    this.addSql(`create function reported_to(agreement jsonb, recipient text, formal text, destination text, inflow text) returns boolean language sql immutable parallel safe as $$
      select case recipient
        when 'PARTNER' then ${reportedTo(jsonSides('agreement'), 'PARTNER', ARGUMENTS)}
        when 'HOST' then ${reportedTo(jsonSides('agreement'), 'HOST', ARGUMENTS)}
        else false end
    $$;`);
    /** An agreement row in the shape the rules take (region prefixes), as the viewer setting carries a token's. */
    this.addSql(`create function agreement_sides(host text, partner text, direction text) returns jsonb language sql immutable parallel safe as $$
      select jsonb_build_object('host', region_prefix(host), 'partner', region_prefix(partner), 'direction', direction)
    $$;`);
    /** DESIGN §3 coverage: the members an agreement covers, in either of its directions. */
    this.addSql(`create function covers(agreement jsonb, formal text, destination text, inflow text) returns boolean language sql immutable parallel safe as $$
      select ${covers(jsonSides('agreement'), ARGUMENTS)}
    $$;`);
    /** Returns a partner token reads: addressed to it once delivered (feedback:read), or its own (feedback:submit). */
    this.addSql(`create function feedback_visible_to_token(v jsonb, agreement_id int, year int, recipient text, status text) returns boolean language sql immutable parallel safe as $$
      select coalesce(v->>'kind' = 'token'
        and agreement_id = (v->'agreement'->>'id')::int
        and v->'years' @> to_jsonb(year)
        and ((recipient = 'PARTNER' and status in ('DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED') and v->'permissions' ? 'feedback:read')
          or (recipient = 'HOST' and v->'permissions' ? 'feedback:submit')), false)
    $$;`);
    /** The members of the returns the current token may read (breaks the member ⇄ return policy cycle). */
    this.addSql(`create function viewer_feedback_member_ids() returns table (member_id int) language sql stable security definer set search_path = public as $$
      select fb.member_id from annual_feedback fb
       where feedback_visible_to_token(viewer(), fb.agreement_id, fb.year, fb.recipient::text, fb.status::text)
    $$;`);
    this.addSql(`create function organization_region(organization_id int) returns text language sql stable security definer set search_path = public as $$
      select region_code from organization where id = organization_id
    $$;`);

    // ── Invariants the database keeps, whoever writes ───────────────────────────────────────
    this.addSql(`create function member_region_codes() returns trigger language plpgsql security definer set search_path = public as $$
      begin
        select region_code into new.formal_region_code from organization where id = new.formal_organization_id;
        select region_code into new.inflow_region_code from organization where id = new.inflow_organization_id;
        return new;
      end
    $$;`);
    this.addSql(`create trigger member_region_codes before insert or update on "member" for each row execute function member_region_codes();`);
    this.addSql(`create function organization_region_moved() returns trigger language plpgsql security definer set search_path = public as $$
      begin
        update member set formal_region_code = new.region_code where formal_organization_id = new.id;
        update member set inflow_region_code = new.region_code where inflow_organization_id = new.id;
        return null;
      end
    $$;`);
    this.addSql(`create trigger organization_region_moved after update of region_code on "organization" for each row
      when (old.region_code is distinct from new.region_code) execute function organization_region_moved();`);
    // A moved node takes its whole subtree along, even rows the mover's scope does not reach.
    this.addSql(`create function organization_subtree_moved() returns trigger language plpgsql security definer set search_path = public as $$
      begin
        if pg_trigger_depth() > 1 then return null; end if;
        update organization
           set ancestor_ids = new.ancestor_ids || new.id || ancestor_ids[cardinality(old.ancestor_ids) + 2:],
               depth = cardinality(new.ancestor_ids) + 1 + cardinality(ancestor_ids[cardinality(old.ancestor_ids) + 2:])
         where ancestor_ids @> array[new.id];
        return null;
      end
    $$;`);
    this.addSql(`create trigger organization_subtree_moved after update of ancestor_ids on "organization" for each row
      when (old.ancestor_ids is distinct from new.ancestor_ids) execute function organization_subtree_moved();`);
    // A region admin hangs new or moved organisations only under parents in its region (its own
    // district committee may well sit under the city's, so this is about changes of parent only).
    this.addSql(`create function organization_parent_in_scope() returns trigger language plpgsql set search_path = public as $$
      begin
        if viewer_kind() = 'admin' and viewer_region() is not null and new.parent_id is not null
           and (tg_op = 'INSERT' or old.parent_id is distinct from new.parent_id)
           and organization_region(new.parent_id) not like viewer_region() || '%' then
          raise exception 'new row violates row-level security policy for table "organization"' using errcode = '42501';
        end if;
        return new;
      end
    $$;`);
    this.addSql(`create trigger organization_parent_in_scope before insert or update of parent_id on "organization" for each row
      execute function organization_parent_in_scope();`);

    // ── Credentials, resolved before a viewer exists ────────────────────────────────────────
    this.addSql(`create function auth_session(token_hash text, at timestamptz)
      returns table (session_id uuid, user_id int, username text, role admin_role, region_code text)
      language sql stable security definer set search_path = public as $$
      select s.id, u.id, u.username::text, u.role, u.region_code::text
        from admin_session s join admin_user u on u.id = s.user_id
       where s.token_hash = auth_session.token_hash and s.revoked_at is null and s.expires_at > at and not u.disabled
    $$;`);
    this.addSql(`create function auth_token(token_public_id text)
      returns table (id int, secret_hash text, name text, scopes text[], years int[], expires_at timestamptz, revoked_at timestamptz,
                     last_used_at timestamptz, partner_region_code text, issuer_region_code text, agreement_id int,
                     agreement_status agreement_status, effective_from date, effective_to date,
                     host_region_code text, agreement_partner_region_code text, direction agreement_direction)
      language sql stable security definer set search_path = public as $$
      select t.id, t.secret_hash::text, t.name::text, t.scopes, t.years, t.expires_at, t.revoked_at, t.last_used_at,
             t.partner_region_code::text, t.issuer_region_code::text, a.id, a.status, a.effective_from, a.effective_to,
             a.host_region_code::text, a.partner_region_code::text, a.direction
        from api_token t left join agreement a on a.id = t.agreement_id
       where t.public_id = token_public_id
    $$;`);
    this.addSql(`create function auth_token_used(token_id int, at timestamptz, address text) returns void
      language sql volatile security definer set search_path = public as $$
      update api_token set last_used_at = at, last_used_ip = address where id = token_id
    $$;`);
    this.addSql(`create function auth_login_user(login text)
      returns table (id int, username text, password_hash text, disabled boolean, role admin_role, region_code text)
      language sql stable security definer set search_path = public as $$
      select u.id, u.username::text, u.password_hash::text, u.disabled, u.role, u.region_code::text from admin_user u where u.username = login
    $$;`);
    this.addSql(`create function auth_logged_in(user_id int, at timestamptz) returns void
      language sql volatile security definer set search_path = public as $$
      update admin_user set last_login_at = at where id = user_id
    $$;`);
    /** Which of these ID-number hashes are taken anywhere: uniqueness is global, scopes are not. */
    this.addSql(`create function member_id_hashes_taken(hashes text[]) returns setof text
      language sql stable security definer set search_path = public as $$
      select id_number_hash::text from member where id_number_hash = any(hashes)
    $$;`);

    // ── Aggregates: numbers over a scope, never rows ────────────────────────────────────────
    /**
     * The members whose figures the viewer may see in aggregate: an admin's region (or all), a
     * token's agreement coverage, or — for a dashboard token — the region of the admin who issued
     * it (or all, when a super admin did). Only for viewers holding stats:read or feedback:read.
     */
    this.addSql(`create function aggregate_members()
      returns table (id int, status member_status, mobility_type mobility_type, party_standing party_standing,
                     formal_region_code text, destination_region_code text, inflow_region_code text,
                     formal_organization_id int, inflow_organization_id int, outflow_date date)
      language sql stable security definer set search_path = public as $$
      with v as (select viewer() as v)
      select m.id, m.status, m.mobility_type, m.party_standing, m.formal_region_code::text, m.destination_region_code::text,
             m.inflow_region_code::text, m.formal_organization_id, m.inflow_organization_id, m.outflow_date
        from member m, v
       where (v.v->'permissions' ? 'stats:read' or v.v->'permissions' ? 'feedback:read')
         and case v.v->>'kind'
               when 'admin' then coalesce((v.v->>'everywhere')::boolean, false)
                                 or in_region(v.v->>'region', m.formal_region_code, m.destination_region_code, m.inflow_region_code)
               when 'token' then (v.v->'agreement' is null or v.v->'agreement' = 'null'::jsonb
                                   or covers(v.v->'agreement', m.formal_region_code, m.destination_region_code, m.inflow_region_code))
                                 and ((v.v->'agreement' is not null and v.v->'agreement' <> 'null'::jsonb) or v.v->'permissions' ? 'stats:read')
                                 and (v.v->>'bound' is null
                                   or in_region(v.v->>'bound', m.formal_region_code, m.destination_region_code, m.inflow_region_code))
               else false end
    $$;`);
    this.addSql(`create function aggregate_activities(from_day date, to_day date)
      returns table (member_id int, occurred_on date, kind activity_kind, hours numeric)
      language sql stable security definer set search_path = public as $$
      select r.member_id, r.occurred_on, r.kind, r.hours
        from activity_record r join aggregate_members() m on m.id = r.member_id
       where r.occurred_on >= from_day and r.occurred_on < to_day
    $$;`);
    /** Returns per agreement and state, over the aggregate members, for the agreements the viewer's aggregates cover. */
    this.addSql(`create function aggregate_feedback(feedback_year int)
      returns table (agreement_id int, status feedback_status, count int)
      language sql stable security definer set search_path = public as $$
      select fb.agreement_id, fb.status, count(*)::int
        from annual_feedback fb
        join aggregate_members() m on m.id = fb.member_id
       where fb.year = feedback_year
       group by fb.agreement_id, fb.status
    $$;`);
    this.addSql(`create function aggregate_agreements() returns table (id int, code text, title text)
      language sql stable security definer set search_path = public as $$
      with v as (select viewer() as v)
      select a.id, a.code::text, a.title::text from agreement a, v
       where v.v->'permissions' ? 'stats:read'
         and case v.v->>'kind'
               when 'admin' then coalesce((v.v->>'everywhere')::boolean, false)
                                 or a.host_region_code like (v.v->>'region') || '%' or a.partner_region_code like (v.v->>'region') || '%'
               when 'token' then case
                                   when v.v->'agreement' is not null and v.v->'agreement' <> 'null'::jsonb then a.id = (v.v->'agreement'->>'id')::int
                                   when v.v->>'bound' is not null then a.host_region_code like (v.v->>'bound') || '%' or a.partner_region_code like (v.v->>'bound') || '%'
                                   else true end
               else false end
    $$;`);

    // ── Row-level security ──────────────────────────────────────────────────────────────────
    const tables = [
      'region', 'organization', 'member', 'agreement', 'activity_record', 'annual_feedback', 'idempotency_key',
      'api_token', 'admin_user', 'admin_session', 'audit_event', 'id_number_lookup',
    ];
    for (const table of tables) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      // The role that runs migrations owns the tables and keeps full access (seed, maintenance, the definer functions above).
      this.addSql(`do $$ begin execute format('create policy owner_all on "${table}" to %I using (true) with check (true)', current_user); end $$;`);
    }

    this.addSql(`create policy app_read on "region" for select to gongguan_app using (true);`);

    this.addSql(`create policy app_read on "organization" for select to gongguan_app using (
      (select viewer_can('organizations:read')) and (
        (select viewer_kind()) = 'admin'
        or region_code like ((select viewer_agreement())->>'host') || '%'
        or region_code like ((select viewer_agreement())->>'partner') || '%'))`);
    const organizationWrite = `(select viewer_can('organizations:write')) and ((select viewer_everywhere()) or region_code like (select viewer_region()) || '%')`;
    this.addSql(`create policy app_insert on "organization" for insert to gongguan_app with check (${organizationWrite});`);
    this.addSql(`create policy app_update on "organization" for update to gongguan_app using (${organizationWrite}) with check (${organizationWrite});`);
    this.addSql(`create policy app_delete on "organization" for delete to gongguan_app using (${organizationWrite});`);

    this.addSql(`create policy app_read on "member" for select to gongguan_app using (
      ((select viewer_can('members:read')) and ((select viewer_everywhere()) or ${inRegion(VIEWER_REGION, COLUMNS)} or ${covers(VIEWER_SIDES, COLUMNS)}))
      or ((select viewer_can('feedback:submit')) and ${reportedTo(VIEWER_SIDES, 'HOST', COLUMNS)})
      or ((select viewer_kind()) = 'token' and (select viewer_can('feedback:read'))
          and id in (select member_id from viewer_feedback_member_ids())))`);
    const memberWrite = `(select viewer_can('members:write')) and ((select viewer_everywhere()) or ${inRegion(VIEWER_REGION, COLUMNS)})`;
    this.addSql(`create policy app_insert on "member" for insert to gongguan_app with check (${memberWrite});`);
    this.addSql(`create policy app_update on "member" for update to gongguan_app using (${memberWrite}) with check (${memberWrite});`);
    this.addSql(`create policy app_delete on "member" for delete to gongguan_app using (${memberWrite});`);

    this.addSql(`create policy app_read on "agreement" for select to gongguan_app using (
      (select viewer_can('agreements:read')) and (
           (select viewer_everywhere())
        or host_region_code like (select viewer_region()) || '%'
        or partner_region_code like (select viewer_region()) || '%'
        or id = ((select viewer_agreement())->>'id')::int))`);
    const agreementWrite = `(select viewer_can('agreements:write')) and ((select viewer_everywhere()) or host_region_code like (select viewer_region()) || '%')`;
    this.addSql(`create policy app_insert on "agreement" for insert to gongguan_app with check (${agreementWrite});`);
    this.addSql(`create policy app_update on "agreement" for update to gongguan_app using (${agreementWrite}) with check (${agreementWrite});`);
    this.addSql(`create policy app_delete on "agreement" for delete to gongguan_app using (${agreementWrite});`);

    this.addSql(`create policy app_read on "activity_record" for select to gongguan_app using (
      (select viewer_can('activities:read')) and (
           (select viewer_everywhere())
        or member_id in (select m.id from member m)
        or ((select viewer_kind()) = 'admin'
            and organization_id in (select o.id from organization o where o.region_code like (select viewer_region()) || '%'))))`);
    const memberAlias: MemberRegions = { formal: 'm.formal_region_code', destination: 'm.destination_region_code', inflow: 'm.inflow_region_code' };
    const activityWrite = `(select viewer_can('activities:write')) and ((select viewer_everywhere()) or (
           organization_id in (select o.id from organization o where o.region_code like (select viewer_region()) || '%')
       and member_id in (select m.id from member m where ${inRegion(VIEWER_REGION, memberAlias)})))`;
    this.addSql(`create policy app_insert on "activity_record" for insert to gongguan_app with check (${activityWrite});`);
    this.addSql(`create policy app_update on "activity_record" for update to gongguan_app using (${activityWrite}) with check (${activityWrite});`);
    this.addSql(`create policy app_delete on "activity_record" for delete to gongguan_app using (${activityWrite});`);

    const hostSide = `(select viewer_kind()) = 'admin' and ((select viewer_everywhere()) or member_id in (select m.id from member m))`;
    this.addSql(`create policy app_read on "annual_feedback" for select to gongguan_app using (
      ((select viewer_can('feedback:read')) and ${hostSide})
      or feedback_visible_to_token((select viewer()), agreement_id, year, recipient::text, status::text))`);
    // The host writes and reviews returns to the partner and receives those the partner submits;
    // a partner token receives and grades what was delivered to it, and writes its own submissions.
    const feedbackWrite = `(${hostSide} and ((select viewer_can('feedback:manage')) or (select viewer_can('feedback:approve'))
                              or (select viewer_can('feedback:receive')) or (select viewer_can('feedback:grade'))))
      or (feedback_visible_to_token((select viewer()), agreement_id, year, recipient::text, status::text)
          and ((recipient = 'PARTNER' and ((select viewer_can('feedback:receive')) or (select viewer_can('feedback:grade'))))
            or (recipient = 'HOST' and member_id in (select m.id from member m where ${reportedTo(VIEWER_SIDES, 'HOST', memberAlias)}))))`;
    this.addSql(`create policy app_insert on "annual_feedback" for insert to gongguan_app with check (${feedbackWrite});`);
    this.addSql(`create policy app_update on "annual_feedback" for update to gongguan_app using (${feedbackWrite}) with check (${feedbackWrite});`);
    /**
     * A partner sending a delivered return back for correction leaves a draft it may not read,
     * and PostgreSQL lets no one write a row it could not read afterwards: this one step runs here,
     * checking what the policies would (a token with feedback:receive, a return it reads, the state).
     */
    this.addSql(`create function return_feedback_to_host(feedback_id int, read_version int, reason text, by_name text, at timestamptz) returns boolean
      language sql volatile security definer set search_path = public as $$
      update annual_feedback fb
         set status = 'DRAFT', version = fb.version + 1, return_reason = reason, returned_by = by_name, returned_at = at, updated_at = at
       where fb.id = feedback_id and fb.version = read_version and fb.recipient = 'PARTNER' and fb.status in ('DELIVERED', 'RECEIVED')
         and viewer_can('feedback:receive')
         and feedback_visible_to_token(viewer(), fb.agreement_id, fb.year, fb.recipient::text, fb.status::text)
      returning true
    $$;`);

    this.addSql(`create policy app_all on "idempotency_key" for all to gongguan_app
      using ((select viewer_kind()) = 'token' and token_id = (select viewer_id()))
      with check ((select viewer_kind()) = 'token' and token_id = (select viewer_id()));`);

    const tokenManage = `(select viewer_can('tokens:manage')) and ((select viewer_everywhere())
        or agreement_id in (select a.id from agreement a)
        or (agreement_id is null and created_by_id = (select viewer_id())))`;
    this.addSql(`create policy app_read on "api_token" for select to gongguan_app using (${tokenManage});`);
    // Revoking is for those who could have issued it: an agreement the region hosts, or one's own dashboard token.
    const tokenRevoke = `(select viewer_can('tokens:manage')) and ((select viewer_everywhere())
        or agreement_id in (select a.id from agreement a where a.host_region_code like (select viewer_region()) || '%')
        or (agreement_id is null and created_by_id = (select viewer_id())))`;
    this.addSql(`create policy app_update on "api_token" for update to gongguan_app using (${tokenRevoke}) with check (${tokenRevoke});`);
    // Never more than the issuer: an agreement it manages, and a dashboard token bounded by its region.
    this.addSql(`create policy app_insert on "api_token" for insert to gongguan_app with check (
      (select viewer_can('tokens:manage')) and (select viewer_kind()) = 'admin' and created_by_id = (select viewer_id())
      and ((select viewer_everywhere()) or (
            region_prefix(issuer_region_code) = (select viewer_region())
        and (agreement_id is null or agreement_id in (select a.id from agreement a where a.host_region_code like (select viewer_region()) || '%')))))`);

    const self = `(select viewer_kind()) = 'admin' and id = (select viewer_id())`;
    this.addSql(`create policy app_read on "admin_user" for select to gongguan_app using ((select viewer_can('users:manage')) or (${self}));`);
    this.addSql(`create policy app_insert on "admin_user" for insert to gongguan_app with check ((select viewer_can('users:manage')));`);
    this.addSql(`create policy app_update on "admin_user" for update to gongguan_app using ((select viewer_can('users:manage'))) with check ((select viewer_can('users:manage')));`);

    const ownSession = `(select viewer_kind()) = 'admin' and user_id = (select viewer_id())`;
    this.addSql(`create policy app_read on "admin_session" for select to gongguan_app using ((select viewer_can('users:manage')) or (${ownSession}));`);
    this.addSql(`create policy app_insert on "admin_session" for insert to gongguan_app with check (${ownSession});`);
    this.addSql(`create policy app_update on "admin_session" for update to gongguan_app
      using ((select viewer_can('users:manage')) or (${ownSession})) with check ((select viewer_can('users:manage')) or (${ownSession}));`);

    this.addSql(`create policy app_read on "audit_event" for select to gongguan_app using ((select viewer_can('audit:read')));`);
    // Nobody appends an event in someone else's name.
    this.addSql(`create policy app_insert on "audit_event" for insert to gongguan_app with check (
      actor_type = (select viewer_kind()) and actor_id is not distinct from (select viewer()->>'id'));`);

    this.addSql(`create policy app_all on "id_number_lookup" for all to gongguan_app
      using (credential = (select viewer_kind() || ':' || (viewer()->>'id')))
      with check (credential = (select viewer_kind() || ':' || (viewer()->>'id')));`);

    // ── What the server's role may touch at all ─────────────────────────────────────────────
    this.addSql(`grant usage on schema public to gongguan_app;`);
    this.addSql(`grant select on "region" to gongguan_app;`);
    this.addSql(`grant select, insert, update, delete on "organization", "member", "agreement", "activity_record", "annual_feedback",
      "idempotency_key", "api_token", "admin_user", "admin_session", "id_number_lookup" to gongguan_app;`);
    this.addSql(`grant select, insert on "audit_event" to gongguan_app;`);
    this.addSql(`grant usage on all sequences in schema public to gongguan_app;`);
  }
}
