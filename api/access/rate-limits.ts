import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors';

export interface RateLimitSettings {
  requestsPerMinutePerIp: number;
  requestsPerMinutePerToken: number;
  loginFailuresPerUsername: number;
  loginFailuresPerIp: number;
  /** `postgres`: one count shared by every process; `memory`: each process counts alone. */
  store: 'postgres' | 'memory';
  /** Points a process takes from the shared count at a time; null: {@link defaultLease}. */
  lease: number | null;
}

export class TooManyRequestsError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', message, { retryAfterSeconds });
  }
}

/** The table of migration Migration20261201100000, in rate-limiter-flexible's layout. */
export const RATE_LIMIT_TABLE = 'rate_limit';
const MINUTE = 60;
const LOGIN_WINDOW = 15 * 60;

/** 2% of a limit, at least 1: with a limit of 600 a minute, one round trip per 12 requests and key. */
export function defaultLease(points: number): number {
  return Math.max(1, Math.floor(points / 50));
}

/** One limit per key: consume one point, or be told how long to wait. */
interface Limit {
  consume(key: string): Promise<void>;
}

class Refused {
  constructor(readonly msBeforeNext: number) {}
}

/** A limit counted in this process alone. */
class LocalLimit implements Limit {
  constructor(private readonly limiter: RateLimiterMemory) {}

  async consume(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new Refused(error.msBeforeNext);
      throw error;
    }
  }
}

interface Lease {
  /** Points of this process left to spend. */
  left: number;
  /** When the shared window the points came from ends (ms). */
  until: number;
  /** The window had no more than these to give: once they are spent, refuse without asking again. */
  last: boolean;
}

/**
 * A limit counted in PostgreSQL for every process, drawn on in leases: a process takes `lease`
 * points from the shared count in one round trip and spends them locally, until they are spent
 * or the window ends. The shared count never grants more than the limit in a window; what a
 * process took and did not spend before the window ended is lost, so with N processes the limit
 * can refuse up to N × (lease − 1) requests early, never one late. A lease of 1 makes the count
 * exact at one round trip per request. Requests of one key waiting for a lease share the round
 * trip. When the database cannot be reached, this process counts alone (the insurance limiter)
 * until it can again.
 */
class SharedLimit implements Limit {
  private readonly leases = new Map<string, Lease>();
  private readonly taking = new Map<string, Promise<void>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly insurance: RateLimiterMemory,
    private readonly points: number,
    private readonly lease: number,
  ) {
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [key, lease] of this.leases) if (lease.until <= now) this.leases.delete(key);
    }, MINUTE * 1000);
    this.sweeper.unref();
  }

  async consume(key: string): Promise<void> {
    for (;;) {
      const lease = this.leases.get(key);
      const now = Date.now();
      if (lease && lease.until > now) {
        if (lease.left > 0) {
          lease.left -= 1;
          return;
        }
        if (lease.last) throw new Refused(lease.until - now);
      }
      let taking = this.taking.get(key);
      if (!taking) {
        taking = this.take(key).finally(() => this.taking.delete(key));
        this.taking.set(key, taking);
      }
      try {
        await taking;
      } catch {
        // The shared count cannot be reached: this process counts alone meanwhile.
        try {
          await this.insurance.consume(key);
          return;
        } catch (error) {
          if (error instanceof RateLimiterRes) throw new Refused(error.msBeforeNext);
          throw error;
        }
      }
    }
  }

  private async take(key: string): Promise<void> {
    const asked = Math.min(this.lease, this.points);
    let result: RateLimiterRes;
    try {
      result = await this.shared.consume(key, asked);
    } catch (error) {
      // Over the limit: the store still counted what was asked, and answers with the total.
      if (!(error instanceof RateLimiterRes)) throw error;
      result = error;
    }
    const before = result.consumedPoints - asked;
    const granted = Math.max(0, Math.min(asked, this.points - before));
    this.leases.set(key, { left: granted, until: Date.now() + Math.max(result.msBeforeNext, 0), last: granted < asked });
  }
}

/**
 * Requests per address and per token, and failed logins per username and per address. With the
 * `postgres` store every process draws on one count in the table `rate_limit` (see
 * {@link SharedLimit} for what a lease trades); with `memory` each process keeps its own, and N
 * processes allow N times the limits. Failed logins are counted in the shared table directly
 * (one round trip per login, beside a password hash that costs far more).
 */
export class RateLimits {
  private readonly perIp: Limit;
  private readonly perToken: Limit;
  private readonly loginPerUsername: RateLimiterAbstract;
  private readonly loginPerIp: RateLimiterAbstract;

  constructor(settings: RateLimitSettings, store?: Pool) {
    const memory = (keyPrefix: string, points: number, duration: number, blockDuration = 0) =>
      new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
    // Failed logins: a few tries, then a 15-minute pause per username and per address.
    const login = { duration: LOGIN_WINDOW, blockDuration: LOGIN_WINDOW };
    if (settings.store === 'postgres') {
      if (!store) throw new Error('the postgres rate-limit store needs a connection pool');
      const postgres = (keyPrefix: string, points: number, duration: number, blockDuration = 0, clearExpired = false) =>
        new RateLimiterPostgres({
          storeClient: store,
          storeType: 'pool',
          tableName: RATE_LIMIT_TABLE,
          tableCreated: true,
          // One of the limiters deletes windows that ended an hour ago, every five minutes.
          clearExpiredByTimeout: clearExpired,
          keyPrefix,
          points,
          duration,
          blockDuration,
          insuranceLimiter: memory(keyPrefix, points, duration, blockDuration),
        });
      const shared = (keyPrefix: string, points: number, clearExpired = false) =>
        new SharedLimit(postgres(keyPrefix, points, MINUTE, 0, clearExpired), memory(keyPrefix, points, MINUTE), points, settings.lease ?? defaultLease(points));
      this.perIp = shared('ip', settings.requestsPerMinutePerIp, true);
      this.perToken = shared('token', settings.requestsPerMinutePerToken);
      this.loginPerUsername = postgres('login-user', settings.loginFailuresPerUsername, login.duration, login.blockDuration);
      this.loginPerIp = postgres('login-ip', settings.loginFailuresPerIp, login.duration, login.blockDuration);
    } else {
      this.perIp = new LocalLimit(memory('ip', settings.requestsPerMinutePerIp, MINUTE));
      this.perToken = new LocalLimit(memory('token', settings.requestsPerMinutePerToken, MINUTE));
      this.loginPerUsername = memory('login-user', settings.loginFailuresPerUsername, login.duration, login.blockDuration);
      this.loginPerIp = memory('login-ip', settings.loginFailuresPerIp, login.duration, login.blockDuration);
    }
  }

  /** Counts one request; throws when the caller is over its limit. */
  async request(ip: string, tokenId?: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
      if (tokenId) await this.perToken.consume(tokenId);
    } catch (error) {
      if (error instanceof Refused) {
        throw tooMany(error.msBeforeNext, tokenId ? 'Too many requests for this token or address' : 'Too many requests from this address');
      }
      throw error;
    }
  }

  /** Before checking a password: refuses while the username or address is paused. */
  async assertLoginAllowed(username: string, ip: string): Promise<void> {
    const [byUser, byIp] = await Promise.all([this.loginPerUsername.get(userKey(username)), this.loginPerIp.get(ip)]);
    const blocked = [byUser, byIp].find((state) => state && state.remainingPoints <= 0 && state.msBeforeNext > 0);
    if (blocked) throw tooMany(blocked.msBeforeNext, 'Too many failed logins; try again later');
  }

  async loginFailed(username: string, ip: string): Promise<void> {
    await Promise.allSettled([this.loginPerUsername.consume(userKey(username)), this.loginPerIp.consume(ip)]);
  }

  async loginSucceeded(username: string): Promise<void> {
    await this.loginPerUsername.delete(userKey(username));
  }
}

/** A username as a counter's key: as typed (lower case), or its hash when it is too long for the table's key. */
function userKey(username: string): string {
  const key = username.toLowerCase();
  return key.length <= 100 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function tooMany(msBeforeNext: number, message: string): TooManyRequestsError {
  return new TooManyRequestsError(message, Math.max(1, Math.ceil(msBeforeNext / 1000)));
}
