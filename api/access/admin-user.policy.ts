import type { FilterQuery } from '@mikro-orm/core';
import { can } from '../common/permissions';
import { NOTHING, scoped } from '../common/policy';
import type { Viewer } from '../common/viewer';
import type { AdminUser } from './admin-user.entity';

/** Console accounts: super admins manage them all; everyone else reads only their own. (PostgreSQL: `admin_user` policies.) */
export const adminUserPolicy = {
  read(viewer: Viewer): FilterQuery<AdminUser> {
    if (can(viewer, 'users:manage')) return {};
    return viewer.kind === 'admin' ? scoped({ id: viewer.userId }) : (NOTHING as FilterQuery<AdminUser>);
  },
};
