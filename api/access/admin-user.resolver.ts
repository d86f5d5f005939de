import { Arg, Authorized, Ctx, Extensions, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { readsColumns } from '../common/crud/read-model';
import { createReadResolver } from '../common/crud/crud.resolver';
import { grantsOfRole, type Permission, PermissionEnum } from '../common/permissions';
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
  permissions(@Root() user: AdminUser): Permission[] {
    const granted = grantsOfRole(user.role);
    return (Object.values(PermissionEnum) as Permission[]).filter((permission) => granted.has(permission));
  }
}
