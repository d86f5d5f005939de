import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One cell of a breakdown; count is null (and suppressed true) below 5' })
export class StatBucket {
  @Field({ description: 'Enum value or region code' })
  key!: string;

  @Field(() => String, { nullable: true, description: 'Region name, when the key is a region code' })
  label?: string | null;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field()
  suppressed!: boolean;
}

@ObjectType({ description: 'Mobile members in the caller\'s scope, in aggregate only' })
export class MemberStatistics {
  @Field(() => Int, { nullable: true, description: 'Null when below 5' })
  total!: number | null;

  @Field(() => [StatBucket])
  byStatus!: StatBucket[];

  @Field(() => [StatBucket])
  byMobilityType!: StatBucket[];

  @Field(() => [StatBucket], { description: 'By the city (or municipality) of the formal organisation' })
  byFormalRegion!: StatBucket[];

  @Field(() => [StatBucket], { description: 'By the city (or municipality) the member lives in' })
  byDestinationRegion!: StatBucket[];
}

@ObjectType({ description: 'Organisational life and volunteer service in one month' })
export class MonthlyActivity {
  @Field(() => Int)
  month!: number;

  @Field(() => Int, { nullable: true, description: 'Members under care that month (registered before its end, not returned or transferred)' })
  membersUnderCare!: number | null;

  @Field(() => Int, { nullable: true, description: 'Members with at least one organisational-life record that month' })
  participants!: number | null;

  @Field(() => Float, { nullable: true, description: 'participants / membersUnderCare, 0..1' })
  participationRate!: number | null;

  @Field(() => Int, { nullable: true })
  volunteers!: number | null;

  @Field(() => Float, { nullable: true })
  volunteerHours!: number | null;

  @Field({ description: 'True when any figure of the month is withheld for being below 5' })
  suppressed!: boolean;
}

@ObjectType()
export class ActivityStatistics {
  @Field(() => Int)
  year!: number;

  @Field(() => [MonthlyActivity], { description: 'The months of the year that have begun, in order (all twelve for a past year)' })
  months!: MonthlyActivity[];
}

@ObjectType({ description: 'Year-end return progress of one agreement, in aggregate' })
export class AgreementFeedbackStatistics {
  @Field(() => ID)
  agreementId!: number;

  @Field()
  agreementCode!: string;

  @Field()
  agreementTitle!: string;

  @Field(() => Int, { nullable: true, description: 'Returns in all states; null when below 5' })
  total!: number | null;

  @Field(() => [StatBucket], { description: 'By FeedbackStatus' })
  byStatus!: StatBucket[];
}
