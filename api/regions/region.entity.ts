import { Entity, Enum, Index, OptionalProps, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
}
registerEnumType(RegionLevel, { name: 'RegionLevel', description: 'Administrative level (省/市/县)' });

/** An administrative division identified by its GB/T 2260 six-digit code. */
@ObjectType({ description: 'Administrative division (行政区划), GB/T 2260 code' })
@Entity({ tableName: 'region' })
export class Region {
  [PrimaryKeyProp]?: 'code';
  [OptionalProps]?: 'id';

  @Field(() => ID, { description: 'Six-digit GB/T 2260 code, e.g. 510100' })
  @PrimaryKey({ type: 'string', length: 6 })
  code!: string;

  /** The code again, under the name generic clients (Refine's stock provider) use for a key. */
  @Field(() => ID, { description: 'The same as code: the key generic clients read, sort and filter by' })
  get id(): string {
    return this.code;
  }

  @Field()
  @Property({ type: 'string' })
  name!: string;

  @Field(() => RegionLevel)
  @Enum({ items: () => RegionLevel, nativeEnumName: 'region_level' })
  level!: RegionLevel;

  @Field(() => String, { nullable: true })
  @Index()
  @Property({ type: 'string', length: 6, nullable: true })
  parentCode?: string | null;
}
