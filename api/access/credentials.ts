import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { AgreementStatus } from '../agreements/agreement.entity';
import type { AgreementDirection } from '../common/agreement-sides';
import { confirmLater } from '../common/cached-viewers';
import { UnauthenticatedError } from '../common/errors';
import { type AdminRole, ANONYMOUS, type AdminViewer, isPartnerRole, type TokenScope, type TokenViewer, type Viewer } from '../common/viewer';
import { type BoundAgreement, partnerAccountGrant, partnerViewerOf } from './partner-scope';
import { type ListenerOptions, NotificationListener } from './notification-listener';
import { CredentialCache, type Loaded } from './credential-cache';
import { hashSecret, parseApiToken, secretMatches } from './token-format';

/** The channel the triggers of migration Migration20261201100000 announce changed credentials on. */
export const CREDENTIALS_CHANNEL = 'gongguan_credentials';

/** Token "last used" is written at most this often per process, so reads do not become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CredentialSettings {
  /** How long a resolved credential is used at most without asking the database again; 0: never kept. */
  ttlMs: number;
  maxEntries: number;
}

/** An admin session as kept: what the viewer needs, and when the session ends. */
interface SessionEntry {
  kind: 'session';
  sessionId: string;
  userId: number;
  username: string;
  role: AdminRole;
  regionCode: string | null;
  expiresAt: number;
  /** A partner account's agreement (the account's viewer is that agreement's partner viewer); null for an admin. */
  agreement: BoundAgreement | null;
}

/** An API token as kept: no secret hash (the entry is found by the hash of the whole token presented). */
interface TokenEntry {
  kind: 'token';
  id: number;
  publicId: string;
  name: string;
  scopes: TokenScope[];
  years: number[];
  expiresAt: number;
  revoked: boolean;
  /** When this process last knew "last used" to be written (ms), null: never. */
  lastUsedAt: number | null;
  partnerRegionCode: string | null;
  issuerRegionCode: string | null;
  agreement: BoundAgreement | null;
}

type Entry = SessionEntry | TokenEntry;

interface SessionRow {
  session_id: string;
  user_id: number;
  username: string;
  role: AdminRole;
  region_code: string | null;
  expires_at: Date | string;
  agreement_id: number | null;
  agreement_status: AgreementStatus | null;
  effective_from: string | null;
  effective_to: string | null;
  host_region_code: string | null;
  agreement_partner_region_code: string | null;
  direction: AgreementDirection | null;
}

interface TokenRow {
  id: number;
  secret_hash: string;
  name: string;
  scopes: TokenScope[];
  years: number[];
  expires_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
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

const time = (value: Date | string) => new Date(value).getTime();

type Execute = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** A look-up's result, with the credentials epoch read by the same statement (the same snapshot). */
interface LookedUp extends Loaded<Entry> {
  epoch: number;
}

type AgreementColumns = Pick<TokenRow, 'agreement_id' | 'agreement_status' | 'effective_from' | 'effective_to' | 'host_region_code' | 'agreement_partner_region_code' | 'direction'>;

function boundAgreementOf(row: AgreementColumns): BoundAgreement | null {
  if (row.agreement_id === null) return null;
  return {
    id: row.agreement_id,
    status: row.agreement_status!,
    effectiveFrom: row.effective_from!,
    effectiveTo: row.effective_to,
    hostRegionCode: row.host_region_code!,
    partnerRegionCode: row.agreement_partner_region_code!,
    direction: row.direction!,
  };
}

/** An admin session by the SHA-256 of its token, as the cache keeps it; null: no such live session. */
async function loadSession(execute: Execute, tokenHash: string, now: Date): Promise<LookedUp | null> {
  const [row] = await execute<SessionRow & { epoch: string }>(
    `select session_id, user_id, username, role, region_code, expires_at,
            agreement_id, agreement_status, effective_from, effective_to, host_region_code, agreement_partner_region_code, direction,
            credentials_epoch() as epoch
       from auth_session_lookup(?, ?)`,
    [tokenHash, now],
  );
  if (!row) return null;
  return {
    value: {
      kind: 'session',
      sessionId: row.session_id,
      userId: row.user_id,
      username: row.username,
      role: row.role,
      regionCode: row.region_code ?? null,
      expiresAt: time(row.expires_at),
      agreement: boundAgreementOf(row),
    },
    tags: [`session:${row.session_id}`, `user:${row.user_id}`, ...(row.agreement_id === null ? [] : [`agreement:${row.agreement_id}`])],
    epoch: Number(row.epoch),
  };
}

/** An API token by its public id, verified against the secret presented; null: unknown, or not this secret. */
async function loadToken(execute: Execute, token: { publicId: string; secret: string }): Promise<LookedUp | null> {
  const [row] = await execute<TokenRow & { epoch: string }>(
    `select id, secret_hash, name, scopes, years, expires_at, revoked_at, last_used_at, partner_region_code, issuer_region_code,
            agreement_id, agreement_status, effective_from, effective_to, host_region_code, agreement_partner_region_code, direction,
            credentials_epoch() as epoch
       from auth_token(?)`,
    [token.publicId],
  );
  if (!row || !secretMatches(token.secret, row.secret_hash)) return null;
  const value: TokenEntry = {
    kind: 'token',
    id: row.id,
    publicId: token.publicId,
    name: row.name,
    scopes: row.scopes,
    years: row.years,
    expiresAt: time(row.expires_at),
    revoked: row.revoked_at !== null,
    lastUsedAt: row.last_used_at === null ? null : time(row.last_used_at),
    partnerRegionCode: row.partner_region_code,
    issuerRegionCode: row.issuer_region_code,
    agreement: boundAgreementOf(row),
  };
  return { value, tags: [`token:${row.id}`, ...(row.agreement_id === null ? [] : [`agreement:${row.agreement_id}`])], epoch: Number(row.epoch) };
}

/**
 * An admin's session is an admin viewer; a partner account's is the partner viewer of its
 * agreement, made by the same function as a partner token's (./partner-scope.ts).
 */
function sessionViewerOf(entry: Entry | null, now: Date): AdminViewer | TokenViewer {
  if (entry?.kind !== 'session' || entry.expiresAt <= now.getTime()) throw new UnauthenticatedError('The session has expired or was ended; log in again');
  if (isPartnerRole(entry.role)) {
    if (!entry.agreement) throw new UnauthenticatedError('This partner account is bound to no agreement');
    const account = { userId: entry.userId, username: entry.username, role: entry.role, sessionId: entry.sessionId };
    return partnerViewerOf(partnerAccountGrant(entry.role, entry.agreement, now), { account, name: entry.username }, now);
  }
  return { kind: 'admin', userId: entry.userId, username: entry.username, role: entry.role, regionCode: entry.regionCode, sessionId: entry.sessionId };
}

function tokenViewerOf(entry: Entry | null, now: Date): TokenViewer {
  if (entry?.kind !== 'token') throw new UnauthenticatedError('Unknown API token');
  if (entry.revoked) throw new UnauthenticatedError('This API token has been revoked');
  if (entry.expiresAt <= now.getTime()) throw new UnauthenticatedError('This API token has expired');
  return partnerViewerOf(entry, { tokenId: entry.id, publicId: entry.publicId, name: entry.name }, now);
}

/** Refused inside the request's transaction: the same 401 the middleware answers. */
function refusedInTransaction(error: unknown): never {
  if (error instanceof UnauthenticatedError) error.extensions.http = { status: 401 };
  throw error;
}

/**
 * Resolves the Authorization header into one Viewer, the look-ups going through the database's
 * auth_* functions (the only door to those tables row-level security leaves open before a
 * viewer exists) and their results kept for a short while in this process's cache.
 *
 * The cache is kept right by PostgreSQL, twice:
 * - triggers announce every change that matters to a credential on {@link CREDENTIALS_CHANNEL}
 *   when it commits, and this process drops what it holds about that row; while the listening
 *   connection is down the cache is not used at all;
 * - the same change raises the database's credentials epoch. Every viewer is confirmed by the
 *   statement that opens the request's transaction, which reads the epoch: if the database is
 *   ahead of the announcements this process has heard (one is on its way), an announcement
 *   arrived since the viewer was served, or — for a credential this request looked up itself —
 *   anything changed since that look-up, the credential is looked up again there and then.
 *   So a change that committed before a request's transaction opened is in force for that
 *   request, on every process, whatever the timing of the announcements.
 * Time-bound conditions (a session's or token's expiry, an agreement's effective period) are
 * checked on every request, against the request's clock, cached or not.
 */
export class Credentials {
  readonly cache: CredentialCache<Entry>;
  /** Viewers looked up again in the request's transaction because the cache could have been behind. */
  rechecks = 0;
  private listener: NotificationListener | null = null;
  /** The highest credentials epoch announced to this process. */
  private heardEpoch = 0;

  constructor(
    private readonly orm: MikroORM,
    settings: CredentialSettings,
    private readonly log?: Logger,
  ) {
    this.cache = new CredentialCache<Entry>({ ttlMs: settings.ttlMs, maxEntries: settings.maxEntries });
  }

  /** Listens on a connection of its own to `url`; until it does, every look-up reads the database. */
  listen(url: string, options?: ListenerOptions): NotificationListener {
    if (this.listener) return this.listener;
    this.listener = new NotificationListener(
      url,
      CREDENTIALS_CHANNEL,
      {
        notification: (payload) => this.announced(payload),
        listening: (ready) => {
          // Read after LISTEN: every later change will be announced, and the cache starts empty.
          this.heardEpoch = Number(ready?.epoch ?? 0);
          this.cache.setTrusted(true);
        },
        lost: () => this.cache.setTrusted(false),
      },
      this.log,
      { readyQuery: 'select credentials_epoch() as epoch', ...options },
    );
    this.listener.start();
    return this.listener;
  }

  /** The listening connection, once {@link listen} was called. */
  get notifications(): NotificationListener | null {
    return this.listener;
  }

  /**
   * For /readyz and operators: whether this process's cache is in use (`listening`), bypassed
   * because its LISTEN connection is down (`not listening`: every request reads the database),
   * or turned off, with its counters.
   */
  state(): { cache: 'listening' | 'not listening' | 'off'; entries: number; hits: number; misses: number; bypassed: number; rechecks: number; invalidations: number } {
    const cache = this.listener === null ? 'off' : this.cache.isTrusted ? 'listening' : 'not listening';
    const { hits, misses, bypassed, invalidations } = this.cache.stats;
    return { cache, entries: this.cache.size, hits, misses, bypassed, rechecks: this.rechecks, invalidations };
  }

  async close(): Promise<void> {
    this.cache.setTrusted(false);
    await this.listener?.close();
  }

  /** `<tag> <epoch>`, or `all <epoch>`: what changed is dropped first, then the epoch is taken as heard. */
  private announced(payload: string): void {
    const [tag = '', epoch] = payload.split(' ');
    if (tag === 'all') this.cache.clear();
    else this.cache.invalidate(tag);
    const number = Number(epoch);
    if (Number.isFinite(number)) this.heardEpoch = Math.max(this.heardEpoch, number);
  }

  /** Reads `Authorization: Bearer …`: no header is anonymous; anything presented must be valid. */
  async resolveViewer(authorization: string | undefined, ip: string, now: Date): Promise<Viewer> {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    const credential = match[1]!;
    if (credential.startsWith('ggs_')) return this.sessionViewer(credential, now);
    if (credential.startsWith('ggt_')) return this.tokenViewer(credential, ip, now);
    throw new UnauthenticatedError('Unknown kind of token');
  }

  private readonly execute: Execute = (sql, params) => this.orm.em.getConnection().execute(sql, params);

  /**
   * Every viewer is confirmed in the request's transaction, by the epoch its opening statement
   * reads, and looked up again there with `recheck` unless it is known to be current:
   * - one this request read itself (`ownEpoch`: the epoch its look-up read) is current when no
   *   change to credentials committed since (the epoch is the same), whatever the listener does;
   * - one served from the cache (a hit, or a look-up another request had started) is current
   *   when this process has heard every change up to the database's epoch and nothing was
   *   announced since it was served.
   * So whatever committed before the request's transaction opened is in force for it.
   */
  private confirmable<V extends Viewer>(viewer: V, ownEpoch: number | null, generation: number, recheck: (execute: Execute) => Promise<Viewer>): V {
    return confirmLater(viewer, async (em, epoch) => {
      const current = ownEpoch !== null ? epoch <= ownEpoch : this.cache.isTrusted && epoch <= this.heardEpoch && generation === this.cache.generation;
      if (current) return viewer;
      this.rechecks += 1;
      return recheck((sql, params) => em.execute(sql, params)).catch(refusedInTransaction);
    });
  }

  private async sessionViewer(token: string, now: Date): Promise<AdminViewer | TokenViewer> {
    const tokenHash = hashSecret(token);
    const generation = this.cache.generation;
    const own = { epoch: null as number | null };
    const entry = await this.cache.get(`session:${tokenHash}`, async () => {
      const found = await loadSession(this.execute, tokenHash, now);
      own.epoch = found?.epoch ?? null;
      return found;
    });
    const viewer = sessionViewerOf(entry, now);
    return this.confirmable(viewer, own.epoch, generation, async (execute) => sessionViewerOf((await loadSession(execute, tokenHash, now))?.value ?? null, now));
  }

  private async tokenViewer(token: string, ip: string, now: Date): Promise<TokenViewer> {
    const parsed = parseApiToken(token);
    if (!parsed) throw new UnauthenticatedError('Malformed API token (checksum mismatch)');
    const generation = this.cache.generation;
    const own = { epoch: null as number | null };
    const entry = await this.cache.get(`token:${hashSecret(token)}`, async () => {
      const found = await loadToken(this.execute, parsed);
      own.epoch = found?.epoch ?? null;
      return found;
    });
    const viewer = tokenViewerOf(entry, now);
    const used = entry as TokenEntry;
    if (used.lastUsedAt === null || now.getTime() - used.lastUsedAt > LAST_USED_RESOLUTION_MS) {
      // Claimed before the write, so that concurrent requests of the same token write once.
      used.lastUsedAt = now.getTime();
      await this.execute('select auth_token_used(?, ?, ?)', [used.id, now, ip]);
    }
    return this.confirmable(viewer, own.epoch, generation, async (execute) => tokenViewerOf((await loadToken(execute, parsed))?.value ?? null, now));
  }
}
