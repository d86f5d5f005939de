import { createHash } from 'node:crypto';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Agreement, AgreementStatus } from '../agreements/agreement.entity';
import { agreementService } from '../agreements/agreement.service';
import { auditService, diff, snapshot } from '../common/audit-trail';
import type { RequestContext } from '../common/context';
import { computedBooleanFilter } from '../common/crud/boolean-filter';
import { parseIntId } from '../common/crud/filter-query';
import { ReadService, pageBounds } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { chinaDate } from '../common/dates';
import { translateDbError } from '../common/db-errors';
import { unitOfWork } from '../common/unit-of-work';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { actorOf, type Viewer } from '../common/viewer';
import { Member } from '../members/member.entity';
import { coveredBy, memberPolicy } from '../members/member.policy';
import { memberService } from '../members/member.service';
import { maskIdNumber, personalData } from '../members/personal-data';
import { AgreementSide, EventType } from '../webhooks/outbox-event.entity';
import { outbox } from '../webhooks/outbox';
import { Notice, NoticeKind, PendingEntryStatus, PendingMemberEntry, RosterExchange, RosterExchangeRow, RosterOutcome } from './notice.entity';
import { noticePolicy, pendingEntryPolicy, rosterExchangePolicy, rosterExchangeRowPolicy } from './notice.policy';
import { checkFacts, checkRoster, isOutflowSide, nationalId, otherSideOf } from './notice.rules';
import type {
  AnswerNoticeInput,
  ConfirmPendingMemberEntryInput,
  DeclinePendingMemberEntryInput,
  MergePendingMemberEntryInput,
  SendNoticeInput,
  SendRosterInput,
} from './notice.types';

export const noticeResource = new Resource<Notice>({
  entity: Notice,
  name: 'Notice',
  plural: 'Notices',
  permissions: { read: 'notices:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    agreementId: { kind: 'id', path: 'agreement', sortable: true },
    memberId: { kind: 'id', path: 'member', sortable: true },
    kind: { kind: { enum: NoticeKind, name: 'NoticeKind' }, sortable: true },
    fromSide: { kind: { enum: AgreementSide, name: 'AgreementSide' }, sortable: true },
    toSide: { kind: { enum: AgreementSide, name: 'AgreementSide' }, sortable: true },
    automatic: { kind: 'boolean' },
    sentAt: { kind: 'datetime', sortable: true },
    readAt: { kind: 'datetime', sortable: true },
    read: {
      kind: 'boolean',
      description: 'Marked read by the receiving side',
      where: (comparison, _ctx, field) => computedBooleanFilter<Notice>(comparison, field, { readAt: { $ne: null } }, { readAt: null }),
    },
    answered: {
      kind: 'boolean',
      description: 'Answered by the receiving side',
      where: (comparison, _ctx, field) => computedBooleanFilter<Notice>(comparison, field, { answeredAt: { $ne: null } }, { answeredAt: null }),
    },
  },
  defaultSort: [{ field: 'sentAt', direction: 'DESC' }],
});

export const pendingEntryResource = new Resource<PendingMemberEntry>({
  entity: PendingMemberEntry,
  name: 'PendingMemberEntry',
  plural: 'PendingMemberEntries',
  permissions: { read: 'notices:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    agreementId: { kind: 'id', path: 'agreement', sortable: true },
    status: { kind: { enum: PendingEntryStatus, name: 'PendingEntryStatus' }, sortable: true },
    noticeId: { kind: 'id', path: 'notice' },
    rosterExchangeId: { kind: 'id', path: 'rosterExchange' },
    createdAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'createdAt', direction: 'DESC' }],
});

export const rosterExchangeResource = new Resource<RosterExchange>({
  entity: RosterExchange,
  name: 'RosterExchange',
  plural: 'RosterExchanges',
  permissions: { read: 'notices:read' },
  fields: {
    id: { kind: 'id', sortable: true },
    agreementId: { kind: 'id', path: 'agreement', sortable: true },
    sentAt: { kind: 'datetime', sortable: true },
  },
  defaultSort: [{ field: 'sentAt', direction: 'DESC' }],
});

/** `admin:3`, `token:7`: who did it, as the notice shows it. */
function actorLabel(viewer: Viewer): string {
  const actor = actorOf(viewer);
  return `${actor.actorType}:${actor.actorName ?? actor.actorId ?? ''}`.slice(0, 100);
}

/** A write of this domain: the shared unit of work, with the unique constraints it names as fields. */
function inTransaction<T>(ctx: RequestContext, constraints: Record<string, string>, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return unitOfWork(ctx, work, { translateError: (error) => translateDbError(error, constraints, { fieldPrefix: 'input' }) });
}

/** The agreement of a write, read within the viewer's scope (NOT_FOUND outside), in force, and the side the viewer speaks for. */
async function agreementOfWrite(ctx: RequestContext, rawId: string): Promise<{ agreement: Agreement; side: AgreementSide }> {
  const agreement = await agreementService.findOne(ctx, rawId, 'input.agreementId');
  if (!agreement) throw new NotFoundError('Agreement', rawId);
  const side = noticePolicy.sideOf(ctx.viewer, agreement);
  if (!side) throw new ForbiddenError('Not allowed: you do not speak for a side of this agreement');
  if (agreement.status !== AgreementStatus.ACTIVE) throw new ConflictError(`The agreement is ${agreement.status}: notices go under agreements in force`, { reason: 'AGREEMENT_NOT_ACTIVE' });
  return { agreement, side };
}

/** Whether a member (by id) is one the agreement covers and the viewer can read. */
async function coveredMember(ctx: RequestContext, em: EntityManager, agreement: Agreement, id: number): Promise<Member | null> {
  const readable = await memberService.findOne(ctx, id, 'input.memberId');
  if (!readable) return null;
  const [covered] = await em.find(Member, { $and: [{ id }, coveredBy(agreement)] } as FilterQuery<Member>);
  return covered ?? null;
}

/** Which of these blind indexes the ledger holds, anywhere (the look-up member.service uses for uniqueness). */
async function hashesInLedger(em: EntityManager, hashes: string[]): Promise<Set<string>> {
  const rows: { hash: string }[] = await em.execute('select member_id_hashes_taken(array[?]::text[]) as hash', [hashes]);
  return new Set(rows.map((row) => row.hash));
}

export class NoticeService extends ReadService<Notice, number> {
  constructor() {
    super(noticeResource, noticePolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }

  /**
   * Sends a notice to the other side. About a member the agreement covers (by id, or by an ID
   * number the ledger holds), or — an inflow alert from the outflow side — about a person not yet in
   * the ledger, which opens a pending ledger entry (one open per agreement and person).
   */
  async send(ctx: RequestContext, input: SendNoticeInput): Promise<Notice> {
    noticePolicy.requireSend(ctx.viewer);
    const today = chinaDate(ctx.now);
    const facts = checkFacts(input.kind, input.facts, input.body, today);
    if (input.memberId != null && input.idNumber != null) throw new BadUserInputError('input.idNumber', 'give memberId or idNumber, not both', 'EXCLUSIVE');
    const idNumber = input.idNumber != null ? nationalId(input.idNumber, 'input.idNumber') : null;
    const personName = input.personName?.trim() || null;
    const needsPerson = input.kind === NoticeKind.INFLOW_ALERT || input.kind === NoticeKind.DEPARTURE || input.kind === NoticeKind.STATUS_CHANGE;
    if (needsPerson && input.memberId == null && idNumber == null) throw new BadUserInputError('input.memberId', `a ${input.kind} names a member: give memberId or idNumber`, 'REQUIRED');
    const { agreement, side } = await agreementOfWrite(ctx, input.agreementId);
    if (input.kind === NoticeKind.INFLOW_ALERT && !isOutflowSide(agreement.direction, side)) {
      throw new BadUserInputError('input.kind', 'an inflow alert comes from the side members flow out of under this agreement', 'WRONG_SIDE');
    }
    return inTransaction(ctx, { pending_member_entry_one_open_per_person: 'idNumber' }, async (em) => {
      let member: Member | null = null;
      let sealed: { cipher: string; hash: string; masked: string } | null = null;
      if (input.memberId != null) {
        member = await coveredMember(ctx, em, agreement, parseIntId(input.memberId, 'input.memberId'));
        if (!member) throw new BadUserInputError('input.memberId', 'is not a member this agreement covers', 'NOT_COVERED');
      } else if (idNumber) {
        const protector = personalData();
        sealed = { cipher: protector.encrypt(idNumber), hash: protector.blindIndex(idNumber), masked: maskIdNumber(idNumber) };
        const [known] = await em.find(Member, { $and: [{ idNumberHash: sealed.hash }, coveredBy(agreement), memberPolicy.read(ctx.viewer)] } as FilterQuery<Member>);
        member = known ?? null;
        if (!member && input.kind !== NoticeKind.INFLOW_ALERT) {
          throw new BadUserInputError('input.idNumber', 'is not the ID number of a member this agreement covers (only an inflow alert may name a person the ledger does not know)', 'NOT_COVERED');
        }
        if (!member && !personName) throw new BadUserInputError('input.personName', 'is required for a person the ledger does not know', 'REQUIRED');
      }
      const notice = em.create(Notice, {
        agreement: agreement.id,
        kind: input.kind,
        fromSide: side,
        toSide: otherSideOf(side),
        member: member?.id ?? null,
        idNumberCipher: sealed?.cipher ?? null,
        idNumberHash: sealed?.hash ?? null,
        idNumberMasked: sealed?.masked ?? member?.idNumberMasked ?? null,
        personName: personName ?? member?.name ?? null,
        facts,
        body: input.body?.trim() || null,
        automatic: false,
        sentBy: actorLabel(ctx.viewer),
        sentAt: ctx.now,
      });
      await em.flush();
      let entry: PendingMemberEntry | null = null;
      // 流入提醒 of a person the ledger does not know: a pending entry for the host to confirm, merge or decline.
      if (input.kind === NoticeKind.INFLOW_ALERT && !member && sealed && notice.toSide === AgreementSide.HOST) {
        const open = await em.count(PendingMemberEntry, { agreement: agreement.id, idNumberHash: sealed.hash, status: PendingEntryStatus.OPEN });
        if (open === 0) {
          entry = em.create(PendingMemberEntry, {
            agreement: agreement.id,
            notice: notice.id,
            idNumberCipher: sealed.cipher,
            idNumberHash: sealed.hash,
            idNumberMasked: sealed.masked,
            personName: personName!,
            facts,
          });
          await em.flush();
        }
      }
      await outbox.publish(em, {
        type: EventType.NOTICE_RECEIVED,
        agreementId: agreement.id,
        audience: notice.toSide,
        payload: { noticeId: notice.id, kind: notice.kind, memberId: member?.id ?? null, pendingEntryId: entry?.id ?? null, automatic: false },
      });
      await auditService.record(ctx, em, [
        { action: 'send', entity: 'Notice', entityId: notice.id, changes: diff(null, snapshot(notice)) },
        ...(entry ? [{ action: 'create', entity: 'PendingMemberEntry', entityId: entry.id, changes: diff(null, snapshot(entry)) }] : []),
      ]);
      return notice;
    });
  }

  /** Marks a notice read: the receiving side only; marking it again changes nothing. */
  async markRead(ctx: RequestContext, rawId: string): Promise<Notice> {
    noticePolicy.requireSend(ctx.viewer);
    return inTransaction(ctx, {}, async (em) => {
      const notice = await this.receivedNotice(ctx, em, rawId, 'id');
      if (!notice.readAt) {
        notice.readAt = ctx.now;
        notice.readBy = actorLabel(ctx.viewer);
        notice.version += 1;
        await em.flush();
        await auditService.record(ctx, em, [{ action: 'read', entity: 'Notice', entityId: notice.id, changes: { readAt: { before: null, after: notice.readAt } } }]);
      }
      return notice;
    });
  }

  /** Answers a notice (the receiving side, once); marks it read too. */
  async answer(ctx: RequestContext, input: AnswerNoticeInput): Promise<Notice> {
    noticePolicy.requireSend(ctx.viewer);
    return inTransaction(ctx, {}, async (em) => {
      const notice = await this.receivedNotice(ctx, em, input.id, 'input.id');
      if (notice.answeredAt) throw new ConflictError('The notice is already answered', { reason: 'ALREADY_ANSWERED' });
      const before = snapshot(notice);
      const by = actorLabel(ctx.viewer);
      notice.answer = input.answer.trim();
      notice.answeredBy = by;
      notice.answeredAt = ctx.now;
      if (!notice.readAt) {
        notice.readAt = ctx.now;
        notice.readBy = by;
      }
      notice.version += 1;
      await em.flush();
      await outbox.publish(em, {
        type: EventType.NOTICE_RECEIVED,
        agreementId: notice.agreement.id,
        audience: notice.fromSide,
        payload: { noticeId: notice.id, kind: notice.kind, answered: true },
      });
      await auditService.record(ctx, em, [{ action: 'answer', entity: 'Notice', entityId: notice.id, changes: diff(before, snapshot(notice)) }]);
      return notice;
    });
  }

  /** A notice in the viewer's scope, locked, addressed to the viewer's side (FORBIDDEN for the sender's side). */
  private async receivedNotice(ctx: RequestContext, em: EntityManager, rawId: string, field: string): Promise<Notice> {
    const id = parseIntId(rawId, field);
    const [notice] = await em.find(Notice, { $and: [{ id }, noticePolicy.read(ctx.viewer)] } as FilterQuery<Notice>, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: [] });
    if (!notice) throw new NotFoundError('Notice', id);
    const agreement = await em.findOneOrFail(Agreement, notice.agreement.id);
    if (noticePolicy.sideOf(ctx.viewer, agreement) !== notice.toSide) throw new ForbiddenError('Not allowed: only the side a notice is addressed to marks it read or answers it');
    return notice;
  }
}

export class PendingEntryService extends ReadService<PendingMemberEntry, number> {
  constructor() {
    super(pendingEntryResource, pendingEntryPolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }

  /** Creates the member from the entry (the host completing what the ledger requires). A person already in the ledger: CONFLICT, merge instead. */
  async confirm(ctx: RequestContext, input: ConfirmPendingMemberEntryInput): Promise<PendingMemberEntry> {
    pendingEntryPolicy.write(ctx.viewer);
    return inTransaction(ctx, {}, async (em) => {
      const entry = await this.openEntry(ctx, em, input.id);
      const [taken] = [...(await hashesInLedger(em, [entry.idNumberHash]))];
      if (taken) {
        throw new ConflictError('This person is already in the ledger: merge the entry with that member (mergePendingMemberEntry) instead of creating a duplicate', {
          reason: 'ALREADY_IN_LEDGER',
          field: 'input.id',
        });
      }
      const [sealed] = await em.execute<{ id_number_cipher: string }[]>('select id_number_cipher from pending_member_entry where id = ?', [entry.id]);
      const idNumber = personalData().decrypt(sealed!.id_number_cipher);
      const outflowDate = input.outflowDate ?? entry.facts.arrivedOn;
      const destinationRegionCode = input.destinationRegionCode ?? entry.facts.destinationRegionCode;
      if (!outflowDate) throw new BadUserInputError('input.outflowDate', 'is required: the entry carries no arrivedOn', 'REQUIRED');
      if (!destinationRegionCode) throw new BadUserInputError('input.destinationRegionCode', 'is required: the entry carries none', 'REQUIRED');
      // The member is created in this transaction (a savepoint of it), so the entry and the member commit together.
      const member = await memberService.createOne(
        { ...ctx, em },
        {
          name: entry.personName,
          idNumber,
          partyStanding: input.partyStanding,
          joinedOn: input.joinedOn,
          formalOrganizationId: input.formalOrganizationId,
          mobilityType: input.mobilityType,
          outflowDate,
          destinationRegionCode,
          destinationAddress: input.destinationAddress ?? entry.facts.destinationAddress ?? null,
          inflowOrganizationId: input.inflowOrganizationId ?? null,
          occupation: input.occupation ?? entry.facts.occupation ?? null,
          workUnit: input.workUnit ?? entry.facts.workUnit ?? null,
        } as never,
        'input',
      );
      return this.resolve(ctx, em, entry, PendingEntryStatus.CONFIRMED, { member: member.id });
    });
  }

  /** Links the entry to the member already in the ledger: the same person (the same ID number). */
  async merge(ctx: RequestContext, input: MergePendingMemberEntryInput): Promise<PendingMemberEntry> {
    pendingEntryPolicy.write(ctx.viewer);
    return inTransaction(ctx, {}, async (em) => {
      const entry = await this.openEntry(ctx, em, input.id);
      const member = await memberService.findOne(ctx, input.memberId, 'input.memberId');
      if (!member) throw new BadUserInputError('input.memberId', 'refers to a member that does not exist or you cannot see', 'UNKNOWN_REFERENCE');
      if (member.idNumberHash !== entry.idNumberHash) throw new BadUserInputError('input.memberId', 'is another person: the ID numbers differ', 'DIFFERENT_PERSON');
      return this.resolve(ctx, em, entry, PendingEntryStatus.MERGED, { member: member.id });
    });
  }

  async decline(ctx: RequestContext, input: DeclinePendingMemberEntryInput): Promise<PendingMemberEntry> {
    pendingEntryPolicy.write(ctx.viewer);
    return inTransaction(ctx, {}, async (em) => {
      const entry = await this.openEntry(ctx, em, input.id);
      return this.resolve(ctx, em, entry, PendingEntryStatus.DECLINED, { declineReason: input.reason.trim() });
    });
  }

  private async resolve(
    ctx: RequestContext,
    em: EntityManager,
    entry: PendingMemberEntry,
    status: PendingEntryStatus,
    change: { member?: number; declineReason?: string },
  ): Promise<PendingMemberEntry> {
    const before = snapshot(entry);
    em.assign(entry, { status, ...change, resolvedBy: actorLabel(ctx.viewer), resolvedAt: ctx.now, version: entry.version + 1 } as never);
    await em.flush();
    const confirmation = entry.notice ? await this.confirmAlert(ctx, em, entry, status, change) : null;
    await auditService.record(ctx, em, [
      { action: status.toLowerCase(), entity: 'PendingMemberEntry', entityId: entry.id, changes: diff(before, snapshot(entry)) },
      ...(confirmation ? [{ action: 'send', entity: 'Notice', entityId: confirmation.id, changes: diff(null, snapshot(confirmation)) }] : []),
    ]);
    return entry;
  }

  /**
   * The answer to the inflow alert that proposed the entry, as a notice back to the side that sent
   * it (流入提醒确认), in the same transaction: what became of the person — taken into the ledger,
   * found there already, or declined and why — which that side reads and answers like any notice.
   */
  private async confirmAlert(
    ctx: RequestContext,
    em: EntityManager,
    entry: PendingMemberEntry,
    status: PendingEntryStatus,
    change: { member?: number; declineReason?: string },
  ): Promise<Notice> {
    const alert = await em.findOneOrFail(Notice, entry.notice!.id);
    const agreement = await em.findOneOrFail(Agreement, entry.agreement.id);
    // The member is named only when the agreement covers them (the alert's side reads covered members only).
    const member = change.member ? await coveredMember(ctx, em, agreement, change.member) : null;
    const outcome: Record<PendingEntryStatus, string> = {
      [PendingEntryStatus.CONFIRMED]: '已确认，纳入本地流动党员台账',
      [PendingEntryStatus.MERGED]: '已确认，本地台账中已有该党员，已合并',
      [PendingEntryStatus.DECLINED]: `不予登记：${change.declineReason ?? ''}`,
      [PendingEntryStatus.OPEN]: '',
    };
    const confirmation = em.create(Notice, {
      agreement: agreement.id,
      kind: NoticeKind.MESSAGE,
      fromSide: alert.toSide,
      toSide: alert.fromSide,
      member: member?.id ?? null,
      idNumberMasked: entry.idNumberMasked,
      personName: entry.personName,
      facts: {},
      body: `流入提醒确认（${entry.personName}，${alert.sentAt.toISOString().slice(0, 10)} 提醒）：${outcome[status]}`,
      automatic: true,
      sentBy: actorLabel(ctx.viewer),
      sentAt: ctx.now,
    });
    if (!alert.readAt) {
      alert.readAt = ctx.now;
      alert.readBy = actorLabel(ctx.viewer);
      alert.version += 1;
    }
    await em.flush();
    await outbox.publish(em, {
      type: EventType.NOTICE_RECEIVED,
      agreementId: agreement.id,
      audience: confirmation.toSide,
      payload: { noticeId: confirmation.id, kind: confirmation.kind, memberId: member?.id ?? null, inReplyTo: alert.id, pendingEntryStatus: status, automatic: true },
    });
    return confirmation;
  }

  /** An open entry the viewer may resolve, locked: NOT_FOUND outside, CONFLICT once resolved. */
  private async openEntry(ctx: RequestContext, em: EntityManager, rawId: string): Promise<PendingMemberEntry> {
    const id = parseIntId(rawId, 'input.id');
    const [entry] = await em.find(PendingMemberEntry, { $and: [{ id }, pendingEntryPolicy.read(ctx.viewer), pendingEntryPolicy.write(ctx.viewer)] } as FilterQuery<PendingMemberEntry>, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    if (!entry) throw new NotFoundError('PendingMemberEntry', id);
    if (entry.status !== PendingEntryStatus.OPEN) throw new ConflictError(`The entry is already ${entry.status}`, { reason: 'ALREADY_RESOLVED' });
    return entry;
  }
}

export class RosterExchangeService extends ReadService<RosterExchange, number> {
  constructor() {
    super(rosterExchangeResource, rosterExchangePolicy);
  }

  protected parseKey(raw: string | number, field: string): number {
    return parseIntId(raw, field);
  }

  /**
   * A roster from the outflow side, reconciled with the host's ledger in constant statements
   * (roster_reconcile: jsonb_to_recordset and joins), all or nothing. The same clientRosterId
   * with the same rows answers the reconciliation already made.
   */
  async send(ctx: RequestContext, input: SendRosterInput): Promise<RosterExchange> {
    noticePolicy.requireSend(ctx.viewer);
    const rows = checkRoster(input.rows, chinaDate(ctx.now));
    const { agreement, side } = await agreementOfWrite(ctx, input.agreementId);
    if (!isOutflowSide(agreement.direction, side) || side !== AgreementSide.PARTNER) {
      throw new ForbiddenError('Not allowed: a roster is sent by the partner side members flow out of under this agreement');
    }
    const requestHash = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    const clientRosterId = input.clientRosterId?.trim() || null;
    return inTransaction(ctx, { roster_exchange_agreement_client_roster_unique: 'clientRosterId' }, async (em) => {
      if (clientRosterId) {
        const [earlier] = await em.find(RosterExchange, { agreement: agreement.id, clientRosterId });
        if (earlier) {
          if (earlier.requestHash !== requestHash) {
            throw new ConflictError('input.clientRosterId: already used for a different roster', { reason: 'KEY_REUSED', field: 'input.clientRosterId' });
          }
          return earlier;
        }
      }
      const protector = personalData();
      const given = rows.map((row) => ({
        row_number: row.rowNumber,
        hash: protector.blindIndex(row.idNumber),
        masked: maskIdNumber(row.idNumber),
        cipher: protector.encrypt(row.idNumber),
        name: row.name,
        facts: row.facts,
      }));
      const exchange = em.create(RosterExchange, {
        agreement: agreement.id,
        fromSide: side,
        clientRosterId,
        requestHash,
        sentBy: actorLabel(ctx.viewer),
        sentAt: ctx.now,
      });
      await em.flush();
      await em.execute('select roster_reconcile(?, ?::jsonb)', [exchange.id, JSON.stringify(given)]);
      await em.refresh(exchange);
      const counts = { rows: exchange.rowCount, matched: exchange.matchedCount, unknown: exchange.unknownCount, missing: exchange.missingCount };
      await outbox.publishAll(em, [
        { type: EventType.ROSTER_RECONCILED, agreementId: agreement.id, audience: AgreementSide.HOST, payload: { rosterExchangeId: exchange.id, ...counts } },
        { type: EventType.ROSTER_RECONCILED, agreementId: agreement.id, audience: AgreementSide.PARTNER, payload: { rosterExchangeId: exchange.id, ...counts } },
      ]);
      await auditService.record(ctx, em, [{ action: 'reconcile', entity: 'RosterExchange', entityId: exchange.id, changes: { counts: { before: null, after: counts } } }]);
      return exchange;
    });
  }

  /** The outcomes of a reconciliation the viewer reads, by row. */
  async outcomes(
    ctx: RequestContext,
    exchangeId: number,
    outcome: RosterOutcome | null,
    paging: { limit?: number | null; offset?: number | null } | null,
  ): Promise<{ nodes: RosterExchangeRow[]; totalCount: number }> {
    const { limit, offset } = pageBounds(paging);
    const where = { $and: [{ rosterExchange: exchangeId }, outcome ? { outcome } : {}, rosterExchangeRowPolicy.read(ctx.viewer)] } as FilterQuery<RosterExchangeRow>;
    const [nodes, totalCount] = await ctx.em.findAndCount(RosterExchangeRow, where, { limit, offset, orderBy: { outcome: 'asc', rowNumber: 'asc', id: 'asc' } } as never);
    return { nodes, totalCount };
  }
}

export const noticeService = new NoticeService();
export const pendingEntryService = new PendingEntryService();
export const rosterExchangeService = new RosterExchangeService();
