import type { RequiredEntityData } from '@mikro-orm/core';
import type { QBFilterQuery } from '@mikro-orm/postgresql';
import type { RequestContext } from '../common/context';
import { scopedIdsSql } from '../common/scoped-sql';
import { type WriteContext, CrudService, definedOnly, requireValue } from '../common/crud/crud.service';
import type { ListArgs } from '../common/crud/read.service';
import { referenced } from '../common/crud/references';
import { Resource } from '../common/crud/resource';
import { BadUserInputError } from '../common/errors';
import { Member } from '../members/member.entity';
import { coveredBy, memberPolicy } from '../members/member.policy';
import { memberService } from '../members/member.service';
import { organizationService } from '../organizations/organization.service';
import { regionContains } from '../common/region-code';
import { AgreementDirection } from '../common/agreement-sides';
import { Agreement, AgreementStatus } from './agreement.entity';
import { agreementPolicy } from './agreement.policy';
import type { CreateAgreementInput, UpdateAgreementInput } from './agreement.types';

export const agreementResource = new Resource<Agreement>({
  entity: Agreement,
  name: 'Agreement',
  plural: 'Agreements',
  permissions: { read: 'agreements:read', write: 'agreements:write' },
  fields: {
    id: { kind: 'id', sortable: true },
    code: { kind: 'string', sortable: true },
    title: { kind: 'string', sortable: true },
    hostRegionCode: { kind: 'string', sortable: true },
    partnerRegionCode: { kind: 'string', sortable: true },
    direction: { kind: { enum: AgreementDirection, name: 'AgreementDirection' }, sortable: true },
    status: { kind: { enum: AgreementStatus, name: 'AgreementStatus' }, sortable: true },
    signedOn: { kind: 'date', sortable: true },
    effectiveFrom: { kind: 'date', sortable: true },
    effectiveTo: { kind: 'date', sortable: true },
    hostOrganizationId: { kind: 'id', path: 'hostOrganization', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
    updatedAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'effectiveFrom', direction: 'DESC' }],
});

type AgreementShape = Pick<Agreement, 'hostRegionCode' | 'partnerRegionCode' | 'effectiveFrom'> & Partial<Pick<Agreement, 'effectiveTo' | 'signedOn'>>;

/** Co-governance agreements and the members each one covers. */
export class AgreementService extends CrudService<Agreement, CreateAgreementInput, UpdateAgreementInput> {
  protected readonly constraints = { agreement_code_unique: 'code', agreement_host_organization_id_foreign: 'hostOrganizationId' };
  protected override readonly uniqueFields = [{ property: 'code' as const, field: 'code' }];

  constructor() {
    super(agreementResource, agreementPolicy);
  }

  protected async createData(input: CreateAgreementInput, write: WriteContext): Promise<RequiredEntityData<Agreement>> {
    const { hostOrganizationId, ...fields } = input;
    const data = {
      ...definedOnly(fields),
      code: input.code.trim(),
      title: input.title.trim(),
      status: input.status ?? AgreementStatus.DRAFT,
      feedbackDeadline: input.feedbackDeadline ?? '01-31',
      expectedOrgLifeSessions: input.expectedOrgLifeSessions ?? 12,
      hostOrganization: hostOrganizationId ? await this.organizationId(write, hostOrganizationId) : null,
    };
    this.checkShape(data, write);
    this.requireWritable(agreementPolicy.mayWrite(write.ctx.viewer, data));
    return data as RequiredEntityData<Agreement>;
  }

  protected async updateData(input: UpdateAgreementInput, write: WriteContext, existing: Agreement | null) {
    const { hostOrganizationId, ...fields } = input;
    const f = (name: string) => `${write.field}.${name}`;
    const data: Record<string, unknown> = definedOnly({
      ...fields,
      code: requireValue(input.code, f('code'))?.trim(),
      title: requireValue(input.title, f('title'))?.trim(),
      hostRegionCode: requireValue(input.hostRegionCode, f('hostRegionCode')),
      partnerRegionCode: requireValue(input.partnerRegionCode, f('partnerRegionCode')),
      direction: requireValue(input.direction, f('direction')),
      effectiveFrom: requireValue(input.effectiveFrom, f('effectiveFrom')),
      status: requireValue(input.status, f('status')),
      feedbackDeadline: requireValue(input.feedbackDeadline, f('feedbackDeadline')),
      expectedOrgLifeSessions: requireValue(input.expectedOrgLifeSessions, f('expectedOrgLifeSessions')),
    });
    if (hostOrganizationId !== undefined) {
      data.hostOrganization = hostOrganizationId === null ? null : await this.organizationId(write, hostOrganizationId);
    }
    if (existing) {
      this.checkShape({ ...existing, ...data } as AgreementShape, write);
      this.requireWritable(agreementPolicy.mayWrite(write.ctx.viewer, { ...existing, ...data } as Agreement));
    }
    if (existing && data.feedbackDeadline && data.feedbackDeadline !== existing.feedbackDeadline) {
      // Returns carry their deadline for filtering; keep them in step with the agreement.
      const [month, day] = String(data.feedbackDeadline).split('-').map(Number);
      await write.em.execute('update annual_feedback set due_on = make_date(year + 1, ?, ?) where agreement_id = ?', [month, day, existing.id]);
    }
    return data;
  }

  private async organizationId(write: WriteContext, raw: string): Promise<number> {
    return (await referenced(write, organizationService, raw, 'hostOrganizationId')).id;
  }

  private checkShape(agreement: AgreementShape, write: WriteContext): void {
    const { hostRegionCode: host, partnerRegionCode: partner } = agreement;
    if (regionContains(host, partner) || regionContains(partner, host)) {
      throw new BadUserInputError(`${write.field}.partnerRegionCode`, 'must be a region outside the host region (and not containing it)', 'REGION_OVERLAP');
    }
    if (agreement.effectiveTo && agreement.effectiveTo < agreement.effectiveFrom) {
      throw new BadUserInputError(`${write.field}.effectiveTo`, 'must not be before effectiveFrom', 'DATE_ORDER');
    }
    if (agreement.signedOn && agreement.effectiveTo && agreement.signedOn > agreement.effectiveTo) {
      throw new BadUserInputError(`${write.field}.signedOn`, 'must not be after the end of the agreement', 'DATE_ORDER');
    }
  }

  /** The members an agreement covers, as a connection within the caller's member scope. */
  coveredMembers(ctx: RequestContext, agreement: Agreement, args: ListArgs) {
    return memberService.list(ctx, args, coveredBy(agreement));
  }

  /** Covered-member counts (within the caller's member scope) for a page of agreements in one grouped query. */
  coveredMemberCount(ctx: RequestContext, agreementId: number): Promise<number> {
    return ctx.loaders
      .get<number, number>('Agreement.coveredMemberCount', async (ids) => {
        const scoped = scopedIdsSql(ctx.em, Member, memberPolicy.read(ctx.viewer) as QBFilterQuery<Member>);
        // covers() is the coverage rule as the database states it for row-level security.
        const rows: { id: number; count: number }[] = await ctx.em.execute(
          `with scoped as (${scoped.sql})
           select a.id, count(m.id)::int as count
             from agreement a
             join member m on covers(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text),
                                     m.formal_region_code, m.destination_region_code, m.inflow_region_code)
             join scoped on scoped.id = m.id
            where a.id = any(array[?]::int[])
            group by a.id`,
          [...scoped.params, [...ids]],
        );
        const counts = new Map(rows.map((row) => [row.id, row.count]));
        return ids.map((id) => counts.get(id) ?? 0);
      })
      .load(agreementId);
  }
}

export const agreementService = new AgreementService();
