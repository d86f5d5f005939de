import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { BadUserInputError } from '../common/errors';
import { type EventType } from './outbox-event.entity';

export const MAX_URL_LENGTH = 2000;
export const MAX_ROTATION_GRACE_HOURS = 7 * 24;

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Loopback, private, link-local, carrier-grade NAT, unspecified, and their IPv6 forms. */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(address) === 6) {
    const lower = address.toLowerCase();
    return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
  }
  return false;
}

/**
 * An endpoint URL: http or https, no credentials in it, at most 2000 characters, and — unless
 * private addresses are allowed (development, tests, WEBHOOK_ALLOW_PRIVATE_URLS) — not a loopback
 * or private address by name or number. The worker checks the resolved address again before each send.
 */
export function checkEndpointUrl(raw: string, allowPrivate: boolean, field = 'url'): string {
  const text = raw.trim();
  if (!text) throw new BadUserInputError(field, 'is required', 'REQUIRED');
  if (text.length > MAX_URL_LENGTH) throw new BadUserInputError(field, `must be at most ${MAX_URL_LENGTH} characters`, 'TOO_LONG');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError(field, 'is not a URL', 'INVALID_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadUserInputError(field, 'must be an http or https URL', 'INVALID_URL');
  if (url.username || url.password) throw new BadUserInputError(field, 'must not carry a user name or password', 'INVALID_URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))) {
    throw new BadUserInputError(field, 'must not point to a loopback or private address', 'PRIVATE_ADDRESS');
  }
  return url.toString();
}

export function checkEventTypes(types: EventType[], field = 'eventTypes'): EventType[] {
  const unique = [...new Set(types)];
  if (unique.length === 0) throw new BadUserInputError(field, 'must name at least one event type', 'REQUIRED');
  return unique;
}

/** Where the events feed stands: after this event, of this transaction (null in cursors given out before the feed kept the transaction). */
export interface EventPosition {
  id: string;
  txId: string | null;
}

/** Cursors of the events feed: opaque to the client, the outbox id and its transaction inside. */
export function encodeCursor(position: { id: string; txId: string }): string {
  return Buffer.from(`evt:${position.id}@${position.txId}`).toString('base64url');
}

const MAX_XID8 = 2n ** 64n - 1n;

export function decodeCursor(cursor: string, field = 'after'): EventPosition {
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^evt:(\d{1,18})(?:@(\d{1,20}))?$/.exec(text);
  // A transaction id is an unsigned 64-bit number (PostgreSQL's xid8).
  if (!match || (match[2] !== undefined && BigInt(match[2]) > MAX_XID8)) throw new BadUserInputError(field, 'is not a cursor this feed gave out', 'INVALID_CURSOR');
  return { id: match[1]!, txId: match[2] ?? null };
}
