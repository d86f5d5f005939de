import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One row: how many changes to credentials have committed (migration Migration20261201100000
 * raises it with every announcement on `gongguan_credentials`). A request served from a
 * process's cache compares it with the last epoch that process heard announced
 * (api/access/credentials.ts). Declared here so that the schema check knows the table.
 */
@Entity({ tableName: 'credential_epoch' })
export class CredentialEpoch {
  @PrimaryKey({ type: 'integer', autoincrement: false, default: 1 })
  id: number = 1;

  @Property({ type: 'bigint', default: 0 })
  epoch: string = '0';
}
