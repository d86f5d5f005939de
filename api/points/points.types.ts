import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ActivityKind } from '../activities/activity-record.entity';
import { ContactKind } from '../contacts/contact-record.entity';
import { LocalDate } from '../common/scalars';
import { IsText } from '../common/validators';
import { PointsItemSource, PointsPublication, ScoreAdjustment } from './points.entity';

@InputType('PointsItemInput')
export class PointsItemInput {
  @Field({ description: 'Capitals, digits and _ (e.g. ORG_LIFE); kept across versions' })
  @IsText(40, { min: 1 })
  code!: string;

  @Field()
  @IsText(100, { min: 1 })
  label!: string;

  @Field(() => PointsItemSource)
  source!: PointsItemSource;

  @Field(() => ActivityKind, { nullable: true, description: 'Required for ACTIVITY items, none for the others' })
  activityKind?: ActivityKind | null;

  @Field(() => ContactKind, { nullable: true, description: 'Required for CONTACT items, none for the others' })
  contactKind?: ContactKind | null;

  @Field(() => Int, { description: 'Points per record or entry, −100 to 100, not 0; negative deducts' })
  @IsInt()
  @Min(-100)
  @Max(100)
  value!: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  monthCap?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  yearCap?: number | null;
}

@InputType('PointsSchemeVersionInput', { description: 'The rules of a scheme version' })
export class PointsSchemeVersionInput {
  @Field(() => Int, { description: 'The first year scored with it' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fromYear!: number;

  @Field(() => Int, { description: 'Points every member starts the year with (十二分制: 12)' })
  @IsInt()
  @Min(0)
  @Max(1000)
  baseScore!: number;

  @Field(() => [PointsItemInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  items!: PointsItemInput[];

  @Field(() => Int)
  @IsInt()
  @Min(-1000)
  @Max(1000)
  excellentFrom!: number;

  @Field(() => Int)
  @IsInt()
  @Min(-1000)
  @Max(1000)
  qualifiedFrom!: number;

  @Field(() => Int)
  @IsInt()
  @Min(-1000)
  @Max(1000)
  basicallyQualifiedFrom!: number;
}

@InputType('CreatePointsSchemeInput', { description: 'A scheme owned by an outflow-side organisation, or named in an agreement (exactly one of the two)' })
export class CreatePointsSchemeInput {
  @Field()
  @IsText(100, { min: 1 })
  name!: string;

  @Field(() => ID, { nullable: true })
  ownerOrganizationId?: string | null;

  @Field(() => ID, { nullable: true })
  agreementId?: string | null;

  @Field(() => PointsSchemeVersionInput)
  @ValidateNested()
  version!: PointsSchemeVersionInput;
}

@InputType('RevisePointsSchemeInput', { description: 'A new version of a scheme\'s rules; earlier years keep the version they were scored with' })
export class RevisePointsSchemeInput {
  @Field(() => ID)
  schemeId!: string;

  @Field(() => String, { nullable: true, description: 'A new name, if any' })
  @IsText(100, { min: 1 })
  name?: string | null;

  @Field(() => PointsSchemeVersionInput)
  @ValidateNested()
  version!: PointsSchemeVersionInput;
}

@InputType('PointsEntryInput')
export class PointsEntryInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => ID, { description: 'The organisation making the entry' })
  organizationId!: string;

  @Field(() => LocalDate)
  occurredOn!: string;

  @Field({ description: 'A MANUAL item of the scheme in force for the member that year' })
  @IsText(40, { min: 1 })
  itemCode!: string;

  @Field(() => Int, { nullable: true, description: 'Points, −100 to 100, not 0; the item\'s value when left out' })
  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  value?: number | null;

  @Field({ description: 'Why (事由): required' })
  @IsText(500, { min: 1 })
  reason!: string;
}

@InputType('RecordPointsEntriesInput', { description: 'Entries made by hand; all or none. Entries in a published month are recorded as adjustments' })
export class RecordPointsEntriesInput {
  @Field(() => [PointsEntryInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  entries!: PointsEntryInput[];
}

@InputType('RecomputeMonthlyScoresInput')
export class RecomputeMonthlyScoresInput {
  @Field(() => ID, { description: 'Members kept by this organisation or one below it' })
  organizationId!: string;

  @Field(() => Int)
  year!: number;
}

@InputType('PublishPointsQuarterInput')
export class PublishPointsQuarterInput {
  @Field(() => ID, { description: 'The organisation keeping the members\' points (their inflow organisation, else their formal one)' })
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: '1–4' })
  quarter!: number;
}

@ObjectType()
export class RecomputeMonthlyScoresResult {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  deleted!: number;
}

@ObjectType({ description: 'One member\'s line of a quarter as it is posted (季公示)' })
export class PointsQuarterRow {
  @Field(() => ID)
  memberId!: string;

  @Field()
  memberName!: string;

  @Field(() => [Int], { nullable: 'items', description: 'The three months\' scores, in order; null where the member has none' })
  scores!: (number | null)[];

  @Field(() => Int, { description: 'Adjustments made after publication' })
  adjustment!: number;

  @Field(() => [ScoreAdjustment])
  adjustments!: ScoreAdjustment[];

  @Field(() => Int, { description: 'The three months plus the adjustments' })
  total!: number;
}

@ObjectType({ description: 'A quarter of an organisation\'s monthly scores, as a table ready to post' })
export class PointsQuarter {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  quarter!: number;

  @Field(() => [LocalDate])
  months!: string[];

  @Field(() => PointsPublication, { nullable: true, description: 'Set once published: the scores are frozen' })
  publication!: PointsPublication | null;

  @Field(() => [PointsQuarterRow])
  rows!: PointsQuarterRow[];
}
