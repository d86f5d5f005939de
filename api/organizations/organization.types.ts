import { Field, ID, InputType } from 'type-graphql';
import { partialInput } from '../common/crud/partial-input';
import { IsPhoneNumber, IsRegionCode, IsText } from '../common/validators';
import { OrganizationKind, OrganizationLevel } from './organization.entity';

@InputType('CreateOrganization')
export class CreateOrganizationInput {
  @Field({ description: 'Unique organisation code' })
  @IsText(40, { min: 1 })
  code!: string;

  @Field()
  @IsText(100, { min: 1 })
  name!: string;

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => OrganizationLevel)
  level!: OrganizationLevel;

  @Field(() => ID, { nullable: true, description: 'Parent organisation; none for a root' })
  parentId?: string | null;

  @Field()
  @IsRegionCode()
  regionCode!: string;

  @Field(() => String, { nullable: true, description: 'For an office stationed elsewhere (驻外), where it works' })
  @IsRegionCode()
  hostRegionCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(50)
  secretaryName?: string | null;

  @Field(() => String, { nullable: true })
  @IsText(50)
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  @IsPhoneNumber()
  contactPhone?: string | null;
}

export const UpdateOrganizationInput = partialInput(CreateOrganizationInput, 'UpdateOrganization');
export type UpdateOrganizationInput = Partial<CreateOrganizationInput>;
