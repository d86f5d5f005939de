import { onlyError, startTestApp, type TestApp } from '../support/app';
import { ACTIVITY_YEAR, buildWorld, createMember, drainEvents, type EventNode, memberInput, ok, type World } from '../access/fixtures';

/**
 * Transfer requests (组织关系转接) in the access world's agreement A (Chengdu hosts, Chongqing is
 * the partner, two-way): the state machine and its refusals, the 应转尽转 rule, one open request
 * per member, retried submissions, completion closing what stays open (checked in SQL), the
 * TRANSFER_CHANGED events, stale versions.
 */

const FIELDS = `id version state memberId agreementId fromOrganizationId toOrganizationId receivingSide requestedSide requestedBy dueReason exceptionReason
  letterNumber rejectionReason completedOn returnsClosed casesClosed pairingsEnded allowedActions`;
const REQUEST = `mutation($input: RequestTransferInput!) { requestTransfer(input: $input) { ${FIELDS} } }`;
const step = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { ${FIELDS} } }`;
const ACCEPT = step('acceptTransfer', 'AcceptTransferInput');
const REJECT = step('rejectTransfer', 'RejectTransferInput');
const CANCEL = step('cancelTransfer', 'TransferStepInput');
const COMPLETE = step('completeTransfer', 'CompleteTransferInput');

let app: TestApp;
let world: World;
let partner: string;

beforeAll(async () => {
  app = await startTestApp('empty', { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000' });
  world = await buildWorld(app);
  partner = world.credentials.partnerA!;
}, 180_000);
afterAll(() => app?.close());

const monthsAgo = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
};

/** A Chongqing member living in Chengdu (the relationship would move to the host). */
const chongqingMember = (overrides: Record<string, unknown> = {}) =>
  createMember(app, memberInput('500103', { formalOrganizationId: world.org['CQ-YZ-B1'], destinationRegionCode: '510104', inflowOrganizationId: world.org['CD-JJ-CXL'], status: 'MANAGED', ...overrides }));
/** A Chengdu member living in Chongqing (the relationship would move to the partner). */
const chengduMember = (overrides: Record<string, unknown> = {}) =>
  createMember(app, memberInput('510104', { formalOrganizationId: world.org['CD-JJ-B1'], destinationRegionCode: '500103', inflowOrganizationId: world.org['CQ-YZ'], ...overrides }));

const toHost = (memberId: string, extra: Record<string, unknown> = {}) => ({
  memberId,
  agreementId: world.agreements.A,
  toOrganizationId: world.org['CD-JJ-B1'],
  reason: '在成都稳定就业，申请转入',
  ...extra,
});
const events = (transferId: string) =>
  app.sql<{ audience: string; state: string }>(
    "select audience::text, payload->>'state' as state from outbox_event where type = 'TRANSFER_CHANGED' and payload->>'transferId' = ? order by id",
    [transferId],
  );

describe('the state machine', () => {
  it('requested by the host, accepted by the partner, completed by the host; each step heard by the other side', async () => {
    const member = await chongqingMember();
    const requested = ok(await app.gql(REQUEST, { input: toHost(member, { letterNumber: '渝组转〔2026〕12号' }) })).requestTransfer;
    expect(requested).toMatchObject({ state: 'REQUESTED', requestedSide: 'HOST', receivingSide: 'HOST', dueReason: 'FIXED_PLACE_SIX_MONTHS', fromOrganizationId: world.org['CQ-YZ-B1'], version: 1 });
    // The host asked: it may cancel, not accept; the partner may accept or reject.
    expect(requested.allowedActions).toEqual(['CANCEL']);
    const seen = ok(await app.gqlAs(partner, `query($id: ID!) { transferRequest(id: $id) { allowedActions member { id } } }`, { id: requested.id })).transferRequest;
    expect(seen).toEqual({ allowedActions: ['ACCEPT', 'REJECT'], member: { id: member } });

    const refused = onlyError(await app.gql(ACCEPT, { input: { id: requested.id, version: 1 } }));
    expect(refused.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.message).toMatch(/other side/);

    const accepted = ok(await app.gqlAs(partner, ACCEPT, { input: { id: requested.id, version: 1 } })).acceptTransfer;
    expect(accepted).toMatchObject({ state: 'ACCEPTED', version: 2, letterNumber: '渝组转〔2026〕12号' });
    // Only the receiving side completes.
    expect(onlyError(await app.gqlAs(partner, COMPLETE, { input: { id: requested.id, version: 2 } })).extensions).toMatchObject({ code: 'FORBIDDEN' });
    const completed = ok(await app.gql(COMPLETE, { input: { id: requested.id, version: 2 } })).completeTransfer;
    expect(completed).toMatchObject({ state: 'COMPLETED', version: 3, allowedActions: [] });
    expect(await events(requested.id)).toEqual([
      { audience: 'PARTNER', state: 'REQUESTED' },
      { audience: 'HOST', state: 'ACCEPTED' },
      { audience: 'PARTNER', state: 'COMPLETED' },
    ]);
    // The partner's events feed carries what was addressed to it.
    const changes = (nodes: EventNode[]) => nodes.filter((node) => node.type === 'TRANSFER_CHANGED' && node.payload.transferId === requested.id);
    const feed = await drainEvents(app, partner, { until: (nodes) => changes(nodes).length >= 2 });
    expect(changes(feed.nodes).map((node) => node.payload.state)).toEqual(['REQUESTED', 'COMPLETED']);
    // Nothing moves on from COMPLETED.
    const again = onlyError(await app.gql(CANCEL, { input: { id: requested.id, version: 3 } }));
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', currentState: 'COMPLETED' });
  });

  it('requested by the partner, rejected by the host with its reason; cancelled by the requester only', async () => {
    const first = await chongqingMember();
    const asked = ok(await app.gqlAs(partner, REQUEST, { input: toHost(first) })).requestTransfer;
    expect(asked).toMatchObject({ requestedSide: 'PARTNER', state: 'REQUESTED' });
    expect(onlyError(await app.gql(REJECT, { input: { id: asked.id, version: 1, reason: '   ' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const rejected = ok(await app.gql(REJECT, { input: { id: asked.id, version: 1, reason: '接收党组织不符合属地原则' } })).rejectTransfer;
    expect(rejected).toMatchObject({ state: 'REJECTED', rejectionReason: '接收党组织不符合属地原则' });
    expect(onlyError(await app.gql(ACCEPT, { input: { id: asked.id, version: 2 } })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });

    const second = await chongqingMember();
    const other = ok(await app.gqlAs(partner, REQUEST, { input: toHost(second) })).requestTransfer;
    expect(onlyError(await app.gql(CANCEL, { input: { id: other.id, version: 1 } })).message).toMatch(/the side that made the request/);
    expect(ok(await app.gqlAs(partner, CANCEL, { input: { id: other.id, version: 1 } })).cancelTransfer.state).toBe('CANCELLED');
    // A closed request leaves room for a new one.
    expect(ok(await app.gqlAs(partner, REQUEST, { input: toHost(second) })).requestTransfer.state).toBe('REQUESTED');
  });

  it('refuses a stale version', async () => {
    const member = await chongqingMember();
    const asked = ok(await app.gql(REQUEST, { input: toHost(member) })).requestTransfer;
    ok(await app.gqlAs(partner, ACCEPT, { input: { id: asked.id, version: 1, letterNumber: 'A-1' } }));
    const stale = onlyError(await app.gql(COMPLETE, { input: { id: asked.id, version: 1 } }));
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 2 });
    expect((await app.sql('select state::text from transfer_request where id = ?', [Number(asked.id)]))[0]!.state).toBe('ACCEPTED');
  });
});

describe('who may ask, and for whom', () => {
  it('follows the 应转尽转 rule: not due needs an exception reason, closed records never', async () => {
    const recent = await chongqingMember({ outflowDate: monthsAgo(2) });
    const refused = onlyError(await app.gql(REQUEST, { input: toHost(recent) }));
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.exceptionReason', reason: 'TRANSFER_NOT_DUE' });
    expect(refused.message).toMatch(/UNDER_SIX_MONTHS/);
    const excepted = ok(await app.gql(REQUEST, { input: toHost(recent, { exceptionReason: '已在成都落户，本人申请提前转接' }) })).requestTransfer;
    expect(excepted).toMatchObject({ dueReason: 'UNDER_SIX_MONTHS', exceptionReason: '已在成都落户，本人申请提前转接' });

    const temporary = await chongqingMember({ mobilityType: 'TEMPORARY' });
    expect(onlyError(await app.gql(REQUEST, { input: toHost(temporary) })).extensions).toMatchObject({ field: 'input.exceptionReason', reason: 'TRANSFER_NOT_DUE' });

    const returned = await chongqingMember({ status: 'RETURNED' });
    expect(onlyError(await app.gql(REQUEST, { input: toHost(returned, { exceptionReason: '任意' }) })).extensions).toMatchObject({ field: 'input.memberId', reason: 'MEMBER_CLOSED' });
  });

  it('one open request per member; the receiving organisation must be on the other side', async () => {
    const member = await chongqingMember();
    const wrongSide = onlyError(await app.gql(REQUEST, { input: toHost(member, { toOrganizationId: world.org['CQ-YZ'] }) }));
    expect(wrongSide.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.toOrganizationId', reason: 'WRONG_SIDE' });
    ok(await app.gql(REQUEST, { input: toHost(member) }));
    const twice = onlyError(await app.gqlAs(partner, REQUEST, { input: toHost(member) }));
    expect(twice.extensions).toMatchObject({ code: 'CONFLICT', reason: 'TRANSFER_ALREADY_OPEN', field: 'input.memberId' });
    expect((await app.sql('select count(*)::int as n from transfer_request where member_id = ?', [Number(member)]))[0]!.n).toBe(1);
  });

  it('a member outside the agreement is not found for the partner; an uncovered one is refused by name', async () => {
    expect(onlyError(await app.gqlAs(partner, REQUEST, { input: toHost(world.members.b[0]!) })).extensions).toMatchObject({ code: 'NOT_FOUND' });
    // A Chengdu member living in Chengdu: no agreement covers them.
    expect(onlyError(await app.gql(REQUEST, { input: toHost(world.members.local[0]!, { exceptionReason: 'x' }) })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.memberId',
      reason: 'NOT_COVERED',
    });
  });

  it('a retried submission with the same Idempotency-Key replays instead of asking twice', async () => {
    const member = await chongqingMember();
    const headers = { authorization: `Bearer ${partner}`, 'idempotency-key': `transfer-${member}` };
    const first = await app.gql(REQUEST, { input: toHost(member) }, headers);
    const second = await app.gql(REQUEST, { input: toHost(member) }, headers);
    expect(ok(second).requestTransfer.id).toBe(ok(first).requestTransfer.id);
    expect((await app.sql('select count(*)::int as n from transfer_request where member_id = ?', [Number(member)]))[0]!.n).toBe(1);
    expect((await events(ok(first).requestTransfer.id)).length).toBe(1);
  });
});

describe('completion', () => {
  it('by the partner (receiving side): the member TRANSFERRED, unsent returns 已转出, open case closed, pairings ended — delivered returns untouched', async () => {
    const member = await chengduMember({ mobilityType: 'EMPLOYMENT' });
    // Returns of two years, one delivered; a pairing; an open lost-contact case.
    const feedback = async (year: number, status: string) =>
      (
        await app.sql<{ id: number }>(
          `insert into annual_feedback (member_id, year, agreement_id, recipient, to_organization_id, due_on, status)
           values (?, ?, ?, 'HOST', ?, ?, ?) returning id`,
          [Number(member), year, Number(world.agreements.A), Number(world.org['CD-JJ-B1']), `${year + 1}-01-31`, status],
        )
      )[0]!.id;
    const draft = await feedback(ACTIVITY_YEAR + 1, 'SUBMITTED');
    const delivered = await feedback(ACTIVITY_YEAR, 'DELIVERED');
    ok(await app.gql('mutation($input: CreateOneContactPairingInput!) { createOneContactPairing(input: $input) { id } }', {
      input: { contactPairing: { memberId: member, contactName: '结对联系人', contactRole: 'LIAISON', fromOn: `${ACTIVITY_YEAR}-01-01` } },
    }));
    ok(await app.gql('mutation($input: OpenLostContactCaseInput!) { openLostContactCase(input: $input) { id } }', {
      input: { memberId: member, openedOn: `${ACTIVITY_YEAR}-08-01`, openedBy: '支委', lastKnownFacts: '电话停机' },
    }));

    const asked = ok(await app.gql(REQUEST, { input: { memberId: member, agreementId: world.agreements.A, toOrganizationId: world.org['CQ-YZ-B1'], reason: '在渝定居' } })).requestTransfer;
    expect(asked).toMatchObject({ receivingSide: 'PARTNER', requestedSide: 'HOST' });
    ok(await app.gqlAs(partner, ACCEPT, { input: { id: asked.id, version: 1 } }));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(onlyError(await app.gqlAs(partner, COMPLETE, { input: { id: asked.id, version: 2, completedOn: '2999-01-01' } })).extensions).toMatchObject({
      field: 'input.completedOn',
    });
    app.queries.length = 0;
    const done = ok(await app.gqlAs(partner, COMPLETE, { input: { id: asked.id, version: 2 } })).completeTransfer;
    // Set-based: the closing is one function call whatever the member had open.
    const statements = app.dataStatements();
    expect(statements.filter((statement) => /transfer_complete/.test(statement))).toHaveLength(1);
    expect(statements.filter((statement) => /^\s*(update|insert|delete)\b[\s\S]*\b(annual_feedback|lost_contact_case|contact_pairing)\b/i.test(statement))).toEqual([]);
    console.log(`completeTransfer: ${statements.length} data statements`);
    expect(done).toMatchObject({ state: 'COMPLETED', completedOn: today, returnsClosed: 1, casesClosed: 1, pairingsEnded: 1 });

    const [row] = await app.sql(
      "select status::text, to_char(transferred_on, 'YYYY-MM-DD') as transferred_on, transferred_to from member where id = ?",
      [Number(member)],
    );
    expect(row).toEqual({ status: 'TRANSFERRED', transferred_on: today, transferred_to: '渝中区解放碑街道党支部' });
    const returns = await app.sql('select id, status::text, kind::text, transferred_to from annual_feedback where member_id = ? order by id', [Number(member)]);
    expect(returns).toEqual([
      { id: draft, status: 'DRAFT', kind: 'TRANSFERRED', transferred_to: '渝中区解放碑街道党支部' },
      { id: delivered, status: 'DELIVERED', kind: 'ORDINARY', transferred_to: null },
    ]);
    expect(await app.sql("select outcome::text, closed_on is not null as closed from lost_contact_case where member_id = ?", [Number(member)])).toEqual([
      { outcome: 'FOUND', closed: true },
    ]);
    expect(await app.sql("select to_char(to_on, 'YYYY-MM-DD') as to_on from contact_pairing where member_id = ?", [Number(member)])).toEqual([{ to_on: today }]);
    // The trail has the step and what it closed.
    const trail = await app.sql<{ action: string; entity: string }>(
      "select action, entity from audit_event where action in ('complete', 'transfer', 'transfer-close') and (entity_id = ? or entity_id in (?, ?)) order by id",
      [asked.id, String(draft), member],
    );
    expect(trail.map((entry) => `${entry.action} ${entry.entity}`)).toEqual(expect.arrayContaining(['complete TransferRequest', 'transfer Member', 'transfer-close AnnualFeedback']));
  });
});

describe('webhooks', () => {
  it('queues a delivery of TRANSFER_CHANGED for the other side\'s endpoint that asked for it, in the step\'s transaction', async () => {
    const endpoint = ok(
      await app.gqlAs(partner, 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }', {
        input: { url: 'http://127.0.0.1:9/transfers', eventTypes: ['TRANSFER_CHANGED'] },
      }),
    ).createWebhookEndpoint.endpoint.id as string;
    const asked = ok(await app.gql(REQUEST, { input: toHost(await chongqingMember()) })).requestTransfer;
    const deliveries = await app.sql<{ type: string; transfer: string }>(
      "select e.type::text as type, e.payload->>'transferId' as transfer from webhook_delivery d join outbox_event e on e.id = d.event_id where d.endpoint_id = ?",
      [Number(endpoint)],
    );
    expect(deliveries).toEqual([{ type: 'TRANSFER_CHANGED', transfer: asked.id }]);
    // The partner's own step is the host's news, not its own.
    ok(await app.gqlAs(partner, REJECT, { input: { id: asked.id, version: 1, reason: '不符合条件' } }));
    expect((await app.sql('select count(*)::int as n from webhook_delivery where endpoint_id = ?', [Number(endpoint)]))[0]!.n).toBe(1);
  });
});

describe('reading', () => {
  it('lists with filters and paging, nested under the member, within the scope', async () => {
    const list = ok(await app.gql(`{ transferRequests(filter: {state: {eq: REQUESTED}, agreementId: {eq: "${world.agreements.A}"}}, paging: {limit: 2}) { totalCount nodes { id state } pageInfo { hasNextPage } } }`)).transferRequests;
    const open = await app.sql<{ n: number }>("select count(*)::int as n from transfer_request where state = 'REQUESTED' and agreement_id = ?", [Number(world.agreements.A)]);
    expect(list.totalCount).toBe(open[0]!.n);
    expect(list.nodes.length).toBe(Math.min(2, open[0]!.n));
    const nested = ok(await app.gql(`query($id: ID!) { member(id: $id) { transferRequests { totalCount nodes { id } } } }`, { id: world.members.aCq[7] })).member.transferRequests;
    expect(nested.nodes).toEqual([{ id: world.transfers.a }]);
    // Deyang's token holds no transfers scope; the Guangzhou admin sees nothing of agreement A.
    expect(onlyError(await app.gqlAs(world.credentials.partnerB, '{ transferRequests { totalCount } }')).extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(ok(await app.gqlAs(world.credentials.regionAdmin, '{ transferRequests { totalCount } }')).transferRequests.totalCount).toBe(0);
  });
});
