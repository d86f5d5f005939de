import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/** Surrogate integer key, optimistic version and timestamps shared by every mutable resource. */
@ObjectType('BaseEntity')
export abstract class BaseEntity<Optional = never> {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'version' | Optional;

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /**
   * Counts the changes: a write that names the version it read is refused with CONFLICT
   * (STALE_VERSION) if someone else changed the row since. Set by the services under a row lock,
   * not returned by the UPDATE (a writer need not be able to read the row it leaves behind).
   */
  @Field(() => Int, { description: 'Incremented by every change; send it back with a change to be refused (CONFLICT, STALE_VERSION) rather than overwrite someone else\'s' })
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
