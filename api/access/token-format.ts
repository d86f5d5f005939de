import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * API tokens look like `ggt_<publicId>_<secret><checksum>`: a prefix that secret scanners can
 * recognise, a public id to find the row, a 32-character secret, and a CRC-32 checksum so that
 * a mistyped or truncated token is refused before any database look-up.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PUBLIC_ID_LENGTH = 12;
const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const TOKEN = new RegExp(`^ggt_([0-9A-Za-z]{${PUBLIC_ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

function randomBase62(length: number): string {
  // Rejection sampling keeps every character equally likely.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

function base62(value: number, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function checksum(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface NewToken {
  token: string;
  publicId: string;
  secretHash: string;
}

export function generateApiToken(): NewToken {
  const publicId = randomBase62(PUBLIC_ID_LENGTH);
  const secret = randomBase62(SECRET_LENGTH);
  const body = `ggt_${publicId}_${secret}`;
  return { token: `${body}${checksum(body)}`, publicId, secretHash: hashSecret(secret) };
}

/** The public id and secret of a well-formed token with a correct checksum, otherwise null. */
export function parseApiToken(token: string): { publicId: string; secret: string } | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, publicId, secret, sum] = match as unknown as [string, string, string, string];
  if (checksum(`ggt_${publicId}_${secret}`) !== sum) return null;
  return { publicId, secret };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Admin session tokens: `ggs_` and 43 random URL-safe characters; stored as SHA-256 only. */
export function generateSessionToken(): { token: string; tokenHash: string } {
  const token = `ggs_${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashSecret(token) };
}
