import { Arg, Authorized, Ctx, Extensions, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { readsColumns } from '../common/crud/read-model';
import { createReadResolver } from '../common/crud/crud.resolver';
import { grantsOf, grantsOfRole, grantsOfScopes, type Permission, PermissionEnum } from '../common/permissions';
import { AdminRole, isPartnerRole, sessionOf } from '../common/viewer';
import { partnerAccountScopes } from './partner-scope';
import { AdminUser } from './admin-user.entity';
import { adminUserResource, adminUserService } from './admin-user.service';
import { CreateOneAdminUserInput, UpdateOneAdminUserInput } from './admin-user.types';

/** Console accounts (super admins only), in the nestjs-query shapes the admin's data provider speaks. */
@Resolver(() => AdminUser)
export class AdminUserResolver extends createReadResolver(adminUserResource, () => adminUserService) {
  @Authorized('users:manage')
  @Mutation(() => AdminUser, { description: 'Creates a console account with an initial password' })
  createOneAdminUser(@Arg('input', () => CreateOneAdminUserInput) input: CreateOneAdminUserInput, @Ctx() ctx: RequestContext) {
    return adminUserService.create(ctx, input.adminUser);
  }

  @Authorized('users:manage')
  @Mutation(() => AdminUser, { description: 'Changes an account: name, role, region, disabled, password' })
  updateOneAdminUser(@Arg('input', () => UpdateOneAdminUserInput) input: UpdateOneAdminUserInput, @Ctx() ctx: RequestContext) {
    return adminUserService.update(ctx, input.id, input.update);
  }

  @FieldResolver(() => [PermissionEnum], {
    description:
      "What the account's role grants (for `me`: what the logged-in admin may do now). The console shows and hides by these instead of copying the grants; the API stays the judge",
  })
  @Extensions(readsColumns('role'))
  permissions(@Root() user: AdminUser, @Ctx() ctx: RequestContext): Permission[] {
    const granted = grantsOfAccount(user, ctx);
    return (Object.values(PermissionEnum) as Permission[]).filter((permission) => granted.has(permission));
  }
}

/**
 * For `me`: exactly what the caller's viewer holds (a partner account's are its agreement's partner
 * token's). For anyone else's account: what its role grants (a partner role: its scopes'; a
 * reviewer's right to submit depends on the agreement and is left out).
 */
function grantsOfAccount(user: AdminUser, ctx: RequestContext): ReadonlySet<Permission> {
  if (sessionOf(ctx.viewer)?.userId === user.id) return grantsOf(ctx.viewer);
  if (!isPartnerRole(user.role)) return grantsOfRole(user.role);
  const grants = grantsOfScopes(partnerAccountScopes(user.role, null));
  if (user.role === AdminRole.PARTNER_ADMIN) grants.add('partners:manage');
  return grants;
}
