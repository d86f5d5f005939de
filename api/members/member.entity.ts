import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';
import { LocalDate } from '../common/scalars';
import { Organization } from '../organizations/organization.entity';

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Gender, { name: 'Gender' });

export enum PartyStanding {
  FULL = 'FULL',
  PROBATIONARY = 'PROBATIONARY',
}
registerEnumType(PartyStanding, { name: 'PartyStanding', description: '正式党员 / 预备党员' });

export enum MobilityType {
  EMPLOYMENT = 'EMPLOYMENT',
  STUDY = 'STUDY',
  SETTLEMENT = 'SETTLEMENT',
  TEMPORARY = 'TEMPORARY',
}
registerEnumType(MobilityType, { name: 'MobilityType', description: '就业 / 学习 / 定居 / 临时' });

export enum MemberStatus {
  REGISTERED = 'REGISTERED',
  REPORTED = 'REPORTED',
  MANAGED = 'MANAGED',
  LOST_CONTACT = 'LOST_CONTACT',
  RETURNED = 'RETURNED',
  TRANSFERRED = 'TRANSFERRED',
}
registerEnumType(MemberStatus, {
  name: 'MemberStatus',
  description: '已登记 / 已报到 / 已纳管 / 失联 / 已返回 / 已转出 (MANAGED is a stage of the ledger entry; 在管党员, members under care, is MonthlyActivity.membersUnderCare)',
});

/** Why a member is, or is not, due to transfer the formal relationship (应转尽转); see member.rules.ts. */
export enum TransferDueReason {
  FIXED_PLACE_SIX_MONTHS = 'FIXED_PLACE_SIX_MONTHS',
  STUDY_OVER_TWO_YEARS = 'STUDY_OVER_TWO_YEARS',
  UNDER_SIX_MONTHS = 'UNDER_SIX_MONTHS',
  STUDY_WITHIN_TWO_YEARS = 'STUDY_WITHIN_TWO_YEARS',
  ABROAD = 'ABROAD',
  TEMPORARY = 'TEMPORARY',
  CLOSED = 'CLOSED',
}
registerEnumType(TransferDueReason, {
  name: 'TransferDueReason',
  description: 'The rule behind Member.transferDue (应转尽转): the first two mean due, the others name the exception',
  valuesConfig: {
    FIXED_PLACE_SIX_MONTHS: { description: 'Due: employment or settlement (long-term, at a fixed place) for six months or more' },
    STUDY_OVER_TWO_YEARS: { description: 'Due: away to study (graduates included) for two years or more' },
    UNDER_SIX_MONTHS: { description: 'Not due: away for less than six months' },
    STUDY_WITHIN_TWO_YEARS: { description: 'Not due: students and graduates may keep the relationship for up to two years' },
    ABROAD: { description: 'Not due: abroad or outside the mainland (出国（境）) keeps the relationship; contact at least every six months' },
    TEMPORARY: { description: 'Not due: short-term or temporary movers take part with the 流动党员活动证' },
    CLOSED: { description: 'Not due: returned or transferred, the record is closed' },
  },
});

/**
 * A mobile Party member's ledger entry (流动党员五清台账). The national ID and phone numbers are
 * stored encrypted, with a keyed hash for uniqueness and look-up and a masked copy for display.
 */
@ObjectType({ description: 'Mobile Party member ledger entry (流动党员台账)' })
@Entity({ tableName: 'member' })
@Index({ properties: ['formalOrganization'] })
@Index({ properties: ['inflowOrganization'] })
@Index({ properties: ['destinationRegionCode'] })
@Index({ properties: ['status', 'mobilityType'] })
@Index({ properties: ['mobilityType'] })
@Index({ properties: ['outflowDate'] })
@Index({ properties: ['ledgerUpdatedAt'] })
// The console's and the API's default order (by name, in pinyin): a page is read off it, not sorted.
@Index({ properties: ['name', 'id'] })
// Every column the read policy reads (Migration20261201840000): a count of what a viewer may see is an index-only scan.
@Index({ name: 'member_scope_columns_index', properties: ['formalRegionCode', 'destinationRegionCode', 'inflowRegionCode', 'id'] })
@Index({ name: 'member_name_trgm_idx', expression: 'create index "member_name_trgm_idx" on "member" using gin ("name" gin_trgm_ops)' })
// Scopes are prefixes of region codes (LIKE '5101%'): pattern indexes serve them whatever the collation.
@Index({ name: 'member_formal_region_code_idx', expression: 'create index "member_formal_region_code_idx" on "member" ("formal_region_code" varchar_pattern_ops)' })
@Index({ name: 'member_inflow_region_code_idx', expression: 'create index "member_inflow_region_code_idx" on "member" ("inflow_region_code" varchar_pattern_ops)' })
@Index({
  name: 'member_destination_region_code_prefix_idx',
  expression: 'create index "member_destination_region_code_prefix_idx" on "member" ("destination_region_code" varchar_pattern_ops)',
})
export class Member extends BaseEntity<'ledgerUpdatedAt' | 'expertiseTags' | 'status' | 'formalOrganizationId' | 'abroad'> {
  @Field()
  @Property({ type: 'string' })
  name!: string;

  @Field(() => Gender)
  @Enum({ items: () => Gender, nativeEnumName: 'gender' })
  gender!: Gender;

  /** YYYY-MM-DD, as encoded in the ID number; in GraphQL only for those who see identifying details (MemberResolver). */
  @Property({ type: 'date' })
  birthDate!: string;

  @Property({ type: 'text', lazy: true })
  idNumberCipher!: string;

  @Property({ type: 'string', length: 64, unique: 'member_id_number_hash_unique' })
  idNumberHash!: string;

  @Field({ name: 'idNumber', description: 'National ID number, always masked to the city of birth: 5101**************' })
  @Property({ type: 'string', length: 18 })
  idNumberMasked!: string;

  @Property({ type: 'text', nullable: true, lazy: true })
  phoneCipher?: string | null;

  @Field(() => String, { name: 'phone', nullable: true, description: 'Mobile phone, always masked: 138****5678' })
  @Property({ type: 'string', length: 11, nullable: true })
  phoneMasked?: string | null;

  @Field(() => PartyStanding)
  @Enum({ items: () => PartyStanding, nativeEnumName: 'party_standing' })
  partyStanding!: PartyStanding;

  @Field(() => LocalDate, { description: 'Date of joining the Party, YYYY-MM-DD' })
  @Property({ type: 'date' })
  joinedOn!: string;

  /** The branch that holds the member's formal organisational relationship (outflow side). */
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  formalOrganization!: Ref<Organization>;

  @Field(() => ID)
  get formalOrganizationId(): number {
    return this.formalOrganization.id;
  }

  /** The formal organisation's region: what scopes compare. Kept right by a trigger whoever writes. */
  @Property({ type: 'string', length: 6 })
  formalRegionCode!: string;

  @Field(() => MobilityType)
  @Enum({ items: () => MobilityType, nativeEnumName: 'mobility_type' })
  mobilityType!: MobilityType;

  @Field(() => LocalDate, { description: 'Date the member left the formal branch, YYYY-MM-DD' })
  @Property({ type: 'date' })
  outflowDate!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 6 })
  destinationRegionCode!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  destinationAddress?: string | null;

  @Field({
    description:
      '出国（境）: gone abroad or outside the mainland. Destinations in Taiwan, Hong Kong or Macao (codes 71…, 81…, 82…) count as abroad whatever this says',
  })
  @Property({ type: 'boolean', default: false })
  abroad: boolean = false;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  occupation?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  workUnit?: string | null;

  @Field(() => String, { nullable: true, description: 'Ideological status note (思想状况)' })
  @Property({ type: 'text', nullable: true })
  ideologicalNote?: string | null;

  /** The organisation in the inflow city that runs the member's organisational life. */
  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'restrict' })
  inflowOrganization?: Ref<Organization> | null;

  @Field(() => ID, { nullable: true })
  get inflowOrganizationId(): number | null {
    return this.inflowOrganization?.id ?? null;
  }

  /** The inflow organisation's region, kept by the same trigger. */
  @Property({ type: 'string', length: 6, nullable: true })
  inflowRegionCode?: string | null;

  @Field(() => String, { nullable: true, description: '流动党员活动证 number' })
  @Property({ type: 'string', nullable: true })
  certificateNumber?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  certificateIssuedOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  certificateExpiresOn?: string | null;

  @Field(() => MemberStatus)
  @Enum({ items: () => MemberStatus, nativeEnumName: 'member_status', default: MemberStatus.REGISTERED })
  status: MemberStatus = MemberStatus.REGISTERED;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Date of the last contact with the member, YYYY-MM-DD; follows the contact records (a new record moves it on, a corrected or deleted one recomputes it)',
  })
  @Property({ type: 'date', nullable: true })
  lastContactOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'TRANSFERRED: the day the formal relationship moved (转出日期)' })
  @Property({ type: 'date', nullable: true })
  transferredOn?: string | null;

  @Field(() => String, { nullable: true, description: 'TRANSFERRED: where the relationship moved to (转入党组织)' })
  @Property({ type: 'string', length: 200, nullable: true })
  transferredTo?: string | null;

  @Field(() => Date, { description: 'When the ledger entry was last confirmed (一月一更新)' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  ledgerUpdatedAt: Date = new Date();

  @Field(() => [String])
  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  expertiseTags: string[] = [];

  /** The member's year-end returns: named (not imported) so policies can say "has a return you may read". Never loaded. */
  @OneToMany('AnnualFeedback', 'member')
  annualFeedbacks = new Collection<object>(this);
}
