import { Field, ID, InputType } from 'type-graphql';
import { partialInput } from '../common/crud/partial-input';
import { LocalDate } from '../common/scalars';
import { IsPhoneNumber, IsText } from '../common/validators';
import { ContactRole } from './contact-pairing.entity';
import { ContactChannel, ContactKind } from './contact-record.entity';
import { LostContactOutcome, SearchChannel } from './lost-contact-case.entity';

@InputType('CreateContactRecord')
export class CreateContactRecordInput {
  @Field(() => ID, { nullable: true, description: 'The member; or give memberIdNumber instead' })
  memberId?: string | null;

  @Field(() => String, { nullable: true, description: 'The member\'s national ID number, for imports that do not know our ids' })
  memberIdNumber?: string | null;

  @Field(() => ContactKind)
  kind!: ContactKind;

  @Field(() => LocalDate, { description: 'Not in the future' })
  occurredOn!: string;

  @Field(() => ContactChannel, { nullable: true, description: 'IN_PERSON when not given' })
  channel?: ContactChannel | null;

  @Field({ description: 'Who held it, or received the report' })
  @IsText(100, { min: 1 })
  heldBy!: string;

  @Field(() => String, { nullable: true })
  @IsText(2000)
  notes?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(2000)
  followUp?: string | null;

  @Field(() => String, { nullable: true, description: 'manual (default), import or api' })
  @IsText(20)
  source?: string | null;
}

export const UpdateContactRecordInput = partialInput(CreateContactRecordInput, 'UpdateContactRecord');
export type UpdateContactRecordInput = Partial<CreateContactRecordInput>;

@InputType('CreateContactPairing')
export class CreateContactPairingInput {
  @Field(() => ID)
  memberId!: string;

  @Field()
  @IsText(64, { min: 1 })
  contactName!: string;

  @Field(() => ContactRole)
  contactRole!: ContactRole;

  @Field(() => ID, { nullable: true, description: 'The contact person\'s organisation' })
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile or office number; shown masked' })
  @IsPhoneNumber()
  phone?: string | null;

  @Field(() => LocalDate)
  fromOn!: string;

  @Field(() => LocalDate, { nullable: true })
  toOn?: string | null;
}

export const UpdateContactPairingInput = partialInput(CreateContactPairingInput, 'UpdateContactPairing');
export type UpdateContactPairingInput = Partial<CreateContactPairingInput>;

@InputType()
export class OpenLostContactCaseInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => LocalDate, { description: 'Not in the future' })
  openedOn!: string;

  @Field({ description: 'Who opens the case' })
  @IsText(100, { min: 1 })
  openedBy!: string;

  @Field(() => LocalDate, { nullable: true })
  lastKnownContactOn?: string | null;

  @Field({ description: 'Last known facts: where, with whom, what phone, what work' })
  @IsText(2000, { min: 1 })
  lastKnownFacts!: string;
}

@InputType()
export class AddLostContactAttemptInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => LocalDate, { description: 'On or after the case was opened, not in the future' })
  attemptedOn!: string;

  @Field(() => SearchChannel)
  channel!: SearchChannel;

  @Field()
  @IsText(100, { min: 1 })
  attemptedBy!: string;

  @Field()
  @IsText(2000, { min: 1 })
  result!: string;
}

@InputType()
export class CloseLostContactCaseInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => LostContactOutcome)
  outcome!: LostContactOutcome;

  @Field(() => LocalDate, { description: 'On or after the case was opened, not in the future' })
  closedOn!: string;

  @Field()
  @IsText(100, { min: 1 })
  closedBy!: string;

  @Field(() => String, { nullable: true })
  @IsText(2000)
  closingNote?: string | null;
}
