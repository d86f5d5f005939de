import { ArrayMaxSize, IsOptional, type ValidationOptions } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { partialInput } from '../common/crud/partial-input';
import { LocalDate } from '../common/scalars';
import { defineValidator, IsMobilePhone, IsRegionCode, IsText } from '../common/validators';
import { NATIONAL_ID_MESSAGES, parseNationalId } from './national-id';
import { Member, MemberStatus, MobilityType, PartyStanding } from './member.entity';

/** GB 11643: 18 characters, a real past birth date, the check character right. */
const IsNationalId = (options?: ValidationOptions) =>
  defineValidator('isNationalId', 'NATIONAL_ID', (value) => {
    if (typeof value !== 'string') return 'must be a string';
    const parsed = parseNationalId(value);
    return typeof parsed === 'string' ? NATIONAL_ID_MESSAGES[parsed] : true;
  }, options);

@InputType('CreateMember', { description: 'A new ledger entry; gender and birth date are read from the ID number' })
export class CreateMemberInput {
  @Field()
  @IsText(50, { min: 1 })
  name!: string;

  @Field({ description: 'GB 11643 national ID number (18 characters, check digit verified)' })
  @IsNationalId()
  idNumber!: string;

  @Field(() => String, { nullable: true, description: 'Mainland mobile number' })
  @IsMobilePhone()
  phone?: string | null;

  @Field(() => PartyStanding)
  partyStanding!: PartyStanding;

  @Field(() => LocalDate)
  joinedOn!: string;

  @Field(() => ID, { description: 'The branch holding the formal organisational relationship (outflow side)' })
  formalOrganizationId!: string;

  @Field(() => MobilityType)
  mobilityType!: MobilityType;

  @Field(() => LocalDate)
  outflowDate!: string;

  @Field({ description: 'GB/T 2260 code of where the member now lives' })
  @IsRegionCode()
  destinationRegionCode!: string;

  @Field(() => String, { nullable: true })
  @IsText(200)
  destinationAddress?: string | null;

  @Field(() => Boolean, { nullable: true, description: '出国（境）; false when not given' })
  abroad?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsText(50)
  occupation?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(100)
  workUnit?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(2000)
  ideologicalNote?: string | null;

  @Field(() => ID, { nullable: true, description: 'The inflow-city organisation running the member\'s organisational life' })
  inflowOrganizationId?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(40)
  certificateNumber?: string | null;

  @Field(() => LocalDate, { nullable: true })
  certificateIssuedOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  certificateExpiresOn?: string | null;

  @Field(() => MemberStatus, { nullable: true, description: 'REGISTERED when not given' })
  status?: MemberStatus | null;

  @Field(() => LocalDate, { nullable: true })
  lastContactOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'TRANSFERRED: the day the formal relationship moved' })
  transferredOn?: string | null;

  @Field(() => String, { nullable: true, description: 'TRANSFERRED: the organisation it moved to' })
  @IsText(200)
  transferredTo?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsText(20, { each: true, min: 1 })
  expertiseTags?: string[] | null;
}

export const UpdateMemberInput = partialInput(CreateMemberInput, 'UpdateMember');
export type UpdateMemberInput = Partial<CreateMemberInput>;

@ObjectType({ description: 'A member found by national ID number, with the number as it was asked' })
export class MemberIdNumberMatch {
  @Field({ description: 'The number asked, in canonical form (upper-case X); the member\'s own idNumber stays masked' })
  idNumber!: string;

  @Field(() => Member)
  member!: Member;
}
