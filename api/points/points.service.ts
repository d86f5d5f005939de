import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import { ActivityKind } from '../activities/activity-record.entity';
import { ContactKind } from '../contacts/contact-record.entity';
import { agreementService } from '../agreements/agreement.service';
import { auditService } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { unitOfWork } from '../common/unit-of-work';
import { allOf, parseIntId } from '../common/crud/filter-query';
import { ReadService } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { chinaDate, requireYear } from '../common/dates';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { requirePermission } from '../common/permissions';
import { scopedIdsSql } from '../common/scoped-sql';
import { actorOf } from '../common/viewer';
import { Member } from '../members/member.entity';
import { memberPolicy } from '../members/member.policy';
import { memberService } from '../members/member.service';
import type { Organization } from '../organizations/organization.entity';
import { organizationService, subtreeCondition, subtreeIds } from '../organizations/organization.service';
import { MonthlyScore, PointsEntry, PointsItemSource, PointsPublication, PointsScheme, PointsSchemeVersion, type PointsItem, type ScoreAdjustment } from './points.entity';
import { pointsPolicy } from './points.policy';
import { keeperSql, quarterMonths, quarterOf, recomputeSql, schemeOfSql, type ScoringRange, versionInForceSql } from './points.rules';
import type {
  CreatePointsSchemeInput,
  PointsQuarter,
  PointsQuarterRow,
  PointsSchemeVersionInput,
  PublishPointsQuarterInput,
  RecomputeMonthlyScoresInput,
  RecordPointsEntriesInput,
  RecomputeMonthlyScoresResult,
  RevisePointsSchemeInput,
} from './points.types';

export const pointsSchemeResource = new Resource<PointsScheme>({
  entity: PointsScheme,
  name: 'PointsScheme',
  plural: 'PointsSchemes',
  permissions: { read: 'points:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    name: { kind: 'string', sortable: true },
    ownerOrganizationId: { kind: 'id', path: 'ownerOrganization', sortable: true },
    agreementId: { kind: 'id', path: 'agreement', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'id', direction: 'ASC' }],
});

export const pointsSchemeVersionResource = new Resource<PointsSchemeVersion>({
  entity: PointsSchemeVersion,
  name: 'PointsSchemeVersion',
  plural: 'PointsSchemeVersions',
  permissions: { read: 'points:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    schemeId: { kind: 'id', path: 'scheme', sortable: true },
    number: { kind: 'int', sortable: true },
    fromYear: { kind: 'int', sortable: true },
  },
  defaultSort: [{ field: 'number', direction: 'ASC' }],
});

export const pointsEntryResource = new Resource<PointsEntry>({
  entity: PointsEntry,
  name: 'PointsEntry',
  plural: 'PointsEntries',
  permissions: { read: 'points:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    organizationId: { kind: 'id', path: 'organization', sortable: true },
    occurredOn: { kind: 'date', sortable: true },
    itemCode: { kind: 'string', sortable: true },
    value: { kind: 'int', sortable: true },
    adjustment: { kind: 'boolean', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'occurredOn', direction: 'DESC' }],
});

export const monthlyScoreResource = new Resource<MonthlyScore>({
  entity: MonthlyScore,
  name: 'MonthlyScore',
  plural: 'MonthlyScores',
  permissions: { read: 'points:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    memberName: { kind: 'string', path: 'member.name', sortable: true, description: 'Name of the member' },
    organizationId: { kind: 'id', path: 'organization', sortable: true },
    month: { kind: 'date', sortable: true },
    year: { kind: 'int', sortable: true },
    score: { kind: 'int', sortable: true },
    publicationId: { kind: 'id', path: 'publication', sortable: true },
  },
  defaultSort: [{ field: 'month', direction: 'ASC' }],
});

export const pointsPublicationResource = new Resource<PointsPublication>({
  entity: PointsPublication,
  name: 'PointsPublication',
  plural: 'PointsPublications',
  permissions: { read: 'points:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    organizationId: { kind: 'id', path: 'organization', sortable: true },
    year: { kind: 'int', sortable: true },
    quarter: { kind: 'int', sortable: true },
    publishedAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'publishedAt', direction: 'DESC' }],
});

class PointsReadService<E extends object> extends ReadService<E, number> {
  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }
}

export const pointsSchemeService = new PointsReadService(pointsSchemeResource, { read: (viewer) => pointsPolicy.schemeRead(viewer) });
export const pointsSchemeVersionService = new PointsReadService(pointsSchemeVersionResource, { read: (viewer) => pointsPolicy.versionRead(viewer) });
export const pointsEntryService = new PointsReadService(pointsEntryResource, { read: (viewer) => pointsPolicy.entryRead(viewer) });
export const monthlyScoreService = new PointsReadService(monthlyScoreResource, { read: (viewer) => pointsPolicy.scoreRead(viewer) });
export const pointsPublicationService = new PointsReadService(pointsPublicationResource, { read: (viewer) => pointsPolicy.publicationRead(viewer) });

const ITEM_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** The checks across fields of a version's rules; each error names its field. */
function versionRules(input: PointsSchemeVersionInput, field: string): Omit<PointsSchemeVersion, 'id' | 'scheme' | 'schemeId' | 'number' | 'version' | 'createdAt' | 'updatedAt' | 'createdBy'> {
  const codes = new Set<string>();
  const kinds = new Set<string>();
  const contactKinds = new Set<string>();
  const items: PointsItem[] = input.items.map((item, i) => {
    const at = (name: string) => `${field}.items.${i}.${name}`;
    const code = item.code.trim();
    if (!ITEM_CODE.test(code)) throw new BadUserInputError(at('code'), 'must be capitals, digits and _ starting with a letter, e.g. ORG_LIFE', 'ITEM_CODE');
    if (codes.has(code)) throw new BadUserInputError(at('code'), `${code} appears twice`, 'DUPLICATE');
    codes.add(code);
    if (item.value === 0) throw new BadUserInputError(at('value'), 'must add or deduct: not 0', 'OUT_OF_RANGE');
    if (item.source === PointsItemSource.ACTIVITY) {
      if (!item.activityKind) throw new BadUserInputError(at('activityKind'), 'is required for an ACTIVITY item', 'REQUIRED');
      if (kinds.has(item.activityKind)) throw new BadUserInputError(at('activityKind'), `another item already counts ${item.activityKind}`, 'DUPLICATE');
      kinds.add(item.activityKind);
    } else if (item.activityKind) {
      throw new BadUserInputError(at('activityKind'), 'only ACTIVITY items count activity records', 'EXCLUSIVE');
    }
    if (item.source === PointsItemSource.CONTACT) {
      if (!item.contactKind) throw new BadUserInputError(at('contactKind'), 'is required for a CONTACT item', 'REQUIRED');
      if (contactKinds.has(item.contactKind)) throw new BadUserInputError(at('contactKind'), `another item already counts ${item.contactKind}`, 'DUPLICATE');
      contactKinds.add(item.contactKind);
    } else if (item.contactKind) {
      throw new BadUserInputError(at('contactKind'), 'only CONTACT items count contact records', 'EXCLUSIVE');
    }
    if (item.monthCap != null && item.yearCap != null && item.yearCap < item.monthCap) {
      throw new BadUserInputError(at('yearCap'), 'cannot be below the month cap', 'OUT_OF_RANGE');
    }
    return {
      code,
      label: item.label.trim(),
      source: item.source,
      activityKind: item.source === PointsItemSource.ACTIVITY ? (item.activityKind as ActivityKind) : null,
      contactKind: item.source === PointsItemSource.CONTACT ? (item.contactKind as ContactKind) : null,
      value: item.value,
      monthCap: item.monthCap ?? null,
      yearCap: item.yearCap ?? null,
    };
  });
  if (input.qualifiedFrom > input.excellentFrom) throw new BadUserInputError(`${field}.qualifiedFrom`, 'cannot be above excellentFrom', 'OUT_OF_RANGE');
  if (input.basicallyQualifiedFrom > input.qualifiedFrom) throw new BadUserInputError(`${field}.basicallyQualifiedFrom`, 'cannot be above qualifiedFrom', 'OUT_OF_RANGE');
  return {
    fromYear: requireYear(input.fromYear, `${field}.fromYear`),
    baseScore: input.baseScore,
    items,
    excellentFrom: input.excellentFrom,
    qualifiedFrom: input.qualifiedFrom,
    basicallyQualifiedFrom: input.basicallyQualifiedFrom,
  };
}

function requireQuarter(quarter: number, field = 'quarter'): number {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new BadUserInputError(field, 'must be 1, 2, 3 or 4', 'OUT_OF_RANGE');
  return quarter;
}

/** The members whose points an organisation keeps: inflow organisation in its subtree, or, with none, formal organisation there. */
function keptBy(organizationIds: number[]): FilterQuery<Member> {
  return {
    $or: [
      { inflowOrganization: subtreeCondition(organizationIds) },
      { inflowOrganization: null, formalOrganization: subtreeCondition(organizationIds) },
    ],
  } as FilterQuery<Member>;
}

/**
 * Points (十二分制): schemes and their versions, entries made by hand, monthly scores recomputed
 * set-based (points.rules.ts), quarters published and frozen, adjustments after publication.
 */
export class PointsService {
  private write<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return unitOfWork(ctx, work);
  }

  private actor(ctx: RequestContext): string {
    return actorOf(ctx.viewer).actorName ?? 'unknown';
  }

  async createScheme(ctx: RequestContext, input: CreatePointsSchemeInput): Promise<PointsScheme> {
    requirePermission(ctx.viewer, 'points:write');
    const rules = versionRules(input.version, 'version');
    if ((input.ownerOrganizationId == null) === (input.agreementId == null)) {
      throw new BadUserInputError('ownerOrganizationId', 'give ownerOrganizationId or agreementId, exactly one', 'EXCLUSIVE');
    }
    const owner = input.ownerOrganizationId != null ? await organizationService.findOne(ctx, input.ownerOrganizationId, 'ownerOrganizationId') : null;
    if (input.ownerOrganizationId != null && !owner) throw new BadUserInputError('ownerOrganizationId', 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
    const agreement = input.agreementId != null ? await agreementService.findOne(ctx, input.agreementId, 'agreementId') : null;
    if (input.agreementId != null && !agreement) throw new BadUserInputError('agreementId', 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
    if (!pointsPolicy.mayWriteScheme(ctx.viewer, owner, agreement)) throw new ForbiddenError('Not allowed: the scheme would be outside the region you manage');
    return this.write(ctx, async (em) => {
      const scheme = em.create(PointsScheme, { name: input.name.trim(), ownerOrganization: owner?.id ?? null, agreement: agreement?.id ?? null });
      em.create(PointsSchemeVersion, { scheme, number: 1, ...rules, createdBy: this.actor(ctx) });
      await em.flush();
      await auditService.record(ctx, em, [{ action: 'create', entity: 'PointsScheme', entityId: scheme.id, changes: { name: scheme.name, version: rules } }]);
      return scheme;
    });
  }

  /** A new version: versions are never changed, so the years already scored keep theirs. */
  async reviseScheme(ctx: RequestContext, input: RevisePointsSchemeInput): Promise<PointsScheme> {
    requirePermission(ctx.viewer, 'points:write');
    const rules = versionRules(input.version, 'version');
    return this.write(ctx, async (em) => {
      const id = parseIntId(input.schemeId, 'schemeId');
      const scheme = await em.findOne(PointsScheme, allOf({ id }, pointsPolicy.schemeRead(ctx.viewer)));
      if (!scheme) throw new NotFoundError('PointsScheme', id);
      if (!(await em.count(PointsScheme, allOf({ id }, pointsPolicy.schemeWrite(ctx.viewer))))) {
        throw new ForbiddenError('Not allowed: the scheme is outside the region you manage');
      }
      const latest = await em.findOne(PointsSchemeVersion, { scheme: id }, { orderBy: { number: 'desc' } });
      if (latest && rules.fromYear < latest.fromYear) {
        throw new BadUserInputError('version.fromYear', `cannot be before ${latest.fromYear}, the year the latest version applies from`, 'OUT_OF_RANGE');
      }
      em.create(PointsSchemeVersion, { scheme, number: (latest?.number ?? 0) + 1, ...rules, createdBy: this.actor(ctx) });
      if (input.name != null) scheme.name = input.name.trim();
      scheme.version += 1;
      await em.flush();
      await auditService.record(ctx, em, [{ action: 'revise', entity: 'PointsScheme', entityId: scheme.id, changes: { name: scheme.name, version: rules } }]);
      return scheme;
    });
  }

  /**
   * Entries made by hand, all or none. Each names a MANUAL item of the scheme version in force
   * for its member that year; one in a month already published is recorded as an adjustment,
   * shown beside the frozen score. The members' scores of those years are recomputed at once.
   */
  async recordEntries(ctx: RequestContext, input: RecordPointsEntriesInput): Promise<PointsEntry[]> {
    requirePermission(ctx.viewer, 'points:write');
    const today = chinaDate(ctx.now);
    return this.write(ctx, async (em) => {
      const prepared: { member: Member; organization: Organization; occurredOn: string; itemCode: string; value: number; reason: string }[] = [];
      for (const [i, entry] of input.entries.entries()) {
        const at = (name: string) => `entries.${i}.${name}`;
        if (entry.occurredOn > today) throw new BadUserInputError(at('occurredOn'), 'cannot be in the future', 'DATE_ORDER');
        const member = await memberService.findOne(ctx, entry.memberId, at('memberId'));
        if (!member) throw new BadUserInputError(at('memberId'), 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
        const organization = await organizationService.findOne(ctx, entry.organizationId, at('organizationId'));
        if (!organization) throw new BadUserInputError(at('organizationId'), 'refers to a record that does not exist', 'UNKNOWN_REFERENCE');
        if (!pointsPolicy.mayWriteEntry(ctx.viewer, organization, member)) throw new ForbiddenError('Not allowed: the entry would be outside the region you manage');
        prepared.push({ member, organization, occurredOn: entry.occurredOn, itemCode: entry.itemCode.trim(), value: entry.value ?? 0, reason: entry.reason.trim() });
      }
      // The version in force for each member and year, and the keeper's publications, in one statement.
      const keys = prepared.map((entry) => ({ member: entry.member.id, year: Number(entry.occurredOn.slice(0, 4)), quarter: quarterOf(entry.occurredOn) }));
      const facts: { member_id: number; year: number; quarter: number; items: PointsItem[] | null; published: boolean }[] = await em.execute(
        `select q.member_id, q.year, q.quarter, v.items,
                exists (select 1 from points_publication p where p.organization_id = ${keeperSql('m')} and p.year = q.year and p.quarter = q.quarter) as published
           from jsonb_to_recordset(?::jsonb) as q(member_id int, year int, quarter int)
           join member m on m.id = q.member_id
           left join points_scheme_version v on v.id = ${versionInForceSql(schemeOfSql('m'), 'q.year')}`,
        [JSON.stringify(keys.map((key) => ({ member_id: key.member, year: key.year, quarter: key.quarter })))],
      );
      const entries = prepared.map((entry, i) => {
        const at = (name: string) => `entries.${i}.${name}`;
        const fact = facts.find((row) => row.member_id === keys[i]!.member && row.year === keys[i]!.year && row.quarter === keys[i]!.quarter);
        if (!fact?.items) throw new BadUserInputError(at('memberId'), `no points scheme applies to this member in ${keys[i]!.year}`, 'NO_SCHEME');
        const item = fact.items.find((candidate) => candidate.code === entry.itemCode && candidate.source === PointsItemSource.MANUAL);
        if (!item) throw new BadUserInputError(at('itemCode'), `is not a MANUAL item of the scheme in force for this member in ${keys[i]!.year}`, 'UNKNOWN_ITEM');
        const value = entry.value || item.value;
        return em.create(PointsEntry, {
          member: entry.member.id,
          organization: entry.organization.id,
          occurredOn: entry.occurredOn,
          itemCode: entry.itemCode,
          value,
          reason: entry.reason,
          adjustment: fact.published,
          createdBy: this.actor(ctx),
        });
      });
      await em.flush();
      await this.refreshAfterEntries(ctx, em, entries);
      await auditService.record(
        ctx,
        em,
        entries.map((entry) => ({ action: 'create', entity: 'PointsEntry', entityId: entry.id, changes: { memberId: entry.member.id, occurredOn: entry.occurredOn, itemCode: entry.itemCode, value: entry.value, reason: entry.reason, adjustment: entry.adjustment } })),
      );
      return entries;
    });
  }

  /** Deletes an entry of a month not yet published; a published one is corrected by an adjustment instead. */
  async deleteEntry(ctx: RequestContext, rawId: string): Promise<PointsEntry> {
    requirePermission(ctx.viewer, 'points:write');
    return this.write(ctx, async (em) => {
      const id = parseIntId(rawId, 'id');
      const entry = await em.findOne(PointsEntry, allOf({ id }, pointsPolicy.entryRead(ctx.viewer)));
      if (!entry) throw new NotFoundError('PointsEntry', id);
      if (!(await em.count(PointsEntry, allOf({ id }, pointsPolicy.entryWrite(ctx.viewer))))) throw new ForbiddenError('Not allowed: the entry is outside the region you manage');
      if (entry.adjustment) throw new ConflictError('An adjustment to a published quarter stays; record another adjustment to correct it', { reason: 'PUBLISHED' });
      const [published] = await em.execute<{ n: number }[]>(
        `select count(*)::int as n from monthly_score where member_id = ? and month = date_trunc('month', ?::date)::date and publication_id is not null`,
        [entry.member.id, entry.occurredOn],
      );
      if (published!.n > 0) throw new ConflictError('The month is published; record an adjustment instead', { reason: 'PUBLISHED' });
      await em.remove(entry).flush();
      await this.refreshAfterEntries(ctx, em, [entry]);
      await auditService.record(ctx, em, [{ action: 'delete', entity: 'PointsEntry', entityId: id, changes: { memberId: entry.member.id, itemCode: entry.itemCode, value: entry.value, reason: entry.reason } }]);
      entry.id = id;
      return entry;
    });
  }

  /** After entries change: the members' scores of those years, and the adjustments shown beside frozen months. */
  private async refreshAfterEntries(ctx: RequestContext, em: EntityManager, entries: PointsEntry[]): Promise<void> {
    const byYear = new Map<number, Set<number>>();
    for (const entry of entries) {
      const year = Number(entry.occurredOn.slice(0, 4));
      if (!byYear.has(year)) byYear.set(year, new Set());
      byYear.get(year)!.add(entry.member.id);
    }
    for (const [year, members] of byYear) {
      await this.recomputeMembers(ctx, em, { ids: [...members] }, { year, fromMonth: 1, toMonth: 12, fill: false });
    }
    await this.refreshAdjustments(em, [...new Set(entries.map((entry) => entry.member.id))]);
  }

  /** The adjustments of frozen months, from the entries marked as such (set-based; published rows keep their score). */
  private async refreshAdjustments(em: EntityManager, memberIds: number[]): Promise<void> {
    await em.execute(
      `update monthly_score ms
          set adjustment = coalesce(a.total, 0), adjustments = coalesce(a.items, '[]'::jsonb)
         from monthly_score target
         left join lateral (
           select sum(e.value)::int as total,
                  jsonb_agg(jsonb_build_object('entryId', e.id::text, 'value', e.value, 'reason', e.reason, 'occurredOn', e.occurred_on) order by e.id) as items
             from points_entry e
            where e.member_id = target.member_id and e.adjustment and date_trunc('month', e.occurred_on)::date = target.month) a on true
        where target.id = ms.id and ms.member_id = any(array[?]::int[]) and ms.publication_id is not null
          and (ms.adjustment, ms.adjustments) is distinct from (coalesce(a.total, 0), coalesce(a.items, '[]'::jsonb))`,
      [memberIds],
    );
  }

  /** Scores of the members given (ids, or a member filter) within the viewer's write scope. */
  private async recomputeMembers(ctx: RequestContext, em: EntityManager, members: { ids: number[] } | { where: FilterQuery<Member> }, range: ScoringRange): Promise<RecomputeMonthlyScoresResult> {
    const where = 'ids' in members ? ({ id: { $in: members.ids } } as FilterQuery<Member>) : members.where;
    const scoped = scopedIdsSql(em, Member, allOf(where, pointsPolicy.scoredMembers(ctx.viewer)) as QBFilterQuery<Member>);
    const [result] = await em.execute<RecomputeMonthlyScoresResult[]>(recomputeSql(scoped.sql, range), [...scoped.params, ...scoped.params]);
    return result!;
  }

  /** Brings the monthly scores of an organisation's members (and those below it) for a year up to date; published quarters stay. */
  async recompute(ctx: RequestContext, input: RecomputeMonthlyScoresInput): Promise<RecomputeMonthlyScoresResult> {
    const year = requireYear(input.year, 'year');
    const organization = await organizationService.get(ctx, input.organizationId, 'organizationId');
    if (!pointsPolicy.mayKeep(ctx.viewer, organization)) throw new ForbiddenError('Not allowed: the organisation is outside the region you manage');
    return this.write(ctx, async (em) => {
      const ids = subtreeIds({ eq: input.organizationId }, 'organizationId');
      const result = await this.recomputeMembers(ctx, em, { where: keptBy(ids) }, { year, fromMonth: 1, toMonth: 12, fill: false });
      await auditService.record(ctx, em, [{ action: 'recompute', entity: 'MonthlyScore', entityId: null, changes: { organizationId: organization.id, year, ...result } }]);
      return result;
    });
  }

  /**
   * Publishes a quarter for the organisation keeping its members' points (季公示): the scores are
   * brought up to date, every member with a scheme gets a row for each month (0 when nothing
   * counted), and all of them are frozen under the publication. CONFLICT if already published.
   */
  async publish(ctx: RequestContext, input: PublishPointsQuarterInput): Promise<PointsPublication> {
    const year = requireYear(input.year, 'year');
    const quarter = requireQuarter(input.quarter);
    const organization = await organizationService.get(ctx, input.organizationId, 'organizationId');
    if (!pointsPolicy.mayKeep(ctx.viewer, organization)) throw new ForbiddenError('Not allowed: the organisation is outside the region you manage');
    const [firstMonth] = quarterMonths(year, quarter);
    if (firstMonth! > chinaDate(ctx.now)) throw new BadUserInputError('quarter', 'has not begun yet', 'DATE_ORDER');
    return this.write(ctx, async (em) => {
      const existing = await em.findOne(PointsPublication, { organization: organization.id, year, quarter });
      if (existing) throw new ConflictError(`Quarter ${quarter} of ${year} is already published for this organisation`, { reason: 'ALREADY_PUBLISHED' });
      const kept = { $or: [{ inflowOrganization: organization.id }, { inflowOrganization: null, formalOrganization: organization.id }] } as FilterQuery<Member>;
      await this.recomputeMembers(ctx, em, { where: kept }, { year, fromMonth: (quarter - 1) * 3 + 1, toMonth: quarter * 3, fill: true });
      const months = quarterMonths(year, quarter);
      const [open] = await em.execute<{ n: number }[]>(
        `select count(*)::int as n from monthly_score where organization_id = ? and month = any(array[?]::date[]) and publication_id is null`,
        [organization.id, months],
      );
      const publication = em.create(PointsPublication, { organization: organization.id, year, quarter, publishedBy: this.actor(ctx), publishedAt: ctx.now, scoreCount: open!.n });
      await em.flush();
      const frozen = await em.execute<{ id: number }[]>(
        `update monthly_score set publication_id = ? where organization_id = ? and month = any(array[?]::date[]) and publication_id is null returning id`,
        [publication.id, organization.id, months],
      );
      await auditService.record(ctx, em, [{ action: 'publish', entity: 'PointsPublication', entityId: publication.id, changes: { organizationId: organization.id, year, quarter, scoreCount: frozen.length } }]);
      return publication;
    });
  }

  /**
   * A quarter of an organisation as it is posted: one line per member whose scores the viewer
   * may read (partners: published ones only), with the three months, the adjustments and the total.
   */
  async quarter(ctx: RequestContext, rawOrganizationId: string, year: number, quarter: number): Promise<PointsQuarter> {
    requireYear(year, 'year');
    requireQuarter(quarter, 'quarter');
    const organization = await organizationService.get(ctx, rawOrganizationId, 'organizationId');
    const months = quarterMonths(year, quarter);
    const publication = await ctx.em.findOne(PointsPublication, allOf({ organization: organization.id, year, quarter }, pointsPolicy.publicationRead(ctx.viewer)));
    const scores = scopedIdsSql(ctx.em, MonthlyScore, pointsPolicy.scoreRead(ctx.viewer) as QBFilterQuery<MonthlyScore>);
    // Admins also see the members the organisation keeps who have no score yet (a quarter before its first recompute).
    const members = ctx.viewer.kind === 'admin' ? scopedIdsSql(ctx.em, Member, memberPolicy.read(ctx.viewer) as QBFilterQuery<Member>) : null;
    const rows = await ctx.em.execute<{ member_id: number; name: string; scores: (number | null)[]; adjustment: number; adjustments: ScoreAdjustment[] }[]>(
      `with visible_scores as (${scores.sql}),
       lines as (
         select distinct ms.member_id from monthly_score ms join visible_scores v on v.id = ms.id
          where ms.organization_id = ? and ms.month = any(array[?]::date[])
         ${members ? `union select m.id from member m where m.id in (${members.sql}) and ${keeperSql('m')} = ? and m.status::text <> 'TRANSFERRED'` : ''})
       select m.id as member_id, m.name,
              array(select (select ms.score from monthly_score ms join visible_scores v on v.id = ms.id
                             where ms.member_id = m.id and ms.month = g.month and ms.organization_id = ?)
                      from unnest(array[?]::date[]) with ordinality as g(month, n) order by g.n) as scores,
              coalesce((select sum(ms.adjustment) from monthly_score ms join visible_scores v on v.id = ms.id
                         where ms.member_id = m.id and ms.month = any(array[?]::date[]) and ms.organization_id = ?), 0)::int as adjustment,
              coalesce((select jsonb_agg(a order by ms.month) from monthly_score ms join visible_scores v on v.id = ms.id
                         cross join jsonb_array_elements(ms.adjustments) a
                         where ms.member_id = m.id and ms.month = any(array[?]::date[]) and ms.organization_id = ?), '[]'::jsonb) as adjustments
         from lines l join member m on m.id = l.member_id
        order by m.name, m.id`,
      [
        ...scores.params,
        organization.id,
        months,
        ...(members ? [...members.params, organization.id] : []),
        organization.id,
        months,
        months,
        organization.id,
        months,
        organization.id,
      ],
    );
    const lines: PointsQuarterRow[] = rows.map((row) => {
      const sum = row.scores.reduce<number>((total, score) => total + (score ?? 0), 0);
      return {
        memberId: String(row.member_id),
        memberName: row.name,
        scores: row.scores,
        adjustment: row.adjustment,
        adjustments: row.adjustments,
        total: sum + row.adjustment,
      };
    });
    return { organizationId: String(organization.id), year, quarter, months, publication, rows: lines };
  }
}

export const pointsService = new PointsService();
