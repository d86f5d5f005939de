import { Migration } from '@mikro-orm/migrations';

/** Members abroad or outside the mainland (出国（境）) keep their formal relationship: not transfer-due. */
export class Migration20261130110000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "member" add column "abroad" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "member" drop column "abroad";`);
  }

}
