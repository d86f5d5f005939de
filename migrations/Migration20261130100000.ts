import { Migration } from '@mikro-orm/migrations';

/**
 * Names sort in pinyin order (阿, 白, 陈, …) instead of by code point: an ICU collation on the
 * name columns of members and organisations, so every ORDER BY name — lists, pickers, the
 * feedback board's member name — uses it without each query asking.
 */
export class Migration20261130100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create collation if not exists "zh_pinyin" (provider = icu, locale = 'zh-Hans-u-co-pinyin');`);
    this.addSql(`alter table "member" alter column "name" type varchar(255) collate "zh_pinyin";`);
    this.addSql(`alter table "organization" alter column "name" type varchar(255) collate "zh_pinyin";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "member" alter column "name" type varchar(255) collate "default";`);
    this.addSql(`alter table "organization" alter column "name" type varchar(255) collate "default";`);
    this.addSql(`drop collation if exists "zh_pinyin";`);
  }

}
