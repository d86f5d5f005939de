import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ActivityKind } from '../activities/activity-record.entity';
import { Agreement } from '../agreements/agreement.entity';
import { BaseEntity } from '../common/base.entity';
import { ContactKind } from '../contacts/contact-record.entity';
import { LocalDate } from '../common/scalars';
import { Member } from '../members/member.entity';
import { Organization } from '../organizations/organization.entity';

/**
 * Where a scheme item's points come from; each source is a branch of the scoring statement
 * (points.rules.ts). An item names its source and, for records, the kind it counts, so a new
 * source changes neither the scheme's shape nor the score's.
 */
export enum PointsItemSource {
  /** Activity records of the item's activityKind, one count per record. */
  ACTIVITY = 'ACTIVITY',
  /** Contact records of the item's contactKind (a thought report received, a talk held), one count per record. */
  CONTACT = 'CONTACT',
  /** Entries made by hand for one member, with a reason and a date (recordPointsEntries). */
  MANUAL = 'MANUAL',
}
registerEnumType(PointsItemSource, { name: 'PointsItemSource', description: '活动记录 / 联系记录（谈心谈话、思想汇报等） / 手工录入（加分、扣分，须注明事由）' });

/** One rule of a scheme: what adds or deducts, by how much, with its caps. */
@ObjectType({ description: 'An item of a points scheme (积分项目): adds (value > 0) or deducts (value < 0)' })
export class PointsItem {
  @Field({ description: 'Stable key of the item within the scheme, kept across versions (manual entries name it)' })
  code!: string;

  @Field()
  label!: string;

  @Field(() => PointsItemSource)
  source!: PointsItemSource;

  @Field(() => ActivityKind, { nullable: true, description: 'For ACTIVITY items: the kind of record that counts' })
  activityKind?: ActivityKind | null;

  @Field(() => ContactKind, { nullable: true, description: 'For CONTACT items: the kind of contact record that counts' })
  contactKind?: ContactKind | null;

  @Field(() => Int, { description: 'Points per record, or the default of a manual entry; negative deducts' })
  value!: number;

  @Field(() => Int, { nullable: true, description: 'At most this many points (in absolute value) from this item in one month' })
  monthCap?: number | null;

  @Field(() => Int, { nullable: true, description: 'At most this many points (in absolute value) from this item in one year' })
  yearCap?: number | null;
}

/** One item's part in a month's score: what the records gave, and what counted after the caps. */
@ObjectType({ description: 'What one item contributed to a score' })
export class ScoreItem {
  @Field()
  code!: string;

  @Field()
  label!: string;

  @Field(() => Int, { description: 'Records or entries behind it' })
  count!: number;

  @Field(() => Int, { description: 'Their sum before the caps' })
  raw!: number;

  @Field(() => Int, { description: 'What counted after the monthly and yearly caps' })
  counted!: number;
}

/** An adjustment made after publication, as the score shows it. */
@ObjectType({ description: 'A correction made after publication (公示后更正), with its reason' })
export class ScoreAdjustment {
  @Field(() => ID)
  entryId!: string;

  @Field(() => Int)
  value!: number;

  @Field()
  reason!: string;

  @Field(() => LocalDate)
  occurredOn!: string;
}

/** A points scheme (积分方案), e.g. 十二分制: its rules live in versions, each in force from a year. */
@ObjectType({ description: 'A points scheme (积分方案, e.g. 十二分制); its rules are in versions, each in force from a year' })
@Entity({ tableName: 'points_scheme' })
@Index({ properties: ['ownerOrganization'] })
@Index({ properties: ['agreement'] })
export class PointsScheme extends BaseEntity<'ownerOrganizationId' | 'agreementId'> {
  @Field()
  @Property({ type: 'string', length: 100 })
  name!: string;

  /** The outflow-side organisation whose members (and those of the organisations below it) it scores. */
  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'restrict' })
  ownerOrganization?: Ref<Organization> | null;

  @Field(() => ID, { nullable: true, description: 'The outflow-side organisation that owns it: it scores that organisation\'s members and those below it' })
  get ownerOrganizationId(): number | null {
    return this.ownerOrganization?.id ?? null;
  }

  /** Named in an agreement: scores the members the agreement covers who have no scheme of their own organisation. */
  @ManyToOne(() => Agreement, { ref: true, nullable: true, deleteRule: 'restrict' })
  agreement?: Ref<Agreement> | null;

  @Field(() => ID, { nullable: true, description: 'The agreement that names it: it scores the covered members whose own organisations have no scheme' })
  get agreementId(): number | null {
    return this.agreement?.id ?? null;
  }
}

/** One version of a scheme's rules; versions are never changed, a revision adds one. */
@ObjectType({ description: 'A version of a scheme\'s rules, in force from fromYear until a later version; never changed once made' })
@Entity({ tableName: 'points_scheme_version' })
@Unique({ properties: ['scheme', 'number'] })
export class PointsSchemeVersion extends BaseEntity<'schemeId'> {
  @ManyToOne(() => PointsScheme, { ref: true, deleteRule: 'cascade' })
  scheme!: Ref<PointsScheme>;

  @Field(() => ID)
  get schemeId(): number {
    return this.scheme.id;
  }

  @Field(() => Int, { description: '1, 2, … in the order they were made' })
  @Property({ type: 'smallint' })
  number!: number;

  @Field(() => Int, { description: 'The first year scored with it' })
  @Property({ type: 'smallint' })
  fromYear!: number;

  @Field(() => Int, { description: 'Points every member starts the year with (十二分制: 12)' })
  @Property({ type: 'smallint' })
  baseScore!: number;

  @Field(() => [PointsItem])
  @Property({ type: 'jsonb' })
  items!: PointsItem[];

  @Field(() => Int, { description: 'A year score at or above this suggests 优秀' })
  @Property({ type: 'smallint' })
  excellentFrom!: number;

  @Field(() => Int, { description: 'At or above this, 合格' })
  @Property({ type: 'smallint' })
  qualifiedFrom!: number;

  @Field(() => Int, { description: 'At or above this, 基本合格; below it, 不合格' })
  @Property({ type: 'smallint' })
  basicallyQualifiedFrom!: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  createdBy?: string | null;
}

/** A points entry made by hand: never an unexplained number. */
@ObjectType({ description: 'A points entry made by hand (加分/扣分), with its reason; after publication, an adjustment' })
@Entity({ tableName: 'points_entry' })
@Index({ properties: ['member', 'occurredOn'] })
@Index({ properties: ['organization', 'occurredOn'] })
export class PointsEntry extends BaseEntity<'memberId' | 'organizationId' | 'adjustment'> {
  @ManyToOne(() => Member, { ref: true, deleteRule: 'cascade' })
  member!: Ref<Member>;

  @Field(() => ID)
  get memberId(): number {
    return this.member.id;
  }

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => ID, { description: 'The organisation that made the entry' })
  get organizationId(): number {
    return this.organization.id;
  }

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  occurredOn!: string;

  @Field({ description: 'The MANUAL item of the member\'s scheme it counts under' })
  @Property({ type: 'string', length: 40 })
  itemCode!: string;

  @Field(() => Int, { description: 'Points added (positive) or deducted (negative)' })
  @Property({ type: 'smallint' })
  value!: number;

  @Field()
  @Property({ type: 'text' })
  reason!: string;

  @Field({ description: 'Made after the month was published: a correction shown beside the frozen score, not inside it' })
  @Property({ type: 'boolean', default: false })
  adjustment: boolean = false;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  createdBy?: string | null;
}

/** A quarter published for an organisation (季公示): its monthly scores are frozen from then on. */
@ObjectType({ description: 'A published quarter (季公示): the organisation\'s monthly scores of the quarter are frozen' })
@Entity({ tableName: 'points_publication' })
@Unique({ properties: ['organization', 'year', 'quarter'] })
export class PointsPublication {
  [OptionalProps]?: 'organizationId' | 'publishedAt' | 'scoreCount';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => ID)
  get organizationId(): number {
    return this.organization.id;
  }

  @Field(() => Int)
  @Property({ type: 'smallint' })
  year!: number;

  @Field(() => Int, { description: '1–4' })
  @Property({ type: 'smallint' })
  quarter!: number;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  publishedAt: Date = new Date();

  @Field()
  @Property({ type: 'string', length: 100 })
  publishedBy!: string;

  @Field(() => Int, { description: 'Member-months frozen' })
  @Property({ type: 'integer', default: 0 })
  scoreCount: number = 0;
}

/**
 * A member's score for one month (月积分), derived from records and entries under the scheme
 * version in force (recomputeMonthlyScores); frozen once its quarter is published, after which
 * only explicit adjustments move the total.
 */
@ObjectType({ description: 'A member\'s score for one month (月积分): what the items gave, frozen once its quarter is published' })
@Entity({ tableName: 'monthly_score' })
@Unique({ properties: ['member', 'month'] })
@Index({ properties: ['organization', 'month'] })
@Index({ properties: ['month'] })
export class MonthlyScore {
  [OptionalProps]?: 'memberId' | 'organizationId' | 'schemeVersionId' | 'publicationId' | 'adjustment' | 'adjustments' | 'computedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Member, { ref: true, deleteRule: 'cascade' })
  member!: Ref<Member>;

  @Field(() => ID)
  get memberId(): number {
    return this.member.id;
  }

  /** The organisation keeping the member's points: the inflow organisation, or the formal one when there is none. */
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade' })
  organization!: Ref<Organization>;

  @Field(() => ID, { description: 'The organisation keeping the member\'s points (the inflow organisation, else the formal one); it publishes the quarter' })
  get organizationId(): number {
    return this.organization.id;
  }

  @Field(() => LocalDate, { description: 'The first day of the month' })
  @Property({ type: 'date' })
  month!: string;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  year!: number;

  @ManyToOne(() => PointsSchemeVersion, { ref: true, deleteRule: 'restrict' })
  schemeVersion!: Ref<PointsSchemeVersion>;

  @Field(() => ID, { description: 'The scheme version it was scored with' })
  get schemeVersionId(): number {
    return this.schemeVersion.id;
  }

  @Field(() => Int, { description: 'The month\'s points after the caps (the base score is added once a year, not here)' })
  @Property({ type: 'smallint' })
  score!: number;

  @Field(() => [ScoreItem], { description: 'The items behind the score' })
  @Property({ type: 'jsonb' })
  items!: ScoreItem[];

  @Field(() => Int, { description: 'The sum of the adjustments made after publication' })
  @Property({ type: 'smallint', default: 0 })
  adjustment: number = 0;

  @Field(() => [ScoreAdjustment], { description: 'The adjustments made after publication, each with its reason' })
  @Property({ type: 'jsonb', default: '[]' })
  adjustments: ScoreAdjustment[] = [];

  @ManyToOne(() => PointsPublication, { ref: true, nullable: true, deleteRule: 'restrict' })
  publication?: Ref<PointsPublication> | null;

  @Field(() => ID, { nullable: true, description: 'Set once the quarter is published: the score is frozen' })
  get publicationId(): number | null {
    return this.publication?.id ?? null;
  }

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  computedAt: Date = new Date();
}
