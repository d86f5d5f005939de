import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../common/scalars';
import { IsText } from '../common/validators';
import { MemberStatus, MobilityType, PartyStanding } from '../members/member.entity';
import { NoticeKind, RosterExchangeRow } from './notice.entity';

@InputType({ description: 'The structured facts of a notice: inflow alerts carry arrivedOn and destinationRegionCode, departures leftOn, status changes statusAfter' })
export class NoticeFactsInput {
  @Field(() => LocalDate, { nullable: true })
  arrivedOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  leftOn?: string | null;

  @Field(() => String, { nullable: true })
  destinationRegionCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(200)
  destinationAddress?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(50)
  occupation?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(100)
  workUnit?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(200)
  formalOrganizationName?: string | null;

  @Field(() => MemberStatus, { nullable: true })
  statusBefore?: MemberStatus | null;

  @Field(() => MemberStatus, { nullable: true })
  statusAfter?: MemberStatus | null;

  @Field(() => String, { nullable: true })
  @IsText(200)
  transferredTo?: string | null;
}

@InputType()
export class SendNoticeInput {
  @Field(() => ID)
  agreementId!: string;

  @Field(() => NoticeKind)
  kind!: NoticeKind;

  @Field(() => ID, { nullable: true, description: 'A member the agreement covers; or give idNumber' })
  memberId?: string | null;

  @Field(() => String, { nullable: true, description: 'The person\'s national ID number: an inflow alert may name a person the host does not know yet' })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'The person\'s name (required with idNumber for an inflow alert)' })
  @IsText(50)
  personName?: string | null;

  @Field(() => NoticeFactsInput, { nullable: true })
  facts?: NoticeFactsInput | null;

  @Field(() => String, { nullable: true, description: 'Free text; required for MESSAGE' })
  @IsText(2000)
  body?: string | null;
}

@InputType()
export class AnswerNoticeInput {
  @Field(() => ID)
  id!: string;

  @Field()
  @IsText(2000, { min: 1 })
  answer!: string;
}

@InputType({ description: 'What the host completes to create a ledger entry from a pending one (name and ID number come from the entry)' })
export class ConfirmPendingMemberEntryInput {
  @Field(() => ID)
  id!: string;

  @Field(() => PartyStanding)
  partyStanding!: PartyStanding;

  @Field(() => LocalDate)
  joinedOn!: string;

  @Field(() => ID, { description: 'The branch holding the formal organisational relationship (outflow side)' })
  formalOrganizationId!: string;

  @Field(() => MobilityType)
  mobilityType!: MobilityType;

  @Field(() => LocalDate, { nullable: true, description: 'The entry\'s arrivedOn when not given' })
  outflowDate?: string | null;

  @Field(() => String, { nullable: true, description: 'The entry\'s destinationRegionCode when not given' })
  destinationRegionCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(200)
  destinationAddress?: string | null;

  @Field(() => ID, { nullable: true })
  inflowOrganizationId?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(50)
  occupation?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(100)
  workUnit?: string | null;
}

@InputType()
export class MergePendingMemberEntryInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The member already in the ledger: the same person (the same ID number)' })
  memberId!: string;
}

@InputType()
export class DeclinePendingMemberEntryInput {
  @Field(() => ID)
  id!: string;

  @Field()
  @IsText(2000, { min: 1 })
  reason!: string;
}

@InputType({ description: 'One member of a roster: ID number, name, and the facts an inflow alert carries' })
export class RosterRowInput {
  @Field()
  idNumber!: string;

  @Field()
  name!: string;

  @Field(() => LocalDate, { nullable: true })
  arrivedOn?: string | null;

  @Field(() => String, { nullable: true })
  destinationRegionCode?: string | null;

  @Field(() => String, { nullable: true })
  destinationAddress?: string | null;

  @Field(() => String, { nullable: true })
  occupation?: string | null;

  @Field(() => String, { nullable: true })
  workUnit?: string | null;

  @Field(() => String, { nullable: true })
  formalOrganizationName?: string | null;
}

@InputType()
export class SendRosterInput {
  @Field(() => ID)
  agreementId!: string;

  @Field(() => String, { nullable: true, description: 'Your own id of this roster: sent again, it answers the same reconciliation (a different roster under it: CONFLICT)' })
  @IsText(100)
  clientRosterId?: string | null;

  @Field(() => [RosterRowInput], { description: 'At most 5,000 rows; all or nothing' })
  rows!: RosterRowInput[];
}

@ObjectType()
export class RosterExchangeRowConnection {
  @Field(() => [RosterExchangeRow])
  nodes!: RosterExchangeRow[];

  @Field(() => Int)
  totalCount!: number;
}
