import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors';

export interface RateLimitSettings {
  requestsPerMinutePerIp: number;
  requestsPerMinutePerToken: number;
  loginFailuresPerUsername: number;
  loginFailuresPerIp: number;
}

export class TooManyRequestsError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', message, { retryAfterSeconds });
  }
}

/**
 * In-process limits. With several replicas each keeps its own counters (so the effective limit
 * is N times higher); rate-limiter-flexible's Redis or PostgreSQL stores share them when needed.
 */
export class RateLimits {
  private readonly perIp: RateLimiterMemory;
  private readonly perToken: RateLimiterMemory;
  private readonly loginPerUsername: RateLimiterMemory;
  private readonly loginPerIp: RateLimiterMemory;

  constructor(settings: RateLimitSettings) {
    this.perIp = new RateLimiterMemory({ points: settings.requestsPerMinutePerIp, duration: 60 });
    this.perToken = new RateLimiterMemory({ points: settings.requestsPerMinutePerToken, duration: 60 });
    // Failed logins: a few tries, then a 15-minute pause per username and per address.
    this.loginPerUsername = new RateLimiterMemory({ points: settings.loginFailuresPerUsername, duration: 15 * 60, blockDuration: 15 * 60 });
    this.loginPerIp = new RateLimiterMemory({ points: settings.loginFailuresPerIp, duration: 15 * 60, blockDuration: 15 * 60 });
  }

  /** Counts one request; throws when the caller is over its limit. */
  async request(ip: string, tokenId?: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
      if (tokenId) await this.perToken.consume(tokenId);
    } catch (error) {
      throw tooMany(error, tokenId ? 'Too many requests for this token or address' : 'Too many requests from this address');
    }
  }

  /** Before checking a password: refuses while the username or address is paused. */
  async assertLoginAllowed(username: string, ip: string): Promise<void> {
    const [byUser, byIp] = await Promise.all([this.loginPerUsername.get(username.toLowerCase()), this.loginPerIp.get(ip)]);
    const blocked = [byUser, byIp].find((state) => state && state.remainingPoints <= 0 && state.msBeforeNext > 0);
    if (blocked) throw tooMany(blocked, 'Too many failed logins; try again later');
  }

  async loginFailed(username: string, ip: string): Promise<void> {
    await Promise.allSettled([this.loginPerUsername.consume(username.toLowerCase()), this.loginPerIp.consume(ip)]);
  }

  async loginSucceeded(username: string): Promise<void> {
    await this.loginPerUsername.delete(username.toLowerCase());
  }
}

function tooMany(state: unknown, message: string): TooManyRequestsError {
  const ms = state instanceof RateLimiterRes ? state.msBeforeNext : 60_000;
  return new TooManyRequestsError(message, Math.max(1, Math.ceil(ms / 1000)));
}
