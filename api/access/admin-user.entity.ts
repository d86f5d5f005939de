import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { BaseEntity } from '../common/base.entity';
import { AdminRole } from '../common/viewer';


/** A person who logs in to the admin console. */
@ObjectType({ description: 'A person who logs in to the admin console' })
@Entity({ tableName: 'admin_user' })
@Index({ properties: ['agreement'] })
export class AdminUser extends BaseEntity<'disabled' | 'displayName'> {
  @Field()
  @Property({ type: 'string', length: 64, unique: true })
  username!: string;

  /** Never selected unless asked for (`populate: ['passwordHash']`): `me` and every other read of an account leave it in the database. */
  @Property({ type: 'string', hidden: true, lazy: true })
  passwordHash!: string;

  @Field()
  @Property({ type: 'string', length: 64, default: '' })
  displayName: string = '';

  @Field(() => AdminRole)
  @Enum({ items: () => AdminRole, nativeEnumName: 'admin_role' })
  role!: AdminRole;

  @Field(() => String, { nullable: true, description: 'The region a region admin or viewer is limited to' })
  @Property({ type: 'string', length: 6, nullable: true })
  regionCode?: string | null;

  /** A partner account's agreement (PARTNER_* roles); null for the host's accounts. */
  @ManyToOne(() => Agreement, { ref: true, nullable: true, deleteRule: 'restrict' })
  agreement?: Ref<Agreement> | null;

  @Field(() => ID, { nullable: true, description: 'The agreement a partner account is bound to; null for the host\'s accounts' })
  get agreementId(): number | null {
    return this.agreement?.id ?? null;
  }

  @Field()
  @Property({ type: 'boolean', default: false })
  disabled: boolean = false;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt?: Date | null;
}
