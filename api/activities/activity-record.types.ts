import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { partialInput } from '../common/crud/partial-input';
import { LocalDate } from '../common/scalars';
import { IsDecimal, IsText } from '../common/validators';
import { ActivityKind } from './activity-record.entity';

@InputType('CreateActivityRecord')
export class CreateActivityRecordInput {
  @Field(() => ID, { nullable: true, description: 'The member; or give memberIdNumber instead' })
  memberId?: string | null;

  @Field(() => String, { nullable: true, description: 'The member\'s national ID number, for callers that do not know our ids' })
  memberIdNumber?: string | null;

  @Field(() => ID, { description: 'The organisation that ran the activity' })
  organizationId!: string;

  @Field(() => LocalDate)
  occurredOn!: string;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field()
  @IsText(200, { min: 1 })
  title!: string;

  @Field(() => Float, { nullable: true, description: 'Hours of service, 0 to 24 in steps of 0.1' })
  @IsOptional()
  @IsDecimal(1)
  @Min(0)
  @Max(24)
  hours?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  points?: number | null;

  @Field(() => String, { nullable: true, description: 'manual (default), import or api' })
  @IsText(20)
  source?: string | null;
}

export const UpdateActivityRecordInput = partialInput(CreateActivityRecordInput, 'UpdateActivityRecord');
export type UpdateActivityRecordInput = Partial<CreateActivityRecordInput>;
