import { unitOfWork } from '../common/unit-of-work';
import { LockMode } from '@mikro-orm/core';
import { Agreement } from '../agreements/agreement.entity';
import { agreementPolicy } from '../agreements/agreement.policy';
import { isInForce } from '../agreements/agreement.rules';
import { auditService, snapshot } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { staleVersion } from '../common/crud/crud.service';
import { allOf, parseIntId } from '../common/crud/filter-query';
import { ReadService } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { chinaDate } from '../common/dates';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../common/errors';
import { can } from '../common/permissions';
import { regionContains } from '../common/region-code';
import { TokenScope } from '../common/viewer';
import { ApiToken } from './api-token.entity';
import { apiTokenPolicy } from './api-token.policy';
import type { IssueApiTokenInput } from './api-token.types';
import { generateApiToken } from './token-format';

export const MAX_TOKEN_DAYS = 400;

export const apiTokenResource = new Resource<ApiToken>({
  entity: ApiToken,
  name: 'ApiToken',
  plural: 'ApiTokens',
  permissions: { read: 'tokens:manage' },
  fields: {
    id: { kind: 'id', sortable: true },
    name: { kind: 'string', sortable: true },
    publicId: { kind: 'string' },
    agreementId: { kind: 'id', path: 'agreement', sortable: true },
    partnerRegionCode: { kind: 'string', sortable: true },
    expiresAt: { kind: 'datetime', sortable: true },
    revokedAt: { kind: 'datetime', sortable: true },
    lastUsedAt: { kind: 'datetime', sortable: true },
    createdAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'createdAt', direction: 'DESC' }],
});

/** Partner and dashboard tokens: issued under an agreement the admin may manage, revoked at once. */
export class ApiTokenService extends ReadService<ApiToken, number> {
  constructor() {
    super(apiTokenResource, apiTokenPolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }

  async issue(ctx: RequestContext, input: IssueApiTokenInput): Promise<{ token: string; apiToken: ApiToken }> {
    if (!can(ctx.viewer, 'tokens:manage') || ctx.viewer.kind !== 'admin') throw new ForbiddenError('Only admins may issue tokens');
    const scopes = [...new Set(input.scopes)];
    const years = [...new Set(input.years ?? [])].sort();
    this.checkExpiry(input.expiresAt, ctx.now);
    const agreement = await this.agreementFor(ctx, input.agreementId, scopes);
    if (scopes.some((scope) => scope.startsWith('feedback:')) && years.length === 0) {
      throw new BadUserInputError('years', 'feedback scopes need the years the token may touch', 'REQUIRED');
    }
    const partnerRegionCode = input.partnerRegionCode ?? agreement?.partnerRegionCode ?? null;
    if (agreement && partnerRegionCode && ![agreement.hostRegionCode, agreement.partnerRegionCode].some((side) => regionContains(side, partnerRegionCode))) {
      throw new BadUserInputError('partnerRegionCode', 'must lie within one side of the agreement', 'REGION_OUTSIDE_AGREEMENT');
    }
    const issued = generateApiToken();
    const userId = ctx.viewer.userId;
    // The token is bounded by its issuer: a region admin's dashboard token sees that region's figures only.
    const issuerRegionCode = ctx.viewer.regionCode;
    const apiToken = await unitOfWork(ctx, async (em) => {
      const row = em.create(ApiToken, {
        publicId: issued.publicId,
        secretHash: issued.secretHash,
        name: input.name.trim(),
        agreement: agreement?.id ?? null,
        partnerRegionCode,
        issuerRegionCode,
        scopes,
        years,
        expiresAt: input.expiresAt,
        createdBy: userId,
      });
      await em.flush();
      await auditService.record(ctx, em, [{ action: 'issue', entity: 'ApiToken', entityId: row.id, changes: { after: snapshot(row) } }]);
      return row;
    });
    return { token: issued.token, apiToken };
  }

  /** Revokes at once (a second revocation changes nothing); `version`, when given, must be the token's current one. */
  async revoke(ctx: RequestContext, rawId: string, version?: number | null): Promise<ApiToken> {
    const id = parseIntId(rawId, 'id');
    return unitOfWork(ctx, async (em) => {
      if (!(await em.count(ApiToken, this.withinScope(ctx, { id })))) throw new NotFoundError('ApiToken', id);
      if (!(await em.count(ApiToken, allOf({ id }, apiTokenPolicy.write(ctx.viewer))))) {
        throw new ForbiddenError('Not allowed: the token was issued under an agreement your region does not host');
      }
      // Locked only once it is known to be ours to change: row-level security shows a row to
      // FOR UPDATE only under the update policy, and a visible token must read as FORBIDDEN.
      const token = await em.findOneOrFail(ApiToken, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (version != null && version !== token.version) throw staleVersion(version, token.version);
      if (!token.revokedAt) {
        token.revokedAt = ctx.now;
        token.version += 1;
        await auditService.record(ctx, em, [{ action: 'revoke', entity: 'ApiToken', entityId: id }]);
      }
      return token;
    });
  }

  private checkExpiry(expiresAt: Date, now: Date): void {
    if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now) {
      throw new BadUserInputError('expiresAt', 'must be in the future', 'DATE_ORDER');
    }
    if (expiresAt.getTime() - now.getTime() > MAX_TOKEN_DAYS * 86_400_000) {
      throw new BadUserInputError('expiresAt', `must be at most ${MAX_TOKEN_DAYS} days ahead`, 'TOO_LONG');
    }
  }

  private async agreementFor(ctx: RequestContext, rawId: string | null | undefined, scopes: TokenScope[]): Promise<Agreement | null> {
    const needsAgreement = scopes.some((scope) => scope !== TokenScope.STATS_READ);
    if (!rawId) {
      if (needsAgreement) throw new BadUserInputError('agreementId', 'is required for every scope except stats:read', 'REQUIRED');
      return null;
    }
    const id = parseIntId(rawId, 'agreementId');
    // The admin must be able to manage the agreement (a region admin: one hosted in their region).
    const agreement = await ctx.em.findOne(Agreement, allOf({ id }, agreementPolicy.write(ctx.viewer)));
    if (!agreement) throw new BadUserInputError('agreementId', 'no such agreement', 'UNKNOWN_REFERENCE');
    // A token under an agreement not in force would be refused on its first request.
    if (!isInForce(agreement, chinaDate(ctx.now))) {
      throw new BadUserInputError('agreementId', `agreement ${agreement.code} is not in force (ACTIVE and effective today)`, 'AGREEMENT_NOT_IN_FORCE');
    }
    return agreement;
  }
}

export const apiTokenService = new ApiTokenService();
