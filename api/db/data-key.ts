import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { PersonalDataProtector } from '../members/personal-data';

/**
 * The key protecting ID and phone numbers. Production takes it from GONGGUAN_DATA_KEY (losing it
 * makes stored numbers unreadable); a development machine gets one generated beside its data.
 */
export function resolveDataKey(config: Config, log: Logger): Buffer {
  if (config.dataKey) return PersonalDataProtector.parseKey(config.dataKey);
  if (config.env === 'production') throw new Error('GONGGUAN_DATA_KEY is required in production');
  const file = path.join(path.dirname(config.embeddedDataDir), 'data-key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${PersonalDataProtector.generateKey()}\n`, { mode: 0o600 });
    log.warn({ file }, 'generated a development data key; set GONGGUAN_DATA_KEY in production');
  }
  chmodSync(file, 0o600);
  return PersonalDataProtector.parseKey(readFileSync(file, 'utf8').trim());
}
