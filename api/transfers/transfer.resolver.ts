import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Extensions, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { agreementService } from '../agreements/agreement.service';
import type { RequestContext } from '../common/context';
import { createReadResolver } from '../common/crud/crud.resolver';
import { joinsMany, joinsOne, readsColumns } from '../common/crud/read-model';
import { plannedOr } from '../common/crud/read-planner';
import { type FilterInput, OffsetPaging, type SortInput } from '../common/crud/resource';
import { Member } from '../members/member.entity';
import { memberService } from '../members/member.service';
import { Organization } from '../organizations/organization.entity';
import { organizationService } from '../organizations/organization.service';
import { TransferRequest } from './transfer-request.entity';
import { TransferActionEnum } from './transfer.rules';
import { transferRequestResource, transferService } from './transfer.service';
import { AcceptTransferInput, CompleteTransferInput, RejectTransferInput, RequestTransferInput, TransferStepInput } from './transfer.types';

@Resolver(() => TransferRequest)
export class TransferRequestResolver extends createReadResolver(transferRequestResource, () => transferService) {
  @Authorized('transfers:write')
  @Mutation(() => TransferRequest, {
    description:
      '组织关系转接: asks for a covered member\'s relationship to move to the other side. A member who is not transfer-due needs exceptionReason; one open request per member (CONFLICT, TRANSFER_ALREADY_OPEN)',
  })
  requestTransfer(@Arg('input') input: RequestTransferInput, @Ctx() ctx: RequestContext) {
    return transferService.request(ctx, input);
  }

  @Authorized('transfers:write')
  @Mutation(() => TransferRequest, { description: 'REQUESTED → ACCEPTED, by the side that did not ask' })
  acceptTransfer(@Arg('input') input: AcceptTransferInput, @Ctx() ctx: RequestContext) {
    return transferService.accept(ctx, input);
  }

  @Authorized('transfers:write')
  @Mutation(() => TransferRequest, { description: 'REQUESTED → REJECTED with a reason, by the side that did not ask' })
  rejectTransfer(@Arg('input') input: RejectTransferInput, @Ctx() ctx: RequestContext) {
    return transferService.reject(ctx, input);
  }

  @Authorized('transfers:write')
  @Mutation(() => TransferRequest, { description: 'REQUESTED → CANCELLED, by the side that asked, before it is accepted' })
  cancelTransfer(@Arg('input') input: TransferStepInput, @Ctx() ctx: RequestContext) {
    return transferService.cancel(ctx, input);
  }

  @Authorized('transfers:write')
  @Mutation(() => TransferRequest, {
    description:
      'ACCEPTED → COMPLETED, by the side holding the receiving organisation: the member becomes TRANSFERRED; unsent returns become 已转出 drafts, open lost-contact cases close, contact pairings end — in one transaction',
  })
  completeTransfer(@Arg('input') input: CompleteTransferInput, @Ctx() ctx: RequestContext) {
    return transferService.complete(ctx, input);
  }

  @FieldResolver(() => Boolean, { description: 'Still open (REQUESTED or ACCEPTED)' })
  @Extensions(readsColumns('state'))
  open(@Root() row: TransferRequest) {
    return row.state === 'REQUESTED' || row.state === 'ACCEPTED';
  }

  @FieldResolver(() => [TransferActionEnum], {
    description: 'What you may do to this request now: the steps its state allows, for your side of the agreement and your permissions (the same checks the mutations make, version aside)',
  })
  @Extensions(readsColumns('state', 'requestedSide', 'receivingSide', 'agreement'))
  allowedActions(@Root() row: TransferRequest, @Ctx() ctx: RequestContext) {
    return transferService.allowedActions(ctx, row);
  }

  @FieldResolver(() => Member, { nullable: true })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() row: TransferRequest, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => memberService.load(ctx, row.member.id));
  }

  @FieldResolver(() => Agreement, { nullable: true })
  @Extensions(joinsOne('Agreement', 'agreement'))
  agreement(@Root() row: TransferRequest, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => agreementService.load(ctx, row.agreement.id));
  }

  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'fromOrganization'))
  fromOrganization(@Root() row: TransferRequest, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => organizationService.load(ctx, row.fromOrganization.id));
  }

  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'toOrganization'))
  toOrganization(@Root() row: TransferRequest, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(row, info, () => organizationService.load(ctx, row.toOrganization.id));
  }
}

/** A member's transfer requests, as a field of Member kept beside the requests. */
@Resolver(() => Member)
export class MemberTransfersResolver {
  @FieldResolver(() => transferRequestResource.Connection, { description: 'The member\'s transfer requests (组织关系转接), newest first' })
  @Extensions(joinsMany('TransferRequest', 'member'))
  transferRequests(
    @Root() member: Member,
    @Arg('filter', () => transferRequestResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [transferRequestResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return plannedOr(member, info, () => transferService.list(ctx, { filter, paging, sorting }, { member: member.id }));
  }
}
