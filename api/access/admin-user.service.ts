import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isWellFormedRegionCode } from '../regions/region-code';
import { AdminRole, AdminUser } from './admin-user.entity';
import { authService } from './auth.service';

export interface NewAdmin {
  username: string;
  password: string;
  role: AdminRole;
  regionCode?: string | null;
  displayName?: string;
}

/** Creates an admin account (command line and demo seed; there is no self-registration). */
export async function createAdminUser(em: EntityManager, admin: NewAdmin): Promise<AdminUser> {
  const username = admin.username.trim().toLowerCase();
  if (!/^[a-z0-9_.-]{3,64}$/.test(username)) throw new Error('username: 3–64 characters of a-z, 0-9, _ . -');
  if (admin.password.length < 12) throw new Error('password: at least 12 characters');
  if (admin.role !== AdminRole.SUPER_ADMIN && admin.role !== AdminRole.VIEWER && !admin.regionCode) {
    throw new Error('region: a region admin needs a region code');
  }
  if (admin.regionCode && !isWellFormedRegionCode(admin.regionCode)) throw new Error('region: not a GB/T 2260 code');
  const user = em.create(AdminUser, {
    username,
    passwordHash: await authService.hashPassword(admin.password),
    role: admin.role,
    regionCode: admin.role === AdminRole.SUPER_ADMIN ? null : (admin.regionCode ?? null),
    displayName: admin.displayName ?? username,
  });
  await em.flush();
  return user;
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** On the first start of the demo database: one super admin with a fresh password, printed once. */
export async function ensureDemoAdmin(em: EntityManager): Promise<{ username: string; password: string } | null> {
  if ((await em.count(AdminUser, {})) > 0) return null;
  const password = generatePassword();
  await createAdminUser(em, { username: 'admin', password, role: AdminRole.SUPER_ADMIN, displayName: '系统管理员' });
  return { username: 'admin', password };
}
