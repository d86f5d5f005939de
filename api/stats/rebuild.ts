/**
 * `npm run stats:rebuild` — recounts the statistics rollups from the tables (stats_rebuild()), as
 * the owner, and says how many keys each holds and how many the triggers had got wrong. A repair
 * tool: writers wait while it runs, readers keep the old figures until it commits.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { asOwner, openDatabase } from '../db/database';
import { createLogger } from '../logger';

async function main() {
  const config = loadConfig();
  const db = await openDatabase(config, createLogger('warn'));
  try {
    const started = performance.now();
    const rows: { rollup: string; keys: string; drifted: string }[] = await asOwner(db.ownerUrl ?? db.url, (owner) =>
      owner.em.fork().getConnection().execute('select * from stats_rebuild()'),
    );
    for (const row of rows) console.log(`${row.rollup.padEnd(16)} ${String(row.keys).padStart(9)} keys, ${row.drifted} differed from the recount`);
    console.log(`rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
