import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Info, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { agreementService } from '../agreements/agreement.service';
import type { RequestContext } from '../common/context';
import { plannedOr } from '../common/crud/read-planner';
import { joinsOne } from '../common/crud/read-model';
import { createReadResolver } from '../common/crud/crud.resolver';
import { ApiToken } from './api-token.entity';
import { apiTokenResource, apiTokenService } from './api-token.service';
import { IssueApiTokenInput, IssuedApiToken } from './api-token.types';

@Resolver(() => ApiToken)
export class ApiTokenResolver extends createReadResolver(apiTokenResource, () => apiTokenService) {
  @Authorized('tokens:manage')
  @Mutation(() => IssuedApiToken, { description: 'Issues a token; the secret is in this response only' })
  issueApiToken(@Arg('input', () => IssueApiTokenInput) input: IssueApiTokenInput, @Ctx() ctx: RequestContext) {
    return apiTokenService.issue(ctx, input);
  }

  @Authorized('tokens:manage')
  @Mutation(() => ApiToken, { description: 'Revokes a token; it is refused from the next request on' })
  revokeApiToken(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you read: refused (CONFLICT, STALE_VERSION) if it changed since' }) version: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return apiTokenService.revoke(ctx, id, version);
  }

  @FieldResolver(() => Agreement, { nullable: true })
  @Extensions(joinsOne('Agreement', 'agreement'))
  agreement(@Root() token: ApiToken, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(token, info, () => agreementService.loadOptional(ctx, token.agreement?.id));
  }
}
