import { onlyError, startTestApp, type TestApp } from '../support/app';
import { CREATE_MEMBER, createSmallTree, memberInput, nationalId, type SmallTree } from '../support/fixtures';
import { advance, createAgreement, generate, issueToken, NO_RATE_LIMITS, ok, sql, sqlNumber } from '../feedback/helpers';

/**
 * Lost-contact cases (组织找党员): open (the member becomes LOST_CONTACT), attempts, close (found:
 * the status comes back), one open case per member in the database; and at year end a 失联
 * return carrying the case history, a 已转出 return saying when and where, and the contact facts
 * (talks, reminder talks, thought reports) on every return, which the partner reads for covered
 * members only.
 */

const CASE_FIELDS = 'id memberId openedOn openedBy lastKnownFacts statusBefore closedOn outcome open attempts { totalCount nodes { attemptedOn channel attemptedBy result } }';
const OPEN = `mutation($input: OpenLostContactCaseInput!) { openLostContactCase(input: $input) { ${CASE_FIELDS} } }`;
const ATTEMPT = `mutation($input: AddLostContactAttemptInput!) { addLostContactAttempt(input: $input) { ${CASE_FIELDS} } }`;
const CLOSE = `mutation($input: CloseLostContactCaseInput!) { closeLostContactCase(input: $input) { ${CASE_FIELDS} } }`;
const YEAR = 2026;

let app: TestApp;
let tree: SmallTree;
let sequence = 500;

async function newMember(overrides: Record<string, unknown> = {}): Promise<string> {
  sequence += 2;
  const input = memberInput(tree, { idNumber: nationalId('510603', '19850101', String(sequence)), status: 'MANAGED', outflowDate: '2024-03-01', ...overrides });
  return ok(await app.gql(CREATE_MEMBER, { input: { member: input } })).createOneMember.id;
}
const statusOf = async (id: string) => (await sql<{ status: string }>(app, 'select status from member where id = ?', [Number(id)]))[0]!.status;
const openCase = (memberId: string, extra: Record<string, unknown> = {}) =>
  app.gql(OPEN, { input: { memberId, openedOn: `${YEAR}-03-01`, openedBy: '春熙路街道党工委 刘敏', lastKnownFacts: '2025 年 10 月在成都市锦江区某物流公司工作，电话停机', ...extra } });

beforeAll(async () => {
  app = await startTestApp('empty', NO_RATE_LIMITS);
  tree = await createSmallTree(app);
}, 60_000);
afterAll(() => app.close());

describe('a case from opening to its outcome', () => {
  it('opens (member LOST_CONTACT), takes attempts, closes FOUND (status restored)', async () => {
    const member = await newMember({ status: 'REPORTED' });
    const opened = ok(await openCase(member)).openLostContactCase;
    expect(opened).toMatchObject({ memberId: member, statusBefore: 'REPORTED', open: true, closedOn: null, attempts: { totalCount: 0, nodes: [] } });
    expect(await statusOf(member)).toBe('LOST_CONTACT');

    ok(await app.gql(ATTEMPT, { input: { caseId: opened.id, attemptedOn: `${YEAR}-03-05`, channel: 'PHONE', attemptedBy: '刘敏', result: '电话停机' } }));
    const second = ok(await app.gql(ATTEMPT, { input: { caseId: opened.id, attemptedOn: `${YEAR}-04-10`, channel: 'RELATIVES', attemptedBy: '刘敏', result: '其母称在重庆务工，已留言' } }));
    expect(second.addLostContactAttempt.attempts.nodes.map((row: { channel: string }) => row.channel)).toEqual(['PHONE', 'RELATIVES']);

    const closed = ok(await app.gql(CLOSE, { input: { caseId: opened.id, outcome: 'FOUND', closedOn: `${YEAR}-05-02`, closedBy: '刘敏', closingNote: '本人来电，已恢复联系' } })).closeLostContactCase;
    expect(closed).toMatchObject({ open: false, closedOn: `${YEAR}-05-02`, outcome: 'FOUND' });
    expect(await statusOf(member)).toBe('REPORTED');
    const [row] = await sql(app, "select to_char(last_contact_on, 'YYYY-MM-DD') as d from member where id = ?", [Number(member)]);
    expect(row!.d).toBe(`${YEAR}-05-02`);
    // Closed is closed.
    expect(onlyError(await app.gql(ATTEMPT, { input: { caseId: opened.id, attemptedOn: `${YEAR}-05-03`, channel: 'PHONE', attemptedBy: '刘敏', result: 'x' } })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'CASE_CLOSED' });
  });

  it('handed to the outflow side, the member stays LOST_CONTACT', async () => {
    const member = await newMember();
    const opened = ok(await openCase(member)).openLostContactCase;
    ok(await app.gql(CLOSE, { input: { caseId: opened.id, outcome: 'HANDED_TO_OUTFLOW', closedOn: `${YEAR}-06-01`, closedBy: '刘敏' } }));
    expect(await statusOf(member)).toBe('LOST_CONTACT');
    // A new case may be opened once the old one is closed; it remembers the status was LOST_CONTACT, so found means MANAGED.
    const again = ok(await openCase(member, { openedOn: `${YEAR}-07-01` })).openLostContactCase;
    expect(again.statusBefore).toBe('LOST_CONTACT');
    ok(await app.gql(CLOSE, { input: { caseId: again.id, outcome: 'FOUND', closedOn: `${YEAR}-07-15`, closedBy: '刘敏' } }));
    expect(await statusOf(member)).toBe('MANAGED');
  });

  it('at most one open case per member: CONFLICT through the API, and the database refuses it too', async () => {
    const member = await newMember();
    ok(await openCase(member));
    expect(onlyError(await openCase(member)).extensions).toMatchObject({ code: 'CONFLICT', reason: 'CASE_ALREADY_OPEN' });
    await expect(
      sql(app, "insert into lost_contact_case (member_id, opened_on, opened_by, last_known_facts, status_before) values (?, '2026-01-01', 'x', 'x', 'MANAGED')", [Number(member)]),
    ).rejects.toThrow(/lost_contact_case_one_open_per_member/);
    expect(await sqlNumber(app, 'select count(*) from lost_contact_case where member_id = ? and closed_on is null', [Number(member)])).toBe(1);
  });

  it.each([
    ['openedOn in the future', { openedOn: '2099-01-01' }, 'input.openedOn', 'DATE_ORDER'],
    ['last contact after opening', { lastKnownContactOn: `${YEAR}-03-02` }, 'input.lastKnownContactOn', 'DATE_ORDER'],
    ['no facts', { lastKnownFacts: '  ' }, 'lastKnownFacts', 'TEXT'],
    ['an unknown member', { memberId: '99999999' }, 'input.memberId', 'UNKNOWN_REFERENCE'],
  ])('refuses %s, naming the field, and opens nothing', async (_case, change, field, reason) => {
    const member = await newMember();
    const before = await sqlNumber(app, 'select count(*) from lost_contact_case');
    const error = onlyError(await openCase(member, change));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect(String(error.extensions!.field)).toContain(field);
    expect(await sqlNumber(app, 'select count(*) from lost_contact_case')).toBe(before);
    expect(await statusOf(member)).toBe('MANAGED');
  });

  it('refuses an attempt dated before the case, naming the field', async () => {
    const member = await newMember();
    const opened = ok(await openCase(member)).openLostContactCase;
    const error = onlyError(await app.gql(ATTEMPT, { input: { caseId: opened.id, attemptedOn: `${YEAR}-02-01`, channel: 'PHONE', attemptedBy: '刘敏', result: 'x' } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.attemptedOn', reason: 'DATE_ORDER' });
  });
});

describe('year-end returns of lost-contact and transferred members', () => {
  let agreement: string;
  let partner: string;
  let ordinary: string;
  let lost: string;
  let lostCase: string;
  let transferred: string;
  let transferredLongAgo: string;
  let lostWithoutCase: string;

  const RETURN_FIELDS = `id memberId kind status talksHeld reminderTalksHeld thoughtReports transferredOn transferredTo lostContactCaseId
    lostContactCase { id openedOn lastKnownFacts attempts { nodes { attemptedOn channel result } } }`;
  const returnsOf = async (token: string | null = null) => {
    const query = `query($id: ID!) { annualFeedbacks(filter: {agreementId: {eq: $id}, year: {eq: ${YEAR}}}, paging: {limit: 500}) { nodes { ${RETURN_FIELDS} } } }`;
    const response = token ? await app.gqlAs(token, query, { id: agreement }) : await app.gql(query, { id: agreement });
    return Object.fromEntries((ok(response).annualFeedbacks.nodes as Record<string, any>[]).map((row) => [row.memberId, row]));
  };

  beforeAll(async () => {
    agreement = await createAgreement(app, { code: 'CD-DY-CONTACTS', title: '成都市—德阳市流动党员协同共管协议', partnerRegionCode: '510600' });
    partner = (await issueToken(app, { agreementId: agreement, scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'], years: [YEAR] })).token;
    // Every member so far belongs to this agreement too; close their cases' effect by making them records of another city.
    await sql(app, "update member set destination_region_code = '510603', inflow_organization_id = null");
    ordinary = await newMember();
    lost = await newMember();
    transferred = await newMember();
    transferredLongAgo = await newMember();
    lostWithoutCase = await newMember({ status: 'LOST_CONTACT' });
    ok(await app.gql('mutation($input: CreateManyContactRecordsInput!) { createManyContactRecords(input: $input) { id } }', {
      input: {
        contactRecords: [
          { memberId: ordinary, kind: 'TALK', occurredOn: `${YEAR}-01-15`, heldBy: '王委员' },
          { memberId: ordinary, kind: 'TALK', occurredOn: `${YEAR}-04-15`, heldBy: '王委员' },
          { memberId: ordinary, kind: 'TALK', occurredOn: `${YEAR - 1}-12-30`, heldBy: '王委员' },
          { memberId: ordinary, kind: 'REMINDER_TALK', occurredOn: `${YEAR}-05-20`, heldBy: '王委员', channel: 'PHONE' },
          { memberId: ordinary, kind: 'THOUGHT_REPORT', occurredOn: `${YEAR}-06-30`, heldBy: '支部书记', channel: 'ONLINE' },
          { memberId: ordinary, kind: 'FAMILY_VISIT', occurredOn: `${YEAR}-07-01`, heldBy: '王委员' },
          { memberId: lost, kind: 'TALK', occurredOn: `${YEAR}-01-10`, heldBy: '王委员' },
        ],
      },
    }));
    lostCase = ok(await openCase(lost)).openLostContactCase.id;
    ok(await app.gql(ATTEMPT, { input: { caseId: lostCase, attemptedOn: `${YEAR}-03-10`, channel: 'EMPLOYER', attemptedBy: '刘敏', result: '单位称已离职' } }));
    const transfer = 'mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id status transferredOn transferredTo } }';
    ok(await app.gql(transfer, { input: { id: transferred, update: { status: 'TRANSFERRED', transferredOn: `${YEAR}-08-20`, transferredTo: '中共成都市锦江区春熙路街道第一党支部' } } }));
    ok(await app.gql(transfer, { input: { id: transferredLongAgo, update: { status: 'TRANSFERRED', transferredOn: '2023-05-01', transferredTo: '中共德阳市旌阳区委组织部' } } }));
  });

  it('a member in an open case gets a 失联 return with the case history; a transferred member one that says when and where', async () => {
    const result = ok(await generate(app, agreement, YEAR)).generateAnnualFeedbackDrafts;
    expect(result.skipped.map((row: { memberId: string; reason: string }) => [row.memberId, row.reason]).sort()).toEqual(
      [[lostWithoutCase, 'LOST_CONTACT'], [transferredLongAgo, 'TRANSFERRED']].sort(),
    );
    const returns = await returnsOf();
    expect(returns[ordinary]).toMatchObject({ kind: 'ORDINARY', talksHeld: 2, reminderTalksHeld: 1, thoughtReports: 1, lostContactCase: null, transferredOn: null });
    expect(returns[lost]).toMatchObject({
      kind: 'LOST_CONTACT',
      talksHeld: 1,
      lostContactCaseId: lostCase,
      lostContactCase: { id: lostCase, openedOn: `${YEAR}-03-01`, attempts: { nodes: [{ attemptedOn: `${YEAR}-03-10`, channel: 'EMPLOYER', result: '单位称已离职' }] } },
    });
    expect(returns[transferred]).toMatchObject({ kind: 'TRANSFERRED', transferredOn: `${YEAR}-08-20`, transferredTo: '中共成都市锦江区春熙路街道第一党支部', lostContactCase: null });
    expect(returns[lostWithoutCase]).toBeUndefined();
    expect(returns[transferredLongAgo]).toBeUndefined();
  });

  it('running it twice changes nothing', async () => {
    const before = await sql(app, 'select id, version, kind, talks_held, lost_contact_case_id from annual_feedback order by id');
    const again = ok(await generate(app, agreement, YEAR)).generateAnnualFeedbackDrafts;
    expect(again).toMatchObject({ created: 0, refreshed: 0 });
    expect(await sql(app, 'select id, version, kind, talks_held, lost_contact_case_id from annual_feedback order by id')).toEqual(before);
  });

  it('the partner reads the delivered 失联 return with its case and attempts, like any other return', async () => {
    const returns = await returnsOf();
    await advance(app, partner, returns[lost].id, 'DELIVERED');
    await advance(app, partner, returns[ordinary].id, 'DELIVERED');
    const seen = await returnsOf(partner);
    expect(Object.keys(seen).sort()).toEqual([lost, ordinary].sort());
    expect(seen[lost]).toMatchObject({ kind: 'LOST_CONTACT', lostContactCase: { id: lostCase, attempts: { nodes: [{ channel: 'EMPLOYER' }] } } });
    // The case on its own is not a partner's to list without members:read; the return is its way in.
    expect(onlyError(await app.gqlAs(partner, '{ lostContactCases { nodes { id } } }')).extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('progress expects a return of every member that gets one, of whatever kind', async () => {
    const progress = ok(await app.gql(`query($id: ID!) { feedbackProgress(agreementId: $id, year: ${YEAR}) { directions { recipient expected missing { memberId } } } }`, { id: agreement }));
    const toPartner = progress.feedbackProgress.directions.find((row: { recipient: string }) => row.recipient === 'PARTNER');
    expect(toPartner.expected).toBe(3);
    expect(toPartner.missing).toEqual([]);
  });
});
