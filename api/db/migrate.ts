/**
 * `npm run migrate`          apply pending migrations
 * `npm run migrate -- create` write a migration for the difference between entities and database
 * `npm run migrate -- down`   revert the last migration
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { loadConfig, projectRoot } from '../config';
import { createLogger } from '../logger';
import { asOwner, migrateToLatest, openDatabase } from './database';

async function main(command = 'up') {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
  const db = await openDatabase(config, log);
  // Migrations run as the owner: DATABASE_OWNER_URL, or DATABASE_URL itself when that is the owner's.
  const ownerUrl = db.ownerUrl ?? db.url;
  try {
    await asOwner(ownerUrl, (owner) => run(owner, command, log));
  } finally {
    await db.close();
  }
}

async function run(orm: MikroORM, command: string, log: Logger) {
  const migrator = orm.getMigrator();
  if (command === 'up') {
    const applied = await migrateToLatest(orm);
    log.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
  } else if (command === 'create') {
    await migrateToLatest(orm);
    const result = await migrator.createMigration(undefined, false, (await migrator.getExecutedMigrations()).length === 0);
    if (result.fileName) registerMigration(result.fileName);
    log.info({ file: result.fileName || null }, result.fileName ? 'migration written and listed in migrations/index.ts' : 'no schema changes');
  } else if (command === 'down') {
    await migrator.down();
  } else {
    throw new Error(`unknown command "${command}" (up | create | down)`);
  }
}

/** Adds a newly written migration to the explicit list the application runs. */
function registerMigration(fileName: string) {
  const name = path.basename(fileName, '.ts');
  const index = path.join(projectRoot, 'migrations/index.ts');
  const source = readFileSync(index, 'utf8')
    .replace(/(import \{ \w+ \} from '\.\/\w+';\n)(?!import \{ \w+ \} from '\.\/)/, `$1import { ${name} } from './${name}';\n`)
    .replace(/\];\s*$/, `, { name: '${name}', class: ${name} }];\n`);
  writeFileSync(index, source);
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
