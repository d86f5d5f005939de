import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The shared counters of the rate limits (api/access/rate-limits.ts), in the layout
 * rate-limiter-flexible's PostgreSQL store reads and writes: one row per limiter and key
 * (`<limiter>:<address or token>`), the points consumed in the current window and when that
 * window ends (milliseconds since the epoch, by the clock of the process that opened it).
 * Declared here so that the schema check knows the table; only the store touches it.
 */
@Entity({ tableName: 'rate_limit' })
@Index({ properties: ['expire'] })
export class RateLimitCounter {
  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points: number = 0;

  @Property({ type: 'bigint', nullable: true })
  expire?: string | null;
}
