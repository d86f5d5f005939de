import { LockMode } from '@mikro-orm/core';
import { Agreement } from '../agreements/agreement.entity';
import { agreementPolicy } from '../agreements/agreement.policy';
import { auditService, diff, snapshot } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { staleVersion } from '../common/crud/crud.service';
import { allOf, parseIntId } from '../common/crud/filter-query';
import { translateDbError } from '../common/db-errors';
import { BadUserInputError, NotFoundError } from '../common/errors';
import { requirePermission } from '../common/permissions';
import { reachOf } from '../common/policy';
import type { AdminRole } from '../common/viewer';
import { AdminUser } from './admin-user.entity';
import { createAdminUser } from './admin-user.service';
import { authService, endSessionsOf, PASSWORD_CHANGED } from './auth.service';
import { partnerAccountPolicy } from './partner-account.policy';
import type { CreatePartnerAccountInput, UpdatePartnerAccountInput } from './partner-account.types';
import { unitOfWork } from '../common/unit-of-work';

/**
 * Partner accounts: created and disabled by the host's admins (agreements their region hosts) or
 * by the partner administrator they designate (its own agreement). What such an account may do is
 * not decided here: its session is its agreement's partner viewer (./partner-scope.ts).
 */
export class PartnerAccountService {
  list(ctx: RequestContext, rawAgreementId: string | null | undefined): Promise<AdminUser[]> {
    requirePermission(ctx.viewer, 'partners:manage');
    const where = rawAgreementId ? { agreement: parseIntId(rawAgreementId, 'agreementId') } : {};
    return ctx.em.find(AdminUser, allOf<AdminUser>(where, partnerAccountPolicy.read(ctx.viewer)), { orderBy: { agreement: 'ASC', username: 'ASC' } });
  }

  async create(ctx: RequestContext, input: CreatePartnerAccountInput): Promise<AdminUser> {
    requirePermission(ctx.viewer, 'partners:manage');
    const agreementId = await this.agreementFor(ctx, input.agreementId);
    this.assertGrantable(ctx, input.role, 'input.role');
    return unitOfWork(
      ctx,
      (em) => createAdminUser(em, { username: input.username, password: input.password, role: input.role, displayName: input.displayName, agreementId }, 'input'),
      {
        audit: (user) => [{ action: 'create', entity: 'AdminUser', entityId: user.id, changes: diff(null, snapshot(user)) }],
        translateError: (error) => translateDbError(error, { admin_user_username_unique: 'username' }, { fieldPrefix: 'input' }),
      },
    );
  }

  /**
   * Role, name, disabled flag, and a new password for a person who forgot theirs. Disabling or a new
   * password ends the account's sessions; the rest is read afresh on its next request anyway.
   */
  update(ctx: RequestContext, input: UpdatePartnerAccountInput): Promise<AdminUser> {
    requirePermission(ctx.viewer, 'partners:manage');
    const id = parseIntId(input.id, 'input.id');
    if (input.role != null) this.assertGrantable(ctx, input.role, 'input.role');
    return unitOfWork(ctx, async (em) => {
      const user = await em.findOne(AdminUser, allOf<AdminUser>({ id }, partnerAccountPolicy.write(ctx.viewer)), { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user) throw new NotFoundError('AdminUser', id);
      if (input.version != null && input.version !== user.version) throw staleVersion(input.version, user.version);
      const before = snapshot(user);
      if (input.role != null) user.role = input.role;
      if (input.displayName != null) user.displayName = input.displayName.trim();
      if (input.disabled != null) user.disabled = input.disabled;
      if (input.password != null) user.passwordHash = await authService.hashPassword(input.password);
      if (input.password != null || (user.disabled && !before.disabled)) {
        await endSessionsOf(em, user.id, ctx.now);
      }
      user.version += 1;
      await em.flush();
      const changes = diff(before, snapshot(user));
      if (input.password != null) changes.password = PASSWORD_CHANGED;
      await auditService.record(ctx, em, [{ action: 'update', entity: 'AdminUser', entityId: user.id, changes }]);
      return user;
    });
  }

  private assertGrantable(ctx: RequestContext, role: AdminRole, field: string): void {
    const grantable = partnerAccountPolicy.rolesGrantable(ctx.viewer);
    if (!grantable.includes(role)) throw new BadUserInputError(field, `must be one of ${grantable.join(', ')}`, 'ROLE_NOT_ALLOWED');
  }

  /** The agreement the account is for: one the admin's region hosts, or the partner administrator's own. */
  private async agreementFor(ctx: RequestContext, raw: string): Promise<number> {
    const id = parseIntId(raw, 'input.agreementId');
    const reach = reachOf(ctx.viewer);
    if (reach.kind === 'agreement') {
      if (reach.agreement.id !== id) throw new BadUserInputError('input.agreementId', 'a partner administrator manages the accounts of its own agreement only', 'NOT_YOUR_AGREEMENT');
      return id;
    }
    const agreement = await ctx.em.findOne(Agreement, allOf({ id }, agreementPolicy.write(ctx.viewer)), { fields: ['id'] });
    if (!agreement) throw new BadUserInputError('input.agreementId', 'no such agreement your region hosts', 'UNKNOWN_REFERENCE');
    return id;
  }
}

export const partnerAccountService = new PartnerAccountService();
