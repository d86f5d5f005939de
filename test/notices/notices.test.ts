import { onlyError, startTestApp, type TestApp } from '../support/app';
import { CREATE_MEMBER, createSmallTree, memberInput, nationalId, type SmallTree } from '../support/fixtures';
import { createAgreement, issueToken, NO_RATE_LIMITS, ok, sql, sqlNumber } from '../feedback/helpers';

/**
 * Notices between the two sides of an agreement (流入提醒、离开告知、状态变更), the pending ledger
 * entries inflow alerts open, the notices every change of a covered member produces by itself
 * (the database trigger), and roster exchange reconciled set-based with the host's ledger.
 */

const NOTICE_FIELDS = 'id kind fromSide toSide memberId idNumber personName automatic sentBy read readAt answer answeredBy body facts { arrivedOn leftOn destinationRegionCode statusBefore statusAfter }';
const SEND = `mutation($input: SendNoticeInput!) { sendNotice(input: $input) { ${NOTICE_FIELDS} } }`;
const MARK_READ = `mutation($id: ID!) { markNoticeRead(id: $id) { ${NOTICE_FIELDS} } }`;
const ANSWER = `mutation($input: AnswerNoticeInput!) { answerNotice(input: $input) { ${NOTICE_FIELDS} } }`;
const NOTICES = `query($filter: NoticeFilter, $paging: OffsetPaging) { notices(filter: $filter, paging: $paging) { totalCount nodes { ${NOTICE_FIELDS} } } }`;
const ENTRY_FIELDS = 'id status idNumber personName memberId noticeId rosterExchangeId declineReason resolvedBy facts { arrivedOn destinationRegionCode }';
const ENTRIES = `query($filter: PendingMemberEntryFilter) { pendingMemberEntries(filter: $filter, paging: {limit: 500}) { totalCount nodes { ${ENTRY_FIELDS} } } }`;
const CONFIRM = `mutation($input: ConfirmPendingMemberEntryInput!) { confirmPendingMemberEntry(input: $input) { ${ENTRY_FIELDS} member { id name idNumber } } }`;
const MERGE = `mutation($input: MergePendingMemberEntryInput!) { mergePendingMemberEntry(input: $input) { ${ENTRY_FIELDS} } }`;
const DECLINE = `mutation($input: DeclinePendingMemberEntryInput!) { declinePendingMemberEntry(input: $input) { ${ENTRY_FIELDS} } }`;
const ROSTER_FIELDS = 'id fromSide clientRosterId rowCount matchedCount unknownCount missingCount pendingCreatedCount';
const SEND_ROSTER = `mutation($input: SendRosterInput!) { sendRoster(input: $input) { ${ROSTER_FIELDS} } }`;
const ROSTER = `query($id: ID!, $outcome: RosterOutcome) { rosterExchange(id: $id) { ${ROSTER_FIELDS} outcomes(outcome: $outcome, paging: {limit: 500}) { totalCount nodes { rowNumber outcome idNumber personName memberId pendingEntryId } } } }`;
const UPDATE_MEMBER = 'mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id status } }';
const UPDATE_MEMBERS = 'mutation($input: UpdateManyMembersInput!) { updateManyMembers(input: $input) { updatedCount } }';
const OPEN_CASE = 'mutation($input: OpenLostContactCaseInput!) { openLostContactCase(input: $input) { id } }';
const CLOSE_CASE = 'mutation($input: CloseLostContactCaseInput!) { closeLostContactCase(input: $input) { id } }';

let app: TestApp;
let tree: SmallTree;
let agreement: string;
let otherAgreement: string;
let partner: string;
let partnerOther: string;
let sequence = 100;

const nextId = (region = '510603') => nationalId(region, '19880412', String((sequence += 2)).padStart(3, '0'));

async function newMember(overrides: Record<string, unknown> = {}): Promise<{ id: string; idNumber: string }> {
  const idNumber = nextId();
  const input = memberInput(tree, { idNumber, name: `成员${sequence}`, status: 'MANAGED', ...overrides });
  return { id: ok(await app.gql(CREATE_MEMBER, { input: { member: input } })).createOneMember.id, idNumber };
}

const alert = (idNumber: string, extra: Record<string, unknown> = {}) => ({
  agreementId: agreement,
  kind: 'INFLOW_ALERT',
  idNumber,
  personName: '李明',
  facts: { arrivedOn: '2026-10-08', destinationRegionCode: '510104', occupation: '快递员' },
  ...extra,
});

const noticesOf = (memberId: string) =>
  sql<{ kind: string; from_side: string; to_side: string; automatic: boolean; facts: Record<string, string>; agreement_id: number }>(
    app,
    'select kind, from_side, to_side, automatic, facts, agreement_id from notice where member_id = ? order by id',
    [Number(memberId)],
  );

beforeAll(async () => {
  app = await startTestApp('empty', NO_RATE_LIMITS);
  tree = await createSmallTree(app);
  // Chengdu hosts Deyang's members (PARTNER_TO_HOST); a second agreement with Chongqing sees none of it.
  agreement = await createAgreement(app, { code: 'CD-DY', title: '成都—德阳', partnerRegionCode: '510600' });
  otherAgreement = await createAgreement(app, { code: 'CD-CQ', title: '成都—重庆', partnerRegionCode: '500000' });
  partner = (await issueToken(app, { agreementId: agreement, scopes: ['NOTICES_SEND', 'MEMBERS_READ'], years: [2026] })).token;
  partnerOther = (await issueToken(app, { agreementId: otherAgreement, scopes: ['NOTICES_SEND', 'MEMBERS_READ'], years: [2026] })).token;
}, 60_000);
afterAll(() => app.close());

describe('notices sent by hand', () => {
  it('an inflow alert about a person the host does not know: a notice to the host, a pending entry, an event; read and answered', async () => {
    const idNumber = nextId();
    const sent = ok(await app.gqlAs(partner, SEND, { input: alert(idNumber) })).sendNotice;
    expect(sent).toMatchObject({ kind: 'INFLOW_ALERT', fromSide: 'PARTNER', toSide: 'HOST', memberId: null, personName: '李明', read: false, automatic: false });
    // The ID number is sealed: masked in the API, ciphertext and blind index at rest.
    expect(sent.idNumber).toBe(`${idNumber.slice(0, 4)}${'*'.repeat(14)}`);
    const [stored] = await sql(app, 'select id_number_cipher, id_number_hash from notice where id = ?', [Number(sent.id)]);
    expect(stored!.id_number_cipher).not.toContain(idNumber);
    expect(stored!.id_number_hash).toMatch(/^[0-9a-f]{64}$/);

    const entries = ok(await app.gql(ENTRIES, { filter: { noticeId: { eq: sent.id } } })).pendingMemberEntries;
    expect(entries.nodes).toEqual([expect.objectContaining({ status: 'OPEN', personName: '李明', facts: { arrivedOn: '2026-10-08', destinationRegionCode: '510104' } })]);
    expect(await sqlNumber(app, "select count(*) from outbox_event where type = 'NOTICE_RECEIVED' and audience = 'HOST' and (payload->>'noticeId')::int = ?", [Number(sent.id)])).toBe(1);

    // The same person announced again: a second notice, never a second open entry.
    ok(await app.gqlAs(partner, SEND, { input: alert(idNumber, { body: '再次提醒' }) }));
    expect(await sqlNumber(app, "select count(*) from pending_member_entry where status = 'OPEN' and id_number_masked = ? and person_name = '李明'", [sent.idNumber])).toBe(1);

    // The host lists its unread alerts, reads, answers; the partner sees the answer.
    const unread = ok(await app.gql(NOTICES, { filter: { kind: { eq: 'INFLOW_ALERT' }, read: { is: false }, agreementId: { eq: agreement } } })).notices;
    expect(unread.nodes.map((notice: { id: string }) => notice.id)).toContain(sent.id);
    // The sender does not mark its own notice read.
    expect(onlyError(await app.gqlAs(partner, MARK_READ, { id: sent.id })).extensions).toMatchObject({ code: 'FORBIDDEN' });
    const read = ok(await app.gql(MARK_READ, { id: sent.id })).markNoticeRead;
    expect(read).toMatchObject({ read: true });
    const again = ok(await app.gql(MARK_READ, { id: sent.id })).markNoticeRead;
    expect(again.readAt).toBe(read.readAt);
    const answered = ok(await app.gql(ANSWER, { input: { id: sent.id, answer: '已收到，将由春熙路街道党工委联系' } })).answerNotice;
    expect(answered).toMatchObject({ answer: '已收到，将由春熙路街道党工委联系' });
    expect(onlyError(await app.gql(ANSWER, { input: { id: sent.id, answer: '再答' } })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ANSWERED' });
    const seenByPartner = ok(await app.gqlAs(partner, NOTICES, { filter: { id: { eq: sent.id } } })).notices.nodes;
    expect(seenByPartner).toEqual([expect.objectContaining({ answer: '已收到，将由春熙路街道党工委联系', read: true })]);
    expect(await sqlNumber(app, "select count(*) from outbox_event where type = 'NOTICE_RECEIVED' and audience = 'PARTNER' and (payload->>'noticeId')::int = ?", [Number(sent.id)])).toBe(1);

    // Each side sees the notices of its agreements only.
    expect(ok(await app.gqlAs(partnerOther, NOTICES, { filter: { id: { eq: sent.id } } })).notices).toMatchObject({ totalCount: 0, nodes: [] });
    expect(onlyError(await app.gqlAs(partnerOther, MARK_READ, { id: sent.id })).extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a notice about a covered member by id or ID number; the host tells the partner of a departure', async () => {
    const member = await newMember();
    const byId = ok(await app.gql(SEND, { input: { agreementId: agreement, kind: 'DEPARTURE', memberId: member.id, facts: { leftOn: '2026-11-01' }, body: '已回原籍' } })).sendNotice;
    expect(byId).toMatchObject({ fromSide: 'HOST', toSide: 'PARTNER', memberId: member.id, facts: { leftOn: '2026-11-01' } });
    const byNumber = ok(await app.gqlAs(partner, SEND, { input: { agreementId: agreement, kind: 'MESSAGE', idNumber: member.idNumber, body: '请核实其联系方式' } })).sendNotice;
    expect(byNumber).toMatchObject({ memberId: member.id, toSide: 'HOST' });
    // An inflow alert naming a person already in the ledger links the member and opens no entry.
    const known = ok(await app.gqlAs(partner, SEND, { input: alert(member.idNumber) })).sendNotice;
    expect(known.memberId).toBe(member.id);
    expect(await sqlNumber(app, 'select count(*) from pending_member_entry where notice_id = ?', [Number(known.id)])).toBe(0);
  });

  it.each([
    ['an inflow alert without its arrival date', () => alert(nextId(), { facts: { destinationRegionCode: '510104' } }), 'input.facts.arrivedOn'],
    ['an inflow alert in the future', () => alert(nextId(), { facts: { arrivedOn: '2099-01-01', destinationRegionCode: '510104' } }), 'input.facts.arrivedOn'],
    ['a malformed ID number', () => alert('51060319880412000'), 'input.idNumber'],
    ['a wrong region code', () => alert(nextId(), { facts: { arrivedOn: '2026-10-01', destinationRegionCode: '5101' } }), 'input.facts.destinationRegionCode'],
    ['a message without text', () => ({ agreementId: agreement, kind: 'MESSAGE' }), 'input.body'],
    ['a departure naming no one', () => ({ agreementId: agreement, kind: 'DEPARTURE', facts: { leftOn: '2026-11-01' } }), 'input.memberId'],
    ['a person unknown to the ledger in a departure', () => ({ agreementId: agreement, kind: 'DEPARTURE', idNumber: nextId(), facts: { leftOn: '2026-11-01' } }), 'input.idNumber'],
    ['an unknown person without a name', () => alert(nextId(), { personName: null }), 'input.personName'],
    ['an inflow alert without facts', () => alert(nextId(), { facts: null }), 'input.facts'],
    ['an overlong occupation', () => alert(nextId(), { facts: { arrivedOn: '2026-10-01', destinationRegionCode: '510104', occupation: '职'.repeat(51) } }), 'input.facts.occupation'],
  ])('refuses %s, naming the field, and writes nothing', async (_case, input, field) => {
    const before = await sqlNumber(app, 'select count(*) from notice');
    const error = onlyError(await app.gqlAs(partner, SEND, { input: input() }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await sqlNumber(app, 'select count(*) from notice')).toBe(before);
  });

  it('a notice sent again with the same Idempotency-Key is sent once', async () => {
    const headers = { authorization: `Bearer ${partner}`, 'idempotency-key': 'notice-retry-1' };
    const input = alert(nextId());
    const first = ok(await app.gql(SEND, { input }, headers)).sendNotice;
    const again = ok(await app.gql(SEND, { input }, headers)).sendNotice;
    expect(again.id).toBe(first.id);
    expect(await sqlNumber(app, 'select count(*) from notice where id_number_hash = (select id_number_hash from notice where id = ?)', [Number(first.id)])).toBe(1);
  });

  it('a member the agreement does not cover cannot be named', async () => {
    const chengduMember = await newMember({ idNumber: nextId('510104'), formalOrganizationId: tree.chunxilu });
    const error = onlyError(await app.gql(SEND, { input: { agreementId: agreement, kind: 'DEPARTURE', memberId: chengduMember.id, facts: { leftOn: '2026-11-01' } } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.memberId', reason: 'NOT_COVERED' });
    // Nor by a partner of another agreement, whose agreement it is not.
    expect(onlyError(await app.gqlAs(partnerOther, SEND, { input: alert(nextId()) })).extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('pending ledger entries', () => {
  const completion = () => ({ partyStanding: 'FULL', joinedOn: '2010-07-01', formalOrganizationId: tree.deyangBranch, mobilityType: 'EMPLOYMENT', inflowOrganizationId: tree.chunxilu });
  const entryOf = async (noticeId: string) => (await sql<{ id: string }>(app, 'select id::text from pending_member_entry where notice_id = ?', [Number(noticeId)]))[0]!.id;

  it('confirm creates the member from the alert\'s facts, the host completing the rest; once', async () => {
    const idNumber = nextId();
    const notice = ok(await app.gqlAs(partner, SEND, { input: alert(idNumber, { personName: '王芳' }) })).sendNotice;
    const entry = await entryOf(notice.id);
    const confirmed = ok(await app.gql(CONFIRM, { input: { id: entry, ...completion() } })).confirmPendingMemberEntry;
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', member: { name: '王芳' } });
    const [member] = await sql(app, "select name, to_char(outflow_date, 'YYYY-MM-DD') as outflow, destination_region_code, occupation from member where id = ?", [Number(confirmed.memberId)]);
    expect(member).toEqual({ name: '王芳', outflow: '2026-10-08', destination_region_code: '510104', occupation: '快递员' });
    expect(onlyError(await app.gql(CONFIRM, { input: { id: entry, ...completion() } })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_RESOLVED' });
  });

  it('a person already in the ledger is never confirmed twice: CONFLICT pointing to merge, and merge links the member', async () => {
    const idNumber = nextId();
    const notice = ok(await app.gqlAs(partner, SEND, { input: alert(idNumber) })).sendNotice;
    const entry = await entryOf(notice.id);
    // Meanwhile the host entered the person by hand.
    const { id: memberId } = { id: ok(await app.gql(CREATE_MEMBER, { input: { member: memberInput(tree, { idNumber, name: '李明' }) } })).createOneMember.id };
    const members = await sqlNumber(app, 'select count(*) from member');
    const refused = onlyError(await app.gql(CONFIRM, { input: { id: entry, ...completion() } }));
    expect(refused.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_IN_LEDGER' });
    expect(refused.message).toMatch(/merge/);
    expect(await sqlNumber(app, 'select count(*) from member')).toBe(members);
    // Merging with someone else is refused; with the same person it links.
    const other = await newMember();
    expect(onlyError(await app.gql(MERGE, { input: { id: entry, memberId: other.id } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.memberId', reason: 'DIFFERENT_PERSON' });
    expect(ok(await app.gql(MERGE, { input: { id: entry, memberId } })).mergePendingMemberEntry).toMatchObject({ status: 'MERGED', memberId });
  });

  it('declines with a reason; a partner cannot resolve entries; the database keeps one open entry per person', async () => {
    const idNumber = nextId();
    const notice = ok(await app.gqlAs(partner, SEND, { input: alert(idNumber) })).sendNotice;
    const entry = await entryOf(notice.id);
    expect(onlyError(await app.gqlAs(partner, DECLINE, { input: { id: entry, reason: 'x' } })).extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(onlyError(await app.gql(DECLINE, { input: { id: entry, reason: '' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    await expect(
      sql(app, "insert into pending_member_entry (agreement_id, id_number_cipher, id_number_hash, id_number_masked, person_name) select agreement_id, id_number_cipher, id_number_hash, id_number_masked, person_name from pending_member_entry where id = ?", [Number(entry)]),
    ).rejects.toThrow(/pending_member_entry_one_open_per_person/);
    expect(ok(await app.gql(DECLINE, { input: { id: entry, reason: '经核实已于 9 月返回德阳' } })).declinePendingMemberEntry).toMatchObject({ status: 'DECLINED', declineReason: '经核实已于 9 月返回德阳' });
    // Declined, the person may be announced again.
    ok(await app.gqlAs(partner, SEND, { input: alert(idNumber) }));
    expect(await sqlNumber(app, "select count(*) from pending_member_entry where status = 'OPEN' and id_number_hash = (select id_number_hash from pending_member_entry where id = ?)", [Number(entry)])).toBe(1);
  });

  it('each resolution answers the alert\'s sender with a confirmation it reads and answers, in the same transaction, with its event', async () => {
    const confirmationsOf = (alertId: string) =>
      sql<{ id: string; from_side: string; to_side: string; kind: string; body: string; member_id: number | null; automatic: boolean }>(
        app,
        `select n.id::text, n.from_side, n.to_side, n.kind, n.body, n.member_id, n.automatic from notice n
          where n.agreement_id = (select agreement_id from notice where id = ?) and n.kind = 'MESSAGE' and n.automatic
            and n.person_name = (select person_name from notice where id = ?) and n.id > ? order by n.id`,
        [Number(alertId), Number(alertId), Number(alertId)],
      );
    // Confirmed: the member the agreement now covers is named.
    const confirmedAlert = ok(await app.gqlAs(partner, SEND, { input: alert(nextId(), { personName: '赵磊' }) })).sendNotice;
    const confirmed = ok(await app.gql(CONFIRM, { input: { id: await entryOf(confirmedAlert.id), ...completion() } })).confirmPendingMemberEntry;
    const [toPartner] = await confirmationsOf(confirmedAlert.id);
    expect(toPartner).toMatchObject({ from_side: 'HOST', to_side: 'PARTNER', automatic: true, member_id: Number(confirmed.memberId) });
    expect(toPartner!.body).toContain('已确认，纳入本地流动党员台账');
    expect(await sqlNumber(app, "select count(*) from outbox_event where type = 'NOTICE_RECEIVED' and audience = 'PARTNER' and payload->>'noticeId' = ?", [toPartner!.id])).toBe(1);
    // The host has read the alert it resolved; the partner reads the confirmation and answers it.
    expect((await sql<{ read: boolean }>(app, 'select read_at is not null as read from notice where id = ?', [Number(confirmedAlert.id)]))[0]!.read).toBe(true);
    const answered = ok(await app.gqlAs(partner, ANSWER, { input: { id: toPartner!.id, answer: '收到，已通知本人按时报到' } })).answerNotice;
    expect(answered).toMatchObject({ read: true, answer: '收到，已通知本人按时报到' });
    expect(onlyError(await app.gql(ANSWER, { input: { id: toPartner!.id, answer: '主办方不能回复发给对方的通知' } })).extensions).toMatchObject({ code: 'FORBIDDEN' });

    // Declined: the reason goes back.
    const declinedAlert = ok(await app.gqlAs(partner, SEND, { input: alert(nextId(), { personName: '钱红' }) })).sendNotice;
    ok(await app.gql(DECLINE, { input: { id: await entryOf(declinedAlert.id), reason: '经核实已离开成都' } }));
    const [declined] = await confirmationsOf(declinedAlert.id);
    expect(declined).toMatchObject({ to_side: 'PARTNER', member_id: null });
    expect(declined!.body).toContain('不予登记：经核实已离开成都');

    // A resolution that fails sends nothing.
    const before = await sqlNumber(app, 'select count(*) from notice');
    onlyError(await app.gql(DECLINE, { input: { id: await entryOf(declinedAlert.id), reason: '再次' } }));
    expect(await sqlNumber(app, 'select count(*) from notice')).toBe(before);
  });
});

describe('notices the ledger sends by itself (the member trigger)', () => {
  it('a member update: returned → a departure notice to the partner, with its event', async () => {
    const member = await newMember();
    ok(await app.gql(UPDATE_MEMBER, { input: { id: member.id, update: { status: 'RETURNED' } } }));
    const notices = await noticesOf(member.id);
    expect(notices).toEqual([
      { kind: 'DEPARTURE', from_side: 'HOST', to_side: 'PARTNER', automatic: true, agreement_id: Number(agreement), facts: expect.objectContaining({ statusBefore: 'MANAGED', statusAfter: 'RETURNED', destinationRegionCode: '510104' }) },
    ]);
    expect(
      await sqlNumber(app, "select count(*) from outbox_event e join notice n on n.id = (e.payload->>'noticeId')::int where e.type = 'NOTICE_RECEIVED' and e.audience = 'PARTNER' and n.member_id = ?", [Number(member.id)]),
    ).toBe(1);
    // The partner reads it through the API.
    const seen = ok(await app.gqlAs(partner, NOTICES, { filter: { memberId: { eq: member.id }, automatic: { is: true } } })).notices.nodes;
    expect(seen).toEqual([expect.objectContaining({ kind: 'DEPARTURE', toSide: 'PARTNER', facts: expect.objectContaining({ statusAfter: 'RETURNED' }) })]);
  });

  it('the event reaches the partner\'s webhook endpoint: a delivery and its queued job, in the same transaction', async () => {
    const endpoint = ok(
      await app.gql('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }', {
        input: { agreementId: agreement, audience: 'PARTNER', url: 'http://127.0.0.1:9/notices', eventTypes: ['NOTICE_RECEIVED'] },
      }),
    ).createWebhookEndpoint.endpoint.id;
    const member = await newMember();
    ok(await app.gql(UPDATE_MEMBER, { input: { id: member.id, update: { status: 'TRANSFERRED', transferredOn: '2026-11-20', transferredTo: '中共德阳市旌阳区委组织部' } } }));
    expect((await noticesOf(member.id)).map((n) => [n.kind, n.facts.transferredTo, n.facts.leftOn])).toEqual([['DEPARTURE', '中共德阳市旌阳区委组织部', '2026-11-20']]);
    const [delivery] = await sql<{ id: number; type: string }>(
      app,
      `select d.id, e.type from webhook_delivery d join outbox_event e on e.id = d.event_id join notice n on n.id = (e.payload->>'noticeId')::int
        where d.endpoint_id = ? and n.member_id = ?`,
      [Number(endpoint), Number(member.id)],
    );
    expect(delivery).toMatchObject({ type: 'NOTICE_RECEIVED' });
    expect(await sqlNumber(app, "select count(*) from pgboss.job where name = 'webhook-delivery' and (data->>'deliveryId')::int = ?", [delivery!.id])).toBe(1);
    await sql(app, 'delete from webhook_endpoint where id = ?', [Number(endpoint)]);
  });

  it('a bulk update: every member that lost contact gets its notice, one statement for all', async () => {
    const members = [await newMember(), await newMember(), await newMember()];
    ok(await app.gql(UPDATE_MEMBERS, { input: { filter: { id: { in: members.map((m) => m.id) } }, update: { status: 'LOST_CONTACT' } } }));
    for (const member of members) expect((await noticesOf(member.id)).map((n) => [n.kind, n.facts.statusAfter])).toEqual([['STATUS_CHANGE', 'LOST_CONTACT']]);
  });

  it('moving out of the host city is a departure; changes that are neither say nothing', async () => {
    const member = await newMember();
    ok(await app.gql(UPDATE_MEMBER, { input: { id: member.id, update: { occupation: '教师', status: 'REPORTED' } } }));
    expect(await noticesOf(member.id)).toEqual([]);
    ok(await app.gql(UPDATE_MEMBER, { input: { id: member.id, update: { destinationRegionCode: '440106', inflowOrganizationId: null } } }));
    expect((await noticesOf(member.id)).map((n) => [n.kind, n.facts.destinationRegionCode])).toEqual([['DEPARTURE', '440106']]);
  });

  it('a lost-contact case: opening and closing (found) each tell the partner', async () => {
    const member = await newMember();
    const caseId = ok(await app.gql(OPEN_CASE, { input: { memberId: member.id, openedOn: '2026-09-01', openedBy: '刘敏', lastKnownFacts: '电话停机' } })).openLostContactCase.id;
    ok(await app.gql(CLOSE_CASE, { input: { caseId, outcome: 'FOUND', closedOn: '2026-10-01', closedBy: '刘敏' } }));
    expect((await noticesOf(member.id)).map((n) => [n.kind, n.facts.statusBefore, n.facts.statusAfter])).toEqual([
      ['STATUS_CHANGE', 'MANAGED', 'LOST_CONTACT'],
      ['STATUS_CHANGE', 'LOST_CONTACT', 'MANAGED'],
    ]);
  });

  it('no notice for a member no agreement in force covers', async () => {
    const chengduMember = await newMember({ idNumber: nextId('510104'), formalOrganizationId: tree.chunxilu });
    ok(await app.gql(UPDATE_MEMBER, { input: { id: chengduMember.id, update: { status: 'RETURNED' } } }));
    expect(await noticesOf(chengduMember.id)).toEqual([]);
    // A suspended agreement says nothing either.
    const member = await newMember();
    await sql(app, "update agreement set status = 'SUSPENDED' where id = ?", [Number(agreement)]);
    try {
      ok(await app.gql(UPDATE_MEMBER, { input: { id: member.id, update: { status: 'RETURNED' } } }));
    } finally {
      await sql(app, "update agreement set status = 'ACTIVE' where id = ?", [Number(agreement)]);
    }
    expect(await noticesOf(member.id)).toEqual([]);
  });
});

describe('roster exchange', () => {
  const row = (idNumber: string, name = '名册成员') => ({ idNumber, name, arrivedOn: '2026-05-01', destinationRegionCode: '510104' });

  it('refuses a bad roster naming the row and field, and changes nothing', async () => {
    const counts = async () => [await sqlNumber(app, 'select count(*) from roster_exchange'), await sqlNumber(app, 'select count(*) from pending_member_entry')];
    const before = await counts();
    const rows = [row(nextId()), row(nextId()), row(nextId()), { ...row(nextId()), idNumber: '510603198804120001' }];
    expect(onlyError(await app.gqlAs(partner, SEND_ROSTER, { input: { agreementId: agreement, rows } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rows.3.idNumber' });
    const duplicate = [row(nextId()), row(nextId())];
    duplicate.push({ ...duplicate[0]! });
    expect(onlyError(await app.gqlAs(partner, SEND_ROSTER, { input: { agreementId: agreement, rows: duplicate } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.rows.2.idNumber',
      reason: 'DUPLICATE',
    });
    expect(onlyError(await app.gqlAs(partner, SEND_ROSTER, { input: { agreementId: agreement, rows: [{ ...row(nextId()), name: ' ' }] } })).extensions).toMatchObject({ field: 'input.rows.0.name' });
    expect(await counts()).toEqual(before);
    // The host does not send the partner's roster; another agreement's partner cannot reach this one.
    expect(onlyError(await app.gql(SEND_ROSTER, { input: { agreementId: agreement, rows: [row(nextId())] } })).extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(onlyError(await app.gqlAs(partnerOther, SEND_ROSTER, { input: { agreementId: agreement, rows: [row(nextId())] } })).extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reconciles: matched, unknown (pending entries, none twice), missing — equal to the ground truth in SQL; idempotent', async () => {
    const known = [await newMember(), await newMember(), await newMember()];
    const left = await newMember(); // kept by the host, not on the roster
    const alreadyPending = nextId();
    ok(await app.gqlAs(partner, SEND, { input: alert(alreadyPending) }));
    const unknown = [nextId(), nextId(), alreadyPending];
    const rows = [...known.map((m) => row(m.idNumber)), ...unknown.map((id) => row(id, '新流入'))];
    const pendingBefore = await sqlNumber(app, "select count(*) from pending_member_entry where status = 'OPEN'");
    const exchange = ok(await app.gqlAs(partner, SEND_ROSTER, { input: { agreementId: agreement, clientRosterId: 'DY-2026-11', rows } })).sendRoster;

    // Ground truth, written independently: the ledger's members covered for the partner (Deyang formal, living in Chengdu), still there.
    const ledger = await sql<{ id: string }>(
      app,
      `select m.id::text from member m join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
        where f.region_code like '5106%' and (m.destination_region_code like '5101%' or i.region_code like '5101%') and m.status not in ('RETURNED', 'TRANSFERRED')`,
    );
    const rosterMembers = new Set(known.map((m) => m.id));
    const expectedMissing = ledger.map((m) => m.id).filter((id) => !rosterMembers.has(id)).sort();
    expect(exchange).toMatchObject({ fromSide: 'PARTNER', rowCount: 6, matchedCount: 3, unknownCount: 3, pendingCreatedCount: 2, missingCount: expectedMissing.length });
    expect(expectedMissing).toContain(left.id);
    expect(await sqlNumber(app, "select count(*) from pending_member_entry where status = 'OPEN'")).toBe(pendingBefore + 2);

    const outcomes = async (token: string | null, outcome: string) =>
      ok(await app.gqlAs(token ?? app.adminToken, ROSTER, { id: exchange.id, outcome })).rosterExchange.outcomes.nodes as { rowNumber: number | null; memberId: string | null; pendingEntryId: string | null }[];
    expect((await outcomes(partner, 'MATCHED')).map((o) => [o.rowNumber, o.memberId])).toEqual(known.map((m, i) => [i, m.id]));
    const unknownRows = await outcomes(null, 'UNKNOWN');
    expect(unknownRows.map((o) => o.rowNumber)).toEqual([3, 4, 5]);
    expect(unknownRows.every((o) => o.pendingEntryId !== null)).toBe(true);
    expect((await outcomes(partner, 'MISSING')).map((o) => o.memberId!).sort()).toEqual(expectedMissing);
    expect(await sqlNumber(app, "select count(*) from outbox_event where type = 'ROSTER_RECONCILED' and (payload->>'rosterExchangeId')::int = ?", [Number(exchange.id)])).toBe(2);

    // Sent again under the same id: the same reconciliation, nothing new; another roster under it: CONFLICT.
    const again = ok(await app.gqlAs(partner, SEND_ROSTER, { input: { agreementId: agreement, clientRosterId: 'DY-2026-11', rows } })).sendRoster;
    expect(again).toEqual(exchange);
    expect(await sqlNumber(app, "select count(*) from roster_exchange where client_roster_id = 'DY-2026-11'")).toBe(1);
    expect(onlyError(await app.gqlAs(partner, SEND_ROSTER, { input: { agreementId: agreement, clientRosterId: 'DY-2026-11', rows: rows.slice(1) } })).extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'KEY_REUSED',
    });
    // The Idempotency-Key header replays a roster sent without an id of its own.
    const headers = { authorization: `Bearer ${partner}`, 'idempotency-key': 'roster-retry-1' };
    const first = ok(await app.gql(SEND_ROSTER, { input: { agreementId: agreement, rows: rows.slice(0, 2) } }, headers)).sendRoster;
    const replay = ok(await app.gql(SEND_ROSTER, { input: { agreementId: agreement, rows: rows.slice(0, 2) } }, headers)).sendRoster;
    expect(replay.id).toBe(first.id);
    // Both sides see it; the other agreement's partner does not.
    expect(onlyError(await app.gqlAs(partnerOther, ROSTER, { id: exchange.id })).extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('costs the same statements for 50 rows as for 5,000', async () => {
    const statementsFor = async (size: number) => {
      const rows = Array.from({ length: size }, (_, i) => row(nationalId('510603', '19700101', String(i % 1000).padStart(3, '0')).replace(/^510603197001/, `5106031970${String(1 + Math.floor(i / 1000) + (size > 100 ? 5 : 0)).padStart(2, '0')}`)));
      const valid = rows.map((r) => ({ ...r, idNumber: nationalId(r.idNumber.slice(0, 6), r.idNumber.slice(6, 14), r.idNumber.slice(14, 17)) }));
      app.queries.length = 0;
      const exchange = ok(await app.gqlAs(partner, SEND_ROSTER, { input: { agreementId: agreement, rows: valid } })).sendRoster;
      expect(exchange.rowCount).toBe(size);
      return app.dataStatements().length;
    };
    const small = await statementsFor(50);
    const large = await statementsFor(5000);
    expect(large).toBe(small);
  }, 120_000);
});
