import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';
import { LocalDate } from '../common/scalars';
import { Member } from '../members/member.entity';
import { Organization } from '../organizations/organization.entity';

export enum ContactRole {
  /** 支委委员 */
  COMMITTEE_MEMBER = 'COMMITTEE_MEMBER',
  /** 党支部书记 */
  SECRETARY = 'SECRETARY',
  /** 联络员 */
  LIAISON = 'LIAISON',
}
registerEnumType(ContactRole, { name: 'ContactRole', description: '支委委员 / 党支部书记 / 联络员' });

/** 一对一联 (结对子): the person who keeps in touch with a member, for a period. */
@ObjectType({ description: 'Contact pairing (一对一联系: a member\'s contact person 联系人)' })
@Entity({ tableName: 'contact_pairing' })
@Index({ properties: ['member', 'fromOn'] })
export class ContactPairing extends BaseEntity<'memberId' | 'organizationId'> {
  @ManyToOne(() => Member, { ref: true, deleteRule: 'cascade' })
  member!: Ref<Member>;

  @Field(() => ID)
  get memberId(): number {
    return this.member.id;
  }

  @Field({ description: 'The contact person\'s name' })
  @Property({ type: 'string', length: 64 })
  contactName!: string;

  @Field(() => ContactRole)
  @Enum({ items: () => ContactRole, nativeEnumName: 'contact_role' })
  contactRole!: ContactRole;

  /** The contact person's organisation (a branch committee, usually the member's formal branch). */
  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'set null' })
  organization?: Ref<Organization> | null;

  @Field(() => ID, { nullable: true })
  get organizationId(): number | null {
    return this.organization?.id ?? null;
  }

  @Property({ type: 'text', nullable: true, lazy: true })
  phoneCipher?: string | null;

  @Field(() => String, { name: 'phone', nullable: true, description: 'The contact person\'s phone, always masked: 138****5678' })
  @Property({ type: 'string', length: 16, nullable: true })
  phoneMasked?: string | null;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  fromOn!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day of the pairing; none while it lasts' })
  @Property({ type: 'date', nullable: true })
  toOn?: string | null;
}
