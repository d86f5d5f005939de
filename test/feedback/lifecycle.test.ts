import { AdminRole } from '../../api/common/viewer';
import { chinaDate } from '../../api/common/dates';
import { onlyError, startTestApp, type TestApp } from '../support/app';
import {
  ACTIONS,
  ACTIVE,
  type Action,
  advance,
  createAgreement,
  currentVersion,
  generate,
  issueToken,
  LIST,
  NO_RATE_LIMITS,
  ok,
  ONE,
  sql,
  sqlNumber,
  step,
  stepOk,
  tokenOfExpiredAgreement,
  UPDATE,
  YEAR,
} from './helpers';

/**
 * The year-end return lifecycle over HTTP (DESIGN §3): the host admin writes, submits and approves;
 * the partner city (a token of agreement 1) receives, grades, archives or returns for correction.
 */

type State = 'DRAFT' | 'SUBMITTED' | 'DELIVERED' | 'RECEIVED' | 'GRADED' | 'ARCHIVED';
const STATES: State[] = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];
const VISIBLE_TO_PARTNER: State[] = ['DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];

/** The only legal (state, action) pairs; every other pair is an illegal transition. */
const LEGAL: Record<State, Action[]> = {
  DRAFT: ['submit'],
  SUBMITTED: ['approve', 'return'],
  DELIVERED: ['receive', 'return'],
  RECEIVED: ['grade', 'return'],
  GRADED: ['archive'],
  ARCHIVED: [],
};
const ILLEGAL = STATES.flatMap((state) => ACTIONS.filter((action) => !LEGAL[state].includes(action)).map((action) => [state, action] as [State, Action]));
/** What the partner may try at all (it has no feedback:manage / feedback:approve). */
const PARTNER_ACTIONS: Action[] = ['receive', 'grade', 'archive', 'return'];

const PARTNER_NAME = '重庆市委组织部 2026 年度反馈';

let app: TestApp;
/** Agreement 1, scopes FEEDBACK_READ, FEEDBACK_RECEIVE, FEEDBACK_GRADE, years [2026]. */
let partner: string;

interface PoolRow {
  id: string;
  organization: number;
  probationary: boolean;
}
/** The year's drafts of agreement 1, handed out so that no two tests share one. */
let pool: PoolRow[];
/** The branch the warning tests grade; nobody else touches its returns. */
let warningBranch: number;

function take(predicate: (row: PoolRow) => boolean = (row) => !row.probationary): string {
  const index = pool.findIndex(predicate);
  if (index < 0) throw new Error('the pool of drafts ran out');
  return pool.splice(index, 1)[0]!.id;
}

async function read(id: string, token: string | null = null): Promise<Record<string, any>> {
  const response = token === null ? await app.gql(ONE, { id }) : await app.gqlAs(token, ONE, { id });
  return ok(response).annualFeedback;
}

async function update(id: string, update: Record<string, unknown>, token: string | null = null) {
  const variables = { input: { id, update } };
  return token === null ? app.gql(UPDATE, variables) : app.gqlAs(token, UPDATE, variables);
}

async function stateOf(id: string): Promise<{ status: string; version: number }> {
  const [row] = await sql(app, 'select status::text as status, version from annual_feedback where id = ?', [Number(id)]);
  return row as { status: string; version: number };
}

beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
  ok(await generate(app, ACTIVE, YEAR));
  partner = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'], years: [YEAR], name: PARTNER_NAME })).token;
  const rows = await sql<{ id: number; organization: number; standing: string }>(
    app,
    `select fb.id, fb.to_organization_id as organization, m.party_standing::text as standing
       from annual_feedback fb join member m on m.id = fb.member_id
      where fb.agreement_id = 1 and fb.year = ? and fb.status = 'DRAFT'
      order by fb.id`,
    [YEAR],
  );
  pool = rows.map((row) => ({ id: String(row.id), organization: row.organization, probationary: row.standing === 'PROBATIONARY' }));
  // The branch with the most full members is reserved for the one-third rule.
  const counts = new Map<number, number>();
  for (const row of pool) if (!row.probationary) counts.set(row.organization, (counts.get(row.organization) ?? 0) + 1);
  warningBranch = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const others = pool.filter((row) => row.organization !== warningBranch);
  const reserved = pool.filter((row) => row.organization === warningBranch);
  pool = [...others, ...reserved.map((row) => ({ ...row, organization: -row.organization }))];
}, 60_000);
afterAll(() => app.close());

const notReserved = (row: PoolRow) => !row.probationary && row.organization > 0;

describe('the whole lifecycle', () => {
  it('draft → submitted → delivered → received → graded → archived, stamping who and when at every step', async () => {
    const id = take(notReserved);
    const draft = await read(id);
    expect(draft).toMatchObject({ status: 'DRAFT', recipient: 'PARTNER', agreementId: ACTIVE, year: YEAR, source: 'generated', submittedAt: null, deliveredAt: null });

    const edited = ok(await update(id, { version: draft.version, comments: '积极参加社区志愿服务，表现突出。', suggestedGrade: 'QUALIFIED', duesStatus: 'PAID_IN_FULL' }))
      .updateOneAnnualFeedback;
    expect(edited).toEqual({ ...draft, comments: '积极参加社区志愿服务，表现突出。', suggestedGrade: 'QUALIFIED', duesStatus: 'PAID_IN_FULL', version: draft.version + 1 });

    const submitted = await stepOk(app, null, 'submit', id, edited.version);
    expect(submitted).toEqual({ ...edited, status: 'SUBMITTED', version: edited.version + 1, submittedAt: expect.any(String), submittedBy: 'root' });

    const delivered = await stepOk(app, null, 'approve', id, submitted.version);
    expect(delivered).toEqual({ ...submitted, status: 'DELIVERED', version: submitted.version + 1, deliveredAt: expect.any(String), deliveredBy: 'root' });

    // Now, and only now, the partner reads it, exactly as the host sees it.
    expect(await read(id, partner)).toEqual(delivered);

    const received = await stepOk(app, partner, 'receive', id, delivered.version);
    expect(received).toEqual({ ...delivered, status: 'RECEIVED', version: delivered.version + 1, receivedAt: expect.any(String), receivedBy: PARTNER_NAME });

    const graded = await stepOk(app, partner, 'grade', id, received.version, { finalGrade: 'EXCELLENT', note: ' 经支部大会评议 ' });
    expect(graded).toEqual({
      ...received,
      status: 'GRADED',
      version: received.version + 1,
      finalGrade: 'EXCELLENT',
      finalGradeNote: '经支部大会评议',
      gradedAt: expect.any(String),
      gradedBy: PARTNER_NAME,
    });

    const archived = await stepOk(app, partner, 'archive', id, graded.version);
    expect(archived).toEqual({ ...graded, status: 'ARCHIVED', version: graded.version + 1, archivedAt: expect.any(String), archivedBy: PARTNER_NAME });

    const stamps = ['submittedAt', 'deliveredAt', 'receivedAt', 'gradedAt', 'archivedAt'].map((field) => Date.parse(archived[field]));
    expect(stamps.every((time) => Number.isFinite(time))).toBe(true);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(await read(id)).toEqual(archived);
    expect(await read(id, partner)).toEqual(archived);
  });
});

describe('returning for correction', () => {
  it('the host reviewer sends a submitted return back to draft, with the reason, and it can be resubmitted', async () => {
    const id = take(notReserved);
    const submitted = await stepOk(app, null, 'submit', id, await currentVersion(app, id));
    const returned = await stepOk(app, null, 'return', id, submitted.version, { reason: ' 请补充学习情况 ' });
    expect(returned).toEqual({
      ...submitted,
      status: 'DRAFT',
      version: submitted.version + 1,
      returnReason: '请补充学习情况',
      returnedAt: expect.any(String),
      returnedBy: 'root',
    });
    const edited = ok(await update(id, { version: returned.version, comments: '已补充学习情况' })).updateOneAnnualFeedback;
    expect((await stepOk(app, null, 'submit', id, edited.version)).status).toBe('SUBMITTED');
  });

  it.each(['DELIVERED', 'RECEIVED'] as const)('the partner sends a %s return back to draft with a reason; it then disappears from its view', async (state) => {
    const id = take(notReserved);
    const before = await advance(app, partner, id, state);
    const returned = await stepOk(app, partner, 'return', id, before!.version, { reason: '志愿服务时长与我方记录不符' });
    expect(returned).toEqual({
      ...before,
      status: 'DRAFT',
      version: before!.version + 1,
      returnReason: '志愿服务时长与我方记录不符',
      returnedAt: expect.any(String),
      returnedBy: PARTNER_NAME,
    });
    expect(onlyError(await app.gqlAs(partner, ONE, { id })).extensions).toEqual({ code: 'NOT_FOUND', entity: 'AnnualFeedback' });
    // The host corrects the draft and sends it again.
    const corrected = ok(await update(id, { version: returned.version, volunteerHours: 12.5 })).updateOneAnnualFeedback;
    expect(corrected).toMatchObject({ status: 'DRAFT', volunteerHours: 12.5, returnReason: '志愿服务时长与我方记录不符' });
  });

  it('a return for correction needs a reason', async () => {
    const id = take(notReserved);
    const before = await advance(app, partner, id, 'DELIVERED');
    const error = onlyError(await step(app, partner, 'return', id, before!.version, { reason: '   ' }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: expect.stringMatching(/^(input\.)?reason$/), reason: 'TEXT' });
    expect(await stateOf(id)).toEqual({ status: 'DELIVERED', version: before!.version });
  });
});

describe('illegal transitions', () => {
  /** One return in each state, built once; refused steps must leave them exactly as they are. */
  const inState = {} as Record<State, { id: string; version: number }>;

  beforeAll(async () => {
    for (const state of STATES) {
      const id = take(notReserved);
      await advance(app, partner, id, state);
      inState[state] = { id, version: await currentVersion(app, id) };
    }
  }, 60_000);

  it('covers every state × action pair that is not a lifecycle edge', () => {
    expect(ILLEGAL).toHaveLength(STATES.length * ACTIONS.length - 8);
  });

  it.each(ILLEGAL)('host admin: %s → %s is CONFLICT ILLEGAL_TRANSITION with the current status', async (state, action) => {
    const { id, version } = inState[state];
    const error = onlyError(await step(app, null, action, id, version));
    expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', currentStatus: state });
  });

  const partnerIllegal = ILLEGAL.filter(([state, action]) => VISIBLE_TO_PARTNER.includes(state) && PARTNER_ACTIONS.includes(action));
  it.each(partnerIllegal)('partner: %s → %s is CONFLICT ILLEGAL_TRANSITION with the current status', async (state, action) => {
    const { id, version } = inState[state];
    const error = onlyError(await step(app, partner, action, id, version));
    expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', currentStatus: state });
  });

  it.each((['DRAFT', 'SUBMITTED'] as State[]).flatMap((state) => PARTNER_ACTIONS.map((action) => [state, action] as [State, Action])))(
    'partner: %s → %s is NOT_FOUND (the return is not delivered yet, so it does not exist for the partner)',
    async (state, action) => {
      const { id, version } = inState[state];
      expect(onlyError(await step(app, partner, action, id, version)).extensions).toEqual({ code: 'NOT_FOUND', entity: 'AnnualFeedback' });
    },
  );

  it('an editing attempt on anything but a draft is an illegal transition too', async () => {
    for (const state of STATES.filter((s) => s !== 'DRAFT')) {
      const { id, version } = inState[state];
      const error = onlyError(await update(id, { version, comments: '事后修改' }));
      expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', currentStatus: state });
    }
  });

  it('leaves every return in its state, at its version', async () => {
    for (const state of STATES) expect(await stateOf(inState[state].id)).toEqual({ status: state, version: inState[state].version });
  });
});

describe('wrong party', () => {
  it.each([
    ['submit', 'DRAFT'],
    ['approve', 'SUBMITTED'],
    ['submit', 'DELIVERED'],
    ['approve', 'DELIVERED'],
  ] as [Action, State][])('the partner may not %s (a %s return): FORBIDDEN', async (action, state) => {
    const id = take(notReserved);
    await advance(app, partner, id, state);
    const version = await currentVersion(app, id);
    const error = onlyError(await step(app, partner, action, id, version));
    expect(error.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(await stateOf(id)).toEqual({ status: state, version });
  });

  it.each([
    ['receive', 'DELIVERED'],
    ['return', 'DELIVERED'],
    ['grade', 'RECEIVED'],
    ['return', 'RECEIVED'],
    ['archive', 'GRADED'],
  ] as [Action, State][])('the host admin may not %s a %s return addressed to the partner: FORBIDDEN', async (action, state) => {
    const id = take(notReserved);
    await advance(app, partner, id, state);
    const version = await currentVersion(app, id);
    const error = onlyError(await step(app, null, action, id, version));
    expect(error.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(error.message).toContain('recipient');
    expect(await stateOf(id)).toEqual({ status: state, version });
  });

  it('a read-only admin may neither edit nor submit', async () => {
    const viewer = await app.adminSession({ username: 'cd-viewer', password: 'chengdu-viewer-pass-1', role: AdminRole.VIEWER, regionCode: '510100' });
    const id = take(notReserved);
    const version = await currentVersion(app, id);
    expect(onlyError(await step(app, viewer, 'submit', id, version)).extensions).toEqual({ code: 'FORBIDDEN' });
    expect(onlyError(await update(id, { version, comments: '只读用户' }, viewer)).extensions).toEqual({ code: 'FORBIDDEN' });
    expect(await stateOf(id)).toEqual({ status: 'DRAFT', version });
  });

  it('a partner token without feedback:grade may receive but not grade', async () => {
    const receiveOnly = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE'], years: [YEAR] })).token;
    const id = take(notReserved);
    const delivered = await advance(app, partner, id, 'DELIVERED');
    const received = await stepOk(app, receiveOnly, 'receive', id, delivered!.version);
    expect(onlyError(await step(app, receiveOnly, 'grade', id, received.version)).extensions).toEqual({ code: 'FORBIDDEN' });
    expect(await stateOf(id)).toEqual({ status: 'RECEIVED', version: received.version });
  });

  it('the partner may not edit a return (it is not the author)', async () => {
    const id = take(notReserved);
    const delivered = await advance(app, partner, id, 'DELIVERED');
    expect(onlyError(await update(id, { version: delivered!.version, comments: '改写' }, partner)).extensions).toEqual({ code: 'FORBIDDEN' });
  });
});

describe('optimistic locking', () => {
  it('two admins edit the same draft: the second, with the version it read, is refused and the first one\'s text survives', async () => {
    const second = await app.adminSession({ username: 'cd-reviewer', password: 'chengdu-reviewer-pass-1', role: AdminRole.SUPER_ADMIN });
    const id = take(notReserved);
    const seenByFirst = await read(id);
    const seenBySecond = await read(id, second);
    expect(seenBySecond.version).toBe(seenByFirst.version);

    const first = ok(await update(id, { version: seenByFirst.version, comments: '第一位管理员的意见' })).updateOneAnnualFeedback;
    expect(first.version).toBe(seenByFirst.version + 1);
    const error = onlyError(await update(id, { version: seenBySecond.version, comments: '第二位管理员的意见' }, second));
    expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: first.version });
    expect(await read(id)).toEqual(first);
    expect((await read(id, second)).comments).toBe('第一位管理员的意见');
  });

  it('two identical steps at the same moment: exactly one wins, the other is STALE_VERSION', async () => {
    const id = take(notReserved);
    const version = await currentVersion(app, id);
    const responses = await Promise.all([step(app, null, 'submit', id, version), step(app, null, 'submit', id, version)]);
    const winners = responses.filter((response) => !response.errors);
    const losers = responses.filter((response) => response.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(onlyError(losers[0]!).extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });
    expect(await stateOf(id)).toEqual({ status: 'SUBMITTED', version: version + 1 });
    const audited = await sqlNumber(app, "select count(*) from audit_event where entity = 'AnnualFeedback' and entity_id = ? and action = 'submit'", [id]);
    expect(audited).toBe(1);
  });

  it('a lifecycle step with a stale version is refused too, and changes nothing', async () => {
    const id = take(notReserved);
    const version = await currentVersion(app, id);
    ok(await update(id, { version, comments: '先改一处' }));
    const error = onlyError(await step(app, null, 'submit', id, version));
    expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: version + 1 });
    expect(await stateOf(id)).toEqual({ status: 'DRAFT', version: version + 1 });
  });
});

describe('probationary members take part but receive no grade', () => {
  let id: string;
  beforeAll(() => {
    id = take((row) => row.probationary && row.organization > 0);
  });

  it('refuses a suggested grade on the draft', async () => {
    const version = await currentVersion(app, id);
    const error = onlyError(await update(id, { version, suggestedGrade: 'EXCELLENT' }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'update.suggestedGrade', reason: 'PROBATIONARY_NO_GRADE' });
    expect(await stateOf(id)).toEqual({ status: 'DRAFT', version });
    // Everything else about the draft can still be written.
    expect(ok(await update(id, { version, comments: '预备期表现良好' })).updateOneAnnualFeedback).toMatchObject({ comments: '预备期表现良好', suggestedGrade: null });
  });

  it('refuses a final grade, and accepts grading with none', async () => {
    const received = await advance(app, partner, id, 'RECEIVED');
    const refused = onlyError(await step(app, partner, 'grade', id, received!.version, { finalGrade: 'QUALIFIED' }));
    expect(refused.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'finalGrade', reason: 'PROBATIONARY_NO_GRADE' });
    expect(await stateOf(id)).toEqual({ status: 'RECEIVED', version: received!.version });

    const graded = await stepOk(app, partner, 'grade', id, received!.version, { finalGrade: null, note: '预备党员，参加评议不评定等次' });
    expect(graded).toEqual({
      ...received,
      status: 'GRADED',
      version: received!.version + 1,
      finalGrade: null,
      finalGradeNote: '预备党员，参加评议不评定等次',
      gradedAt: expect.any(String),
      gradedBy: PARTNER_NAME,
    });
  });

  it('a full member, on the other hand, needs a final grade', async () => {
    const full = take(notReserved);
    const received = await advance(app, partner, full, 'RECEIVED');
    const error = onlyError(await step(app, partner, 'grade', full, received!.version, { finalGrade: null }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'finalGrade', reason: 'REQUIRED' });
  });
});

describe("what the partner sees of agreement 1's returns", () => {
  let draft: string;
  let submitted: string;

  beforeAll(async () => {
    draft = take(notReserved);
    submitted = take(notReserved);
    await advance(app, partner, submitted, 'SUBMITTED');
    const delivered = take(notReserved);
    await advance(app, partner, delivered, 'DELIVERED');
  });

  const visibleCount = () =>
    sqlNumber(
      app,
      `select count(*) from annual_feedback
        where agreement_id = 1 and year = ? and recipient = 'PARTNER' and status in ('DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED')`,
      [YEAR],
    );

  it('lists and counts only delivered returns and later', async () => {
    const expected = await visibleCount();
    expect(expected).toBeGreaterThan(0);
    const everything = ok(await app.gqlAs(partner, LIST, { paging: { limit: 500 } })).annualFeedbacks;
    expect(everything.totalCount).toBe(expected);
    expect(everything.nodes).toHaveLength(expected);
    for (const node of everything.nodes) {
      expect(node).toEqual({ id: node.id, status: expect.stringMatching(/^(DELIVERED|RECEIVED|GRADED|ARCHIVED)$/), year: YEAR, agreementId: ACTIVE, recipient: 'PARTNER' });
    }
    const hidden = ok(await app.gqlAs(partner, LIST, { filter: { status: { in: ['DRAFT', 'SUBMITTED'] } } })).annualFeedbacks;
    expect(hidden).toEqual({ totalCount: 0, nodes: [] });
    const byId = ok(await app.gqlAs(partner, LIST, { filter: { id: { in: [draft, submitted] } } })).annualFeedbacks;
    expect(byId).toEqual({ totalCount: 0, nodes: [] });
  });

  it.each(['draft', 'submitted'])('answers NOT_FOUND for a %s return by id', async (which) => {
    const id = which === 'draft' ? draft : submitted;
    const response = await app.gqlAs(partner, ONE, { id });
    expect(response.data).toEqual({ annualFeedback: null });
    expect(onlyError(response).extensions).toEqual({ code: 'NOT_FOUND', entity: 'AnnualFeedback' });
  });

  it('cannot reach them through the agreement either', async () => {
    const progress = ok(await app.gqlAs(partner, 'query { feedbackProgress(agreementId: "1", year: 2026) { byStatus { status count } } }')).feedbackProgress;
    const count = (status: string) => progress.byStatus.find((row: { status: string }) => row.status === status).count;
    expect(count('DRAFT')).toBe(0);
    expect(count('SUBMITTED')).toBe(0);
  });
});

describe('partners of other agreements', () => {
  let delivered: string;
  let meishanToken: string;
  let meishanAgreement: string;
  let meishanDelivered: string;

  beforeAll(async () => {
    delivered = take(notReserved);
    await advance(app, partner, delivered, 'DELIVERED');
    meishanAgreement = await createAgreement(app, { code: 'CDMS-2026-LC', title: '眉山籍在蓉流动党员共管协议', partnerRegionCode: '511400' });
    const generated = ok(await generate(app, meishanAgreement, YEAR)).generateAnnualFeedbackDrafts;
    expect(generated.created).toBeGreaterThan(0);
    const [first] = await sql(app, 'select id from annual_feedback where agreement_id = ? order by id limit 1', [Number(meishanAgreement)]);
    meishanDelivered = String(first!.id);
    await advance(app, partner, meishanDelivered, 'DELIVERED');
    meishanToken = (await issueToken(app, { agreementId: meishanAgreement, scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'], years: [YEAR] })).token;
  }, 60_000);

  it('a token of agreement 2 issued while it was in force is refused with 401 once it has expired', async () => {
    const expired = await tokenOfExpiredAgreement(app, { scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'], years: [YEAR] });
    const response = await app.gqlAs(expired, LIST, {});
    expect(response.status).toBe(401);
    expect(response.data).toBeUndefined();
    expect(onlyError(response).extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const exported = await fetch(`${app.url}/export/annual-feedback.csv?agreementId=1&year=2026`, { headers: { authorization: `Bearer ${expired}` } });
    expect(exported.status).toBe(401);
  });

  it('a token of another active agreement (Meishan) sees its own delivered return only', async () => {
    const list = ok(await app.gqlAs(meishanToken, LIST, { paging: { limit: 500 } })).annualFeedbacks;
    expect(list).toEqual({ totalCount: 1, nodes: [{ id: meishanDelivered, status: 'DELIVERED', year: YEAR, agreementId: meishanAgreement, recipient: 'PARTNER' }] });
  });

  it("never reaches agreement 1's returns through lists, counts, ids, steps, progress or the export", async () => {
    const filtered = ok(await app.gqlAs(meishanToken, LIST, { filter: { agreementId: { eq: ACTIVE } } })).annualFeedbacks;
    expect(filtered).toEqual({ totalCount: 0, nodes: [] });
    const byId = ok(await app.gqlAs(meishanToken, LIST, { filter: { id: { eq: delivered } } })).annualFeedbacks;
    expect(byId).toEqual({ totalCount: 0, nodes: [] });
    expect(onlyError(await app.gqlAs(meishanToken, ONE, { id: delivered })).extensions).toEqual({ code: 'NOT_FOUND', entity: 'AnnualFeedback' });
    const version = await currentVersion(app, delivered);
    expect(onlyError(await step(app, meishanToken, 'receive', delivered, version)).extensions).toEqual({ code: 'NOT_FOUND', entity: 'AnnualFeedback' });
    expect(onlyError(await step(app, meishanToken, 'return', delivered, version)).extensions).toEqual({ code: 'NOT_FOUND', entity: 'AnnualFeedback' });
    expect(await stateOf(delivered)).toEqual({ status: 'DELIVERED', version });
    const progress = await app.gqlAs(meishanToken, 'query { feedbackProgress(agreementId: "1", year: 2026) { expected } }');
    expect(onlyError(progress).extensions).toEqual({ code: 'NOT_FOUND', entity: 'Agreement' });
    for (const format of ['csv', 'xlsx']) {
      const exported = await fetch(`${app.url}/export/annual-feedback.${format}?agreementId=1&year=2026`, { headers: { authorization: `Bearer ${meishanToken}` } });
      expect(exported.status).toBe(404);
      expect(await exported.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'NOT_FOUND', entity: 'Agreement' } }] });
    }
  });

  it("nor does agreement 1's partner see Meishan's return", async () => {
    expect(onlyError(await app.gqlAs(partner, ONE, { id: meishanDelivered })).extensions).toEqual({ code: 'NOT_FOUND', entity: 'AnnualFeedback' });
    const list = ok(await app.gqlAs(partner, LIST, { filter: { agreementId: { eq: meishanAgreement } } })).annualFeedbacks;
    expect(list).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('warnings', () => {
  const WARNINGS = `query($filter: AnnualFeedbackFilter) {
    annualFeedbacks(filter: $filter, paging: { limit: 500 }, sorting: [{ field: id, direction: ASC }]) {
      totalCount nodes { id suggestedGrade pointsGrade gradeReason overdue warnings orgLifeAttended orgLifeExpected status year }
    }
  }`;

  /** The warnings the rules of DESIGN §3 (and issue 11's points) call for, in the order the API lists them. */
  function expectedWarnings(row: Record<string, any>, excellentOverThird: boolean): string[] {
    const warnings: string[] = [];
    if (row.suggestedGrade === 'EXCELLENT' && excellentOverThird) warnings.push('EXCELLENT_SHARE_OVER_ONE_THIRD');
    if (row.overdue) warnings.push('OVERDUE');
    if (row.orgLifeExpected > 0 && row.orgLifeAttended * 2 < row.orgLifeExpected) warnings.push('LOW_ORGANIZATIONAL_LIFE');
    // Points (十二分制): a grade other than the one the points suggest, with no reason given.
    if (row.pointsGrade && row.suggestedGrade && row.suggestedGrade !== row.pointsGrade && !row.gradeReason) warnings.push('GRADE_DIFFERS_FROM_POINTS');
    return warnings;
  }

  async function grade(id: string, suggestedGrade: string) {
    ok(await update(id, { version: await currentVersion(app, id), suggestedGrade }));
  }

  it('EXCELLENT_SHARE_OVER_ONE_THIRD appears once more than one third of all the branch\'s returns are 优秀', async () => {
    const branch = (row: PoolRow) => row.organization === -warningBranch && !row.probationary;
    const filter = { toOrganizationId: { eq: String(warningBranch) }, year: { eq: YEAR } };
    const returns = await sqlNumber(app, 'select count(*) from annual_feedback where to_organization_id = ? and year = ?', [warningBranch, YEAR]);
    const allowed = Math.floor(returns / 3);
    expect(allowed).toBeGreaterThanOrEqual(2);
    const rowsNow = async () => ok(await app.gql(WARNINGS, { filter })).annualFeedbacks.nodes as Record<string, any>[];

    // The first 优秀 of a branch whose other returns carry no suggested grade yet: 1 of many, no warning.
    const first = take(branch);
    await grade(first, 'EXCELLENT');
    let rows = await rowsNow();
    expect(rows).toHaveLength(returns);
    for (const row of rows) expect(row.warnings).toEqual(expectedWarnings(row, false));

    // Exactly one third (rounded down) of the branch's returns: still none.
    const excellent = [first];
    while (excellent.length < allowed) {
      excellent.push(take(branch));
      await grade(excellent.at(-1)!, 'EXCELLENT');
    }
    const qualified = take(branch);
    await grade(qualified, 'QUALIFIED');
    rows = await rowsNow();
    for (const row of rows) expect(row.warnings).toEqual(expectedWarnings(row, false));

    // One more: every 优秀 return of the branch carries the warning, the others do not.
    excellent.push(take(branch));
    await grade(excellent.at(-1)!, 'EXCELLENT');
    rows = await rowsNow();
    expect(rows.filter((row) => row.suggestedGrade === 'EXCELLENT').map((row) => row.id).sort()).toEqual([...excellent].sort());
    for (const row of rows) expect(row.warnings).toEqual(expectedWarnings(row, true));
    expect(rows.find((row) => row.id === first)!.warnings).toContain('EXCELLENT_SHARE_OVER_ONE_THIRD');
    expect(rows.find((row) => row.id === qualified)!.warnings).not.toContain('EXCELLENT_SHARE_OVER_ONE_THIRD');
  });

  it('OVERDUE, and the overdue filter: last year\'s returns not yet delivered after 31 January', async () => {
    const generated = ok(await generate(app, ACTIVE, YEAR - 1)).generateAnnualFeedbackDrafts;
    expect(generated.created).toBeGreaterThan(0);
    const lastYear = { agreementId: { eq: ACTIVE }, year: { eq: YEAR - 1 } };
    const overdue = ok(await app.gql(WARNINGS, { filter: { ...lastYear, overdue: { is: true } } })).annualFeedbacks;
    expect(overdue.totalCount).toBe(generated.created);
    for (const row of overdue.nodes) {
      expect(row).toMatchObject({ year: YEAR - 1, status: 'DRAFT', overdue: true });
      expect(row.warnings).toEqual(expectedWarnings(row, false));
      expect(row.warnings).toContain('OVERDUE');
    }
    // This year's returns are not due until 2027-01-31 (the server runs on the real clock).
    const thisYear = ok(await app.gql(WARNINGS, { filter: { agreementId: { eq: ACTIVE }, year: { eq: YEAR }, overdue: { is: true } } })).annualFeedbacks;
    const undelivered = await sqlNumber(app, `select count(*) from annual_feedback where agreement_id = 1 and year = ${YEAR} and status in ('DRAFT', 'SUBMITTED')`);
    expect(thisYear.totalCount).toBe(chinaDate(new Date()) > `${YEAR + 1}-01-31` ? undelivered : 0);
    const notOverdue = ok(await app.gql(WARNINGS, { filter: { ...lastYear, overdue: { is: false } } })).annualFeedbacks;
    expect(notOverdue.totalCount).toBe(0);

    // Submitted is still overdue; delivered is not.
    const [late] = overdue.nodes;
    const submitted = await stepOk(app, null, 'submit', late.id, await currentVersion(app, late.id));
    expect(submitted.overdue).toBe(true);
    const delivered = await stepOk(app, null, 'approve', late.id, submitted.version);
    expect(delivered.overdue).toBe(false);
    const after = ok(await app.gql(WARNINGS, { filter: { ...lastYear, overdue: { is: true } } })).annualFeedbacks;
    expect(after.totalCount).toBe(generated.created - 1);
    const one = ok(await app.gql(WARNINGS, { filter: { id: { eq: late.id } } })).annualFeedbacks.nodes[0];
    expect(one.warnings).not.toContain('OVERDUE');
    // The partner's token covers 2026 only: last year's delivered return stays out of its reach.
    expect(onlyError(await app.gqlAs(partner, ONE, { id: late.id })).extensions).toEqual({ code: 'NOT_FOUND', entity: 'AnnualFeedback' });
    const notOverdueNow = ok(await app.gql(WARNINGS, { filter: { ...lastYear, overdue: { is: false } } })).annualFeedbacks;
    expect(notOverdueNow.nodes.map((row: { id: string }) => row.id)).toEqual([late.id]);
  });
});
