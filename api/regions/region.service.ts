import { ReadService } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { BadUserInputError } from '../common/errors';
import { isWellFormedRegionCode } from '../common/region-code';
import { Region, RegionLevel } from './region.entity';
import { regionPolicy } from './region.policy';

function regionCode(raw: unknown, field: string): string {
  const code = String(raw);
  if (!isWellFormedRegionCode(code)) throw new BadUserInputError(field, 'must be a six-digit region code', 'REGION_CODE');
  return code;
}

export const regionResource = new Resource<Region>({
  entity: Region,
  name: 'Region',
  plural: 'Regions',
  primaryKey: 'code',
  permissions: { read: 'regions:read' },
  fields: {
    id: { kind: 'id', path: 'code', sortable: true, parseId: (value, field) => regionCode(value, field), description: 'The code (eq, in, …)' },
    code: { kind: 'string', sortable: true },
    name: { kind: 'string', sortable: true },
    level: { kind: { enum: RegionLevel, name: 'RegionLevel' }, sortable: true },
    parentCode: { kind: 'string', sortable: true },
  },
  defaultSort: [{ field: 'code', direction: 'ASC' }],
});

/** GB/T 2260 divisions: public reference data, readable by every caller. */
export class RegionService extends ReadService<Region, string> {
  constructor() {
    super(regionResource, regionPolicy);
  }

  protected parseKey(raw: string | number, field: string): string {
    return regionCode(raw, field);
  }
}

export const regionService = new RegionService();
