import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AgreementDirection } from '../common/agreement-sides';
import { BaseEntity } from '../common/base.entity';
import { LocalDate } from '../common/scalars';
import { Organization } from '../organizations/organization.entity';

export enum AgreementStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AgreementStatus, { name: 'AgreementStatus', description: '草稿 / 生效 / 暂停 / 到期 / 终止' });

/** A co-governance agreement (合作共管协议) between a host city and a partner region. */
@ObjectType({ description: 'Co-governance agreement between two cities (合作共管协议)' })
@Entity({ tableName: 'agreement' })
@Index({ properties: ['hostRegionCode'] })
@Index({ properties: ['partnerRegionCode'] })
@Index({ properties: ['status'] })
export class Agreement extends BaseEntity<'status' | 'expectedOrgLifeSessions' | 'feedbackDeadline'> {
  @Field()
  @Property({ type: 'string', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'string' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 6 })
  hostRegionCode!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 6 })
  partnerRegionCode!: string;

  @Field(() => AgreementDirection)
  @Enum({ items: () => AgreementDirection, nativeEnumName: 'agreement_direction' })
  direction!: AgreementDirection;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  signedOn?: string | null;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Open-ended when null' })
  @Property({ type: 'date', nullable: true })
  effectiveTo?: string | null;

  @Field(() => AgreementStatus)
  @Enum({ items: () => AgreementStatus, nativeEnumName: 'agreement_status', default: AgreementStatus.DRAFT })
  status: AgreementStatus = AgreementStatus.DRAFT;

  @Field(() => String, { nullable: true, description: 'Responsibilities of the host side (流入地职责)' })
  @Property({ type: 'text', nullable: true })
  hostResponsibilities?: string | null;

  @Field(() => String, { nullable: true, description: 'Responsibilities of the partner side (流出地职责)' })
  @Property({ type: 'text', nullable: true })
  partnerResponsibilities?: string | null;

  @Field({ description: 'Year-end feedback deadline as MM-DD of the year after the evaluated year' })
  @Property({ type: 'string', length: 5, default: '01-31' })
  feedbackDeadline: string = '01-31';

  @Field(() => Int, { description: 'Organisational-life sessions expected per member and year (e.g. 12 theme days)' })
  @Property({ type: 'smallint', default: 12 })
  expectedOrgLifeSessions: number = 12;

  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'restrict' })
  hostOrganization?: Ref<Organization> | null;

  @Field(() => ID, { nullable: true, description: 'Coordinating organisation on the host side' })
  get hostOrganizationId(): number | null {
    return this.hostOrganization?.id ?? null;
  }

  @Field(() => String, { nullable: true, description: 'Coordinating organisation on the partner side' })
  @Property({ type: 'string', nullable: true })
  partnerOrganizationName?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  hostContactName?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  hostContactPhone?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  partnerContactName?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  partnerContactPhone?: string | null;
}
