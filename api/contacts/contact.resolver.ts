import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Extensions, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context';
import { createCrudResolver, createReadResolver } from '../common/crud/crud.resolver';
import { joinsMany, joinsOne, readsColumns } from '../common/crud/read-model';
import { plannedOr } from '../common/crud/read-planner';
import { type FilterInput, OffsetPaging, type SortInput } from '../common/crud/resource';
import { can } from '../common/permissions';
import { Member } from '../members/member.entity';
import { memberService } from '../members/member.service';
import { Organization } from '../organizations/organization.entity';
import { organizationService } from '../organizations/organization.service';
import { ContactPairing } from './contact-pairing.entity';
import { contactPairingResource, contactPairingService } from './contact-pairing.service';
import { ContactRecord } from './contact-record.entity';
import { contactRecordResource, contactRecordService } from './contact-record.service';
import { isFamilyVisitDue, isTalkDue } from './contact.rules';
import {
  AddLostContactAttemptInput,
  CloseLostContactCaseInput,
  CreateContactPairingInput,
  CreateContactRecordInput,
  OpenLostContactCaseInput,
  UpdateContactPairingInput,
  UpdateContactRecordInput,
} from './contact.types';
import { LostContactCase } from './lost-contact-case.entity';
import { lostContactAttemptResource, lostContactAttemptService, lostContactCaseResource, lostContactCaseService } from './lost-contact-case.service';

@Resolver(() => ContactRecord)
export class ContactRecordResolver extends createCrudResolver(
  contactRecordResource,
  { create: CreateContactRecordInput, update: UpdateContactRecordInput },
  () => contactRecordService,
) {
  @FieldResolver(() => Member, { nullable: true })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() record: ContactRecord, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(record, info, () => memberService.load(ctx, record.member.id));
  }
}

@Resolver(() => ContactPairing)
export class ContactPairingResolver extends createCrudResolver(
  contactPairingResource,
  { create: CreateContactPairingInput, update: UpdateContactPairingInput },
  () => contactPairingService,
) {
  @FieldResolver(() => Member, { nullable: true })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() pairing: ContactPairing, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(pairing, info, () => memberService.load(ctx, pairing.member.id));
  }

  @FieldResolver(() => Organization, { nullable: true })
  @Extensions(joinsOne('Organization', 'organization'))
  organization(@Root() pairing: ContactPairing, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(pairing, info, () => organizationService.loadOptional(ctx, pairing.organization?.id));
  }
}

@Resolver(() => LostContactCase)
export class LostContactCaseResolver extends createReadResolver(lostContactCaseResource, () => lostContactCaseService) {
  @Authorized('members:write')
  @Mutation(() => LostContactCase, { description: '组织找党员: opens a case; the member becomes LOST_CONTACT. At most one open case per member (CONFLICT, CASE_ALREADY_OPEN)' })
  openLostContactCase(@Arg('input') input: OpenLostContactCaseInput, @Ctx() ctx: RequestContext) {
    return lostContactCaseService.open(ctx, input);
  }

  @Authorized('members:write')
  @Mutation(() => LostContactCase, { description: 'Records one search attempt on an open case' })
  addLostContactAttempt(@Arg('input') input: AddLostContactAttemptInput, @Ctx() ctx: RequestContext) {
    return lostContactCaseService.addAttempt(ctx, input);
  }

  @Authorized('members:write')
  @Mutation(() => LostContactCase, { description: 'Closes an open case with its outcome; FOUND restores the member\'s status from before the case' })
  closeLostContactCase(@Arg('input') input: CloseLostContactCaseInput, @Ctx() ctx: RequestContext) {
    return lostContactCaseService.close(ctx, input);
  }

  @FieldResolver(() => Boolean, { description: 'Still open (no closedOn)' })
  @Extensions(readsColumns('closedOn'))
  open(@Root() found: LostContactCase) {
    return found.closedOn == null;
  }

  @FieldResolver(() => Member, { nullable: true })
  @Extensions(joinsOne('Member', 'member'))
  member(@Root() found: LostContactCase, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return plannedOr(found, info, () => memberService.load(ctx, found.member.id));
  }

  @FieldResolver(() => lostContactAttemptResource.Connection, { description: 'The search attempts, oldest first' })
  @Extensions(joinsMany('LostContactAttempt', 'lostContactCase'))
  attempts(
    @Root() found: LostContactCase,
    @Arg('filter', () => lostContactAttemptResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [lostContactAttemptResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return plannedOr(found, info, () => lostContactAttemptService.list(ctx, { filter, paging, sorting }, { lostContactCase: found.id }));
  }
}

/** A member's contacts, as fields of Member kept beside the records they read. */
@Resolver(() => Member)
export class MemberContactsResolver {
  @FieldResolver(() => contactRecordResource.Connection, { description: 'The member\'s contact records (talks, visits, reports), newest first' })
  @Extensions(joinsMany('ContactRecord', 'member'))
  contactRecords(
    @Root() member: Member,
    @Arg('filter', () => contactRecordResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [contactRecordResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return plannedOr(member, info, () => contactRecordService.list(ctx, { filter, paging, sorting }, { member: member.id }));
  }

  @FieldResolver(() => lostContactCaseResource.Connection, { description: 'The member\'s lost-contact cases, newest first' })
  @Extensions(joinsMany('LostContactCase', 'member'))
  lostContactCases(
    @Root() member: Member,
    @Arg('filter', () => lostContactCaseResource.Filter, { nullable: true }) filter: FilterInput | null,
    @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
    @Arg('sorting', () => [lostContactCaseResource.Sort], { nullable: true }) sorting: SortInput[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return plannedOr(member, info, () => lostContactCaseService.list(ctx, { filter, paging, sorting }, { member: member.id }));
  }

  @FieldResolver(() => ContactPairing, { nullable: true, description: '联系人: the pairing in force today (一对一联)' })
  @Extensions(readsColumns('id'))
  contactPerson(@Root() member: Member, @Ctx() ctx: RequestContext) {
    return contactPairingService.current(ctx, member.id);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: '一季度一谈心: no talk (or reminder talk) yet this quarter, for a member under care (not lost contact, returned or transferred). Null without activities:read',
  })
  @Extensions(readsColumns('status'))
  async talkDue(@Root() member: Member, @Ctx() ctx: RequestContext) {
    if (!can(ctx.viewer, 'activities:read')) return null;
    return isTalkDue(member.status, await contactRecordService.lastContacts(ctx, member.id), ctx.now);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Family visit (家访) due: none yet this half year, for a member under care. Null without activities:read',
  })
  @Extensions(readsColumns('status'))
  async familyVisitDue(@Root() member: Member, @Ctx() ctx: RequestContext) {
    if (!can(ctx.viewer, 'activities:read')) return null;
    return isFamilyVisitDue(member.status, await contactRecordService.lastContacts(ctx, member.id), ctx.now);
  }
}
