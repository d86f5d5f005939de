import type { FilterQuery, RequiredEntityData } from '@mikro-orm/core';
import type { RequestContext } from '../common/context';
import { type WriteContext, CrudService, definedOnly, requireValue } from '../common/crud/crud.service';
import { boundedList, parseIntId } from '../common/crud/filter-query';
import { referenced } from '../common/crud/references';
import { Resource } from '../common/crud/resource';
import { BadUserInputError } from '../common/errors';
import { groupByKeys } from '../common/loaders';
import { Organization, OrganizationKind, OrganizationLevel } from './organization.entity';
import { organizationPolicy } from './organization.policy';
import type { CreateOrganizationInput, UpdateOrganizationInput } from './organization.types';

/** `{ or: [self, descendants] }` for the organisations with ids in `ids`. */
export function subtreeCondition(ids: number[]): FilterQuery<Organization> {
  return { $or: [{ id: { $in: ids } }, { ancestorIds: { $overlap: ids } }] } as FilterQuery<Organization>;
}

function subtreeIds(comparison: Record<string, unknown>, field: string): number[] {
  const unsupported = Object.keys(comparison).filter((op) => op !== 'eq' && op !== 'in');
  if (unsupported.length > 0 || (comparison.eq == null && !Array.isArray(comparison.in))) {
    throw new BadUserInputError(field, 'supports only eq and in', 'UNSUPPORTED_OPERATOR');
  }
  if (comparison.eq != null) return [parseIntId(comparison.eq as string, `${field}.eq`)];
  return boundedList(comparison.in as unknown[], `${field}.in`).map((id, i) => parseIntId(id as string, `${field}.in.${i}`));
}

export const organizationResource = new Resource<Organization>({
  entity: Organization,
  name: 'Organization',
  plural: 'Organizations',
  permissions: { read: 'organizations:read', write: 'organizations:write' },
  fields: {
    id: { kind: 'id', sortable: true },
    code: { kind: 'string', sortable: true },
    name: { kind: 'string', sortable: true },
    kind: { kind: { enum: OrganizationKind, name: 'OrganizationKind' }, sortable: true },
    level: { kind: { enum: OrganizationLevel, name: 'OrganizationLevel' }, sortable: true },
    parentId: { kind: 'id', path: 'parent', sortable: true },
    subtreeOf: {
      kind: 'id',
      description: 'The organisation itself and everything below it (eq or in)',
      where: (comparison, _ctx, field) => subtreeCondition(subtreeIds(comparison, field)),
    },
    depth: { kind: 'int', sortable: true },
    regionCode: { kind: 'string', sortable: true },
    hostRegionCode: { kind: 'string', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
    updatedAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'code', direction: 'ASC' }],
});

export { subtreeIds };

/** The organisation tree: keeps every node's ancestor list right when nodes are added or moved. */
export class OrganizationService extends CrudService<Organization, CreateOrganizationInput, UpdateOrganizationInput> {
  protected readonly constraints = { organization_code_unique: 'code', organization_parent_id_foreign: 'parentId' };
  protected override readonly uniqueFields = [{ property: 'code' as const, field: 'code' }];

  constructor() {
    super(organizationResource, organizationPolicy);
  }

  private parentOf(write: WriteContext, rawParentId: string): Promise<Organization> {
    return referenced(write, this, rawParentId, 'parentId');
  }

  protected async createData(input: CreateOrganizationInput, write: WriteContext): Promise<RequiredEntityData<Organization>> {
    const { parentId, ...fields } = input;
    const parent = parentId ? await this.parentOf(write, parentId) : null;
    this.requireWritable(organizationPolicy.mayWrite(write.ctx.viewer, input, parent));
    return {
      ...fields,
      code: input.code.trim(),
      name: input.name.trim(),
      parent: parent?.id ?? null,
      ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
      depth: parent ? parent.depth + 1 : 0,
    };
  }

  protected async updateData(input: UpdateOrganizationInput, write: WriteContext, existing: Organization | null) {
    const { parentId, ...rest } = input;
    const data: Partial<Organization> & Record<string, unknown> = definedOnly({
      ...rest,
      code: requireValue(input.code, `${write.field}.code`)?.trim(),
      name: requireValue(input.name, `${write.field}.name`)?.trim(),
      kind: requireValue(input.kind, `${write.field}.kind`),
      level: requireValue(input.level, `${write.field}.level`),
      regionCode: requireValue(input.regionCode, `${write.field}.regionCode`),
    });
    const moved = parentId !== undefined && existing ? await this.moveData(write, existing, parentId) : null;
    if (moved) Object.assign(data, { parent: moved.parent?.id ?? null, ancestorIds: moved.ancestorIds, depth: moved.ancestorIds.length });
    if (existing) this.requireWritable(organizationPolicy.mayWrite(write.ctx.viewer, { ...existing, ...data } as Organization, moved?.parent ?? null));
    return data;
  }

  /**
   * Re-parents a node: refuses cycles and gives it its new ancestor list. The database carries
   * the change down the whole subtree (trigger organization_subtree_moved), including nodes
   * outside the mover's scope, which it could not update itself.
   */
  private async moveData(write: WriteContext, node: Organization, rawParentId: string | null) {
    const parent = rawParentId === null ? null : await this.parentOf(write, rawParentId);
    if (parent && (parent.id === node.id || parent.ancestorIds.includes(node.id))) {
      throw new BadUserInputError(`${write.field}.parentId`, 'an organisation cannot be moved under itself or its own descendants', 'CYCLE');
    }
    return { parent, ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [] };
  }

  /** Children of many organisations in one query. */
  children(ctx: RequestContext, id: number): Promise<Organization[]> {
    return ctx.loaders
      .get<number, Organization[]>('Organization.children', async (ids) => {
        const rows = await ctx.em.find(Organization, this.withinScope(ctx, { parent: { $in: [...ids] } }), { orderBy: { code: 'ASC' } });
        return groupByKeys(ids, rows, (row) => row.parent!.id);
      })
      .load(id);
  }

  /** Ancestors from the root down, resolved through the shared by-id loader. */
  async ancestors(ctx: RequestContext, organization: Organization): Promise<Organization[]> {
    const rows = await Promise.all(organization.ancestorIds.map((id) => this.load(ctx, id)));
    return rows.filter((row): row is Organization => row !== null);
  }
}

export const organizationService = new OrganizationService();
