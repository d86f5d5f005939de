import type { RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Gender } from '../../members/member.entity';
import { Organization, OrganizationLevel } from '../../organizations/organization.entity';
import { insertRows } from './bulk-insert';
import { personName } from './names';
import type { OrganizationSpec } from './organization-spec';
import { officePhone } from './phones';
import type { Random } from './random';

export interface SeededOrganization {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  hostRegionCode: string | null;
  ancestorIds: number[];
  spec: OrganizationSpec;
}

/** Seeded organisations by code. */
export type SeededOrganizations = Map<string, SeededOrganization>;

interface Pending {
  spec: OrganizationSpec;
  parent: SeededOrganization | null;
}

/** Secretary and office contact; a few grassroots organisations have not filled them in yet. */
function contacts(random: Random, spec: OrganizationSpec, workplace: string) {
  if (spec.level === OrganizationLevel.COMMUNITY && random.chance(0.12)) return { secretaryName: null, contactName: null, contactPhone: null };
  return {
    secretaryName: personName(random, random.chance(0.7) ? Gender.MALE : Gender.FEMALE),
    contactName: personName(random, random.chance(0.4) ? Gender.MALE : Gender.FEMALE),
    contactPhone: officePhone(random, workplace),
  };
}

function organizationRow(random: Random, { spec, parent }: Pending) {
  const regionCode = spec.regionCode ?? parent?.regionCode;
  if (!regionCode) throw new Error(`organisation ${spec.code} has no region`);
  const ancestorIds = parent ? [...parent.ancestorIds, parent.id] : [];
  const hostRegionCode = spec.hostRegionCode ?? null;
  return {
    code: spec.code,
    name: spec.name,
    kind: spec.kind,
    level: spec.level,
    parent: parent?.id ?? null,
    ancestorIds,
    depth: ancestorIds.length,
    regionCode,
    hostRegionCode,
    ...contacts(random, spec, hostRegionCode ?? regionCode),
  } satisfies RequiredEntityData<Organization>;
}

/**
 * Inserts the trees one depth at a time, so every parent has its id before its children are
 * written and `ancestorIds` (root first, the node itself excluded) can be filled in directly.
 */
export async function insertOrganizations(em: EntityManager, roots: readonly OrganizationSpec[], random: Random): Promise<SeededOrganizations> {
  const seeded: SeededOrganizations = new Map();
  let pending: Pending[] = roots.map((spec) => ({ spec, parent: null }));
  while (pending.length > 0) {
    const rows = pending.map((node) => organizationRow(random, node));
    const ids = await insertRows(em, Organization, rows);
    const inserted = rows.map(
      ({ code, name, regionCode, hostRegionCode, ancestorIds }, i): SeededOrganization => ({ id: ids[i]!, code, name, regionCode, hostRegionCode, ancestorIds, spec: pending[i]!.spec }),
    );
    for (const organization of inserted) seeded.set(organization.code, organization);
    pending = inserted.flatMap((parent) => (parent.spec.children ?? []).map((spec) => ({ spec, parent })));
  }
  return seeded;
}

export function organizationByCode(organizations: SeededOrganizations, code: string): SeededOrganization {
  const organization = organizations.get(code);
  if (!organization) throw new Error(`the demo data has no organisation ${code}`);
  return organization;
}
