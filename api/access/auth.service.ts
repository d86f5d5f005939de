import argon2 from 'argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AgreementStatus } from '../agreements/agreement.entity';
import { auditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context';
import { chinaDate } from '../common/dates';
import { DomainError, UnauthenticatedError } from '../common/errors';
import { AdminSession } from './admin-session.entity';
import { AdminUser } from './admin-user.entity';
import { ApiToken } from './api-token.entity';
import type { RateLimits } from './rate-limits';
import { generateSessionToken, hashSecret, parseApiToken, secretMatches } from './token-format';
import { ANONYMOUS, type AdminViewer, type TokenViewer, type Viewer } from './viewer';

export const SESSION_HOURS = 8;
/** Token "last used" is written at most this often, so reads do not become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** Verifying against a fixed hash when the user does not exist keeps timing from revealing usernames. */
const DUMMY_HASH = argon2.hash('not a real password');

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: AdminUser;
}

/** Logins, sessions and the resolution of the Authorization header into one Viewer. */
export class AuthService {
  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  /** Reads `Authorization: Bearer …`: no header is anonymous; anything presented must be valid. */
  async resolveViewer(em: EntityManager, authorization: string | undefined, ip: string, now: Date): Promise<Viewer> {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    const credential = match[1]!;
    if (credential.startsWith('ggs_')) return this.sessionViewer(em, credential, now);
    if (credential.startsWith('ggt_')) return this.tokenViewer(em, credential, ip, now);
    throw new UnauthenticatedError('Unknown kind of token');
  }

  private async sessionViewer(em: EntityManager, token: string, now: Date): Promise<AdminViewer> {
    const session = await em.findOne(
      AdminSession,
      { tokenHash: hashSecret(token), revokedAt: null, expiresAt: { $gt: now }, user: { disabled: false } },
      { populate: ['user'] },
    );
    if (!session) throw new UnauthenticatedError('The session has expired or was ended; log in again');
    const user = session.user.getEntity();
    return { kind: 'admin', userId: user.id, username: user.username, role: user.role, regionCode: user.regionCode ?? null, sessionId: session.id };
  }

  private async tokenViewer(em: EntityManager, token: string, ip: string, now: Date): Promise<TokenViewer> {
    const parsed = parseApiToken(token);
    if (!parsed) throw new UnauthenticatedError('Malformed API token (checksum mismatch)');
    const row = await em.findOne(ApiToken, { publicId: parsed.publicId }, { populate: ['agreement'] });
    if (!row || !secretMatches(parsed.secret, row.secretHash)) throw new UnauthenticatedError('Unknown API token');
    if (row.revokedAt) throw new UnauthenticatedError('This API token has been revoked');
    if (row.expiresAt <= now) throw new UnauthenticatedError('This API token has expired');
    const agreement = row.agreement?.getEntity() ?? null;
    if (agreement) {
      const today = chinaDate(now);
      const inForce = agreement.status === AgreementStatus.ACTIVE && agreement.effectiveFrom <= today && (!agreement.effectiveTo || agreement.effectiveTo >= today);
      if (!inForce) throw new UnauthenticatedError('The agreement this token was issued under is not in force');
    }
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await em.nativeUpdate(ApiToken, { id: row.id }, { lastUsedAt: now, lastUsedIp: ip });
    }
    return {
      kind: 'token',
      tokenId: row.id,
      publicId: row.publicId,
      name: row.name,
      scopes: row.scopes,
      agreement: agreement && {
        id: agreement.id,
        hostRegionCode: agreement.hostRegionCode,
        partnerRegionCode: agreement.partnerRegionCode,
        direction: agreement.direction,
      },
      partnerRegionCode: row.partnerRegionCode ?? null,
      years: row.years,
    };
  }

  async login(ctx: RequestContext, limits: RateLimits, username: string, password: string): Promise<LoginResult> {
    const ip = ctx.ip ?? 'unknown';
    await limits.assertLoginAllowed(username, ip);
    const user = await ctx.em.findOne(AdminUser, { username: username.trim().toLowerCase() });
    const valid = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !valid || user.disabled) {
      await limits.loginFailed(username, ip);
      throw new DomainError('UNAUTHENTICATED', 'Wrong username or password', { reason: 'BAD_CREDENTIALS' });
    }
    await limits.loginSucceeded(username);
    return ctx.em.transactional(async (em) => {
      const result = this.openSession(em as EntityManager, user, ctx);
      user.lastLoginAt = ctx.now;
      await auditService.record({ ...ctx, viewer: { kind: 'admin', userId: user.id, username: user.username, role: user.role, regionCode: user.regionCode ?? null, sessionId: '' } }, em as EntityManager, [
        { action: 'login', entity: 'AdminUser', entityId: user.id },
      ]);
      return result;
    });
  }

  private openSession(em: EntityManager, user: AdminUser, ctx: RequestContext): LoginResult {
    const { token, tokenHash } = generateSessionToken();
    const expiresAt = new Date(ctx.now.getTime() + SESSION_HOURS * 3_600_000);
    em.create(AdminSession, { tokenHash, user, expiresAt, ip: ctx.ip ?? null, createdAt: ctx.now });
    return { token, expiresAt, user };
  }

  /** A fresh session for the same user; the old token stops working at once. */
  async refresh(ctx: RequestContext, viewer: AdminViewer): Promise<LoginResult> {
    return ctx.em.transactional(async (em) => {
      await em.nativeUpdate(AdminSession, { id: viewer.sessionId }, { revokedAt: ctx.now });
      const user = await em.findOneOrFail(AdminUser, { id: viewer.userId });
      return this.openSession(em as EntityManager, user, ctx);
    });
  }

  async logout(ctx: RequestContext, viewer: AdminViewer): Promise<boolean> {
    await ctx.em.transactional(async (em) => {
      await em.nativeUpdate(AdminSession, { id: viewer.sessionId }, { revokedAt: ctx.now });
      await auditService.record(ctx, em as EntityManager, [{ action: 'logout', entity: 'AdminUser', entityId: viewer.userId }]);
    });
    return true;
  }
}

export const authService = new AuthService();
