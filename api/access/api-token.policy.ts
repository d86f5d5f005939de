import type { FilterQuery } from '@mikro-orm/core';
import { agreementPolicy } from '../agreements/agreement.policy';
import { can, requirePermission } from '../common/permissions';
import { NOTHING, reachOf, scoped } from '../common/policy';
import type { Viewer } from '../common/viewer';
import type { ApiToken } from './api-token.entity';

/**
 * Admins who manage tokens see those of the agreements they can see, and a region admin its own
 * dashboard tokens; tokens never see tokens. An issued token never reaches beyond its issuer: an
 * agreement the issuer manages, and the issuer's region for a dashboard token (`issuerRegionCode`).
 * (PostgreSQL: `api_token` policies.)
 */
export const apiTokenPolicy = {
  read(viewer: Viewer): FilterQuery<ApiToken> {
    if (!can(viewer, 'tokens:manage') || viewer.kind !== 'admin') return NOTHING as FilterQuery<ApiToken>;
    if (reachOf(viewer).kind === 'everywhere') return {};
    return scoped({ $or: [{ agreement: agreementPolicy.read(viewer) }, { agreement: null, createdBy: viewer.userId }] } as FilterQuery<ApiToken>);
  },

  /** Tokens a viewer may revoke: those it could have issued (an agreement its region hosts, or its own dashboard tokens). */
  write(viewer: Viewer): FilterQuery<ApiToken> {
    requirePermission(viewer, 'tokens:manage');
    if (viewer.kind !== 'admin') return NOTHING as FilterQuery<ApiToken>;
    if (reachOf(viewer).kind === 'everywhere') return {};
    return scoped({ $or: [{ agreement: agreementPolicy.write(viewer) }, { agreement: null, createdBy: viewer.userId }] } as FilterQuery<ApiToken>);
  },
};
