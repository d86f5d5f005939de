import { Migration } from '@mikro-orm/migrations';

/**
 * The events feed reads in commit order, (`tx_id`, `id`), rather than by id: a transaction that
 * wrote first and published last holds the smaller transaction id and the larger event id, and a
 * feed ordered by id could hand that event out while a smaller one was still uncommitted, then
 * skip it. The indexes follow the new order: one per side of an agreement (partners, region
 * admins) and one over everything (admins who read every agreement).
 */
export class Migration20261201880000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "outbox_event_agreement_id_audience_id_index";`);
    this.addSql(`create index "outbox_event_agreement_id_audience_tx_id_id_index" on "outbox_event" ("agreement_id", "audience", "tx_id", "id");`);
    this.addSql(`create index "outbox_event_tx_id_id_index" on "outbox_event" ("tx_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "outbox_event_tx_id_id_index";`);
    this.addSql(`drop index "outbox_event_agreement_id_audience_tx_id_id_index";`);
    this.addSql(`create index "outbox_event_agreement_id_audience_id_index" on "outbox_event" ("agreement_id", "audience", "id");`);
  }
}
