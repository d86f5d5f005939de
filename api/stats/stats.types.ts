import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

/** The disclosure control every figure of these types passes (api/stats/disclosure.ts). */
const AS_OF = 'When the figures were read. The statistics are kept up to date by every write, in its own transaction, so they are exact at this instant';

const DISCLOSURE =
  'Every count is withheld below 5 (zero included) and otherwise rounded to the nearest multiple of 5; counts that arithmetic on the rest would give away are withheld too';

@ObjectType({
  description: `One cell of a breakdown. ${DISCLOSURE}. Region breakdowns name only regions of 5 or more members and gather the others under the key OTHER`,
})
export class StatBucket {
  @Field({ description: 'Enum value, region code, or OTHER' })
  key!: string;

  @Field(() => String, { nullable: true, description: 'Region name, when the key is a region code' })
  label?: string | null;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field()
  suppressed!: boolean;
}

@ObjectType({
  description: `Mobile members in the caller's aggregate reach (an admin's region, a token's agreement, a dashboard token's issuer region or the whole platform), in aggregate only. ${DISCLOSURE}`,
})
export class MemberStatistics {
  @Field(() => Date, { description: AS_OF })
  asOf!: Date;

  @Field(() => Int, { nullable: true, description: 'Rounded to a multiple of 5; null when withheld' })
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

@ObjectType({ description: `Organisational life and volunteer service in one month. ${DISCLOSURE}` })
export class MonthlyActivity {
  @Field(() => Int)
  month!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      "在管党员, members under care that month — the figure's one definition: ledger entries whose outflow date falls on or before the month's last day and that are still open, i.e. in any status but RETURNED and TRANSFERRED (registered, reported, managed and lost contact alike, by their current status). Not the status MANAGED (已纳管) alone. The console's 在管党员 card shows this figure for the month in progress",
  })
  membersUnderCare!: number | null;

  @Field(() => Int, { nullable: true, description: 'Members under care that month with at least one organisational-life record in it' })
  participants!: number | null;

  @Field(() => Float, { nullable: true, description: 'participants / membersUnderCare as published (both rounded), 0..1' })
  participationRate!: number | null;

  @Field(() => Int, { nullable: true })
  volunteers!: number | null;

  @Field(() => Float, { nullable: true })
  volunteerHours!: number | null;

  @Field({ description: 'True when any figure of the month is withheld' })
  suppressed!: boolean;
}

@ObjectType()
export class ActivityStatistics {
  @Field(() => Date, { description: AS_OF })
  asOf!: Date;

  @Field(() => Int)
  year!: number;

  @Field(() => [MonthlyActivity], { description: 'The months of the year that have begun, in order (all twelve for a past year)' })
  months!: MonthlyActivity[];
}

@ObjectType({ description: `The grades the points suggest in one organisation, in aggregate. ${DISCLOSURE}` })
export class OrganizationPoints {
  @Field({ description: 'The organisation id, or OTHER' })
  key!: string;

  @Field()
  organizationName!: string;

  @Field(() => Int, { nullable: true, description: 'Members scored (probationary members are not graded)' })
  total!: number | null;

  @Field(() => [StatBucket], { description: 'By EvaluationGrade' })
  byGrade!: StatBucket[];
}

@ObjectType({ description: `How the members under care are looked after, as of today, in aggregate. ${DISCLOSURE}` })
export class CareStatistics {
  @Field(() => Date, { description: AS_OF })
  asOf!: Date;

  @Field(() => Int, {
    nullable: true,
    description: 'Members under care for the whole of the last six months: arrived six months ago or earlier, neither returned nor transferred (lost-contact members included)',
  })
  membersUnderCare!: number | null;

  @Field(() => Int, { nullable: true, description: 'Those among them with no organisational-life record in the last six months' })
  withoutOrgLifeSixMonths!: number | null;

  @Field(() => Float, { nullable: true, description: 'withoutOrgLifeSixMonths / membersUnderCare as published (both rounded), 0..1' })
  withoutOrgLifeSixMonthsRate!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: '一季度一谈心: open members (not returned, transferred or lost contact) with no talk or reminder talk yet this quarter (Member.talkDue)',
  })
  talksDue!: number | null;

  @Field(() => Int, { nullable: true, description: 'Those among them with none in the previous quarter either' })
  talksOverdue!: number | null;

  @Field(() => Int, { nullable: true, description: 'Open members with no family visit yet this half year (Member.familyVisitDue)' })
  familyVisitsDue!: number | null;

  @Field(() => Int, { nullable: true, description: 'Lost-contact cases still open (组织找党员)' })
  openLostContactCases!: number | null;

  @Field(() => [StatBucket], {
    description: 'Open cases by how long they have been open: UNDER_1_MONTH (under 30 days), MONTHS_1_TO_3, MONTHS_3_TO_6, MONTHS_6_TO_12, OVER_1_YEAR (365 days or more)',
  })
  openLostContactCasesByAge!: StatBucket[];
}

@ObjectType({ description: `十二分制 in aggregate. ${DISCLOSURE}` })
export class PointsStatistics {
  @Field(() => Int)
  year!: number;

  @Field(() => [OrganizationPoints], {
    description:
      'Per organisation keeping the scores (largest first; those with fewer than 5 members scored gathered under OTHER): members by the grade their score so far points to (base score + the year\'s months and adjustments, the thresholds of their scheme). Partners count published months only',
  })
  organizations!: OrganizationPoints[];
}

@ObjectType({ description: `Year-end return progress of one agreement, in aggregate. ${DISCLOSURE}` })
export class AgreementFeedbackStatistics {
  @Field(() => Date, { description: AS_OF })
  asOf!: Date;

  @Field(() => ID)
  agreementId!: number;

  @Field()
  agreementCode!: string;

  @Field()
  agreementTitle!: string;

  @Field(() => Int, { nullable: true, description: 'Returns in all states, rounded; null when withheld' })
  total!: number | null;

  @Field(() => [StatBucket], { description: 'By FeedbackStatus' })
  byStatus!: StatBucket[];
}
