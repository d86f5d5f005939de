import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { ACTIVE, type Action, advance, currentVersion, generate, issueToken, NO_RATE_LIMITS, ok, PARTNER_WRITTEN_SQL, sql, step, UPDATE, YEAR } from './helpers';

/**
 * What the console needs to stop copying the server's rules (issue 10, item 15): `me { permissions }`
 * (the grants of the account's role) and `AnnualFeedback.allowedActions` (the steps the viewer may
 * take on a return now). Checked against the mutations themselves: every action listed succeeds,
 * every other one is refused and changes nothing.
 */

type State = 'DRAFT' | 'SUBMITTED' | 'DELIVERED' | 'RECEIVED' | 'GRADED' | 'ARCHIVED';
type Step = 'EDIT' | 'SUBMIT' | 'APPROVE' | 'RETURN' | 'RECEIVE' | 'GRADE' | 'ARCHIVE';
const STEPS: Step[] = ['EDIT', 'SUBMIT', 'APPROVE', 'RETURN', 'RECEIVE', 'GRADE', 'ARCHIVE'];
const STATES: State[] = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'];

let app: TestApp;
const tokens: Record<string, string | null> = {};

/** Full members' drafts of agreement 1 (host → partner), handed out one at a time. */
let partnerPool: string[];
/** Chengdu-formal members living in Chongqing, about whom the partner submits returns (partner → host). */
let hostPool: string[];
let batches = 0;

const ALLOWED = 'query($id: ID!) { annualFeedback(id: $id) { id status recipient allowedActions } }';

async function allowedActions(token: string | null, id: string): Promise<Step[] | null> {
  const response = token === null ? await app.gql(ALLOWED, { id }) : await app.gqlAs(token, ALLOWED, { id });
  return ok(response).annualFeedback?.allowedActions ?? null;
}

async function stateOf(id: string): Promise<{ status: string; version: number }> {
  const [row] = await sql(app, 'select status::text as status, version from annual_feedback where id = ?', [Number(id)]);
  return row as { status: string; version: number };
}

/** A return of agreement 1 addressed to the partner, walked to `state` by the host and the partner. */
async function partnerBound(state: State): Promise<string> {
  const id = partnerPool.shift()!;
  await advance(app, tokens.partner!, id, state);
  return id;
}

/** A return the partner submits about one of the host's members (it arrives DELIVERED), walked on by the host. */
async function hostBound(state: State): Promise<string> {
  const memberId = hostPool.shift()!;
  const submitted = ok(
    await app.gqlAs(tokens.submitter!, 'mutation($input: SubmitAnnualFeedbackBatchInput!) { submitAnnualFeedbackBatch(input: $input) { ids } }', {
      input: { idempotencyKey: `allowed-actions-${++batches}`, items: [{ memberId, year: YEAR, orgLifeAttended: 10, orgLifeExpected: 12, suggestedGrade: 'QUALIFIED' }] },
    }),
  ).submitAnnualFeedbackBatch.ids[0] as string;
  const path: [Action, State][] = [
    ['receive', 'RECEIVED'],
    ['grade', 'GRADED'],
    ['archive', 'ARCHIVED'],
  ];
  for (const [action, reached] of path) {
    if (STATES.indexOf(reached) > STATES.indexOf(state)) break;
    ok(await step(app, null, action, submitted, await currentVersion(app, submitted)));
  }
  return submitted;
}

/** Runs one step as `token`, with the version the database holds now. */
async function attempt(token: string | null, action: Step, id: string) {
  const version = await currentVersion(app, id);
  if (action === 'EDIT') {
    const variables = { input: { id, update: { version, comments: '补充说明' } } };
    return token === null ? app.gql(UPDATE, variables) : app.gqlAs(token, UPDATE, variables);
  }
  return step(app, token, action.toLowerCase() as Action, id, version);
}

beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
  ok(await generate(app, ACTIVE, YEAR));
  tokens.superAdmin = null;
  tokens.regionAdmin = await app.adminSession({ username: 'cd-actions', password: 'cd-actions-password-1', role: AdminRole.REGION_ADMIN, regionCode: '510100' });
  tokens.viewer = await app.adminSession({ username: 'cd-actions-viewer', password: 'cd-actions-viewer-1', role: AdminRole.VIEWER, regionCode: '510100' });
  tokens.partner = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'], years: [YEAR] })).token;
  tokens.reader = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ'], years: [YEAR] })).token;
  tokens.submitter = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_SUBMIT'], years: [YEAR] })).token;
  partnerPool = (
    await sql<{ id: number }>(
      app,
      `select fb.id from annual_feedback fb join member m on m.id = fb.member_id
        where fb.agreement_id = 1 and fb.year = ? and fb.status = 'DRAFT' and m.party_standing = 'FULL' order by fb.id`,
      [YEAR],
    )
  ).map((row) => String(row.id));
  hostPool = (await sql<{ id: number }>(app, `${PARTNER_WRITTEN_SQL} and m.status in ('REGISTERED', 'REPORTED', 'MANAGED') and m.party_standing = 'FULL' order by m.id`)).map(
    (row) => String(row.id),
  );
}, 60_000);
afterAll(() => app.close());

describe('me { permissions }', () => {
  const ME = '{ me { role permissions } }';
  const READS = ['ACTIVITIES_READ', 'AGREEMENTS_READ', 'EVENTS_READ', 'FEEDBACK_READ', 'MEMBERS_READ', 'NOTICES_READ', 'ORGANIZATIONS_READ', 'POINTS_READ', 'REGIONS_READ', 'STATS_READ', 'TRANSFERS_READ'];
  const REGION_WRITES = [
    'ACTIVITIES_WRITE',
    'AGREEMENTS_WRITE',
    'FEEDBACK_APPROVE',
    'FEEDBACK_GRADE',
    'FEEDBACK_MANAGE',
    'FEEDBACK_RECEIVE',
    'MEMBERS_IDENTITY',
    'MEMBERS_WRITE',
    'NOTICES_SEND',
    'ORGANIZATIONS_WRITE',
    'PARTNERS_MANAGE',
    'POINTS_WRITE',
    'TOKENS_MANAGE',
    'TRANSFERS_WRITE',
    'WEBHOOKS_MANAGE',
  ];

  it.each([
    ['superAdmin', 'SUPER_ADMIN', [...READS, ...REGION_WRITES, 'AUDIT_READ', 'USERS_MANAGE']],
    ['regionAdmin', 'REGION_ADMIN', [...READS, ...REGION_WRITES]],
    ['viewer', 'VIEWER', READS],
  ])('%s: the grants of its role, in the vocabulary of api/common/permissions.ts', async (who, role, permissions) => {
    const token = tokens[who]!;
    const me = ok(token === null ? await app.gql(ME) : await app.gqlAs(token, ME)).me;
    expect(me.role).toBe(role);
    expect([...me.permissions].sort()).toEqual([...permissions].sort());
  });

  it('comes with the login answer too, and follows a change of role on the next request', async () => {
    const login = ok(
      await app.gqlAs(null, 'mutation($input: LoginInput!) { login(input: $input) { token user { permissions } } }', {
        input: { username: 'cd-actions-viewer', password: 'cd-actions-viewer-1' },
      }),
    ).login;
    expect(login.user.permissions).not.toContain('FEEDBACK_MANAGE');
    const [account] = await sql<{ id: number }>(app, "select id from admin_user where username = 'cd-actions-viewer'");
    ok(await app.gql('mutation($input: UpdateOneAdminUserInput!) { updateOneAdminUser(input: $input) { id } }', { input: { id: String(account!.id), update: { role: 'REGION_ADMIN' } } }));
    expect(ok(await app.gqlAs(login.token, '{ me { permissions } }')).me.permissions).toContain('FEEDBACK_MANAGE');
    ok(await app.gql('mutation($input: UpdateOneAdminUserInput!) { updateOneAdminUser(input: $input) { id } }', { input: { id: String(account!.id), update: { role: 'VIEWER' } } }));
    expect(ok(await app.gqlAs(login.token, '{ me { permissions } }')).me.permissions).not.toContain('FEEDBACK_MANAGE');
  });
});

/**
 * Who may do what on which return, by state: the lifecycle's edges (DESIGN §3), the side of the
 * agreement each credential stands on, and its permissions. Absent states are invisible to it.
 */
const CASES: { who: string; direction: 'to partner' | 'to host'; expected: Partial<Record<State, Step[]>> }[] = [
  {
    who: 'superAdmin',
    direction: 'to partner',
    expected: { DRAFT: ['EDIT', 'SUBMIT'], SUBMITTED: ['APPROVE', 'RETURN'], DELIVERED: [], RECEIVED: [], GRADED: [], ARCHIVED: [] },
  },
  { who: 'regionAdmin', direction: 'to partner', expected: { DRAFT: ['EDIT', 'SUBMIT'], SUBMITTED: ['APPROVE', 'RETURN'], DELIVERED: [] } },
  { who: 'viewer', direction: 'to partner', expected: { DRAFT: [], SUBMITTED: [], DELIVERED: [], GRADED: [] } },
  { who: 'partner', direction: 'to partner', expected: { DELIVERED: ['RETURN', 'RECEIVE'], RECEIVED: ['RETURN', 'GRADE'], GRADED: ['ARCHIVE'], ARCHIVED: [] } },
  { who: 'reader', direction: 'to partner', expected: { DELIVERED: [], RECEIVED: [], GRADED: [] } },
  // The host receives and grades what the partner writes about its own outflow members.
  { who: 'superAdmin', direction: 'to host', expected: { DELIVERED: ['RETURN', 'RECEIVE'], RECEIVED: ['RETURN', 'GRADE'], GRADED: ['ARCHIVE'], ARCHIVED: [] } },
  { who: 'regionAdmin', direction: 'to host', expected: { DELIVERED: ['RETURN', 'RECEIVE'] } },
  { who: 'viewer', direction: 'to host', expected: { DELIVERED: [] } },
];

describe('AnnualFeedback.allowedActions', () => {
  describe.each(CASES)('$who, returns addressed $direction', ({ who, direction, expected }) => {
    const fresh = (state: State) => (direction === 'to partner' ? partnerBound(state) : hostBound(state));

    it.each(Object.entries(expected) as [State, Step[]][])('%s: %j, and exactly those steps go through', async (state, allowed) => {
      const token = tokens[who]!;
      const id = await fresh(state);
      expect(await allowedActions(token, id)).toEqual(allowed);

      // Everything else is refused and leaves the return as it was.
      const before = await stateOf(id);
      for (const action of STEPS.filter((candidate) => !allowed.includes(candidate))) {
        const response = await attempt(token, action, id);
        expect({ action, refused: response.errors?.[0]?.extensions?.code }).toEqual({ action, refused: expect.stringMatching(/^(FORBIDDEN|CONFLICT|NOT_FOUND)$/) });
      }
      expect(await stateOf(id)).toEqual(before);

      // Each listed step succeeds (on a return of its own in the same state).
      for (const action of allowed) {
        const response = await attempt(token, action, await fresh(state));
        expect({ action, errors: response.errors }).toEqual({ action, errors: undefined });
      }
    }, 60_000);
  });

  it('a partner never learns the actions on a return it cannot see', async () => {
    const draft = await partnerBound('SUBMITTED');
    const response = await app.gqlAs(tokens.partner!, ALLOWED, { id: draft });
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('costs the same statements for a page of 5 returns as for 100 (the members are looked up in one batch)', async () => {
    const PAGE = `query($limit: Int!) { annualFeedbacks(filter: { agreementId: { eq: "1" } }, paging: { limit: $limit }) { nodes { id allowedActions } } }`;
    const statements = async (limit: number) => {
      app.queries.length = 0;
      const nodes = ok(await app.gqlAs(tokens.regionAdmin!, PAGE, { limit })).annualFeedbacks.nodes as { allowedActions: string[] }[];
      expect(nodes).toHaveLength(limit);
      expect(nodes.some((node) => node.allowedActions.length > 0)).toBe(true);
      return app.dataStatements().length;
    };
    await statements(5); // the session, looked up once and then cached
    expect(await statements(100)).toBe(await statements(5));
  });
});
