import argon2 from 'argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgreementStatus } from '../agreements/agreement.entity';
import { isInForce } from '../agreements/agreement.rules';
import { auditService } from '../common/audit-trail';
import type { AgreementDirection } from '../common/agreement-sides';
import type { LoginThrottle, RequestContext } from '../common/context';
import { chinaDate } from '../common/dates';
import { DomainError, UnauthenticatedError } from '../common/errors';
import { regionContains } from '../common/region-code';
import { type AdminRole, ANONYMOUS, type AdminViewer, type TokenScope, type TokenViewer, type Viewer } from '../common/viewer';
import { setViewer } from '../common/viewer-settings';
import { AdminSession } from './admin-session.entity';
import { AdminUser } from './admin-user.entity';
import { generateSessionToken, hashSecret, parseApiToken, secretMatches } from './token-format';

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

interface TokenRow {
  id: number;
  secret_hash: string;
  name: string;
  scopes: TokenScope[];
  years: number[];
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  partner_region_code: string | null;
  issuer_region_code: string | null;
  agreement_id: number | null;
  agreement_status: AgreementStatus | null;
  effective_from: string | null;
  effective_to: string | null;
  host_region_code: string | null;
  agreement_partner_region_code: string | null;
  direction: AgreementDirection | null;
}

function adminViewerOf(user: { id: number; username: string; role: AdminRole; region_code: string | null }, sessionId: string): AdminViewer {
  return { kind: 'admin', userId: user.id, username: user.username, role: user.role, regionCode: user.region_code ?? null, sessionId };
}

/**
 * Logins, sessions and the resolution of the Authorization header into one Viewer. Credentials
 * are found before any viewer exists, through the database's auth_* functions (the only door
 * to those tables that row-level security leaves open to the server's role).
 */
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
    const [session]: { session_id: string; user_id: number; username: string; role: AdminRole; region_code: string | null }[] = await em.execute(
      'select * from auth_session(?, ?)',
      [hashSecret(token), now],
    );
    if (!session) throw new UnauthenticatedError('The session has expired or was ended; log in again');
    return adminViewerOf({ ...session, id: session.user_id }, session.session_id);
  }

  private async tokenViewer(em: EntityManager, token: string, ip: string, now: Date): Promise<TokenViewer> {
    const parsed = parseApiToken(token);
    if (!parsed) throw new UnauthenticatedError('Malformed API token (checksum mismatch)');
    const [row]: TokenRow[] = await em.execute('select * from auth_token(?)', [parsed.publicId]);
    if (!row || !secretMatches(parsed.secret, row.secret_hash)) throw new UnauthenticatedError('Unknown API token');
    if (row.revoked_at) throw new UnauthenticatedError('This API token has been revoked');
    if (new Date(row.expires_at) <= now) throw new UnauthenticatedError('This API token has expired');
    if (row.agreement_id !== null) {
      const agreement = { status: row.agreement_status!, effectiveFrom: row.effective_from!, effectiveTo: row.effective_to };
      if (!isInForce(agreement, chinaDate(now))) throw new UnauthenticatedError('The agreement this token was issued under is not in force');
      // Never more than the issuer: should the agreement's host have moved out of the issuer's region since, the token stops.
      if (row.issuer_region_code && !regionContains(row.issuer_region_code, row.host_region_code!)) {
        throw new UnauthenticatedError('The agreement this token was issued under is no longer within its issuer\'s region');
      }
    }
    if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > LAST_USED_RESOLUTION_MS) {
      await em.execute('select auth_token_used(?, ?, ?)', [row.id, now, ip]);
    }
    return {
      kind: 'token',
      tokenId: row.id,
      publicId: parsed.publicId,
      name: row.name,
      scopes: row.scopes,
      agreement:
        row.agreement_id === null
          ? null
          : { id: row.agreement_id, hostRegionCode: row.host_region_code!, partnerRegionCode: row.agreement_partner_region_code!, direction: row.direction! },
      partnerRegionCode: row.partner_region_code,
      issuerRegionCode: row.issuer_region_code,
      years: row.years,
    };
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
      return await ctx.em.transactional(async (em) => {
        await em.execute('select auth_logged_in(?, ?)', [found.id, ctx.now]);
        const user = await em.findOneOrFail(AdminUser, { id: found.id });
        const result = this.openSession(em as EntityManager, user, as);
        await auditService.record(as, em as EntityManager, [{ action: 'login', entity: 'AdminUser', entityId: user.id }]);
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
