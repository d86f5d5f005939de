import { unitOfWork } from '../common/unit-of-work';
import { randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditService, diff, snapshot } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { translateDbError } from '../common/db-errors';
import { staleVersion } from '../common/crud/crud.service';
import { parseIntId } from '../common/crud/filter-query';
import { ReadService } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { isWellFormedRegionCode } from '../common/region-code';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import { AdminRole, isPartnerRole } from '../common/viewer';
import { AdminUser } from './admin-user.entity';
import { adminUserPolicy } from './admin-user.policy';
import type { CreateAdminUserInput, UpdateAdminUserInput } from './admin-user.types';
import { authService, endSessionsOf, PASSWORD_CHANGED } from './auth.service';

export const MIN_PASSWORD_LENGTH = 12;

export const adminUserResource = new Resource<AdminUser>({
  entity: AdminUser,
  name: 'AdminUser',
  plural: 'AdminUsers',
  permissions: { read: 'users:manage' },
  fields: {
    id: { kind: 'id', sortable: true },
    username: { kind: 'string', sortable: true },
    displayName: { kind: 'string', sortable: true },
    role: { kind: { enum: AdminRole, name: 'AdminRole' }, sortable: true },
    regionCode: { kind: 'string', sortable: true },
    disabled: { kind: 'boolean', sortable: true },
    lastLoginAt: { kind: 'datetime', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'username', direction: 'ASC' }],
});

export interface NewAdmin {
  username: string;
  password: string;
  role: AdminRole;
  regionCode?: string | null;
  displayName?: string | null;
  /** A partner account's agreement: required with a PARTNER_* role, refused with any other. */
  agreementId?: number | null;
}

/** Role and region must agree: a region admin is nothing without a region, a super admin has none. */
function regionFor(role: AdminRole, regionCode: string | null | undefined, field: string): string | null {
  if (role === AdminRole.SUPER_ADMIN) return null;
  if (role === AdminRole.REGION_ADMIN && !regionCode) throw new BadUserInputError(field, 'a region admin needs a region code', 'REQUIRED');
  if (regionCode && !isWellFormedRegionCode(regionCode)) throw new BadUserInputError(field, 'is not a GB/T 2260 region code', 'REGION_CODE');
  return regionCode ?? null;
}

/**
 * Creates an admin account: from the console (super admins), the command line and the demo seed.
 * `field` prefixes error paths (`adminUser.username`).
 */
export async function createAdminUser(em: EntityManager, admin: NewAdmin, field?: string): Promise<AdminUser> {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  const username = admin.username.trim().toLowerCase();
  if (!/^[a-z0-9_.-]{3,64}$/.test(username)) throw new BadUserInputError(at('username'), '3–64 characters of a-z, 0-9, _ . -', 'USERNAME');
  if (isPartnerRole(admin.role) !== (admin.agreementId != null)) {
    throw new BadUserInputError(at('role'), 'partner roles belong to partner accounts, bound to an agreement (createPartnerAccount)', 'ROLE_NOT_ALLOWED');
  }
  if (admin.password.length < MIN_PASSWORD_LENGTH) throw new BadUserInputError(at('password'), `at least ${MIN_PASSWORD_LENGTH} characters`, 'TEXT');
  if ((await em.count(AdminUser, { username })) > 0) {
    throw new ConflictError(`${at('username')}: this username is taken`, { field: at('username'), reason: 'DUPLICATE' });
  }
  const user = em.create(AdminUser, {
    username,
    passwordHash: await authService.hashPassword(admin.password),
    role: admin.role,
    regionCode: regionFor(admin.role, admin.regionCode, at('regionCode')),
    displayName: admin.displayName?.trim() || username,
    agreement: admin.agreementId ?? null,
  });
  await em.flush();
  return user;
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** On the first start of the demo database: one super admin with a fresh password, printed once. */
export async function ensureDemoAdmin(em: EntityManager): Promise<{ username: string; password: string } | null> {
  if ((await em.count(AdminUser, {})) > 0) return null;
  const password = generatePassword();
  await createAdminUser(em, { username: 'admin', password, role: AdminRole.SUPER_ADMIN, displayName: '系统管理员' });
  return { username: 'admin', password };
}

/** Console accounts, managed by super admins. Every change is audited; passwords never leave. */
export class AdminUserService extends ReadService<AdminUser, number> {
  constructor() {
    super(adminUserResource, adminUserPolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }


  create(ctx: RequestContext, input: CreateAdminUserInput): Promise<AdminUser> {
    return unitOfWork(ctx, (em) => createAdminUser(em, input, 'adminUser'), {
      audit: (user) => [{ action: 'create', entity: 'AdminUser', entityId: user.id, changes: diff(null, snapshot(user)) }],
      // The same username created at the same moment: the constraint decides, the client hears CONFLICT.
      translateError: (error) => translateDbError(error, { admin_user_username_unique: 'username' }, { fieldPrefix: 'adminUser' }),
    });
  }

  /**
   * Role, region, name, disabled flag and password. A new password or a disabled account ends the
   * account's sessions; role and region are read afresh on every request anyway.
   */
  update(ctx: RequestContext, rawId: string, update: UpdateAdminUserInput): Promise<AdminUser> {
    const id = this.parseKey(rawId, 'id');
    return unitOfWork(ctx, async (em) => {
      const user = await em.findOne(AdminUser, this.withinScope(ctx, { id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user) throw new NotFoundError('AdminUser', id);
      if (update.version != null && update.version !== user.version) throw staleVersion(update.version, user.version);
      const before = snapshot(user);
      const role = update.role ?? user.role;
      if (isPartnerRole(role) !== isPartnerRole(user.role)) {
        throw new BadUserInputError('update.role', 'a partner account stays one, and a host account cannot become one', 'ROLE_NOT_ALLOWED');
      }
      const disabled = update.disabled ?? user.disabled;
      await this.assertNoLockout(ctx, em, user, role, disabled);

      if (update.displayName != null) user.displayName = update.displayName.trim();
      user.role = role;
      user.regionCode = regionFor(role, update.regionCode === undefined ? user.regionCode : update.regionCode, 'update.regionCode');
      user.disabled = disabled;
      if (update.password != null) user.passwordHash = await authService.hashPassword(update.password);
      if (update.password != null || (disabled && !before.disabled)) {
        await endSessionsOf(em, user.id, ctx.now);
      }
      user.version += 1;
      await em.flush();
      const changes = diff(before, snapshot(user));
      if (update.password != null) changes.password = PASSWORD_CHANGED;
      await auditService.record(ctx, em, [{ action: 'update', entity: 'AdminUser', entityId: user.id, changes }]);
      return user;
    });
  }

  /**
   * Nobody locks the console: you cannot disable or demote yourself, and the last active super
   * admin stays one.
   */
  private async assertNoLockout(ctx: RequestContext, em: EntityManager, user: AdminUser, role: AdminRole, disabled: boolean): Promise<void> {
    const demoted = user.role === AdminRole.SUPER_ADMIN && role !== AdminRole.SUPER_ADMIN;
    const disabling = disabled && !user.disabled;
    if (!demoted && !disabling) return;
    if (ctx.viewer.kind === 'admin' && ctx.viewer.userId === user.id) {
      throw new ConflictError('You cannot disable your own account or take away your own role', { reason: 'SELF_LOCKOUT' });
    }
    if (user.role === AdminRole.SUPER_ADMIN && !user.disabled) {
      // Locked, so that two super admins demoting each other at once cannot both succeed.
      const active = await em.find(AdminUser, { role: AdminRole.SUPER_ADMIN, disabled: false }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
      if (!active.some((other) => other.id !== user.id)) throw new ConflictError('This is the last active super admin', { reason: 'LAST_SUPER_ADMIN' });
    }
  }
}

export const adminUserService = new AdminUserService();
