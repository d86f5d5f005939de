import type { FilterQuery } from '@mikro-orm/core';
import { can } from '../common/permissions';
import type { Viewer } from '../common/viewer';
import type { Region } from './region.entity';

/** GB/T 2260 divisions: public reference data for every caller who reads anything of the ledger. */
export const regionPolicy = {
  read(viewer: Viewer): FilterQuery<Region> {
    return can(viewer, 'regions:read') ? {} : { code: { $in: [] as string[] } };
  },
};
