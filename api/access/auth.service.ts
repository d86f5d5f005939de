import { unitOfWork } from '../common/unit-of-work';
import argon2 from 'argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditService } from '../common/audit-trail';
import type { LoginThrottle, RequestContext } from '../common/context';
import { BadUserInputError, DomainError, UnauthenticatedError } from '../common/errors';
import type { AdminRole, AdminViewer } from '../common/viewer';
import { setViewer } from '../common/viewer-settings';
import { AdminSession } from './admin-session.entity';
import { AdminUser } from './admin-user.entity';
import { generateSessionToken } from './token-format';

export const SESSION_HOURS = 8;

/** How a new password appears in the audit trail: that it changed, never what it is or its hash. */
export const PASSWORD_CHANGED = { before: null, after: 'changed' } as const;

/** Ends every open session of an account: a new password, a disabled account. */
export async function endSessionsOf(em: EntityManager, userId: number, at: Date): Promise<void> {
  await em.nativeUpdate(AdminSession, { user: userId, revokedAt: null }, { revokedAt: at });
}
/** Verifying against a fixed hash when the user does not exist keeps timing from revealing usernames. */
const DUMMY_HASH = argon2.hash('not a real password');

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: AdminUser;
}

function adminViewerOf(user: { id: number; username: string; role: AdminRole; region_code: string | null }, sessionId: string): AdminViewer {
  return { kind: 'admin', userId: user.id, username: user.username, role: user.role, regionCode: user.region_code ?? null, sessionId };
}

/**
 * Logins and sessions. Credentials are found before any viewer exists, through the database's
 * auth_* functions (the only door to those tables that row-level security leaves open to the
 * server's role); the Authorization header of each request is resolved by ./credentials.ts.
 */
export class AuthService {
  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async login(ctx: RequestContext, limits: LoginThrottle, username: string, password: string): Promise<LoginResult> {
    const ip = ctx.ip ?? 'unknown';
    await limits.assertLoginAllowed(username, ip);
    const [found]: { id: number; username: string; password_hash: string; disabled: boolean; role: AdminRole; region_code: string | null }[] =
      await ctx.em.execute('select * from auth_login_user(?)', [username.trim().toLowerCase()]);
    const valid = await argon2.verify(found?.password_hash ?? (await DUMMY_HASH), password);
    if (!found || !valid || found.disabled) {
      await limits.loginFailed(username, ip);
      throw new DomainError('UNAUTHENTICATED', 'Wrong username or password', { reason: 'BAD_CREDENTIALS' });
    }
    await limits.loginSucceeded(username);
    // The session is opened as the admin who just proved who they are; the rest of the request stays anonymous.
    const as = { ...ctx, viewer: adminViewerOf(found, '') };
    await setViewer(ctx.em, as.viewer);
    try {
      return await unitOfWork(ctx, async (em) => {
        await em.execute('select auth_logged_in(?, ?)', [found.id, ctx.now]);
        const user = await em.findOneOrFail(AdminUser, { id: found.id });
        const result = this.openSession(em, user, as);
        await auditService.record(as, em, [{ action: 'login', entity: 'AdminUser', entityId: user.id }]);
        return result;
      });
    } finally {
      await setViewer(ctx.em, ctx.viewer);
    }
  }

  private openSession(em: EntityManager, user: AdminUser, ctx: RequestContext): LoginResult {
    const { token, tokenHash } = generateSessionToken();
    const expiresAt = new Date(ctx.now.getTime() + SESSION_HOURS * 3_600_000);
    em.create(AdminSession, { tokenHash, user, expiresAt, ip: ctx.ip ?? null, createdAt: ctx.now });
    return { token, expiresAt, user };
  }

  /**
   * Your own password, changed after the current one is checked as at login (wrong ones count
   * towards the same throttle, so this is no way round it). Every session of the account ends —
   * wherever else it is logged in, someone who had the old password is out — and this one is
   * replaced by the session returned.
   */
  async changePassword(
    ctx: RequestContext,
    limits: LoginThrottle,
    account: { userId: number; username: string; sessionId: string },
    currentPassword: string,
    newPassword: string,
  ): Promise<LoginResult> {
    const ip = ctx.ip ?? 'unknown';
    await limits.assertLoginAllowed(account.username, ip);
    const [found]: { id: number; password_hash: string }[] = await ctx.em.execute('select id, password_hash from auth_login_user(?)', [account.username]);
    if (!found || found.id !== account.userId || !(await argon2.verify(found.password_hash, currentPassword))) {
      await limits.loginFailed(account.username, ip);
      throw new BadUserInputError('currentPassword', 'is not your current password', 'WRONG_PASSWORD');
    }
    await limits.loginSucceeded(account.username);
    // The current password was just verified: a new one equal to it is the same password.
    if (newPassword === currentPassword) {
      throw new BadUserInputError('newPassword', 'must differ from the current password', 'SAME_PASSWORD');
    }
    const hash = await this.hashPassword(newPassword);
    return unitOfWork(ctx, async (em) => {
      const [changed]: { auth_set_own_password: boolean | null }[] = await em.execute('select auth_set_own_password(?)', [hash]);
      if (!changed?.auth_set_own_password) throw new UnauthenticatedError();
      await endSessionsOf(em, account.userId, ctx.now);
      const user = await em.findOneOrFail(AdminUser, { id: account.userId });
      const result = this.openSession(em, user, ctx);
      await auditService.record(ctx, em, [{ action: 'update', entity: 'AdminUser', entityId: user.id, changes: { password: PASSWORD_CHANGED } }]);
      return result;
    });
  }

  /** A fresh session for the same user; the old token stops working at once. */
  async refresh(ctx: RequestContext, viewer: { userId: number; sessionId: string }): Promise<LoginResult> {
    return unitOfWork(ctx, async (em) => {
      await em.nativeUpdate(AdminSession, { id: viewer.sessionId }, { revokedAt: ctx.now });
      const user = await em.findOneOrFail(AdminUser, { id: viewer.userId });
      return this.openSession(em, user, ctx);
    });
  }

  async logout(ctx: RequestContext, viewer: { userId: number; sessionId: string }): Promise<boolean> {
    await unitOfWork(ctx, async (em) => {
      await em.nativeUpdate(AdminSession, { id: viewer.sessionId }, { revokedAt: ctx.now });
      await auditService.record(ctx, em, [{ action: 'logout', entity: 'AdminUser', entityId: viewer.userId }]);
    });
    return true;
  }
}

export const authService = new AuthService();
