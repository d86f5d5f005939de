import type { FilterQuery } from '@mikro-orm/core';
import { can } from '../common/permissions';
import { NOTHING } from '../common/policy';
import type { Viewer } from '../common/viewer';
import type { AuditEvent } from './audit-event.entity';

/** The audit trail is read by super admins only, and written by appending in one's own name. (PostgreSQL: `audit_event` policies.) */
export const auditPolicy = {
  read(viewer: Viewer): FilterQuery<AuditEvent> {
    return can(viewer, 'audit:read') ? {} : (NOTHING as unknown as FilterQuery<AuditEvent>);
  },
};
