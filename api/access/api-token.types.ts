import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsRegionCode, IsText } from '../common/validators';
import { TokenScope } from '../common/viewer';
import { ApiToken } from './api-token.entity';
import { AdminUser } from './admin-user.entity';

@InputType({
  description:
    'A token never reaches beyond the admin who issues it. With an agreement, it reaches that agreement (hosted in the issuer\'s region). ' +
    'Without one (stats:read only, a dashboard token), it reads the statistics of the issuer\'s region; issued by a super admin, those of the ' +
    'whole platform — every member and return on it, in aggregate only and under disclosure control.',
})
export class IssueApiTokenInput {
  @Field({ description: 'Who the token is for, e.g. "重庆市委组织部 2026 年度反馈"' })
  @IsText(100, { min: 1 })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Required for every scope except stats:read; the agreement must be in force (ACTIVE, within its dates)' })
  agreementId?: string | null;

  @Field(() => String, { nullable: true, description: "Defaults to the agreement's partner region" })
  @IsRegionCode()
  partnerRegionCode?: string | null;

  @Field(() => [TokenScope])
  @ArrayMinSize(1)
  @ArrayMaxSize(Object.keys(TokenScope).length)
  scopes!: TokenScope[];

  @Field(() => [Int], { nullable: true, description: 'Years of feedback the token may touch; required with feedback scopes' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(2000, { each: true })
  @Max(2100, { each: true })
  years?: number[] | null;

  @Field(() => Date, { description: 'Mandatory, at most 400 days ahead' })
  expiresAt!: Date;
}

@ObjectType({ description: 'The token secret, shown this once and never again' })
export class IssuedApiToken {
  @Field({ description: 'ggt_… — store it now: only its hash is kept' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}

@InputType()
export class LoginInput {
  @Field()
  @IsText(64, { min: 1 })
  username!: string;

  @Field()
  @IsText(256, { min: 1 })
  password!: string;
}

@InputType({ description: 'Your own password, changed: the current one first, as at login' })
export class ChangePasswordInput {
  @Field({ description: 'The password you log in with now' })
  @IsText(256, { min: 1 })
  currentPassword!: string;

  @Field({ description: 'At least 12 characters, not the current one; only its argon2id hash is kept' })
  @IsText(256, { min: 12 })
  newPassword!: string;
}

@ObjectType()
export class LoginResult {
  @Field({ description: 'Session token: send as "Authorization: Bearer <token>"' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => AdminUser)
  user!: AdminUser;
}
