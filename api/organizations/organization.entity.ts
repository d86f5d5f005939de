import { ArrayType, Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';

export enum OrganizationKind {
  COMMITTEE = 'COMMITTEE',
  WORKING_COMMITTEE = 'WORKING_COMMITTEE',
  GENERAL_BRANCH = 'GENERAL_BRANCH',
  BRANCH = 'BRANCH',
  MOBILE_MEMBER_COMMITTEE = 'MOBILE_MEMBER_COMMITTEE',
  FUNCTIONAL = 'FUNCTIONAL',
}
registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: '党委 / 党工委 / 党总支 / 党支部 / 流动党员(综合)党委 / 功能型党组织',
});

export enum OrganizationLevel {
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  TOWNSHIP = 'TOWNSHIP',
  COMMUNITY = 'COMMUNITY',
}
registerEnumType(OrganizationLevel, { name: 'OrganizationLevel', description: '市 / 区县 / 乡镇街道 / 社区村' });

/** A Party organisation (党组织) in a tree. */
@ObjectType({ description: 'Party organisation (党组织)' })
@Entity({ tableName: 'organization' })
@Index({ properties: ['parent'] })
@Index({ properties: ['regionCode'] })
export class Organization extends BaseEntity<'ancestorIds' | 'depth'> {
  @Field({ description: 'Unique organisation code' })
  @Property({ type: 'string', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'string' })
  name!: string;

  @Field(() => OrganizationKind)
  @Enum({ items: () => OrganizationKind, nativeEnumName: 'organization_kind' })
  kind!: OrganizationKind;

  @Field(() => OrganizationLevel)
  @Enum({ items: () => OrganizationLevel, nativeEnumName: 'organization_level' })
  level!: OrganizationLevel;

  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'restrict' })
  parent?: Ref<Organization> | null;

  @Field(() => ID, { nullable: true })
  get parentId(): number | null {
    return this.parent?.id ?? null;
  }

  /** Ids of the ancestors, root first; a GIN index makes subtree filters one index scan. */
  @Field(() => [ID], { description: 'Ids of the ancestors, from the root down to the parent (empty for a root)' })
  @Index({ name: 'organization_ancestor_ids_idx', expression: 'create index "organization_ancestor_ids_idx" on "organization" using gin ("ancestor_ids")' })
  @Property({ type: new ArrayType<number>((id) => Number(id)), columnType: 'int[]' })
  ancestorIds: number[] = [];

  @Field(() => Int, { description: '0 for a root organisation' })
  @Property({ type: 'smallint' })
  depth: number = 0;

  @Field(() => String)
  @Property({ type: 'string', length: 6 })
  regionCode!: string;

  /** Where an office stationed elsewhere works (e.g. 驻京), when not in its own region. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 6, nullable: true })
  hostRegionCode?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  secretaryName?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  contactName?: string | null;

  @Field(() => String, { nullable: true, description: 'Office phone of the organisation (not personal data)' })
  @Property({ type: 'string', nullable: true })
  contactPhone?: string | null;
}
