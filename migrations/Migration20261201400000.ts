import { Migration } from '@mikro-orm/migrations';

/**
 * 十二分制 points (issue 11, items 1–3): schemes and their immutable versions, manual entries
 * with a reason, monthly scores (materialized, recomputed set-based by api/points/points.rules.ts),
 * quarterly publications that freeze them; and on the year-end return, the year score, the items
 * behind it, the grade the scheme's thresholds suggest, and the months with online study.
 *
 * Row-level security states api/points/points.policy.ts a second time.
 */
const REGION = '(select viewer_region())';
const VIEWER_AGREEMENT = '(select viewer_agreement())';
const inViewerRegion = (code: string) => `${code} like ${REGION} || '%'`;
const onAgreementSides = (code: string) => `(${code} like (${VIEWER_AGREEMENT}->>'host') || '%' or ${code} like (${VIEWER_AGREEMENT}->>'partner') || '%')`;
const memberInViewerRegion = `member_id in (select m.id from member m where in_region(${REGION}, m.formal_region_code, m.destination_region_code, m.inflow_region_code))`;

export class Migration20261201400000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "points_scheme" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(), "name" varchar(100) not null, "owner_organization_id" int null, "agreement_id" int null);`);
    this.addSql(`create index "points_scheme_owner_organization_id_index" on "points_scheme" ("owner_organization_id");`);
    this.addSql(`create index "points_scheme_agreement_id_index" on "points_scheme" ("agreement_id");`);
    this.addSql(`alter table "points_scheme" add constraint "points_scheme_owner_organization_id_foreign" foreign key ("owner_organization_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "points_scheme" add constraint "points_scheme_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete restrict;`);

    this.addSql(`create table "points_scheme_version" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(), "scheme_id" int not null, "number" smallint not null, "from_year" smallint not null,
      "base_score" smallint not null, "items" jsonb not null, "excellent_from" smallint not null, "qualified_from" smallint not null,
      "basically_qualified_from" smallint not null, "created_by" varchar(100) null);`);
    this.addSql(`alter table "points_scheme_version" add constraint "points_scheme_version_scheme_id_number_unique" unique ("scheme_id", "number");`);
    this.addSql(`alter table "points_scheme_version" add constraint "points_scheme_version_scheme_id_foreign" foreign key ("scheme_id") references "points_scheme" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "points_entry" ("id" serial primary key, "version" int not null default 1, "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(), "member_id" int not null, "organization_id" int not null, "occurred_on" date not null,
      "item_code" varchar(40) not null, "value" smallint not null, "reason" text not null, "adjustment" boolean not null default false, "created_by" varchar(100) null);`);
    this.addSql(`create index "points_entry_member_id_occurred_on_index" on "points_entry" ("member_id", "occurred_on");`);
    this.addSql(`create index "points_entry_organization_id_occurred_on_index" on "points_entry" ("organization_id", "occurred_on");`);
    this.addSql(`alter table "points_entry" add constraint "points_entry_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "points_entry" add constraint "points_entry_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`);

    this.addSql(`create table "points_publication" ("id" serial primary key, "organization_id" int not null, "year" smallint not null, "quarter" smallint not null,
      "published_at" timestamptz not null default now(), "published_by" varchar(100) not null, "score_count" int not null default 0);`);
    this.addSql(`alter table "points_publication" add constraint "points_publication_organization_id_year_quarter_unique" unique ("organization_id", "year", "quarter");`);
    this.addSql(`alter table "points_publication" add constraint "points_publication_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`);

    this.addSql(`create table "monthly_score" ("id" serial primary key, "member_id" int not null, "organization_id" int not null, "month" date not null,
      "year" smallint not null, "scheme_version_id" int not null, "score" smallint not null, "items" jsonb not null, "adjustment" smallint not null default 0,
      "adjustments" jsonb not null default '[]', "publication_id" int null, "computed_at" timestamptz not null default now());`);
    this.addSql(`alter table "monthly_score" add constraint "monthly_score_member_id_month_unique" unique ("member_id", "month");`);
    this.addSql(`create index "monthly_score_organization_id_month_index" on "monthly_score" ("organization_id", "month");`);
    this.addSql(`create index "monthly_score_month_index" on "monthly_score" ("month");`);
    this.addSql(`alter table "monthly_score" add constraint "monthly_score_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "monthly_score" add constraint "monthly_score_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "monthly_score" add constraint "monthly_score_scheme_version_id_foreign" foreign key ("scheme_version_id") references "points_scheme_version" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "monthly_score" add constraint "monthly_score_publication_id_foreign" foreign key ("publication_id") references "points_publication" ("id") on update cascade on delete restrict;`);

    // The year-end return: the year score and what is behind it.
    this.addSql(`alter table "annual_feedback" add column "year_score" int null, add column "score_items" jsonb null,
      add column "points_grade" evaluation_grade null, add column "grade_reason" text null,
      add column "online_study_months" smallint not null default 0;`);

    // ── Row-level security ──────────────────────────────────────────────────────────────────
    for (const table of ['points_scheme', 'points_scheme_version', 'points_entry', 'points_publication', 'monthly_score']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`do $$ begin execute format('create policy owner_all on "${table}" to %I using (true) with check (true)', current_user); end $$;`);
    }

    this.addSql(`create policy app_read on "points_scheme" for select to gongguan_app using (
      (select viewer_can('points:read')) and (
           (select viewer_kind()) = 'admin'
        or ${onAgreementSides('organization_region(owner_organization_id)')}
        or agreement_id = ((select viewer_agreement())->>'id')::int))`);
    const schemeWrite = `(select viewer_can('points:write')) and ((select viewer_everywhere())
        or ${inViewerRegion('organization_region(owner_organization_id)')}
        or agreement_id in (select a.id from agreement a where ${inViewerRegion('a.host_region_code')}))`;
    this.addSql(`create policy app_insert on "points_scheme" for insert to gongguan_app with check (${schemeWrite});`);
    this.addSql(`create policy app_update on "points_scheme" for update to gongguan_app using (${schemeWrite}) with check (${schemeWrite});`);

    this.addSql(`create policy app_read on "points_scheme_version" for select to gongguan_app using (
      (select viewer_can('points:read')) and scheme_id in (select s.id from points_scheme s))`);
    // Versions are never changed: insert only.
    this.addSql(`create policy app_insert on "points_scheme_version" for insert to gongguan_app with check (
      scheme_id in (select s.id from points_scheme s where ${schemeWrite.replace(/owner_organization_id/g, 's.owner_organization_id').replace(/agreement_id in/g, 's.agreement_id in')}))`);

    this.addSql(`create policy app_read on "points_entry" for select to gongguan_app using (
      (select viewer_can('points:read')) and (select viewer_kind()) = 'admin' and ((select viewer_everywhere()) or member_id in (select m.id from member m)))`);
    const entryWrite = `(select viewer_can('points:write')) and ((select viewer_everywhere()) or (
      ${inViewerRegion('organization_region(organization_id)')} and ${memberInViewerRegion}))`;
    this.addSql(`create policy app_insert on "points_entry" for insert to gongguan_app with check (${entryWrite});`);
    this.addSql(`create policy app_delete on "points_entry" for delete to gongguan_app using (${entryWrite});`);

    this.addSql(`create policy app_read on "points_publication" for select to gongguan_app using (
      (select viewer_can('points:read')) and ((select viewer_kind()) = 'admin' or ${onAgreementSides('organization_region(organization_id)')}))`);
    const publicationWrite = `(select viewer_can('points:write')) and ((select viewer_everywhere()) or ${inViewerRegion('organization_region(organization_id)')})`;
    this.addSql(`create policy app_insert on "points_publication" for insert to gongguan_app with check (${publicationWrite});`);

    // Partners: published scores of covered members they may read; admins: their members' scores.
    this.addSql(`create policy app_read on "monthly_score" for select to gongguan_app using (
      (select viewer_can('points:read')) and (
           ((select viewer_kind()) = 'admin' and ((select viewer_everywhere()) or member_id in (select m.id from member m)))
        or ((select viewer_kind()) = 'token' and publication_id is not null
            and member_id in (select m.id from member m
                               where covers((select viewer_agreement()), m.formal_region_code, m.destination_region_code, m.inflow_region_code)))))`);
    const scoreWrite = `(select viewer_can('points:write')) and ((select viewer_everywhere()) or ${memberInViewerRegion})`;
    this.addSql(`create policy app_insert on "monthly_score" for insert to gongguan_app with check (${scoreWrite});`);
    this.addSql(`create policy app_update on "monthly_score" for update to gongguan_app using (${scoreWrite}) with check (${scoreWrite});`);
    this.addSql(`create policy app_delete on "monthly_score" for delete to gongguan_app using (${scoreWrite});`);

    this.addSql(`grant select, insert, update on "points_scheme" to gongguan_app;`);
    this.addSql(`grant select, insert on "points_scheme_version", "points_publication" to gongguan_app;`);
    this.addSql(`grant select, insert, delete on "points_entry" to gongguan_app;`);
    this.addSql(`grant select, insert, update, delete on "monthly_score" to gongguan_app;`);
    this.addSql(`grant usage on all sequences in schema public to gongguan_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "annual_feedback" drop column "year_score", drop column "score_items", drop column "points_grade", drop column "grade_reason", drop column "online_study_months";`);
    this.addSql(`drop table "monthly_score";`);
    this.addSql(`drop table "points_publication";`);
    this.addSql(`drop table "points_entry";`);
    this.addSql(`drop table "points_scheme_version";`);
    this.addSql(`drop table "points_scheme";`);
  }
}
