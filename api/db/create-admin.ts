/**
 * `npm run admin:create -- --username wang --role REGION_ADMIN --region 510100 [--password …]`
 * Creates an admin account; without --password one is generated and printed once.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { asOwner, openDatabase } from './database';
import { createLogger } from '../logger';
import { AdminRole } from '../common/viewer';
import { createAdminUser, generatePassword } from '../access/admin-user.service';

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string', default: AdminRole.REGION_ADMIN },
      region: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
    },
  });
  if (!values.username) throw new Error('--username is required');
  const role = values.role as AdminRole;
  if (!Object.values(AdminRole).includes(role)) throw new Error(`--role must be one of ${Object.values(AdminRole).join(', ')}`);
  const config = loadConfig();
  const db = await openDatabase(config, createLogger('warn'));
  try {
    const password = values.password ?? generatePassword();
    // Accounts are created by the owner, like the demo admin: the server's role may not write them without a super admin's session.
    const user = await asOwner(db.ownerUrl ?? db.url, (owner) =>
      createAdminUser(owner.em.fork(), { username: values.username!, password, role, regionCode: values.region, displayName: values.name }),
    );
    console.log(`created ${user.role} "${user.username}"${user.regionCode ? ` for region ${user.regionCode}` : ''}`);
    if (!values.password) console.log(`password (shown once): ${password}`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
