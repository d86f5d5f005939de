import { IsInt, IsOptional, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { IsRegionCode, IsText } from '../common/validators';
import { AdminRole } from '../common/viewer';

@InputType('CreateAdminUser', { description: 'A console account; there is no self-registration' })
export class CreateAdminUserInput {
  @Field({ description: '3–64 characters of a-z, 0-9, _ . - (stored in lower case)' })
  @IsText(64, { min: 3 })
  username!: string;

  @Field(() => String, { nullable: true, description: 'Shown in the console and the audit log; defaults to the username' })
  @IsText(64)
  displayName?: string | null;

  @Field(() => AdminRole)
  role!: AdminRole;

  @Field(() => String, { nullable: true, description: 'Required for a region admin; optional for a viewer; none for a super admin' })
  @IsRegionCode()
  regionCode?: string | null;

  @Field({ description: 'At least 12 characters; only its argon2id hash is kept' })
  @IsText(256, { min: 12 })
  password!: string;
}

@InputType('UpdateAdminUser', { description: 'Changes take effect on the account\'s next request' })
export class UpdateAdminUserInput {
  @Field(() => String, { nullable: true })
  @IsText(64, { min: 1 })
  displayName?: string | null;

  @Field(() => AdminRole, { nullable: true })
  role?: AdminRole | null;

  @Field(() => String, { nullable: true })
  @IsRegionCode()
  regionCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A disabled account cannot log in and its sessions end' })
  disabled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A new password (at least 12 characters); ends the account\'s sessions' })
  @IsText(256, { min: 12 })
  password?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version you read: a change made since by someone else is refused (CONFLICT, STALE_VERSION)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@InputType()
export class CreateOneAdminUserInput {
  @Field(() => CreateAdminUserInput)
  @ValidateNested()
  adminUser!: CreateAdminUserInput;
}

@InputType()
export class UpdateOneAdminUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => UpdateAdminUserInput)
  @ValidateNested()
  update!: UpdateAdminUserInput;
}
