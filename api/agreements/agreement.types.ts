import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { partialInput } from '../common/crud/partial-input';
import { LocalDate } from '../common/scalars';
import { IsMonthDay, IsPhoneNumber, IsRegionCode, IsText } from '../common/validators';
import { AgreementDirection } from '../common/agreement-sides';
import { AgreementStatus } from './agreement.entity';

@InputType('CreateAgreement')
export class CreateAgreementInput {
  @Field()
  @IsText(40, { min: 1 })
  code!: string;

  @Field()
  @IsText(200, { min: 1 })
  title!: string;

  @Field({ description: 'The city hosting the platform, e.g. 510100' })
  @IsRegionCode()
  hostRegionCode!: string;

  @Field({ description: 'The partner city or province, e.g. 510600' })
  @IsRegionCode()
  partnerRegionCode!: string;

  @Field(() => AgreementDirection)
  direction!: AgreementDirection;

  @Field(() => LocalDate, { nullable: true })
  signedOn?: string | null;

  @Field(() => LocalDate)
  effectiveFrom!: string;

  @Field(() => LocalDate, { nullable: true })
  effectiveTo?: string | null;

  @Field(() => AgreementStatus, { nullable: true, description: 'DRAFT when not given' })
  status?: AgreementStatus | null;

  @Field(() => String, { nullable: true })
  @IsText(4000)
  hostResponsibilities?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(4000)
  partnerResponsibilities?: string | null;

  @Field(() => String, { nullable: true, description: 'MM-DD in the year after the evaluated year; 01-31 when not given' })
  @IsMonthDay()
  feedbackDeadline?: string | null;

  @Field(() => Int, { nullable: true, description: '12 when not given' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  expectedOrgLifeSessions?: number | null;

  @Field(() => ID, { nullable: true })
  hostOrganizationId?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(100)
  partnerOrganizationName?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(50)
  hostContactName?: string | null;

  @Field(() => String, { nullable: true })
  @IsPhoneNumber()
  hostContactPhone?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(50)
  partnerContactName?: string | null;

  @Field(() => String, { nullable: true })
  @IsPhoneNumber()
  partnerContactPhone?: string | null;
}

export const UpdateAgreementInput = partialInput(CreateAgreementInput, 'UpdateAgreement');
export type UpdateAgreementInput = Partial<CreateAgreementInput>;
