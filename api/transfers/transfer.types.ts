import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../common/scalars';
import { IsText } from '../common/validators';

@InputType()
export class RequestTransferInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The agreement covering the member; a partner token\'s own when not given, or the only active one an admin\'s region hosts that covers the member',
  })
  agreementId?: string | null;

  @Field(() => ID, { description: 'The receiving organisation (转入党组织), on the other side of the agreement from the member\'s formal organisation' })
  toOrganizationId!: string;

  @Field({ description: 'Why the relationship should move' })
  @IsText(2000, { min: 1 })
  reason!: string;

  @Field(() => String, { nullable: true, description: '介绍信编号, if already issued' })
  @IsText(50)
  letterNumber?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Required when the member is not transfer-due (Member.transferDueReason names the exception): why the relationship moves anyway',
  })
  @IsText(2000)
  exceptionReason?: string | null;
}

@InputType({ description: 'A step on a transfer request, with the version you read' })
export class TransferStepInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read: refused (CONFLICT, STALE_VERSION) if it changed since' })
  version!: number;
}

@InputType()
export class AcceptTransferInput extends TransferStepInput {
  @Field(() => String, { nullable: true, description: '介绍信编号 of the letter issued with the acceptance' })
  @IsText(50)
  letterNumber?: string | null;
}

@InputType()
export class RejectTransferInput extends TransferStepInput {
  @Field({ description: 'Why the request is refused' })
  @IsText(2000, { min: 1 })
  reason!: string;
}

@InputType()
export class CompleteTransferInput extends TransferStepInput {
  @Field(() => LocalDate, { nullable: true, description: 'The day the relationship moved; today (China time) when not given; not in the future' })
  completedOn?: string | null;
}
