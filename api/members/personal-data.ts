import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Protection of ID and phone numbers at rest: AES-256-GCM ciphertext for the admin who needs
 * the full value, an HMAC "blind index" for uniqueness and exact look-up, and a masked copy
 * for every list and every partner.
 */
export class PersonalDataProtector {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length < 32) throw new Error('the data key must be at least 32 bytes');
    // Separate keys for the two uses, so a leaked index key reveals nothing about ciphertexts.
    this.encryptionKey = createHmac('sha256', masterKey).update('gongguan:encrypt').digest();
    this.indexKey = createHmac('sha256', masterKey).update('gongguan:index').digest();
  }

  static parseKey(text: string): Buffer {
    const key = /^[0-9a-f]{64,}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (key.length < 32) throw new Error('GONGGUAN_DATA_KEY must encode at least 32 bytes (64 hex characters)');
    return key;
  }

  static generateKey(): string {
    return randomBytes(32).toString('hex');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${body.toString('base64')}`;
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  blindIndex(plain: string): string {
    return createHmac('sha256', this.indexKey).update(plain).digest('hex');
  }
}

/**
 * `510104199001011234` → `5101**************`: the city of birth, nothing of the personal part.
 * Showing the tail as well (`…1234`) would leave, with the birth date and region, about nine
 * candidates for the number (see member.policy.ts for what each caller may see).
 */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 4)}`;
}

/** `13812345678` → `138****5678` */
export function maskPhone(value: string): string {
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}

let protector: PersonalDataProtector | undefined;

export function configurePersonalData(key: Buffer): void {
  protector = new PersonalDataProtector(key);
}

export function personalData(): PersonalDataProtector {
  if (!protector) throw new Error('personal data protection is not configured');
  return protector;
}

/** Sealing for other data at rest that may name people (stored idempotent results). */
export function sealer(): { seal(plain: string): string; open(sealed: string): string } {
  const protector = personalData();
  return { seal: (plain) => protector.encrypt(plain), open: (sealed) => protector.decrypt(sealed) };
}
