import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How many ID numbers one credential has looked up on one day (China time): the daily cap on
 * exact look-ups by ID number counts here, across every path that takes one (member.policy.ts).
 */
@Entity({ tableName: 'id_number_lookup' })
export class IdNumberLookup {
  /** `token:<id>` or `admin:<id>`. */
  @PrimaryKey({ type: 'string', length: 40 })
  credential!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;

  @Property({ type: 'integer', default: 0 })
  count: number = 0;
}
