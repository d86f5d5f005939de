import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import { Agreement } from '../agreements/agreement.entity';
import { agreementService } from '../agreements/agreement.service';
import type { RequestContext } from '../common/context';
import { createReadResolver } from '../common/crud/crud.resolver';
import { joinsOne, readsColumns } from '../common/crud/read-model';
import { plannedOr } from '../common/crud/read-planner';
import { OffsetPaging } from '../common/crud/resource';
import { Member } from '../members/member.entity';
import { memberService } from '../members/member.service';
import { Notice, PendingMemberEntry, RosterExchange, RosterExchangeRow, RosterOutcome } from './notice.entity';
import { noticeResource, noticeService, pendingEntryResource, pendingEntryService, rosterExchangeResource, rosterExchangeService } from './notice.service';
import {
  AnswerNoticeInput,
  ConfirmPendingMemberEntryInput,
  DeclinePendingMemberEntryInput,
  MergePendingMemberEntryInput,
  RosterExchangeRowConnection,
  SendNoticeInput,
  SendRosterInput,
} from './notice.types';

@Resolver(() => Notice)
export class NoticeResolver extends createReadResolver(noticeResource, () => noticeService) {
  @Authorized('notices:send')
  @Mutation(() => Notice, {
    description: 'Sends a notice to the other side of an agreement. An inflow alert (流入提醒) from the outflow side about a person the ledger does not know opens a pending ledger entry',
  })
  sendNotice(@Arg('input') input: SendNoticeInput, @Ctx() ctx: RequestContext) {
    return noticeService.send(ctx, input);
  }

  @Authorized('notices:send')
  @Mutation(() => Notice, { description: 'Marks a notice read (the side it is addressed to); again changes nothing' })
  markNoticeRead(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return noticeService.markRead(ctx, id);
  }

  @Authorized('notices:send')
  @Mutation(() => Notice, { description: 'Answers a notice (the side it is addressed to, once); the sender hears of it (notice.received)' })
  answerNotice(@Arg('input') input: AnswerNoticeInput, @Ctx() ctx: RequestContext) {
    return noticeService.answer(ctx, input);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The member, when the ledger knows them and the caller can read them' })
  @Extensions(readsColumns('member'))
  memberId(@Root() notice: Notice, @Ctx() ctx: RequestContext) {
    return readableMemberId(ctx, notice);
  }

  @FieldResolver(() => Boolean, { description: 'Marked read by the receiving side' })
  @Extensions(readsColumns('readAt'))
  read(@Root() notice: Notice) {
    return notice.readAt != null;
  }

  @FieldResolver(() => Agreement, { nullable: true })
  @Extensions(joinsOne('Agreement', 'agreement'))
  agreement(@Root() notice: Notice, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(notice, info, () => agreementService.load(ctx, notice.agreement.id));
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member, within the caller\'s scope' })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() notice: Notice, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(notice, info, () => memberService.loadOptional(ctx, notice.member?.id));
  }
}

@Resolver(() => PendingMemberEntry)
export class PendingMemberEntryResolver extends createReadResolver(pendingEntryResource, () => pendingEntryService) {
  @Authorized('members:write')
  @Mutation(() => PendingMemberEntry, {
    description: 'Creates the ledger entry from a pending one, the host completing the required fields. A person already in the ledger: CONFLICT (ALREADY_IN_LEDGER), merge instead',
  })
  confirmPendingMemberEntry(@Arg('input') input: ConfirmPendingMemberEntryInput, @Ctx() ctx: RequestContext) {
    return pendingEntryService.confirm(ctx, input);
  }

  @Authorized('members:write')
  @Mutation(() => PendingMemberEntry, { description: 'Links a pending entry to the member already in the ledger (the same ID number): no duplicate' })
  mergePendingMemberEntry(@Arg('input') input: MergePendingMemberEntryInput, @Ctx() ctx: RequestContext) {
    return pendingEntryService.merge(ctx, input);
  }

  @Authorized('members:write')
  @Mutation(() => PendingMemberEntry, { description: 'Declines a pending entry, with the reason' })
  declinePendingMemberEntry(@Arg('input') input: DeclinePendingMemberEntryInput, @Ctx() ctx: RequestContext) {
    return pendingEntryService.decline(ctx, input);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The member it became (CONFIRMED) or was merged with (MERGED), when the caller can read them' })
  @Extensions(readsColumns('member'))
  memberId(@Root() entry: PendingMemberEntry, @Ctx() ctx: RequestContext) {
    return readableMemberId(ctx, entry);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member it became or was merged with, within the caller\'s scope' })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() entry: PendingMemberEntry, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(entry, info, () => memberService.loadOptional(ctx, entry.member?.id));
  }
}

@Resolver(() => RosterExchange)
export class RosterExchangeResolver extends createReadResolver(rosterExchangeResource, () => rosterExchangeService) {
  @Authorized('notices:send')
  @Mutation(() => RosterExchange, {
    description: '名册比对: the outflow side sends its members living in the host city (at most 5,000 rows, all or nothing); the answer reconciles them with the host\'s ledger',
  })
  sendRoster(@Arg('input') input: SendRosterInput, @Ctx() ctx: RequestContext) {
    return rosterExchangeService.send(ctx, input);
  }

  @FieldResolver(() => RosterExchangeRowConnection, { description: 'The outcomes, by row: MATCHED, UNKNOWN (pending entries), MISSING (kept by the host, not in the roster)' })
  @Extensions(readsColumns('id'))
  outcomes(
    @Root() exchange: RosterExchange,
    @Arg('outcome', () => RosterOutcome, { nullable: true }) outcome: RosterOutcome | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Ctx() ctx: RequestContext,
  ) {
    return rosterExchangeService.outcomes(ctx, exchange.id, outcome, paging);
  }
}

/** A member's id as a notice, entry or roster row shows it: only when the caller can read that member (a partner without members:read, or a member who has since moved out of its coverage, gets null). */
async function readableMemberId(ctx: RequestContext, row: { member?: { id: number } | null }): Promise<number | null> {
  const id = row.member?.id;
  if (id == null) return null;
  return (await memberService.load(ctx, id)) ? id : null;
}

@Resolver(() => RosterExchangeRow)
export class RosterExchangeRowResolver {
  @FieldResolver(() => ID, { nullable: true, description: 'The member, when the caller can read them' })
  memberId(@Root() row: RosterExchangeRow, @Ctx() ctx: RequestContext) {
    return readableMemberId(ctx, row);
  }
}

export const noticeResolvers = [NoticeResolver, PendingMemberEntryResolver, RosterExchangeResolver, RosterExchangeRowResolver];
