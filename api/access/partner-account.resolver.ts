import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { AdminUser } from './admin-user.entity';
import { partnerAccountService } from './partner-account.service';
import { CreatePartnerAccountInput, UpdatePartnerAccountInput } from './partner-account.types';

/** Partner accounts: console accounts of the partner side, bound to one agreement. */
@Resolver()
export class PartnerAccountResolver {
  @Authorized('partners:manage')
  @Query(() => [AdminUser], { description: 'The partner accounts one manages (of one agreement, when given)' })
  partnerAccounts(@Arg('agreementId', () => ID, { nullable: true }) agreementId: string | null, @Ctx() ctx: RequestContext) {
    return partnerAccountService.list(ctx, agreementId);
  }

  @Authorized('partners:manage')
  @Mutation(() => AdminUser, { description: 'Creates a partner account with the initial password you hand over' })
  createPartnerAccount(@Arg('input', () => CreatePartnerAccountInput) input: CreatePartnerAccountInput, @Ctx() ctx: RequestContext) {
    return partnerAccountService.create(ctx, input);
  }

  @Authorized('partners:manage')
  @Mutation(() => AdminUser, { description: 'Changes a partner account: role, name, disabled (in force from its next request)' })
  updatePartnerAccount(@Arg('input', () => UpdatePartnerAccountInput) input: UpdatePartnerAccountInput, @Ctx() ctx: RequestContext) {
    return partnerAccountService.update(ctx, input);
  }
}
