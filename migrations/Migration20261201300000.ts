import { Migration } from '@mikro-orm/migrations';

/**
 * Prorated expectations (issue 11): a return says for how many months of its year the member was
 * under care in the inflow city, and its expected organisational life is the agreement's figure
 * prorated to those months (api/feedback/feedback.rules.ts).
 *
 * Returns already written were made with the whole year's expectation, so they keep 12 months:
 * the figures of a row stay consistent with each other. The next draft generation refreshes the
 * drafts (months and expectation together); returns past the draft stage are never rewritten.
 */
export class Migration20261201300000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "annual_feedback" add column "months_under_care" smallint not null default 12;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "annual_feedback" drop column "months_under_care";`);
  }
}
