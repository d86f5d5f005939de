import { startTestApp, type GraphQLResponse, type TestApp } from '../support/app';
import { CALLERS, type Caller, type Cell, contractOperations, EXPECTED } from './expectations';
import {
  ACCOUNTS,
  ACTIVITY_YEAR,
  CREATE_PARTNER_ACCOUNT,
  loginAs,
  PARTNER_ACCOUNTS,
  as,
  buildWorld,
  CREATE_ENDPOINT,
  createActivity,
  createMember,
  FEEDBACK_FIELDS,
  feedbackStep,
  idNumberOf,
  inDays,
  issueToken,
  memberInput,
  ok,
  twelvePointVersion,
  openCase,
  inflowAlertOfA,
  REFUSED_CREDENTIALS,
  SEND_NOTICE,
  strangerIdNumber,
  VIEWERS,
  type ViewerName,
  type World,
} from './fixtures';
import { AdminRole } from '../../api/common/viewer';

/**
 * Every operation of the contract × every caller: allowed, or refused with exactly the right
 * code. Then the row-level promises: partner A never sees a row of agreement B by any route, the
 * Guangzhou region admin never reaches Chengdu, only the super admin reads the audit trail.
 */

/**
 * The whole matrix, run against a server started with `env`: as is (test/access/scope-matrix.test.ts)
 * and with the application-level scope off, so that row-level security alone must hold every
 * caller in its rows (test/access/scope-matrix-rls.test.ts).
 */
export function scopeMatrix(env: Record<string, string> = {}): void {
  let app: TestApp;
  let world: World;

  const LOGIN_ACCOUNT = { username: 'matrix-login', password: 'matrix-login-password', role: AdminRole.VIEWER, regionCode: '510100' };

  beforeAll(async () => {
    // The matrix sends several hundred requests a minute from one address; the limits have their own test.
    app = await startTestApp('empty', { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000', ...env });
    world = await buildWorld(app);
    await app.adminSession(LOGIN_ACCOUNT);
  }, 120_000);
  afterAll(() => app?.close());

  let counter = 0;
  const fresh = (prefix: string) => `${prefix}-${++counter}`;

  interface Call {
    query: string;
    variables?: Record<string, unknown>;
    /** Credential to use instead of the viewer's own (a fresh session for logout/refresh). */
    credential?: string | null;
  }

  type CaseBuilder = (viewer: ViewerName) => Promise<Call> | Call;

  const gz = () => ({
    organization: (overrides: Record<string, unknown> = {}) => ({
      code: fresh('GZ-M'),
      name: '越秀区矩阵测试党支部',
      kind: 'BRANCH',
      level: 'COMMUNITY',
      regionCode: '440104',
      parentId: world.org.GZ,
      ...overrides,
    }),
    member: () => memberInput('440104', { formalOrganizationId: world.org['GZ-B1'], destinationRegionCode: '440106' }),
    agreement: () => ({
      code: fresh('GZ-MS'),
      title: '广州市—眉山市协议（矩阵测试）',
      hostRegionCode: '440100',
      partnerRegionCode: '511400',
      direction: 'PARTNER_TO_HOST',
      effectiveFrom: '2025-01-01',
    }),
    activity: () => ({ memberId: world.members.gz[0], organizationId: world.org['GZ-B1'], occurredOn: `${ACTIVITY_YEAR}-08-01`, kind: 'STUDY', title: '矩阵测试学习' }),
    contact: () => ({ memberId: world.members.gz[0], kind: 'TALK', occurredOn: `${ACTIVITY_YEAR}-08-01`, heldBy: '矩阵测试委员' }),
    pairing: () => ({ memberId: world.members.gz[0], contactName: fresh('联系人'), contactRole: 'LIAISON', fromOn: `${ACTIVITY_YEAR}-01-01` }),
  });

  const createContact = async () =>
    ok(await app.gql('mutation($input: CreateOneContactRecordInput!) { createOneContactRecord(input: $input) { id } }', { input: { contactRecord: gz().contact() } })).createOneContactRecord.id;
  const createPairing = async () =>
    ok(await app.gql('mutation($input: CreateOneContactPairingInput!) { createOneContactPairing(input: $input) { id } }', { input: { contactPairing: gz().pairing() } })).createOneContactPairing.id;
  /** A Guangzhou member with no case yet. */
  const freshGzMember = () => createMember(app, gz().member());

  async function freshOrganization(): Promise<string> {
    return ok(await app.gql('mutation($input: CreateOneOrganizationInput!) { createOneOrganization(input: $input) { id } }', { input: { organization: gz().organization() } }))
      .createOneOrganization.id;
  }
  const newAccount = () => ({ username: fresh('matrix-account'), password: 'matrix-account-password', role: 'VIEWER', regionCode: '440100' });
  async function freshAccount(): Promise<string> {
    return ok(await app.gql('mutation($input: CreateOneAdminUserInput!) { createOneAdminUser(input: $input) { id } }', { input: { adminUser: newAccount() } }))
      .createOneAdminUser.id;
  }
  async function freshAgreement(): Promise<string> {
    return ok(await app.gql('mutation($input: CreateOneAgreementInput!) { createOneAgreement(input: $input) { id } }', { input: { agreement: gz().agreement() } }))
      .createOneAgreement.id;
  }

  /** A new session for an admin viewer (logout and refresh end the one they run with). */
  async function freshSession(viewer: ViewerName): Promise<string | null> {
    const account =
      viewer === 'superAdmin' || viewer === 'regionAdmin' || viewer === 'viewer'
        ? ACCOUNTS[viewer]
        : viewer === 'accountA' || viewer === 'partnerAdminB'
          ? PARTNER_ACCOUNTS[viewer]
          : undefined;
    if (!account) return world.credentials[viewer];
    return loginAs(app, account);
  }

  /** A session of a new account standing for `viewer` (its role, region or agreement), whose password a probe may change. */
  async function twinSession(viewer: ViewerName): Promise<{ credential: string | null; password: string }> {
    const password = 'twin-password-123';
    if (viewer === 'superAdmin' || viewer === 'regionAdmin' || viewer === 'viewer') {
      return { credential: await app.adminSession({ ...ACCOUNTS[viewer], username: fresh('twin'), password }), password };
    }
    if (viewer === 'accountA' || viewer === 'partnerAdminB') {
      const account = PARTNER_ACCOUNTS[viewer];
      const agreementId = Number(world.agreements[account.agreement]);
      return { credential: await app.adminSession({ username: fresh('twin'), password, role: account.role as AdminRole, agreementId }), password };
    }
    return { credential: world.credentials[viewer], password };
  }

  /** A partner viewer account of agreement B, made by the super admin. */
  async function freshPartnerAccountOfB(): Promise<string> {
    const input = { agreementId: world.agreements.B, username: fresh('matrix-partner'), role: 'PARTNER_VIEWER', password: 'matrix-partner-password' };
    return ok(await app.gql(CREATE_PARTNER_ACCOUNT, { input })).createPartnerAccount.id;
  }

  /** One prepared target per operation, shared by all its callers (they run in table order). */
  const prepared = new Map<string, Promise<unknown>>();
  function once<T>(key: string, prepare: () => Promise<T>): Promise<T> {
    if (!prepared.has(key)) prepared.set(key, prepare());
    return prepared.get(key) as Promise<T>;
  }

  const claimedReturns = new Set<string>();

  /** A return of agreement A addressed to Chongqing, moved from draft to `status` by the side whose turn it is. */
  async function returnOfA(status: 'DRAFT' | 'SUBMITTED' | 'DELIVERED' | 'RECEIVED' | 'GRADED'): Promise<string> {
    const drafts = ok(
      await app.gql(`query($id: ID!) { annualFeedbacks(filter: {agreementId: {eq: $id}, status: {eq: DRAFT}, recipient: {eq: PARTNER}}, paging: {limit: 500}) { nodes { id } } }`, {
        id: world.agreements.A,
      }),
    ).annualFeedbacks.nodes as { id: string }[];
    const id = drafts.map((row) => row.id).find((candidate) => !claimedReturns.has(candidate));
    if (!id) throw new Error('the world has run out of draft returns for agreement A');
    claimedReturns.add(id);
    const steps: [string, 'host' | 'partner', Record<string, unknown>?][] = [
      ['submitAnnualFeedback', 'host'],
      ['approveAnnualFeedback', 'host'],
      ['acknowledgeAnnualFeedback', 'partner'],
      ['gradeAnnualFeedback', 'partner', { finalGrade: 'QUALIFIED' }],
    ];
    const count = ['DRAFT', 'SUBMITTED', 'DELIVERED', 'RECEIVED', 'GRADED'].indexOf(status);
    for (const [mutation, side, extra] of steps.slice(0, count)) {
      await feedbackStep(app, side === 'host' ? app.adminToken : world.credentials.partnerA!, mutation, id, extra);
    }
    return id;
  }

  const versionOf = async (id: string): Promise<number> => ok(await app.gql('query($id: ID!) { annualFeedback(id: $id) { version } }', { id })).annualFeedback.version;

  /** A lifecycle step on a prepared return, with the version the return has at the moment of the call. */
  function feedbackCase(operation: string, inputType: string, status: Parameters<typeof returnOfA>[0], extra: Record<string, unknown> = {}): CaseBuilder {
    return async (viewer) => {
      const id = await once(operation, () => returnOfA(status));
      // Partner A's account acts on the same return after partner A did: put back in the state the step needs (the world has 8 such returns only).
      if (viewer === 'accountA') await app.sql('update annual_feedback set status = ?::feedback_status, version = version + 1 where id = ?', [status, Number(id)]);
      return {
        query: `mutation($input: ${inputType}!) { ${operation}(input: $input) { ${FEEDBACK_FIELDS} } }`,
        variables: { input: { id, version: await versionOf(id), ...extra } },
      };
    };
  }

  const endpointVersion = async (id: string): Promise<number> =>
    (await app.sql<{ version: number }>('select version from webhook_endpoint where id = ?', [Number(id)]))[0]!.version;
  async function freshEndpointOfA(): Promise<string> {
    return ok(await app.gqlAs(world.credentials.partnerA!, CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/fresh', eventTypes: ['FEEDBACK_GRADED'] } })).createWebhookEndpoint.endpoint.id;
  }

  /** A fresh member of agreement A: Chongqing-formal living in Chengdu (moves to the host), or Chengdu-formal living in Chongqing (moves to the partner). */
  async function freshMemberOfA(moving: 'toHost' | 'toPartner'): Promise<string> {
    const id = await (moving === 'toHost'
      ? createMember(app, memberInput('500103', { formalOrganizationId: world.org['CQ-YZ-B1'], destinationRegionCode: '510104', inflowOrganizationId: world.org['CD-JJ-CXL'] }))
      : createMember(app, memberInput('510104', { formalOrganizationId: world.org['CD-JJ-B1'], destinationRegionCode: '500103', inflowOrganizationId: world.org['CQ-YZ'] })));
    transferMembers.push(id);
    return id;
  }
  /** Members made for the transfer cases: removed after each operation's cells, so that the row-level promises below meet the world as built. */
  const transferMembers: string[] = [];
  async function removeTransferMembers(): Promise<void> {
    if (transferMembers.length === 0) return;
    await app.sql(`delete from member where id in (${transferMembers.splice(0).map(Number).join(', ')})`);
  }
  const TRANSFER = 'id version state';
  const transferVersion = async (id: string): Promise<number> => (await app.sql<{ version: number }>('select version from transfer_request where id = ?', [Number(id)]))[0]!.version;
  /** A transfer of a fresh member of A, asked by the host (super admin), accepted by partner A when `accepted`. */
  async function transferOfA(moving: 'toHost' | 'toPartner', accepted: boolean): Promise<string> {
    const memberId = await freshMemberOfA(moving);
    const toOrganizationId = moving === 'toHost' ? world.org['CD-JJ-B1'] : world.org['CQ-YZ-B1'];
    const id = ok(await app.gql(`mutation($input: RequestTransferInput!) { requestTransfer(input: $input) { ${TRANSFER} } }`, {
      input: { memberId, agreementId: world.agreements.A, toOrganizationId, reason: '矩阵测试' },
    })).requestTransfer.id as string;
    if (accepted) ok(await app.gqlAs(world.credentials.partnerA!, `mutation($input: AcceptTransferInput!) { acceptTransfer(input: $input) { ${TRANSFER} } }`, { input: { id, version: 1 } }));
    return id;
  }
  function transferCase(operation: string, inputType: string, moving: 'toHost' | 'toPartner', accepted: boolean, extra: Record<string, unknown> = {}): CaseBuilder {
    return async (viewer) => {
      // Partner A's account acts after partner A did: a request of its own, in the state the step needs.
      const id = viewer === 'accountA' ? await transferOfA(moving, accepted) : await once(operation, () => transferOfA(moving, accepted));
      return { query: `mutation($input: ${inputType}!) { ${operation}(input: $input) { ${TRANSFER} } }`, variables: { input: { id, version: await transferVersion(id), ...extra } } };
    };
  }

  /**
   * A fresh open pending entry of A (partner A's inflow alert), and the ID number it names. The
   * members confirmed or merged from them live in Chongqing: no agreement covers them, so the
   * world's rows stay as the checks below expect.
   */
  async function freshPendingOfA(): Promise<{ id: string; idNumber: string }> {
    const idNumber = strangerIdNumber();
    const notice = ok(await app.gqlAs(world.credentials.partnerA!, SEND_NOTICE, { input: inflowAlertOfA(world.agreements.A, idNumber) })).sendNotice.id;
    const [entry] = await app.sql<{ id: string }>('select id::text from pending_member_entry where notice_id = ?', [Number(notice)]);
    return { id: entry!.id, idNumber };
  }
  /** A fresh message of A from the host to partner A. */
  const freshNoticeToPartnerA = async () =>
    ok(await app.gql(SEND_NOTICE, { input: { agreementId: world.agreements.A, kind: 'MESSAGE', body: fresh('矩阵消息') } })).sendNotice.id as string;

  const CASES: Record<string, CaseBuilder> = {
    transferRequests: () => ({ query: '{ transferRequests { totalCount nodes { id state member { id } } } }' }),
    transferRequest: () => ({ query: 'query($id: ID!) { transferRequest(id: $id) { id state allowedActions member { id } } }', variables: { id: world.transfers.a } }),
    requestTransfer: async () => ({
      query: `mutation($input: RequestTransferInput!) { requestTransfer(input: $input) { ${TRANSFER} } }`,
      variables: { input: { memberId: await freshMemberOfA('toHost'), agreementId: world.agreements.A, toOrganizationId: world.org['CD-JJ-B1'], reason: '矩阵测试' } },
    }),
    acceptTransfer: transferCase('acceptTransfer', 'AcceptTransferInput', 'toHost', false),
    rejectTransfer: transferCase('rejectTransfer', 'RejectTransferInput', 'toHost', false, { reason: '矩阵测试' }),
    cancelTransfer: transferCase('cancelTransfer', 'TransferStepInput', 'toHost', false),
    completeTransfer: transferCase('completeTransfer', 'CompleteTransferInput', 'toPartner', true),
    notices: () => ({ query: '{ notices { totalCount nodes { id kind memberId } } }' }),
    notice: () => ({ query: 'query($id: ID!) { notice(id: $id) { id kind member { id } } }', variables: { id: world.notices.alertA } }),
    pendingMemberEntries: () => ({ query: '{ pendingMemberEntries { totalCount nodes { id status } } }' }),
    pendingMemberEntry: () => ({ query: 'query($id: ID!) { pendingMemberEntry(id: $id) { id status } }', variables: { id: world.notices.pendingA } }),
    rosterExchanges: () => ({ query: '{ rosterExchanges { totalCount nodes { id rowCount } } }' }),
    rosterExchange: () => ({ query: 'query($id: ID!) { rosterExchange(id: $id) { id outcomes { totalCount nodes { outcome memberId } } } }', variables: { id: world.notices.rosterA } }),
    sendNotice: () => ({ query: SEND_NOTICE, variables: { input: { agreementId: world.agreements.A, kind: 'MESSAGE', body: fresh('矩阵消息') } } }),
    markNoticeRead: () => ({ query: 'mutation($id: ID!) { markNoticeRead(id: $id) { id read } }', variables: { id: world.notices.toPartnerA } }),
    answerNotice: async () => ({
      query: 'mutation($input: AnswerNoticeInput!) { answerNotice(input: $input) { id answer } }',
      variables: { input: { id: await freshNoticeToPartnerA(), answer: '已收到' } },
    }),
    confirmPendingMemberEntry: async () => ({
      query: 'mutation($input: ConfirmPendingMemberEntryInput!) { confirmPendingMemberEntry(input: $input) { id status } }',
      variables: { input: { id: (await freshPendingOfA()).id, partyStanding: 'FULL', joinedOn: '2015-07-01', formalOrganizationId: world.org['CQ-YZ-B1'], mobilityType: 'EMPLOYMENT', destinationRegionCode: '500103' } },
    }),
    mergePendingMemberEntry: async () => {
      const entry = await freshPendingOfA();
      const memberId = await createMember(app, { ...memberInput('500103', { formalOrganizationId: world.org['CQ-YZ-B1'], destinationRegionCode: '500103' }), idNumber: entry.idNumber });
      return { query: 'mutation($input: MergePendingMemberEntryInput!) { mergePendingMemberEntry(input: $input) { id status } }', variables: { input: { id: entry.id, memberId } } };
    },
    declinePendingMemberEntry: async () => ({
      query: 'mutation($input: DeclinePendingMemberEntryInput!) { declinePendingMemberEntry(input: $input) { id status } }',
      variables: { input: { id: (await freshPendingOfA()).id, reason: '矩阵测试：已核实不在本市' } },
    }),
    sendRoster: () => ({
      query: 'mutation($input: SendRosterInput!) { sendRoster(input: $input) { id rowCount } }',
      variables: { input: { agreementId: world.agreements.A, rows: [{ idNumber: strangerIdNumber(), name: '矩阵名册' }] } },
    }),
    events: () => ({ query: '{ events(first: 5) { nodes { id type agreementId cursor } endCursor hasNextPage } }' }),
    webhookEndpoints: () => ({ query: '{ webhookEndpoints { id url } }' }),
    webhookEndpoint: () => ({ query: 'query($id: ID!) { webhookEndpoint(id: $id) { id url deliveries { id status } } }', variables: { id: world.webhooks.endpointA } }),
    createWebhookEndpoint: (viewer) => ({
      query: CREATE_ENDPOINT,
      variables: { input: { ...(viewer === 'partnerA' ? {} : { agreementId: world.agreements.D }), url: 'http://127.0.0.1:9/matrix', eventTypes: ['FEEDBACK_DELIVERED'] } },
    }),
    updateWebhookEndpoint: async () => ({
      query: 'mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id version } }',
      variables: { input: { id: world.webhooks.endpointA, version: await endpointVersion(world.webhooks.endpointA), description: fresh('矩阵') } },
    }),
    rotateWebhookEndpointSecret: async () => ({
      query: 'mutation($input: RotateWebhookSecretInput!) { rotateWebhookEndpointSecret(input: $input) { secret endpoint { id } } }',
      variables: { input: { id: world.webhooks.endpointA, version: await endpointVersion(world.webhooks.endpointA) } },
    }),
    deleteWebhookEndpoint: async () => ({ query: 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', variables: { id: await freshEndpointOfA() } }),
    replayWebhookDelivery: () => ({ query: 'mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status } }', variables: { id: world.webhooks.deliveryA } }),

    // Queries: targets are rows of agreement A's world (see EXPECTED).
    activityRecord: () => ({ query: 'query($id: ID!) { activityRecord(id: $id) { id } }', variables: { id: world.activities.a[0] } }),
    activityRecords: () => ({ query: '{ activityRecords { totalCount nodes { id } } }' }),
    contactRecord: () => ({ query: 'query($id: ID!) { contactRecord(id: $id) { id } }', variables: { id: world.contacts.a[0] } }),
    contactRecords: () => ({ query: '{ contactRecords { totalCount nodes { id } } }' }),
    contactPairing: () => ({ query: 'query($id: ID!) { contactPairing(id: $id) { id } }', variables: { id: world.pairings.a[0] } }),
    contactPairings: () => ({ query: '{ contactPairings { totalCount nodes { id } } }' }),
    lostContactCase: () => ({ query: 'query($id: ID!) { lostContactCase(id: $id) { id attempts { totalCount } } }', variables: { id: world.cases.a } }),
    lostContactCases: () => ({ query: '{ lostContactCases { totalCount nodes { id } } }' }),
    activityStatistics: () => ({ query: `{ activityStatistics(year: ${ACTIVITY_YEAR}) { year months { month suppressed } } }` }),
    careStatistics: () => ({ query: '{ careStatistics { membersUnderCare withoutOrgLifeSixMonths } }' }),
    pointsStatistics: () => ({ query: `{ pointsStatistics(year: ${ACTIVITY_YEAR}) { year organizations { key total } } }` }),
    agreement: () => ({ query: 'query($id: ID!) { agreement(id: $id) { id } }', variables: { id: world.agreements.A } }),
    agreements: () => ({ query: '{ agreements { totalCount nodes { id } } }' }),
    annualFeedback: () => ({ query: 'query($id: ID!) { annualFeedback(id: $id) { id status } }', variables: { id: world.feedback.aDelivered } }),
    annualFeedbacks: () => ({ query: '{ annualFeedbacks { totalCount nodes { id } } }' }),
    feedbackStatistics: () => ({ query: `{ feedbackStatistics(year: ${ACTIVITY_YEAR}) { agreementId total byStatus { key count suppressed } } }` }),
    feedbackProgress: () => ({
      query: `query($id: ID!) { feedbackProgress(agreementId: $id, year: ${ACTIVITY_YEAR}) { expected missingCount byStatus { status count } } }`,
      variables: { id: world.agreements.A },
    }),
    apiToken: () => ({ query: 'query($id: ID!) { apiToken(id: $id) { id publicId } }', variables: { id: world.tokenIds.partnerA } }),
    apiTokens: () => ({ query: '{ apiTokens { totalCount nodes { id } } }' }),
    adminUser: async () => ({ query: 'query($id: ID!) { adminUser(id: $id) { id username } }', variables: { id: await freshAccount() } }),
    adminUsers: () => ({ query: '{ adminUsers { totalCount nodes { id } } }' }),
    auditEvent: async () => {
      const first = ok(await app.gql('{ auditEvents(paging: {limit: 1}) { nodes { id } } }')).auditEvents.nodes[0].id;
      return { query: 'query($id: ID!) { auditEvent(id: $id) { id action } }', variables: { id: first } };
    },
    auditEvents: () => ({ query: '{ auditEvents { totalCount nodes { id } } }' }),
    me: () => ({ query: '{ me { id username role } }' }),
    member: () => ({ query: 'query($id: ID!) { member(id: $id) { id } }', variables: { id: world.members.aCq[0] } }),
    memberStatistics: () => ({ query: '{ memberStatistics { total byStatus { key count suppressed } } }' }),
    members: () => ({ query: '{ members { totalCount nodes { id } } }' }),
    membersByIdNumber: () => ({
      query: 'query($idNumbers: [String!]!) { membersByIdNumber(idNumbers: $idNumbers) { idNumber member { id } } }',
      variables: { idNumbers: [idNumberOf.get(world.members.aCq[0]!)] },
    }),
    organization: () => ({ query: 'query($id: ID!) { organization(id: $id) { id code } }', variables: { id: world.org['CQ-YZ-B1'] } }),
    organizations: () => ({ query: '{ organizations { totalCount nodes { id } } }' }),
    region: () => ({ query: '{ region(id: "500000") { code name } }' }),
    pointsSchemes: () => ({ query: '{ pointsSchemes { totalCount nodes { id } } }' }),
    pointsScheme: () => ({ query: 'query($id: ID!) { pointsScheme(id: $id) { id name } }', variables: { id: world.points.schemeCq } }),
    pointsSchemeVersions: () => ({ query: '{ pointsSchemeVersions { totalCount nodes { id } } }' }),
    pointsSchemeVersion: async () => ({
      query: 'query($id: ID!) { pointsSchemeVersion(id: $id) { id number } }',
      variables: { id: (await app.sql<{ id: string }>('select id::text from points_scheme_version where scheme_id = ? order by number limit 1', [Number(world.points.schemeCq)]))[0]!.id },
    }),
    pointsEntries: () => ({ query: '{ pointsEntries { totalCount nodes { id } } }' }),
    pointsEntry: () => ({ query: 'query($id: ID!) { pointsEntry(id: $id) { id reason } }', variables: { id: world.points.entryA } }),
    monthlyScores: () => ({ query: '{ monthlyScores { totalCount nodes { id } } }' }),
    monthlyScore: async () => ({
      query: 'query($id: ID!) { monthlyScore(id: $id) { id score } }',
      variables: { id: (await app.sql<{ id: string }>('select id::text from monthly_score where member_id = ? and publication_id is not null order by month limit 1', [Number(world.members.aCq[0])]))[0]!.id },
    }),
    pointsPublications: () => ({ query: '{ pointsPublications { totalCount nodes { id } } }' }),
    pointsPublication: () => ({ query: 'query($id: ID!) { pointsPublication(id: $id) { id quarter } }', variables: { id: world.points.publication } }),
    pointsQuarter: () => ({
      query: `query($id: ID!) { pointsQuarter(organizationId: $id, year: ${ACTIVITY_YEAR}, quarter: 1) { year rows { memberId total } } }`,
      variables: { id: world.org['CD-JJ-CXL'] },
    }),
    regions: () => ({ query: '{ regions { totalCount nodes { code } } }' }),

    // Mutations: write targets lie in the Guangzhou region admin's own region.
    login: () => ({
      query: 'mutation($input: LoginInput!) { login(input: $input) { token } }',
      variables: { input: { username: LOGIN_ACCOUNT.username, password: LOGIN_ACCOUNT.password } },
    }),
    logout: async (viewer) => ({ query: 'mutation { logout }', credential: await freshSession(viewer) }),
    refreshSession: async (viewer) => ({ query: 'mutation { refreshSession { token } }', credential: await freshSession(viewer) }),
    changePassword: async (viewer) => {
      const twin = await twinSession(viewer);
      return {
        query: 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { token } }',
        variables: { input: { currentPassword: twin.password, newPassword: 'twin-password-456' } },
        credential: twin.credential,
      };
    },
    issueApiToken: () => ({
      query: 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { apiToken { id } } }',
      variables: { input: { name: fresh('矩阵大屏'), scopes: ['STATS_READ'], expiresAt: inDays(30) } },
    }),
    createOneAdminUser: () => ({
      query: 'mutation($input: CreateOneAdminUserInput!) { createOneAdminUser(input: $input) { id } }',
      variables: { input: { adminUser: newAccount() } },
    }),
    updateOneAdminUser: async () => ({
      query: 'mutation($input: UpdateOneAdminUserInput!) { updateOneAdminUser(input: $input) { id } }',
      variables: { input: { id: await freshAccount(), update: { displayName: fresh('区县组织部') } } },
    }),
    revokeApiToken: async () => {
      const token = await issueToken(app, { name: fresh('待吊销'), scopes: ['STATS_READ'], expiresAt: inDays(30) });
      return { query: 'mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }', variables: { id: token.id } };
    },

    partnerAccounts: () => ({ query: '{ partnerAccounts { id username role agreementId } }' }),
    createPartnerAccount: (viewer) => ({
      query: CREATE_PARTNER_ACCOUNT,
      variables: {
        input: {
          agreementId: viewer === 'regionAdmin' ? world.agreements.D : world.agreements.B,
          username: fresh('matrix-partner'),
          role: 'PARTNER_VIEWER',
          password: 'matrix-partner-password',
        },
      },
    }),
    updatePartnerAccount: async () => ({
      query: 'mutation($input: UpdatePartnerAccountInput!) { updatePartnerAccount(input: $input) { id displayName } }',
      variables: { input: { id: await freshPartnerAccountOfB(), displayName: fresh('德阳市委组织部') } },
    }),

    generateAnnualFeedbackDrafts: () => ({
      query: 'mutation($input: GenerateAnnualFeedbackDraftsInput!) { generateAnnualFeedbackDrafts(input: $input) { created refreshed untouched } }',
      variables: { input: { agreementId: world.agreements.A, year: ACTIVITY_YEAR } },
    }),
    updateOneAnnualFeedback: async () => {
      const id = await once('updateOneAnnualFeedback', () => returnOfA('DRAFT'));
      return {
        query: `mutation($input: UpdateOneAnnualFeedbackInput!) { updateOneAnnualFeedback(input: $input) { ${FEEDBACK_FIELDS} } }`,
        variables: { input: { id, update: { version: await versionOf(id), comments: fresh('现实表现良好') } } },
      };
    },
    submitAnnualFeedback: feedbackCase('submitAnnualFeedback', 'FeedbackTransitionInput', 'DRAFT'),
    approveAnnualFeedback: feedbackCase('approveAnnualFeedback', 'FeedbackTransitionInput', 'SUBMITTED'),
    acknowledgeAnnualFeedback: feedbackCase('acknowledgeAnnualFeedback', 'FeedbackTransitionInput', 'DELIVERED'),
    gradeAnnualFeedback: feedbackCase('gradeAnnualFeedback', 'GradeAnnualFeedbackInput', 'RECEIVED', { finalGrade: 'QUALIFIED' }),
    archiveAnnualFeedback: feedbackCase('archiveAnnualFeedback', 'FeedbackTransitionInput', 'GRADED'),
    returnAnnualFeedback: feedbackCase('returnAnnualFeedback', 'ReturnAnnualFeedbackInput', 'DELIVERED', { reason: '志愿服务时长需核对' }),
    submitAnnualFeedbackBatch: (viewer) => ({
      query: 'mutation($input: SubmitAnnualFeedbackBatchInput!) { submitAnnualFeedbackBatch(input: $input) { count ids replayed } }',
      variables: {
        input: {
          idempotencyKey: fresh('matrix-batch'),
          items: [{ memberId: world.members.aCd[viewer === 'accountA' ? 1 : 0], year: ACTIVITY_YEAR, orgLifeAttended: 10, orgLifeExpected: 12, volunteerHours: 6 }],
        },
      },
    }),

    createOneOrganization: () => ({
      query: 'mutation($input: CreateOneOrganizationInput!) { createOneOrganization(input: $input) { id } }',
      variables: { input: { organization: gz().organization() } },
    }),
    createManyOrganizations: () => ({
      query: 'mutation($input: CreateManyOrganizationsInput!) { createManyOrganizations(input: $input) { id } }',
      variables: { input: { organizations: [gz().organization()] } },
    }),
    updateOneOrganization: () => ({
      query: 'mutation($input: UpdateOneOrganizationInput!) { updateOneOrganization(input: $input) { id } }',
      variables: { input: { id: world.org['GZ-B1'], update: { contactName: fresh('联系人') } } },
    }),
    updateManyOrganizations: () => ({
      query: 'mutation($input: UpdateManyOrganizationsInput!) { updateManyOrganizations(input: $input) { updatedCount } }',
      variables: { input: { filter: { id: { eq: world.org['GZ-B1'] } }, update: { contactName: fresh('联系人') } } },
    }),
    deleteOneOrganization: async () => ({
      query: 'mutation($input: DeleteOneOrganizationInput!) { deleteOneOrganization(input: $input) { id } }',
      variables: { input: { id: await freshOrganization() } },
    }),
    deleteManyOrganizations: async () => ({
      query: 'mutation($input: DeleteManyOrganizationsInput!) { deleteManyOrganizations(input: $input) { deletedCount } }',
      variables: { input: { filter: { id: { eq: await freshOrganization() } } } },
    }),

    createOneMember: () => ({
      query: 'mutation($input: CreateOneMemberInput!) { createOneMember(input: $input) { id } }',
      variables: { input: { member: gz().member() } },
    }),
    createManyMembers: () => ({
      query: 'mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id } }',
      variables: { input: { members: [gz().member()] } },
    }),
    updateOneMember: () => ({
      query: 'mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id } }',
      variables: { input: { id: world.members.gz[0], update: { occupation: fresh('职业') } } },
    }),
    updateManyMembers: () => ({
      query: 'mutation($input: UpdateManyMembersInput!) { updateManyMembers(input: $input) { updatedCount } }',
      variables: { input: { filter: { id: { eq: world.members.gz[0] } }, update: { occupation: fresh('职业') } } },
    }),
    deleteOneMember: async () => ({
      query: 'mutation($input: DeleteOneMemberInput!) { deleteOneMember(input: $input) { id } }',
      variables: { input: { id: await createMember(app, gz().member()) } },
    }),
    deleteManyMembers: async () => ({
      query: 'mutation($input: DeleteManyMembersInput!) { deleteManyMembers(input: $input) { deletedCount } }',
      variables: { input: { filter: { id: { eq: await createMember(app, gz().member()) } } } },
    }),

    createOneAgreement: () => ({
      query: 'mutation($input: CreateOneAgreementInput!) { createOneAgreement(input: $input) { id } }',
      variables: { input: { agreement: gz().agreement() } },
    }),
    createManyAgreements: () => ({
      query: 'mutation($input: CreateManyAgreementsInput!) { createManyAgreements(input: $input) { id } }',
      variables: { input: { agreements: [gz().agreement()] } },
    }),
    updateOneAgreement: () => ({
      query: 'mutation($input: UpdateOneAgreementInput!) { updateOneAgreement(input: $input) { id } }',
      variables: { input: { id: world.agreements.D, update: { hostContactName: fresh('联系人') } } },
    }),
    updateManyAgreements: () => ({
      query: 'mutation($input: UpdateManyAgreementsInput!) { updateManyAgreements(input: $input) { updatedCount } }',
      variables: { input: { filter: { id: { eq: world.agreements.D } }, update: { hostContactName: fresh('联系人') } } },
    }),
    deleteOneAgreement: async () => ({
      query: 'mutation($input: DeleteOneAgreementInput!) { deleteOneAgreement(input: $input) { id } }',
      variables: { input: { id: await freshAgreement() } },
    }),
    deleteManyAgreements: async () => ({
      query: 'mutation($input: DeleteManyAgreementsInput!) { deleteManyAgreements(input: $input) { deletedCount } }',
      variables: { input: { filter: { id: { eq: await freshAgreement() } } } },
    }),

    createOneActivityRecord: () => ({
      query: 'mutation($input: CreateOneActivityRecordInput!) { createOneActivityRecord(input: $input) { id } }',
      variables: { input: { activityRecord: gz().activity() } },
    }),
    createManyActivityRecords: () => ({
      query: 'mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }',
      variables: { input: { activityRecords: [gz().activity()] } },
    }),
    updateOneActivityRecord: () => ({
      query: 'mutation($input: UpdateOneActivityRecordInput!) { updateOneActivityRecord(input: $input) { id } }',
      variables: { input: { id: world.activities.gz[0], update: { points: (counter++ % 5) + 1 } } },
    }),
    updateManyActivityRecords: () => ({
      query: 'mutation($input: UpdateManyActivityRecordsInput!) { updateManyActivityRecords(input: $input) { updatedCount } }',
      variables: { input: { filter: { id: { eq: world.activities.gz[0] } }, update: { points: (counter++ % 5) + 1 } } },
    }),
    deleteOneActivityRecord: async () => ({
      query: 'mutation($input: DeleteOneActivityRecordInput!) { deleteOneActivityRecord(input: $input) { id } }',
      variables: { input: { id: await createActivity(app, gz().activity()) } },
    }),
    createPointsScheme: () => ({
      query: 'mutation($input: CreatePointsSchemeInput!) { createPointsScheme(input: $input) { id } }',
      variables: { input: { name: fresh('广州积分方案'), ownerOrganizationId: world.org['GZ-B1'], version: twelvePointVersion() } },
    }),
    revisePointsScheme: () => ({
      query: 'mutation($input: RevisePointsSchemeInput!) { revisePointsScheme(input: $input) { id } }',
      variables: { input: { schemeId: world.points.schemeGz, version: twelvePointVersion({ fromYear: 2030 }) } },
    }),
    recordPointsEntries: () => ({
      query: 'mutation($input: RecordPointsEntriesInput!) { recordPointsEntries(input: $input) { id } }',
      variables: { input: { entries: [{ memberId: world.members.gz[0], organizationId: world.org['GZ-B1'], occurredOn: `${ACTIVITY_YEAR}-08-01`, itemCode: 'MERIT', reason: fresh('表现突出') }] } },
    }),
    deletePointsEntry: async () => {
      const entries = ok(
        await app.gql('mutation($input: RecordPointsEntriesInput!) { recordPointsEntries(input: $input) { id } }', {
          input: { entries: [{ memberId: world.members.gz[0], organizationId: world.org['GZ-B1'], occurredOn: `${ACTIVITY_YEAR}-09-01`, itemCode: 'ABSENT', reason: fresh('缺席') }] },
        }),
      ).recordPointsEntries;
      return { query: 'mutation($id: ID!) { deletePointsEntry(id: $id) { id } }', variables: { id: entries[0].id } };
    },
    recomputeMonthlyScores: () => ({
      query: 'mutation($input: RecomputeMonthlyScoresInput!) { recomputeMonthlyScores(input: $input) { created updated deleted } }',
      variables: { input: { organizationId: world.org.GZ, year: ACTIVITY_YEAR } },
    }),
    publishPointsQuarter: async () => ({
      query: 'mutation($input: PublishPointsQuarterInput!) { publishPointsQuarter(input: $input) { id } }',
      variables: { input: { organizationId: await freshOrganization(), year: ACTIVITY_YEAR, quarter: 2 } },
    }),
    deleteManyActivityRecords: async () => ({
      query: 'mutation($input: DeleteManyActivityRecordsInput!) { deleteManyActivityRecords(input: $input) { deletedCount } }',
      variables: { input: { filter: { id: { eq: await createActivity(app, gz().activity()) } } } },
    }),

    createOneContactRecord: () => ({
      query: 'mutation($input: CreateOneContactRecordInput!) { createOneContactRecord(input: $input) { id } }',
      variables: { input: { contactRecord: gz().contact() } },
    }),
    createManyContactRecords: () => ({
      query: 'mutation($input: CreateManyContactRecordsInput!) { createManyContactRecords(input: $input) { id } }',
      variables: { input: { contactRecords: [gz().contact()] } },
    }),
    updateOneContactRecord: () => ({
      query: 'mutation($input: UpdateOneContactRecordInput!) { updateOneContactRecord(input: $input) { id } }',
      variables: { input: { id: world.contacts.gz[0], update: { notes: fresh('谈话要点') } } },
    }),
    updateManyContactRecords: () => ({
      query: 'mutation($input: UpdateManyContactRecordsInput!) { updateManyContactRecords(input: $input) { updatedCount } }',
      variables: { input: { filter: { id: { eq: world.contacts.gz[0] } }, update: { notes: fresh('谈话要点') } } },
    }),
    deleteOneContactRecord: async () => ({
      query: 'mutation($input: DeleteOneContactRecordInput!) { deleteOneContactRecord(input: $input) { id } }',
      variables: { input: { id: await createContact() } },
    }),
    deleteManyContactRecords: async () => ({
      query: 'mutation($input: DeleteManyContactRecordsInput!) { deleteManyContactRecords(input: $input) { deletedCount } }',
      variables: { input: { filter: { id: { eq: await createContact() } } } },
    }),
    createOneContactPairing: () => ({
      query: 'mutation($input: CreateOneContactPairingInput!) { createOneContactPairing(input: $input) { id } }',
      variables: { input: { contactPairing: gz().pairing() } },
    }),
    createManyContactPairings: () => ({
      query: 'mutation($input: CreateManyContactPairingsInput!) { createManyContactPairings(input: $input) { id } }',
      variables: { input: { contactPairings: [gz().pairing()] } },
    }),
    updateOneContactPairing: () => ({
      query: 'mutation($input: UpdateOneContactPairingInput!) { updateOneContactPairing(input: $input) { id } }',
      variables: { input: { id: world.pairings.gz[0], update: { contactName: fresh('联系人') } } },
    }),
    updateManyContactPairings: () => ({
      query: 'mutation($input: UpdateManyContactPairingsInput!) { updateManyContactPairings(input: $input) { updatedCount } }',
      variables: { input: { filter: { id: { eq: world.pairings.gz[0] } }, update: { contactName: fresh('联系人') } } },
    }),
    deleteOneContactPairing: async () => ({
      query: 'mutation($input: DeleteOneContactPairingInput!) { deleteOneContactPairing(input: $input) { id } }',
      variables: { input: { id: await createPairing() } },
    }),
    deleteManyContactPairings: async () => ({
      query: 'mutation($input: DeleteManyContactPairingsInput!) { deleteManyContactPairings(input: $input) { deletedCount } }',
      variables: { input: { filter: { id: { eq: await createPairing() } } } },
    }),
    openLostContactCase: async () => ({
      query: 'mutation($input: OpenLostContactCaseInput!) { openLostContactCase(input: $input) { id } }',
      variables: { input: { memberId: await freshGzMember(), openedOn: `${ACTIVITY_YEAR}-09-01`, openedBy: '矩阵测试', lastKnownFacts: '电话停机' } },
    }),
    addLostContactAttempt: () => ({
      query: 'mutation($input: AddLostContactAttemptInput!) { addLostContactAttempt(input: $input) { id } }',
      variables: { input: { caseId: world.cases.gz, attemptedOn: `${ACTIVITY_YEAR}-09-02`, channel: 'COMMUNITY', attemptedBy: '矩阵测试', result: '社区未掌握' } },
    }),
    closeLostContactCase: async () => ({
      query: 'mutation($input: CloseLostContactCaseInput!) { closeLostContactCase(input: $input) { id } }',
      variables: { input: { caseId: await openCase(app, await freshGzMember()), outcome: 'FOUND', closedOn: `${ACTIVITY_YEAR}-09-03`, closedBy: '矩阵测试' } },
    }),
  };

  const KNOWN = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND']);

  /** What happened, in the vocabulary of the table; anything unexpected keeps its message for the diff. */
  function outcomeOf(response: GraphQLResponse, field: string): string {
    if (!response.errors) {
      if (response.status !== 200) return `HTTP ${response.status} without errors`;
      return response.data?.[field] !== undefined && response.data?.[field] !== null ? 'ok' : 'null without an error';
    }
    if (response.errors.length !== 1) return `${response.errors.length} errors: ${JSON.stringify(response.errors)}`;
    const [error] = response.errors;
    const code = String(error!.extensions?.code);
    if (response.data?.[field]) return `${code} but data was returned`;
    return KNOWN.has(code) ? code : `${code}: ${error!.message}`;
  }

  const operations = contractOperations();

  describe('the expectations table', () => {
    it('has exactly one row per operation of schema/schema.graphql', () => {
      const names = operations.map((operation) => operation.name).sort();
      expect(Object.keys(EXPECTED).sort()).toEqual(names);
      expect(Object.keys(CASES).sort()).toEqual(names);
    });

    it('lists every caller in every row', () => {
      for (const [name, row] of Object.entries(EXPECTED)) expect({ name, callers: Object.keys(row).sort() }).toEqual({ name, callers: [...CALLERS].sort() });
    });

    it('keeps the world and the table in step', () => {
      const columns = new Set<string>([...CALLERS, ...REFUSED_CREDENTIALS]);
      expect(VIEWERS.filter((viewer) => !columns.has(viewer))).toEqual([]);
    });
  });

  async function runCell(name: string, caller: Caller, expected: string): Promise<void> {
    if (!CASES[name]) throw new Error(`no case for operation ${name}: add it to scope-matrix.test.ts`);
    const call = await CASES[name]!(caller);
    const credential = call.credential !== undefined ? call.credential : world.credentials[caller];
    const response = await app.gqlAs(credential, call.query, call.variables);
    expect({ operation: name, caller, outcome: outcomeOf(response, name) }).toEqual({ operation: name, caller, outcome: expected });
    if (expected !== 'ok') expect(response.status).toBe(200);
  }

  const label = (cell: Cell | undefined) => (cell === undefined ? 'no expectation' : typeof cell === 'string' ? cell : `${cell.expected} (BUG: ${cell.actual} today)`);

  describe.each(operations.map((operation) => [operation.name, operation] as const))('%s', (name) => {
    for (const caller of CALLERS) {
      const cell = EXPECTED[name]?.[caller];
      if (cell === undefined) {
        it(`${caller} → no expectation`, () => {
          throw new Error(`no expectation for operation ${name}: add it to test/access/expectations.ts and scope-matrix.test.ts`);
        });
      } else if (typeof cell === 'string') {
        it(`${caller} → ${label(cell)}`, () => runCell(name, caller, cell));
      } else {
        // BUG: see the `bug` text of this cell in test/access/expectations.ts.
        it.failing(`${caller} → ${label(cell)}`, () => runCell(name, caller, cell.expected));
      }
    }

    afterAll(() => removeTransferMembers());

    it.each(REFUSED_CREDENTIALS.map((viewer) => [viewer]))('%s credential → HTTP 401 UNAUTHENTICATED', async (viewer) => {
      if (!CASES[name]) throw new Error(`no case for operation ${name}`);
      const call = await CASES[name]!(viewer);
      const response = await app.gqlAs(world.credentials[viewer], call.query, call.variables);
      expect({ status: response.status, codes: response.errors?.map((error) => error.extensions?.code), data: response.data }).toEqual({
        status: 401,
        codes: ['UNAUTHENTICATED'],
        data: undefined,
      });
    });
  });

  describe('partner token A never sees a row of agreement B', () => {
    const partnerA = () => as(app, world, 'partnerA');
    const bRows = () => ({
      members: world.members.b,
      activities: world.activities.b,
      organizations: [world.org.DY, world.org['DY-JY-B1']],
      agreement: world.agreements.B,
    });
    const sorted = (ids: string[]) => [...ids].sort((a, b) => Number(a) - Number(b));

    it('lists exactly the members A covers, with a matching totalCount', async () => {
      const data = ok(await partnerA()('{ members(paging: {limit: 500}) { totalCount nodes { id } } }'));
      expect(sorted(data.members.nodes.map((node: { id: string }) => node.id))).toEqual(sorted(world.members.a));
      expect(data.members.totalCount).toBe(world.members.a.length);
    });

    it('finds by ID number exactly the members A covers, asked about every member there is', async () => {
      const idNumbers = world.members.all.map((id) => idNumberOf.get(id)!);
      const data = ok(await partnerA()('query($idNumbers: [String!]!) { membersByIdNumber(idNumbers: $idNumbers) { member { id } } }', { idNumbers }));
      expect(sorted(data.membersByIdNumber.map((match: { member: { id: string } }) => match.member.id))).toEqual(sorted(world.members.a));
    });

    it.each([
      ['their ids', () => ({ id: { in: bRows().members } })],
      ['their formal organisation', () => ({ formalOrganizationId: { eq: world.org['DY-JY-B1'] } })],
      ['the subtree of Deyang', () => ({ formalOrganizationSubtree: { eq: world.org.DY } })],
      ['their formal region', () => ({ formalRegionCode: { like: '5106%' } })],
      ['an or that matches everything', () => ({ or: [{ id: { in: bRows().members } }, { id: { neq: '987654' } }] })],
    ])('finds none of them by filtering on %s', async (_case, filter) => {
      const data = ok(await partnerA()('query($filter: MemberFilter) { members(filter: $filter, paging: {limit: 500}) { totalCount nodes { id } } }', { filter: filter() }));
      const ids: string[] = data.members.nodes.map((node: { id: string }) => node.id);
      expect(ids.filter((id) => bRows().members.includes(id))).toEqual([]);
      expect(data.members.totalCount).toBe(ids.length);
    });

    it('reaches no B row through nested fields of members', async () => {
      const data = ok(
        await partnerA()(`{ members(paging: {limit: 500}) { nodes { id
            formalOrganization { id code parent { id } children { id } ancestors { id } members(paging: {limit: 500}) { totalCount nodes { id } } }
            inflowOrganization { id }
            activities(paging: {limit: 500}) { totalCount nodes { id memberId member { id } } } } } }`),
      );
      const memberIds: string[] = data.members.nodes.flatMap((member: any) => [
        member.id,
        ...member.formalOrganization.members.nodes.map((other: { id: string }) => other.id),
        ...member.activities.nodes.flatMap((activity: { memberId: string; member: { id: string } | null }) => [activity.memberId, activity.member?.id]),
      ]);
      expect(memberIds.filter((id) => bRows().members.includes(id))).toEqual([]);
      expect(sorted([...new Set(memberIds)])).toEqual(sorted(world.members.a));
      const activityIds: string[] = data.members.nodes.flatMap((member: any) => member.activities.nodes.map((activity: { id: string }) => activity.id));
      expect(activityIds.filter((id) => bRows().activities.includes(id))).toEqual([]);
      const orgIds: string[] = data.members.nodes.flatMap((member: any) => [member.formalOrganization?.id, member.inflowOrganization?.id]);
      expect(orgIds.filter((id) => bRows().organizations.includes(id))).toEqual([]);
      for (const member of data.members.nodes) {
        expect(member.activities.totalCount).toBe(member.activities.nodes.length);
        if (member.formalOrganization) expect(member.formalOrganization.members.totalCount).toBe(member.formalOrganization.members.nodes.length);
      }
    });

    it('reads its own agreement with exactly its covered members, and no other agreement', async () => {
      const data = ok(await partnerA()('{ agreements { totalCount nodes { id coveredMembers(paging: {limit: 500}) { totalCount nodes { id } } } } }'));
      expect(data.agreements.totalCount).toBe(1);
      expect(data.agreements.nodes.map((node: { id: string }) => node.id)).toEqual([world.agreements.A]);
      const covered = data.agreements.nodes[0].coveredMembers;
      expect(sorted(covered.nodes.map((node: { id: string }) => node.id))).toEqual(sorted(world.members.a));
      expect(covered.totalCount).toBe(world.members.a.length);
    });

    it('gets the covered-member count of its agreement right', async () => {
      const response = await partnerA()('query($id: ID!) { agreement(id: $id) { coveredMemberCount } }', { id: world.agreements.A });
      expect(response.errors).toBeUndefined();
      expect(response.data!.agreement.coveredMemberCount).toBe(world.members.a.length);
    });

    it('sees only the organisations of the two sides of A, and their members within A', async () => {
      const data = ok(await partnerA()('{ organizations(paging: {limit: 500}) { totalCount nodes { id code members(paging: {limit: 500}) { totalCount nodes { id } } } } }'));
      const codes = data.organizations.nodes.map((node: { code: string }) => node.code).sort();
      expect(codes).toEqual(['CD', 'CD-JJ', 'CD-JJ-B1', 'CD-JJ-CXL', 'CQ', 'CQ-YZ', 'CQ-YZ-B1']);
      expect(data.organizations.totalCount).toBe(codes.length);
      const memberIds: string[] = data.organizations.nodes.flatMap((node: any) => node.members.nodes.map((member: { id: string }) => member.id));
      expect(sorted(memberIds)).toEqual(sorted(world.members.a));
    });

    // Organization.memberCount is set-based SQL of its own (MemberService.countInSubtree): it must apply the scope too.
    it('counts only the members it may see in organization.memberCount', async () => {
      const count = async (code: 'CD' | 'CD-JJ-B1' | 'CD-JJ-CXL') => {
        const response = await partnerA()('query($id: ID!) { organization(id: $id) { memberCount } }', { id: world.org[code] });
        expect(response.errors).toBeUndefined();
        return response.data!.organization.memberCount as number;
      };
      // CD-JJ-B1 is the formal branch of A's 3 Chengdu members and of 1 local member that no agreement covers.
      expect(await count('CD-JJ-B1')).toBe(world.members.aCd.length);
      // CD-JJ-CXL manages A's 8 Chongqing members and B's 6 Deyang members: 8, never 14.
      expect(await count('CD-JJ-CXL')).toBe(world.members.aCq.length);
      expect(await count('CD')).toBe(world.members.a.length);
    });

    it('lists only activity records of A members', async () => {
      const data = ok(await partnerA()('{ activityRecords(paging: {limit: 500}) { totalCount nodes { id memberId member { id } organization { id } } } }'));
      const ids = data.activityRecords.nodes.map((node: { id: string }) => node.id);
      expect(sorted(ids)).toEqual(sorted(world.activities.a));
      expect(data.activityRecords.totalCount).toBe(world.activities.a.length);
      for (const node of data.activityRecords.nodes) expect(node.member?.id).toBe(node.memberId);
    });

    it('reads only returns of A, never the ones delivered to B', async () => {
      const data = ok(await partnerA()(`{ annualFeedbacks(paging: {limit: 500}) { totalCount nodes { id agreementId memberId member { id } agreement { id } } } }`));
      const rows = data.annualFeedbacks.nodes as { id: string; agreementId: string; memberId: string; member: { id: string } | null; agreement: { id: string } | null }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(data.annualFeedbacks.totalCount).toBe(rows.length);
      expect([...new Set(rows.map((row) => row.agreementId))]).toEqual([world.agreements.A]);
      expect(rows.filter((row) => world.feedback.bDelivered.includes(row.id))).toEqual([]);
      expect(rows.filter((row) => !world.members.a.includes(row.memberId) || row.member?.id !== row.memberId)).toEqual([]);
      // …while partner B does see its own two.
      const b = ok(await as(app, world, 'partnerB')('{ annualFeedbacks { nodes { id } } }'));
      expect(b.annualFeedbacks.nodes.map((row: { id: string }) => row.id).sort()).toEqual([...world.feedback.bDelivered].sort());
    });

    it('gets NOT_FOUND for each of 15 aliases aimed at B, and no data', async () => {
      const rows = bRows();
      const targets = [
        ...rows.members.map((id) => `member(id: "${id}") { id name }`),
        ...rows.activities.map((id) => `activityRecord(id: "${id}") { id title }`),
        `agreement(id: "${rows.agreement}") { id title }`,
        ...rows.organizations.map((id) => `organization(id: "${id}") { id name }`),
      ];
      expect(targets).toHaveLength(15);
      const response = await partnerA()(`{ ${targets.map((target, i) => `a${i}: ${target}`).join('\n')} }`);
      expect(response.status).toBe(200);
      expect(Object.values(response.data ?? {})).toEqual(new Array(15).fill(null));
      expect(response.errors).toHaveLength(15);
      expect(response.errors!.map((error) => error.extensions?.code)).toEqual(new Array(15).fill('NOT_FOUND'));
    });

    it.each([
      ['member', 'Member', () => world.members.b[0]!],
      ['activityRecord', 'ActivityRecord', () => world.activities.b[0]!],
      ['agreement', 'Agreement', () => world.agreements.B],
      ['organization', 'Organization', () => world.org['DY-JY-B1']],
      ['annualFeedback', 'AnnualFeedback', () => world.feedback.bDelivered[0]!],
    ])('cannot tell a guessed %s id of B from one that does not exist', async (field, _entity, bId) => {
      const query = `query($id: ID!) { ${field}(id: $id) { id } }`;
      const existing = await partnerA()(query, { id: bId() });
      const missing = await partnerA()(query, { id: '987654' });
      const shape = (response: GraphQLResponse, id: string) => ({
        status: response.status,
        data: response.data,
        errors: response.errors?.map((error) => ({ ...error, message: error.message.replace(id, '<id>') })),
      });
      expect(shape(existing, bId())).toEqual(shape(missing, '987654'));
      expect(existing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('counts only A members in its statistics', async () => {
      const data = ok(await partnerA()('{ memberStatistics { total byFormalRegion { key count suppressed } } }'));
      // 11 members, rounded to the nearest 5: 8 from Chongqing are named, Chengdu's 3 gathered under OTHER.
      expect(data.memberStatistics.total).toBe(10);
      expect(data.memberStatistics.byFormalRegion.map((bucket: { key: string }) => bucket.key)).toEqual(['500000', 'OTHER']);
    });
  });

  describe('a region admin of another region (Guangzhou)', () => {
    const regionAdmin = () => as(app, world, 'regionAdmin');
    const chengduMembers = () => [...world.members.a, ...world.members.b, ...world.members.local];

    it('sees no Chengdu member, by list, filter, nested field or id', async () => {
      const list = ok(await regionAdmin()('{ members(paging: {limit: 500}) { totalCount nodes { id } } }'));
      const ids: string[] = list.members.nodes.map((node: { id: string }) => node.id);
      expect(ids.filter((id) => chengduMembers().includes(id))).toEqual([]);
      expect(list.members.totalCount).toBe(ids.length);

      const filtered = ok(await regionAdmin()('query($ids: [ID!]) { members(filter: {id: {in: $ids}}) { totalCount } }', { ids: chengduMembers() }));
      expect(filtered.members.totalCount).toBe(0);

      const nested = ok(await regionAdmin()('query($id: ID!) { organization(id: $id) { members { totalCount } } }', { id: world.org['CQ-YZ-B1'] }));
      expect(nested.organization.members.totalCount).toBe(0);
      const counted = ok(await regionAdmin()('query($id: ID!) { organization(id: $id) { memberCount } }', { id: world.org.CD }));
      expect(counted.organization.memberCount).toBe(0);

      const one = await regionAdmin()('query($id: ID!) { member(id: $id) { id } }', { id: world.members.aCq[0] });
      expect(one.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    });

    it('cannot update or delete a Chengdu member: NOT_FOUND, as if it did not exist', async () => {
      const update = 'mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id } }';
      const inside = await regionAdmin()(update, { input: { id: world.members.aCq[0], update: { occupation: '越权修改' } } });
      const missing = await regionAdmin()(update, { input: { id: '987654', update: { occupation: '越权修改' } } });
      expect(inside.errors?.map((error) => error.extensions)).toEqual([{ code: 'NOT_FOUND', entity: 'Member' }]);
      expect(inside.errors![0]!.message.replace(world.members.aCq[0]!, '<id>')).toBe(missing.errors![0]!.message.replace('987654', '<id>'));

      const remove = await regionAdmin()('mutation($id: ID!) { deleteOneMember(input: {id: $id}) { id } }', { id: world.members.aCq[0] });
      expect(remove.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);

      const many = ok(await regionAdmin()('mutation($ids: [ID!]) { updateManyMembers(input: {filter: {id: {in: $ids}}, update: {occupation: "越权"}}) { updatedCount } }', { ids: chengduMembers() }));
      expect(many.updateManyMembers.updatedCount).toBe(0);
      const deleted = ok(await regionAdmin()('mutation($ids: [ID!]) { deleteManyMembers(input: {filter: {id: {in: $ids}}}) { deletedCount } }', { ids: chengduMembers() }));
      expect(deleted.deleteManyMembers.deletedCount).toBe(0);

      const still = ok(await app.gql('query($id: ID!) { member(id: $id) { occupation } }', { id: world.members.aCq[0] }));
      expect(still.member.occupation).toBeNull();
    });

    it('cannot create a member outside its region (FORBIDDEN), and nothing is written', async () => {
      const before = ok(await app.gql('{ members { totalCount } }')).members.totalCount;
      const response = await regionAdmin()('mutation($input: CreateOneMemberInput!) { createOneMember(input: $input) { id } }', {
        input: { member: memberInput('510603', { formalOrganizationId: world.org['DY-JY-B1'], destinationRegionCode: '510104', inflowOrganizationId: world.org['CD-JJ-CXL'] }) },
      });
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(ok(await app.gql('{ members { totalCount } }')).members.totalCount).toBe(before);
    });

    it('cannot move one of its own members out of its region (FORBIDDEN)', async () => {
      const response = await regionAdmin()('mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id } }', {
        input: { id: world.members.gz[0], update: { formalOrganizationId: world.org['CD-JJ-B1'], destinationRegionCode: '510104' } },
      });
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      const still = ok(await app.gql('query($id: ID!) { member(id: $id) { formalOrganizationId destinationRegionCode } }', { id: world.members.gz[0] }));
      expect(still.member).toEqual({ formalOrganizationId: world.org['GZ-B1'], destinationRegionCode: '440106' });
    });
  });

  describe('the VIEWER role', () => {
    it('writes nothing: every write is FORBIDDEN and leaves the data as it was', async () => {
      const viewer = as(app, world, 'viewer');
      const before = ok(await app.gql('query($id: ID!) { member(id: $id) { occupation updatedAt } }', { id: world.members.aCq[1] })).member;
      const response = await viewer('mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { id } }', {
        input: { id: world.members.aCq[1], update: { occupation: '只读用户修改' } },
      });
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(ok(await app.gql('query($id: ID!) { member(id: $id) { occupation updatedAt } }', { id: world.members.aCq[1] })).member).toEqual(before);
    });
  });

  describe('the audit trail', () => {
    it.each(['regionAdmin', 'viewer', 'partnerA', 'partnerB', 'dashboard'] as const)('is not readable by %s, not even through a nested count', async (viewer) => {
      const response = await as(app, world, viewer)('{ auditEvents { totalCount } }');
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(response.data ?? null).toBeNull();
    });
  });
}
