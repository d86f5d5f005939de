import { IsInt, IsOptional, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { IsText } from '../common/validators';
import { AdminRole } from '../common/viewer';

@InputType({
  description:
    'A console account for a person of the partner side, bound to one agreement: it sees and does exactly what a partner token of that agreement with the same work would',
})
export class CreatePartnerAccountInput {
  @Field(() => ID, { description: 'The agreement: one your region hosts; a partner administrator: its own' })
  agreementId!: string;

  @Field({ description: '3–64 characters of a-z, 0-9, _ . - (stored in lower case)' })
  @IsText(64, { min: 3 })
  username!: string;

  @Field(() => String, { nullable: true, description: 'Shown in the console and the audit log; defaults to the username' })
  @IsText(64)
  displayName?: string | null;

  @Field(() => AdminRole, { description: 'PARTNER_REVIEWER or PARTNER_VIEWER; PARTNER_ADMIN (designated by the host) only by the host\'s admins' })
  role!: AdminRole;

  @Field({ description: 'At least 12 characters, handed to the person by you; only its argon2id hash is kept' })
  @IsText(256, { min: 12 })
  password!: string;
}

@InputType({ description: 'Changes take effect on the account\'s next request' })
export class UpdatePartnerAccountInput {
  @Field(() => ID)
  id!: string;

  @Field(() => AdminRole, { nullable: true })
  role?: AdminRole | null;

  @Field(() => String, { nullable: true })
  @IsText(64, { min: 1 })
  displayName?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A disabled account cannot log in and its sessions end' })
  disabled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A new password (at least 12 characters) you hand to the person, who forgot theirs; ends the account\'s sessions' })
  @IsText(256, { min: 12 })
  password?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version you read: a change made since by someone else is refused (CONFLICT, STALE_VERSION)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}
