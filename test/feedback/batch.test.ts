import { onlyError, startTestApp, type GraphQLResponse, type TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';
import { ACTIVE, createAgreement, FEEDBACK_FIELDS, issueToken, NO_RATE_LIMITS, ok, ONE, sql, sqlNumber, stepOk, YEAR } from './helpers';

/**
 * submitAnnualFeedbackBatch: Chongqing (the partner of the two-way agreement 1) reports on
 * Chengdu-formal members living or managed in Chongqing. All or nothing, idempotent per key.
 */

const BATCH = /* GraphQL */ `
  mutation($input: SubmitAnnualFeedbackBatchInput!) {
    submitAnnualFeedbackBatch(input: $input) { idempotencyKey replayed count ids }
  }
`;
const PARTNER_NAME = '重庆市委组织部（反向报送）';

let app: TestApp;
/** Agreement 1, FEEDBACK_SUBMIT + FEEDBACK_READ, years [2026]. */
let partner: string;
let partnerTokenId: string;

interface ReverseMember {
  id: string;
  name: string;
  partyStanding: string;
  status: string;
  formalOrganizationId: string;
}
/** Chengdu-formal members in Chongqing, picked through the API; handed out once each. */
let reverse: ReverseMember[];
/** Created through createOneMember with this known ID number. */
let known: { id: string; idNumber: string; formalOrganizationId: string };
/** A member agreement 1 covers the other way (Chongqing-formal, living in Chengdu). */
let hostSide: string;

function takeMember(predicate: (member: ReverseMember) => boolean = (m) => m.partyStanding === 'FULL' && ['REGISTERED', 'REPORTED', 'MANAGED'].includes(m.status)) {
  const index = reverse.findIndex(predicate);
  if (index < 0) throw new Error('ran out of reverse-direction members');
  return reverse.splice(index, 1)[0]!;
}

let keys = 0;
const freshKey = () => `cq-2026-batch-${String(++keys).padStart(4, '0')}`;

function item(member: { id: string } | string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    memberId: typeof member === 'string' ? member : member.id,
    year: YEAR,
    orgLifeAttended: 10,
    orgLifeExpected: 12,
    volunteerCount: 3,
    volunteerHours: 7.5,
    studyCount: 4,
    pioneerCount: 1,
    points: 25,
    suggestedGrade: 'QUALIFIED',
    comments: '在渝期间积极参加组织生活',
    recommendedForAward: false,
    duesStatus: 'PAID_AT_HOME',
    transferRecommended: false,
    ...overrides,
  };
}

function submit(items: Record<string, unknown>[], idempotencyKey: string, token = partner) {
  return app.gqlAs(token, BATCH, { input: { idempotencyKey, items } });
}

const rowCount = () => sqlNumber(app, 'select count(*) from annual_feedback');
const rowsFor = (memberId: string) => sqlNumber(app, 'select count(*) from annual_feedback where member_id = ? and year = ? and agreement_id = 1', [Number(memberId), YEAR]);
const keyRow = (key: string) => sql(app, `select key from idempotency_key where credential = ? and scope = 'submitAnnualFeedbackBatch' and key = ?`, [`token:${partnerTokenId}`, key]);

beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
  const issued = await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_SUBMIT', 'FEEDBACK_READ'], years: [YEAR], name: PARTNER_NAME });
  partner = issued.token;
  partnerTokenId = issued.id;

  const members = ok(
    await app.gql(
      `query($filter: MemberFilter) { members(filter: $filter, paging: { limit: 500 }, sorting: [{ field: id, direction: ASC }]) {
         nodes { id name partyStanding status formalOrganizationId } } }`,
      { filter: { formalRegionCode: { like: '5101%' }, destinationRegionCode: { like: '50%' } } },
    ),
  ).members.nodes as ReverseMember[];
  reverse = members;
  expect(reverse.length).toBeGreaterThan(60);

  hostSide = ok(
    await app.gql('query($filter: MemberFilter) { members(filter: $filter, paging: { limit: 1 }) { nodes { id } } }', {
      filter: { formalRegionCode: { like: '50%' }, destinationRegionCode: { like: '5101%' } },
    }),
  ).members.nodes[0].id;

  const organization = async (filter: Record<string, unknown>) =>
    ok(await app.gql('query($filter: OrganizationFilter) { organizations(filter: $filter, paging: { limit: 1 }, sorting: [{ field: id, direction: ASC }]) { nodes { id } } }', { filter }))
      .organizations.nodes[0].id as string;
  const chengduBranch = await organization({ kind: { eq: 'BRANCH' }, regionCode: { like: '5101%' } });
  const inChongqing = await organization({ regionCode: { like: '50%' }, kind: { eq: 'BRANCH' } });
  const idNumber = nationalId('510104', '19880512', '321');
  const created = ok(
    await app.gql('mutation($input: CreateOneMemberInput!) { createOneMember(input: $input) { id formalOrganizationId } }', {
      input: {
        member: {
          name: '刘思远',
          idNumber,
          phone: '13980012345',
          partyStanding: 'FULL',
          joinedOn: '2012-07-01',
          formalOrganizationId: chengduBranch,
          mobilityType: 'EMPLOYMENT',
          outflowDate: '2024-03-01',
          destinationRegionCode: '500103',
          inflowOrganizationId: inChongqing,
          status: 'MANAGED',
        },
      },
    }),
  ).createOneMember;
  known = { id: created.id, idNumber, formalOrganizationId: created.formalOrganizationId };
}, 60_000);
afterAll(() => app.close());

describe('a batch, and the same batch again', () => {
  let first: ReverseMember;
  let key: string;
  let items: Record<string, unknown>[];
  let ids: string[];

  it('identifies members by id and by national ID number; the returns land DELIVERED, addressed to the host', async () => {
    first = takeMember();
    key = freshKey();
    items = [item(first), item(known.id, { memberId: undefined, idNumber: known.idNumber, suggestedGrade: 'EXCELLENT', recommendedForAward: true })];
    const result = ok(await submit(items, key)).submitAnnualFeedbackBatch;
    expect(result).toEqual({ idempotencyKey: key, replayed: false, count: 2, ids: [expect.any(String), expect.any(String)] });
    ids = result.ids;

    const stored = ok(await app.gql(ONE, { id: ids[0] })).annualFeedback;
    expect(stored).toEqual({
      id: ids[0],
      memberId: first.id,
      agreementId: ACTIVE,
      year: YEAR,
      recipient: 'HOST',
      status: 'DELIVERED',
      version: 1,
      source: 'partner',
      fromOrganizationId: null,
      toOrganizationId: first.formalOrganizationId,
      dueOn: '2027-01-31',
      overdue: false,
      orgLifeAttended: 10,
      orgLifeExpected: 12,
      monthsUnderCare: 12, // left out: the whole year
      volunteerCount: 3,
      volunteerHours: 7.5,
      studyCount: 4,
      pioneerCount: 1,
      points: 25,
      suggestedGrade: 'QUALIFIED',
      comments: '在渝期间积极参加组织生活',
      recommendedForAward: false,
      awardNote: null,
      duesStatus: 'PAID_AT_HOME',
      transferRecommended: false,
      finalGrade: null,
      finalGradeNote: null,
      returnReason: null,
      submittedAt: expect.any(String),
      submittedBy: PARTNER_NAME,
      deliveredAt: expect.any(String),
      deliveredBy: PARTNER_NAME,
      receivedAt: null,
      receivedBy: null,
      gradedAt: null,
      gradedBy: null,
      archivedAt: null,
      archivedBy: null,
      returnedAt: null,
      returnedBy: null,
    });
    const byIdNumber = ok(await app.gql(ONE, { id: ids[1] })).annualFeedback;
    expect(byIdNumber).toMatchObject({ memberId: known.id, toOrganizationId: known.formalOrganizationId, suggestedGrade: 'EXCELLENT', recommendedForAward: true, status: 'DELIVERED', recipient: 'HOST' });
    // The partner reads back what it submitted.
    expect(ok(await app.gqlAs(partner, ONE, { id: ids[0] })).annualFeedback).toEqual(stored);
  });

  it('the same key and payload again is a replay: same ids, and exactly one row per member', async () => {
    const before = await rowCount();
    const again = ok(await submit(items, key)).submitAnnualFeedbackBatch;
    expect(again).toEqual({ idempotencyKey: key, replayed: true, count: 2, ids });
    expect(await rowCount()).toBe(before);
    expect(await rowsFor(first.id)).toBe(1);
    expect(await rowsFor(known.id)).toBe(1);
  });

  it('the same payload with its fields in another order is still the same payload', async () => {
    const reordered = items.map((value) => Object.fromEntries(Object.entries(value).reverse()));
    expect(ok(await submit(reordered, key)).submitAnnualFeedbackBatch).toEqual({ idempotencyKey: key, replayed: true, count: 2, ids });
  });

  it('the same key with another payload is refused with CONFLICT KEY_REUSED and changes nothing', async () => {
    const snapshot = await sql(app, 'select * from annual_feedback order by id');
    const changed = [{ ...items[0], volunteerHours: 9 }, items[1]!];
    const error = onlyError(await submit(changed, key));
    expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'KEY_REUSED', field: 'idempotencyKey' });
    expect(await sql(app, 'select * from annual_feedback order by id')).toEqual(snapshot);
  });

  it('a second batch about a member already delivered is refused (a new key is not a way to overwrite)', async () => {
    const error = onlyError(await submit([item(takeMember()), item(first, { volunteerHours: 9 })], freshKey()));
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'items.1', reason: 'ALREADY_SUBMITTED', currentStatus: 'DELIVERED' });
  });
});

describe('a concurrent retry', () => {
  it.each([1, 2, 3, 4, 5])('round %i: two identical requests at once write one copy; the other is IN_PROGRESS or a replay', async () => {
    const member = takeMember();
    const key = freshKey();
    const items = [item(member)];
    const responses = await Promise.all([submit(items, key), submit(items, key)]);
    const results = responses.filter((response) => !response.errors).map((response) => response.data!.submitAnnualFeedbackBatch);
    const errors = responses.filter((response) => response.errors).map((response) => onlyError(response).extensions);
    const fresh = results.filter((result) => !result.replayed);
    expect(fresh).toHaveLength(1);
    for (const replay of results.filter((result) => result.replayed)) expect(replay).toEqual({ ...fresh[0], replayed: true });
    for (const error of errors) expect(error).toEqual({ code: 'CONFLICT', reason: 'IN_PROGRESS', field: 'idempotencyKey' });
    expect(results.length + errors.length).toBe(2);
    expect(await rowsFor(member.id)).toBe(1);
    // A later retry is a replay.
    expect(ok(await submit(items, key)).submitAnnualFeedbackBatch).toEqual({ ...fresh[0], replayed: true });
  });

  it('two batches with different keys about the same member at once: one wins, the other is a CONFLICT', async () => {
    for (let round = 0; round < 10; round++) {
      const member = takeMember();
      const items = [item(member)];
      const responses = await Promise.all([submit(items, freshKey()), submit(items, freshKey())]);
      const errors = responses.filter((response) => response.errors).map((response) => onlyError(response).extensions);
      expect(responses.filter((response) => !response.errors)).toHaveLength(1);
      // Seen by the pre-check (naming the item) or by the unique constraint (naming the batch), the answer is the same conflict.
      expect(errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: expect.stringMatching(/^items(\.0)?$/), reason: 'ALREADY_SUBMITTED' })]);
      expect(await rowsFor(member.id)).toBe(1);
    }
  });

  it('two identical invalid requests at once: both are refused with a client error, nothing is written', async () => {
    for (let round = 0; round < 5; round++) {
      const member = takeMember();
      const key = freshKey();
      const items = [item(member), item(member)];
      const before = await rowCount();
      const responses = await Promise.all([submit(items, key), submit(items, key)]);
      for (const response of responses) {
        const error = onlyError(response);
        expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(error.extensions?.code);
      }
      expect(await rowCount()).toBe(before);
    }
  });
});

describe('months under care', () => {
  it('are stored as the partner sends them, beside its prorated expectation', async () => {
    const member = takeMember();
    const [id] = ok(await submit([item(member, { monthsUnderCare: 5, orgLifeExpected: 5, orgLifeAttended: 4 })], freshKey())).submitAnnualFeedbackBatch.ids;
    expect(ok(await app.gql(ONE, { id })).annualFeedback).toMatchObject({ monthsUnderCare: 5, orgLifeExpected: 5, orgLifeAttended: 4 });
    expect(ok(await app.gql(`query($id: ID!) { annualFeedback(id: $id) { warnings } }`, { id })).annualFeedback.warnings).not.toContain('LOW_ORGANIZATIONAL_LIFE');
  });
});

describe('a batch with one invalid item writes nothing', () => {
  type Case = [name: string, index: number, build: (valid: ReverseMember[]) => Record<string, unknown>, field: string, reason: string];
  const cases: Case[] = [
    ['a year outside the token\'s years', 1, (v) => item(v[1]!, { year: 2025 }), 'year', 'YEAR_NOT_ALLOWED'],
    ['a member the agreement does not let the partner report on', 2, () => item(hostSide), 'memberId', 'NOT_COVERED'],
    ['a member id that does not exist', 0, () => item('99999999'), 'memberId', 'NOT_COVERED'],
    ['the same member twice', 2, (v) => item(v[0]!, { comments: '重复' }), 'memberId', 'DUPLICATE'],
    ['an out-of-range session count', 1, (v) => item(v[1]!, { orgLifeAttended: 400, orgLifeExpected: 12 }), 'orgLifeAttended', 'MAX'],
    ['more months under care than a year has', 0, (v) => item(v[0]!, { monthsUnderCare: 13 }), 'monthsUnderCare', 'MAX'],
    ['an unknown national ID number', 0, () => item('x', { memberId: undefined, idNumber: nationalId('510104', '19790101', '555') }), 'idNumber', 'NOT_COVERED'],
    ['a malformed national ID number', 1, () => item('x', { memberId: undefined, idNumber: '51010419790101555X' }), 'idNumber', 'NATIONAL_ID'],
    ['neither a member id nor an ID number', 1, () => item('x', { memberId: undefined }), 'memberId', 'REQUIRED'],
    [
      'a suggested grade for a probationary member',
      2,
      () => item(takeMember((m) => m.partyStanding === 'PROBATIONARY' && ['REGISTERED', 'REPORTED', 'MANAGED'].includes(m.status)), { suggestedGrade: 'EXCELLENT' }),
      'suggestedGrade',
      'PROBATIONARY_NO_GRADE',
    ],
  ];

  it.each(cases)('%s (item %i): BAD_USER_INPUT naming it; then the same key takes a corrected payload', async (_name, index, build, field, reason) => {
    const valid = [takeMember(), takeMember(), takeMember()];
    const items = valid.map((member) => item(member));
    items[index] = build(valid);
    const key = freshKey();
    const before = await sql(app, 'select * from annual_feedback order by id');

    const error = onlyError(await submit(items, key));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: `items.${index}.${field}`, reason });
    expect(error.message).toContain(`items.${index}.${field}`);
    expect(await sql(app, 'select * from annual_feedback order by id')).toEqual(before);
    expect(await keyRow(key)).toEqual([]);

    const corrected = items.filter((_item, i) => i !== index);
    const result = ok(await submit(corrected, key)).submitAnnualFeedbackBatch;
    expect(result).toMatchObject({ idempotencyKey: key, replayed: false, count: 2 });
    expect(await keyRow(key)).toEqual([{ key }]);
  });

  it('an out-of-range number is named the same way as the other item errors', async () => {
    const items = [item(takeMember()), item(takeMember(), { orgLifeAttended: 400, orgLifeExpected: 400 })];
    const error = onlyError(await submit(items, freshKey()));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'items.1.orgLifeAttended', reason: 'MAX' });
  });

  it('an out-of-range number is refused before anything is written (whatever the path convention)', async () => {
    const before = await rowCount();
    const items = [item(takeMember()), item(takeMember(), { volunteerHours: 5000.5 })];
    const error = onlyError(await submit(items, freshKey()));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: expect.stringMatching(/^(input\.)?items\.1\.volunteerHours$/) });
    expect(await rowCount()).toBe(before);
  });

  it('1,001 items are refused before anything is looked at', async () => {
    const before = await rowCount();
    const member = takeMember();
    const items = Array.from({ length: 1001 }, () => item(member));
    const key = freshKey();
    const error = onlyError(await submit(items, key));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: expect.stringMatching(/^(input\.)?items$/), reason: 'ARRAYMAXSIZE' });
    expect(await rowCount()).toBe(before);
    expect(await keyRow(key)).toEqual([]);
  });

  // DESIGN §3: a member out of contact enters the lost-contact process and gets no ordinary return.
  it.each(['LOST_CONTACT', 'TRANSFERRED'])('refuses an ordinary return for a %s member', async (status) => {
    const member = takeMember((m) => m.status === status);
    const before = await rowCount();
    const error = onlyError(await submit([item(member, { suggestedGrade: null })], freshKey()));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items.0.memberId' });
    expect(await rowCount()).toBe(before);
  });
});

describe('the host receives what the partner submitted', () => {
  let ids: string[];

  beforeAll(async () => {
    ids = ok(await submit([item(takeMember()), item(takeMember()), item(takeMember())], freshKey())).submitAnnualFeedbackBatch.ids;
  });

  it('the host admin acknowledges, grades and archives a delivered return addressed to it', async () => {
    const delivered = ok(await app.gql(ONE, { id: ids[0] })).annualFeedback;
    const received = await stepOk(app, null, 'receive', ids[0]!, delivered.version);
    expect(received).toEqual({ ...delivered, status: 'RECEIVED', version: delivered.version + 1, receivedAt: expect.any(String), receivedBy: 'root' });
    const graded = await stepOk(app, null, 'grade', ids[0]!, received.version, { finalGrade: 'EXCELLENT', note: '支部大会评议' });
    expect(graded).toEqual({ ...received, status: 'GRADED', version: received.version + 1, finalGrade: 'EXCELLENT', finalGradeNote: '支部大会评议', gradedAt: expect.any(String), gradedBy: 'root' });
    const archived = await stepOk(app, null, 'archive', ids[0]!, graded.version);
    expect(archived).toMatchObject({ status: 'ARCHIVED', archivedBy: 'root' });
    // The partner sees the final grade of the returns it submitted.
    expect(ok(await app.gqlAs(partner, ONE, { id: ids[0] })).annualFeedback).toEqual(archived);
  });

  it('the partner, as the author, may not acknowledge or grade its own returns', async () => {
    const author = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_SUBMIT', 'FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'], years: [YEAR] })).token;
    const delivered = ok(await app.gql(ONE, { id: ids[1] })).annualFeedback;
    const transition = (name: string) =>
      app.gqlAs(author, `mutation($input: FeedbackTransitionInput!) { ${name}(input: $input) { id } }`, { input: { id: ids[1], version: delivered.version } });
    expect(onlyError(await transition('acknowledgeAnnualFeedback')).extensions).toEqual({ code: 'FORBIDDEN' });
    expect(onlyError(await transition('submitAnnualFeedback')).extensions).toEqual({ code: 'FORBIDDEN' });
    // With feedback:submit only, the resolver refuses before looking.
    expect(onlyError(await app.gqlAs(partner, 'mutation($input: FeedbackTransitionInput!) { acknowledgeAnnualFeedback(input: $input) { id } }', { input: { id: ids[1], version: delivered.version } })).extensions).toEqual({
      code: 'FORBIDDEN',
    });
    expect(ok(await app.gql(ONE, { id: ids[1] })).annualFeedback.status).toBe('DELIVERED');
  });

  it('the host sends one back for correction; the partner resubmits it (same row) and it is delivered again', async () => {
    const delivered = ok(await app.gql(ONE, { id: ids[2] })).annualFeedback;
    const returned = await stepOk(app, null, 'return', ids[2]!, delivered.version, { reason: '请核实志愿服务时长' });
    expect(returned).toMatchObject({ status: 'DRAFT', returnReason: '请核实志愿服务时长', returnedBy: 'root' });
    const memberId = returned.memberId;
    const resubmitted = ok(await submit([item(memberId, { volunteerHours: 6 })], freshKey())).submitAnnualFeedbackBatch;
    expect(resubmitted).toMatchObject({ replayed: false, count: 1, ids: [ids[2]] });
    const after = ok(await app.gql(ONE, { id: ids[2] })).annualFeedback;
    expect(after).toMatchObject({ status: 'DELIVERED', volunteerHours: 6, version: returned.version + 1 });
    expect(await rowsFor(memberId)).toBe(1);
  });

  it('once received, the member cannot be submitted again', async () => {
    const delivered = ok(await app.gql(ONE, { id: ids[1] })).annualFeedback;
    await stepOk(app, null, 'receive', ids[1]!, delivered.version);
    const error = onlyError(await submit([item(delivered.memberId)], freshKey()));
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'items.0', reason: 'ALREADY_SUBMITTED', currentStatus: 'RECEIVED' });
  });
});

describe('who may submit', () => {
  const expectForbidden = (response: GraphQLResponse) => expect(onlyError(response).extensions).toEqual({ code: 'FORBIDDEN' });

  it('not a token without feedback:submit', async () => {
    const reader = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE'], years: [YEAR] })).token;
    expectForbidden(await submit([item(takeMember())], freshKey(), reader));
  });

  it('not an admin (the host writes its returns through generation)', async () => {
    expectForbidden(await app.gql(BATCH, { input: { idempotencyKey: freshKey(), items: [item(takeMember())] } }));
  });

  it('not a partner of an agreement under which only the host writes', async () => {
    const meishan = await createAgreement(app, { code: 'CDMS-2026-BATCH', title: '眉山籍在蓉流动党员共管协议', partnerRegionCode: '511400' });
    const token = (await issueToken(app, { agreementId: meishan, scopes: ['FEEDBACK_SUBMIT'], years: [YEAR] })).token;
    const before = await rowCount();
    expectForbidden(await submit([item(takeMember())], freshKey(), token));
    expect(await rowCount()).toBe(before);
  });

  it('never with the key of another token: keys are per token', async () => {
    const other = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_SUBMIT'], years: [YEAR] })).token;
    const key = freshKey();
    const a = ok(await submit([item(takeMember())], key)).submitAnnualFeedbackBatch;
    const b = ok(await submit([item(takeMember())], key, other)).submitAnnualFeedbackBatch;
    expect(a.replayed).toBe(false);
    expect(b.replayed).toBe(false);
    expect(b.ids).not.toEqual(a.ids);
  });

  it('lists what it submitted among the returns it may read', async () => {
    const seen = ok(await app.gqlAs(partner, `{ annualFeedbacks(filter: { recipient: { eq: HOST } }, paging: { limit: 500 }) { totalCount nodes { ${FEEDBACK_FIELDS} } } }`)).annualFeedbacks;
    expect(seen.totalCount).toBe(await sqlNumber(app, "select count(*) from annual_feedback where recipient = 'HOST' and agreement_id = 1 and year = ?", [YEAR]));
  });
});
