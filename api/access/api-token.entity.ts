import { ArrayType, Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { BaseEntity } from '../common/base.entity';
import { TokenScope } from '../common/viewer';
import { AdminUser } from './admin-user.entity';


/**
 * Access for a partner city (under an agreement) or a dashboard. The secret is shown once at
 * issue; only its SHA-256 is stored.
 */
@ObjectType({ description: 'API token for a partner city or a dashboard; the secret is never shown again after issue' })
@Entity({ tableName: 'api_token' })
@Index({ properties: ['agreement'] })
export class ApiToken extends BaseEntity<'revokedAt' | 'lastUsedAt' | 'lastUsedIp' | 'years'> {
  @Field({ description: 'Public part of the token (ggt_<publicId>_…), safe to show and log' })
  @Property({ type: 'string', length: 16, unique: true })
  publicId!: string;

  @Property({ type: 'string', length: 64, hidden: true })
  secretHash!: string;

  @Field()
  @Property({ type: 'string', length: 100 })
  name!: string;

  @ManyToOne(() => Agreement, { ref: true, nullable: true, deleteRule: 'restrict' })
  agreement?: Ref<Agreement> | null;

  @Field(() => ID, { nullable: true })
  get agreementId(): number | null {
    return this.agreement?.id ?? null;
  }

  @Field(() => String, { nullable: true, description: 'The partner region the token acts for' })
  @Property({ type: 'string', length: 6, nullable: true })
  partnerRegionCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The region of the admin who issued the token: nothing the token reaches, statistics included, lies outside it. Null: issued by a super admin',
  })
  @Property({ type: 'string', length: 6, nullable: true })
  issuerRegionCode?: string | null;

  @Field(() => [TokenScope])
  @Property({ type: new ArrayType<TokenScope>((scope) => scope as TokenScope), columnType: 'text[]' })
  scopes!: TokenScope[];

  @Field(() => [Int], { description: 'Years of feedback the token may touch; empty means none' })
  @Property({ type: new ArrayType<number>((year) => Number(year)), columnType: 'int[]', defaultRaw: "'{}'" })
  years: number[] = [];

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  lastUsedIp?: string | null;

  @ManyToOne(() => AdminUser, { ref: true, nullable: true, deleteRule: 'set null' })
  createdBy?: Ref<AdminUser> | null;
}
