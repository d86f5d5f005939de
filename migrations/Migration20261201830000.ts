import { Migration } from '@mikro-orm/migrations';

/**
 * Members in name order (pinyin, the column's collation), the default order of the console's
 * list and of `members`: an index on (name, id) serves a page of it without sorting every member
 * the viewer may see first.
 */
export class Migration20261201830000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "member_name_id_index" on "member" ("name", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "member_name_id_index";`);
  }
}
