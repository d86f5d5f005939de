import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

/** Placeholder until the demo data set lands. */
export async function seedDemoDataIfEmpty(_orm: MikroORM, _log: Logger): Promise<void> {}
