import { AdminRole } from '../../api/common/viewer';
import type { AdminAccount, GraphQLResponse, TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';

/**
 * The fixed world of the access tests, built through the API as the super admin (regions, the
 * only reference data without a write operation, go in by SQL).
 *
 *  Chengdu 510100 (host)     CD ─ CD-JJ (510104) ─ CD-JJ-CXL (inflow org) , CD-JJ-B1 (formal branch)
 *  Chongqing 500000          CQ ─ CQ-YZ (500103, inflow org) ─ CQ-YZ-B1 (formal branch)
 *  Deyang 510600             DY ─ DY-JY-B1 (510603)
 *  Guangzhou 440100          GZ ─ GZ-B1 (440104)            (the region admin's own region)
 *
 *  agreement A  510100 ⇄ 500000  TWO_WAY          ACTIVE     covers aCq (8) + aCd (3)
 *  agreement B  510100 ← 510600  PARTNER_TO_HOST  ACTIVE     covers b (6)
 *  agreement C  510100 ← 511400  PARTNER_TO_HOST  SUSPENDED  (a token was issued while it was ACTIVE)
 *  agreement D  440100 ← 510600  PARTNER_TO_HOST  DRAFT      (hosted by the region admin's region)
 *
 *  members   aCq: Chongqing-formal living in Chengdu, MANAGED, EMPLOYMENT             8
 *            aCd: Chengdu-formal living in Chongqing, REGISTERED, STUDY               3
 *            b:   Deyang-formal living in Chengdu, REGISTERED, EMPLOYMENT             6
 *            local: Chengdu-formal living in Chengdu (no agreement), LOST_CONTACT     1
 *            gz:  Guangzhou-formal living in Guangzhou, LOST_CONTACT, TEMPORARY       1
 *
 * The statuses and mobility types are chosen so that statistics hit every suppression case:
 * byStatus has exactly one small cell (LOST_CONTACT 2, so MANAGED 8 is hidden too), byMobilityType
 * two (STUDY 3, TEMPORARY 1).
 */

export const REGIONS: [code: string, name: string, level: 'PROVINCE' | 'CITY' | 'COUNTY', parent: string | null][] = [
  ['510000', '四川省', 'PROVINCE', null],
  ['510100', '成都市', 'CITY', '510000'],
  ['510104', '锦江区', 'COUNTY', '510100'],
  ['510600', '德阳市', 'CITY', '510000'],
  ['510603', '旌阳区', 'COUNTY', '510600'],
  ['511400', '眉山市', 'CITY', '510000'],
  ['511402', '东坡区', 'COUNTY', '511400'],
  ['500000', '重庆市', 'PROVINCE', null],
  ['500103', '渝中区', 'COUNTY', '500000'],
  ['440000', '广东省', 'PROVINCE', null],
  ['440100', '广州市', 'CITY', '440000'],
  ['440104', '越秀区', 'COUNTY', '440100'],
  ['440106', '天河区', 'COUNTY', '440100'],
];

export const ORGANIZATIONS = [
  { code: 'CD', name: '中共成都市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510100' },
  { code: 'CD-JJ', name: '中共锦江区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510104', parent: 'CD' },
  { code: 'CD-JJ-CXL', name: '春熙路街道流动党员党委', kind: 'MOBILE_MEMBER_COMMITTEE', level: 'TOWNSHIP', regionCode: '510104', parent: 'CD-JJ' },
  { code: 'CD-JJ-B1', name: '锦江区书院街社区党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '510104', parent: 'CD-JJ' },
  { code: 'CQ', name: '中共重庆市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '500000' },
  { code: 'CQ-YZ', name: '中共渝中区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '500103', parent: 'CQ' },
  { code: 'CQ-YZ-B1', name: '渝中区解放碑街道党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '500103', parent: 'CQ-YZ' },
  { code: 'DY', name: '中共德阳市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510600' },
  { code: 'DY-JY-B1', name: '旌阳区东山社区党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '510603', parent: 'DY' },
  { code: 'GZ', name: '中共广州市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '440100' },
  { code: 'GZ-B1', name: '越秀区北京街党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '440104', parent: 'GZ' },
] as const;

export type OrgCode = (typeof ORGANIZATIONS)[number]['code'];

/** Every caller the access tests try. */
export const VIEWERS = [
  'superAdmin',
  'regionAdmin',
  'viewer',
  'partnerA',
  'partnerB',
  'accountA',
  'partnerAdminB',
  'dashboard',
  'revoked',
  'expired',
  'suspended',
  'tampered',
  'garbage',
  'loggedOut',
  'anonymous',
] as const;
export type ViewerName = (typeof VIEWERS)[number];

/** Credentials that must be refused by the viewer middleware with HTTP 401 before anything runs. */
export const REFUSED_CREDENTIALS: readonly ViewerName[] = ['revoked', 'expired', 'suspended', 'tampered', 'garbage', 'loggedOut'];

export const ACCOUNTS = {
  superAdmin: { username: 'root', password: 'root-password-123', role: AdminRole.SUPER_ADMIN },
  regionAdmin: { username: 'gz-admin', password: 'guangzhou-password-1', role: AdminRole.REGION_ADMIN, regionCode: '440100' },
  viewer: { username: 'cd-viewer', password: 'chengdu-viewer-pass-1', role: AdminRole.VIEWER, regionCode: '510100' },
  loggedOut: { username: 'gone-admin', password: 'gone-admin-password-1', role: AdminRole.SUPER_ADMIN },
} satisfies Record<string, AdminAccount>;

/**
 * Partner accounts (console accounts of the partner side, bound to one agreement), created by the
 * super admin: Chongqing's reviewer under A, and Deyang's partner administrator under B. Each is
 * its agreement's partner token viewer with its role's scopes (api/access/partner-scope.ts).
 */
export const PARTNER_ACCOUNTS = {
  accountA: { username: 'cq-reviewer', password: 'cq-reviewer-password-1', role: 'PARTNER_REVIEWER', agreement: 'A' },
  partnerAdminB: { username: 'dy-partner-admin', password: 'dy-partner-admin-pass-1', role: 'PARTNER_ADMIN', agreement: 'B' },
} as const;
/** The token scopes the two accounts stand for (a reviewer under a two-way agreement also submits). */
export const ACCOUNT_SCOPES = {
  accountA: ['MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE', 'TRANSFERS', 'NOTICES_SEND', 'FEEDBACK_SUBMIT'],
  partnerAdminB: ['MEMBERS_READ', 'FEEDBACK_READ'],
} as const;
/** The years a partner account reaches: its agreement's (the world's run from 2024) up to the current one. */
export const accountYears = (): number[] => Array.from({ length: new Date().getFullYear() - 2024 + 1 }, (_, i) => 2024 + i);

export const CREATE_PARTNER_ACCOUNT = 'mutation($input: CreatePartnerAccountInput!) { createPartnerAccount(input: $input) { id } }';

export async function loginAs(app: TestApp, account: { username: string; password: string }): Promise<string> {
  const login = ok(await app.gqlAs(null, 'mutation($input: LoginInput!) { login(input: $input) { token } }', { input: { username: account.username, password: account.password } }));
  return login.login.token as string;
}

export const TOKEN_SCOPES = {
  /**
   * Chongqing's organisation department under the two-way agreement: reads the members it shares
   * with Chengdu, receives and grades Chengdu's returns, submits its own about Chengdu's members
   * living in Chongqing, and reads their statistics.
   */
  partnerA: ['MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_SUBMIT', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE', 'STATS_READ', 'EVENTS_READ', 'WEBHOOKS_MANAGE', 'TRANSFERS', 'NOTICES_SEND'],
  /** Deyang's organisation department: reads its members in Chengdu and their delivered returns; nothing else. */
  partnerB: ['MEMBERS_READ', 'FEEDBACK_READ'],
  /** A third-party dashboard: numbers only, no agreement. */
  dashboard: ['STATS_READ'],
} as const;

export const ACTIVITY_YEAR = 2025;

export interface World {
  org: Record<OrgCode, string>;
  agreements: { A: string; B: string; C: string; D: string };
  members: { aCq: string[]; aCd: string[]; a: string[]; b: string[]; local: string[]; gz: string[]; all: string[] };
  /** Activity record ids by the member group they belong to. */
  activities: { a: string[]; b: string[]; local: string[]; gz: string[]; all: string[] };
  /** Bearer credential of each viewer; null for anonymous. */
  credentials: Record<ViewerName, string | null>;
  /** Contact records, pairings and lost-contact cases by the member group they belong to (cases: a closed one of aCq[0], open ones of local and gz). */
  contacts: { a: string[]; b: string[]; local: string[]; gz: string[] };
  pairings: { a: string[]; b: string[]; gz: string[] };
  cases: { a: string; local: string; gz: string };
  /** Year-end returns of ACTIVITY_YEAR (recipient: the partner), by member id. */
  feedback: { a: Record<string, string>; b: Record<string, string>; aDelivered: string; bDelivered: string[] };
  /** Points (十二分制): the schemes, a manual entry of aCq[0], the publication of 2025 Q1 for CD-JJ-CXL. */
  points: { schemeCq: string; schemeB: string; schemeGz: string; entryA: string; publication: string };
  /**
   * Webhooks: partner A's endpoint (its side of A) with the delivery of A's delivered return, and
   * a host-side endpoint of B the super admin registered. No worker runs: deliveries stay queued.
   */
  webhooks: { endpointA: string; deliveryA: string; endpointBHost: string };
  /** Database ids of the partner accounts. */
  accountIds: Record<keyof typeof PARTNER_ACCOUNTS, string>;
  /** Transfer requests: one of aCq[7] to a Chengdu branch, asked by the host (super admin), still REQUESTED. */
  transfers: { a: string };
  /**
   * Notices: partner A's inflow alert about a person the ledger does not know (with its pending
   * entry), the automatic notice to partner A when aCq[0]'s case was closed, a host message under B;
   * partner A's roster of A (three of aCq and one unknown person).
   */
  notices: { alertA: string; toPartnerA: string; messageB: string; pendingA: string; rosterA: string };
  /** Database ids of the issued API tokens. */
  tokenIds: Record<'partnerA' | 'partnerB' | 'dashboard' | 'revoked' | 'expired' | 'suspended', string>;
}

export function ok<T = Record<string, any>>(response: GraphQLResponse<T>): T {
  if (response.errors || !response.data) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}

export const EVENTS_FEED = 'query($after: String, $first: Int) { events(after: $after, first: $first) { nodes { id type agreementId audience cursor payload } endCursor hasNextPage } }';
export type EventNode = { id: string; type: string; agreementId: string; audience: string; cursor: string; payload: Record<string, any> };

/**
 * Every event a credential's feed gives, `first` at a time from `after`, polling on as a partner
 * would until `until` holds of what came (10 s at most). The feed holds back events while any
 * older transaction of the PostgreSQL cluster is running, and the other test files write to
 * databases of the same cluster meanwhile: what a test just committed may come a poll later.
 */
export async function drainEvents(
  app: TestApp,
  token: string,
  { first = 500, after = null, until = () => true }: { first?: number; after?: string | null; until?: (nodes: EventNode[]) => boolean },
): Promise<{ nodes: EventNode[]; end: string | null; pageSizes: number[] }> {
  const nodes: EventNode[] = [];
  const pageSizes: number[] = [];
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page: { nodes: EventNode[]; endCursor: string | null; hasNextPage: boolean } = ok(await app.gqlAs(token, EVENTS_FEED, { after, first })).events;
    if (page.nodes.length) pageSizes.push(page.nodes.length);
    nodes.push(...page.nodes);
    after = page.endCursor;
    if (page.hasNextPage) continue;
    if (until(nodes) || Date.now() > deadline) return { nodes, end: after, pageSizes };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the events feed can serve every event written so far (10 s at most): until no
 * transaction of the cluster older than the last of them is still running (the feed's horizon,
 * WebhookService.events). Tests that count on a world's events, found whole (the escape crawl),
 * start from there, whatever the other test files are writing meanwhile.
 */
export async function untilEventsServable(app: TestApp): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [{ servable }] = (await app.sql<{ servable: boolean }>(
      'select coalesce(max(tx_id) < pg_snapshot_xmin(pg_current_snapshot()), true) as servable from outbox_event',
    )) as [{ servable: boolean }];
    if (servable || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const CREATE_ORGANIZATION = 'mutation($input: CreateOneOrganizationInput!) { createOneOrganization(input: $input) { id } }';
export const CREATE_MEMBER = 'mutation($input: CreateOneMemberInput!) { createOneMember(input: $input) { id } }';
export const CREATE_AGREEMENT = 'mutation($input: CreateOneAgreementInput!) { createOneAgreement(input: $input) { id } }';
export const UPDATE_AGREEMENT = 'mutation($input: UpdateOneAgreementInput!) { updateOneAgreement(input: $input) { id status } }';
export const CREATE_ACTIVITY = 'mutation($input: CreateOneActivityRecordInput!) { createOneActivityRecord(input: $input) { id } }';
export const CREATE_CONTACT = 'mutation($input: CreateOneContactRecordInput!) { createOneContactRecord(input: $input) { id } }';
export const CREATE_PAIRING = 'mutation($input: CreateOneContactPairingInput!) { createOneContactPairing(input: $input) { id } }';
export const OPEN_CASE = 'mutation($input: OpenLostContactCaseInput!) { openLostContactCase(input: $input) { id } }';
export const ADD_ATTEMPT = 'mutation($input: AddLostContactAttemptInput!) { addLostContactAttempt(input: $input) { id } }';
export const CLOSE_CASE = 'mutation($input: CloseLostContactCaseInput!) { closeLostContactCase(input: $input) { id } }';
export const ISSUE_TOKEN = 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token apiToken { id publicId } } }';
export const CREATE_ENDPOINT = 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id version } } }';
export const REQUEST_TRANSFER = 'mutation($input: RequestTransferInput!) { requestTransfer(input: $input) { id version state } }';
export const SEND_NOTICE = 'mutation($input: SendNoticeInput!) { sendNotice(input: $input) { id } }';
export const SEND_ROSTER = 'mutation($input: SendRosterInput!) { sendRoster(input: $input) { id } }';
/** A fresh ID number of a person born in Chongqing that no member of the world has. */
let strangers = 500;
export const strangerIdNumber = () => nationalId('500103', '19920101', String((strangers += 1)).padStart(3, '0'));
/** Partner A's 流入提醒 of a person the ledger does not know: a notice to the host and a pending entry. */
export const inflowAlertOfA = (agreementId: string, idNumber = strangerIdNumber()) => ({
  agreementId,
  kind: 'INFLOW_ALERT',
  idNumber,
  personName: '流入提醒测试',
  facts: { arrivedOn: `${ACTIVITY_YEAR}-10-01`, destinationRegionCode: '510104' },
});
export const REVOKE_TOKEN = 'mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }';

/** An expiry well inside the 400-day limit. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

export async function insertRegions(app: TestApp): Promise<void> {
  for (const [code, name, level, parent] of REGIONS) {
    await app.sql('insert into region (code, name, level, parent_code) values (?, ?, ?, ?) on conflict do nothing', [code, name, level, parent]);
  }
}

export async function createOrganizations(app: TestApp): Promise<Record<OrgCode, string>> {
  const org = {} as Record<OrgCode, string>;
  for (const { parent, ...organization } of ORGANIZATIONS as readonly (Record<string, string> & { code: OrgCode; parent?: OrgCode })[]) {
    const data = ok(await app.gql(CREATE_ORGANIZATION, { input: { organization: { ...organization, parentId: parent ? org[parent] : undefined } } }));
    org[organization.code] = data.createOneOrganization.id;
  }
  return org;
}

let sequence = 100;
/** A member input with a fresh, valid ID number whose first six digits are `idRegion`. */
export function memberInput(idRegion: string, overrides: Record<string, unknown>): Record<string, unknown> {
  sequence += 1;
  return {
    name: `党员${sequence}`,
    idNumber: nationalId(idRegion, '19900307', String(sequence).padStart(3, '0')),
    phone: `138${String(10_000_000 + sequence).slice(-8)}`,
    partyStanding: 'FULL',
    joinedOn: '2015-07-01',
    mobilityType: 'EMPLOYMENT',
    outflowDate: '2024-03-01',
    ...overrides,
  };
}

/** The ID number each member of the world was created with (the API only ever answers masked). */
export const idNumberOf = new Map<string, string>();

export async function createMember(app: TestApp, member: Record<string, unknown>): Promise<string> {
  const id: string = ok(await app.gql(CREATE_MEMBER, { input: { member } })).createOneMember.id;
  idNumberOf.set(id, member.idNumber as string);
  return id;
}

export async function createActivity(app: TestApp, activityRecord: Record<string, unknown>): Promise<string> {
  return ok(await app.gql(CREATE_ACTIVITY, { input: { activityRecord: { title: '主题党日', kind: 'THEME_PARTY_DAY', ...activityRecord } } })).createOneActivityRecord.id;
}

export async function issueToken(app: TestApp, input: Record<string, unknown>, as?: string): Promise<{ token: string; id: string; publicId: string }> {
  const response = as === undefined ? await app.gql(ISSUE_TOKEN, { input }) : await app.gqlAs(as, ISSUE_TOKEN, { input });
  const issued = ok(response).issueApiToken;
  return { token: issued.token, id: issued.apiToken.id, publicId: issued.apiToken.publicId };
}

/** Opens a lost-contact case for a member (as the super admin) and returns its id. */
export async function openCase(app: TestApp, memberId: string): Promise<string> {
  const input = { memberId, openedOn: `${ACTIVITY_YEAR}-08-01`, openedBy: '支委委员', lastKnownFacts: '电话停机，原工作单位称已离职' };
  return ok(await app.gql(OPEN_CASE, { input })).openLostContactCase.id;
}

export async function addAttempt(app: TestApp, caseId: string): Promise<void> {
  ok(await app.gql(ADD_ATTEMPT, { input: { caseId, attemptedOn: `${ACTIVITY_YEAR}-08-05`, channel: 'PHONE', attemptedBy: '支委委员', result: '无人接听' } }));
}

/** Changes one character of the secret part, keeping the shape of a token. */
export function tamper(token: string): string {
  const index = token.length - 10;
  const swapped = token[index] === 'a' ? 'b' : 'a';
  return `${token.slice(0, index)}${swapped}${token.slice(index + 1)}`;
}

export async function buildWorld(app: TestApp): Promise<World> {
  await insertRegions(app);
  const org = await createOrganizations(app);

  // Agreements (C is ACTIVE until its token is issued).
  const agreement = async (input: Record<string, unknown>) => ok(await app.gql(CREATE_AGREEMENT, { input: { agreement: { effectiveFrom: '2024-01-01', signedOn: '2023-12-20', ...input } } })).createOneAgreement.id as string;
  const A = await agreement({ code: 'CD-CQ-2024', title: '成渝流动党员双向协同共管协议', hostRegionCode: '510100', partnerRegionCode: '500000', direction: 'TWO_WAY', status: 'ACTIVE', hostOrganizationId: org.CD });
  const B = await agreement({ code: 'CD-DY-2024', title: '成都市—德阳市流动党员协同共管协议', hostRegionCode: '510100', partnerRegionCode: '510600', direction: 'PARTNER_TO_HOST', status: 'ACTIVE' });
  const C = await agreement({ code: 'CD-MS-2024', title: '成都市—眉山市流动党员协同共管协议', hostRegionCode: '510100', partnerRegionCode: '511400', direction: 'PARTNER_TO_HOST', status: 'ACTIVE' });
  const D = await agreement({ code: 'GZ-DY-2025', title: '广州市—德阳市流动党员协同共管协议（草案）', hostRegionCode: '440100', partnerRegionCode: '510600', direction: 'PARTNER_TO_HOST' });

  // Members.
  const aCq: string[] = [];
  for (let i = 0; i < 8; i++) {
    aCq.push(await createMember(app, memberInput('500103', { formalOrganizationId: org['CQ-YZ-B1'], destinationRegionCode: '510104', inflowOrganizationId: org['CD-JJ-CXL'], status: 'MANAGED' })));
  }
  const aCd: string[] = [];
  for (let i = 0; i < 3; i++) {
    aCd.push(
      await createMember(app, memberInput('510104', { formalOrganizationId: org['CD-JJ-B1'], destinationRegionCode: '500103', inflowOrganizationId: org['CQ-YZ'], mobilityType: 'STUDY' })),
    );
  }
  const b: string[] = [];
  for (let i = 0; i < 6; i++) {
    b.push(await createMember(app, memberInput('510603', { formalOrganizationId: org['DY-JY-B1'], destinationRegionCode: '510104', inflowOrganizationId: org['CD-JJ-CXL'] })));
  }
  const local = [await createMember(app, memberInput('510104', { formalOrganizationId: org['CD-JJ-B1'], destinationRegionCode: '510104', status: 'LOST_CONTACT' }))];
  const gz = [
    await createMember(app, memberInput('440104', { formalOrganizationId: org['GZ-B1'], destinationRegionCode: '440106', status: 'LOST_CONTACT', mobilityType: 'TEMPORARY' })),
  ];

  // Activity records in ACTIVITY_YEAR: March has 6 organisational-life participants and 5 volunteers (published),
  // June has 3 participants (suppressed); every other group gets something too.
  const activityA: string[] = [];
  for (const [i, memberId] of aCq.entries()) {
    if (i < 6) activityA.push(await createActivity(app, { memberId, organizationId: org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-03-15`, kind: 'THEME_PARTY_DAY', points: 2 }));
    if (i < 5) {
      activityA.push(
        await createActivity(app, { memberId, organizationId: org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-03-22`, kind: 'VOLUNTEER_SERVICE', title: '社区志愿服务', hours: 2.5 }),
      );
    }
  }
  for (const memberId of aCd) activityA.push(await createActivity(app, { memberId, organizationId: org['CQ-YZ'], occurredOn: `${ACTIVITY_YEAR}-04-10`, kind: 'STUDY', title: '专题学习' }));
  const activityB: string[] = [];
  for (const [i, memberId] of b.entries()) {
    activityB.push(
      await createActivity(app, { memberId, organizationId: org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-${i < 3 ? '06' : '07'}-01`, kind: 'THREE_MEETINGS_ONE_LESSON', title: '三会一课' }),
    );
  }
  const activityLocal = [await createActivity(app, { memberId: local[0], organizationId: org['CD-JJ-B1'], occurredOn: `${ACTIVITY_YEAR}-02-01` })];
  const activityGz = [await createActivity(app, { memberId: gz[0], organizationId: org['GZ-B1'], occurredOn: `${ACTIVITY_YEAR}-05-01`, kind: 'PIONEER_POST', title: '先锋岗' })];

  // Admin viewers.
  const regionAdmin = await app.adminSession(ACCOUNTS.regionAdmin);
  const viewer = await app.adminSession(ACCOUNTS.viewer);
  const loggedOut = await app.adminSession(ACCOUNTS.loggedOut);
  ok(await app.gqlAs(loggedOut, 'mutation { logout }'));

  // Tokens.
  const partnerA = await issueToken(app, { name: '重庆市委组织部', agreementId: A, scopes: TOKEN_SCOPES.partnerA, years: [ACTIVITY_YEAR], expiresAt: inDays(90) });
  const partnerB = await issueToken(app, { name: '德阳市委组织部', agreementId: B, scopes: TOKEN_SCOPES.partnerB, years: [ACTIVITY_YEAR], expiresAt: inDays(90) });
  const dashboard = await issueToken(app, { name: '党建大屏', scopes: TOKEN_SCOPES.dashboard, expiresAt: inDays(90) });
  const revoked = await issueToken(app, { name: '已吊销', agreementId: A, scopes: ['MEMBERS_READ'], expiresAt: inDays(90) });
  ok(await app.gql(REVOKE_TOKEN, { id: revoked.id }));
  const expired = await issueToken(app, { name: '已过期', agreementId: A, scopes: ['MEMBERS_READ'], expiresAt: inDays(1) });
  await app.sql(`update api_token set expires_at = now() - interval '1 minute' where id = ?`, [Number(expired.id)]);
  const suspended = await issueToken(app, { name: '眉山市委组织部', agreementId: C, scopes: ['MEMBERS_READ', 'STATS_READ'], expiresAt: inDays(90) });
  ok(await app.gql(UPDATE_AGREEMENT, { input: { id: C, update: { status: 'SUSPENDED' } } }));

  // Partner accounts, logged in.
  const accountIds = {} as Record<keyof typeof PARTNER_ACCOUNTS, string>;
  const accountSessions = {} as Record<keyof typeof PARTNER_ACCOUNTS, string>;
  for (const [name, account] of Object.entries(PARTNER_ACCOUNTS) as [keyof typeof PARTNER_ACCOUNTS, (typeof PARTNER_ACCOUNTS)[keyof typeof PARTNER_ACCOUNTS]][]) {
    const input = { agreementId: account.agreement === 'A' ? A : B, username: account.username, password: account.password, role: account.role };
    accountIds[name] = ok(await app.gql(CREATE_PARTNER_ACCOUNT, { input })).createPartnerAccount.id;
    accountSessions[name] = await loginAs(app, account);
  }

  // Webhook endpoints, registered before anything happens, so that the deliveries below are made.
  const endpointA = ok(await app.gqlAs(partnerA.token, CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/partner-a', eventTypes: ['FEEDBACK_DELIVERED', 'FEEDBACK_RETURNED'] } }))
    .createWebhookEndpoint.endpoint.id as string;
  const endpointBHost = ok(await app.gql(CREATE_ENDPOINT, { input: { agreementId: B, audience: 'HOST', url: 'http://127.0.0.1:9/host-b', eventTypes: ['FEEDBACK_RECEIVED'] } }))
    .createWebhookEndpoint.endpoint.id as string;

  // Year-end returns: drafts for every covered member; one of A and two of B delivered to their partner.
  const points = await setUpPoints(app, org, B, aCq);

  const feedbackA = await generateDrafts(app, A);
  const feedbackB = await generateDrafts(app, B);
  const deliver = async (id: string) => {
    await feedbackStep(app, app.adminToken, 'submitAnnualFeedback', id);
    await feedbackStep(app, app.adminToken, 'approveAnnualFeedback', id);
  };
  const aDelivered = feedbackA[aCq[0]!]!;
  await deliver(aDelivered);
  const bDelivered = [feedbackB[b[0]!]!, feedbackB[b[1]!]!];
  for (const id of bDelivered) await deliver(id);

  // Contacts, made after the returns so that these stay as they were. The closed case of aCq[0]
  // (found: MANAGED again) and the open ones of members already LOST_CONTACT leave every status, so
  // every statistic, as it was.
  const contact = async (memberId: string, kind = 'TALK') => ok(await app.gql(CREATE_CONTACT, { input: { contactRecord: { memberId, kind, occurredOn: `${ACTIVITY_YEAR}-09-10`, heldBy: '支委委员' } } })).createOneContactRecord.id as string;
  const pairing = async (memberId: string) =>
    ok(await app.gql(CREATE_PAIRING, { input: { contactPairing: { memberId, contactName: '结对联系人', contactRole: 'COMMITTEE_MEMBER', phone: '13800001234', fromOn: `${ACTIVITY_YEAR}-01-01` } } })).createOneContactPairing.id as string;
  const contacts = {
    a: [await contact(aCq[0]!), await contact(aCq[1]!, 'THOUGHT_REPORT'), await contact(aCd[0]!, 'FAMILY_VISIT')],
    b: [await contact(b[0]!)],
    local: [await contact(local[0]!)],
    gz: [await contact(gz[0]!)],
  };
  const pairings = { a: [await pairing(aCq[0]!)], b: [await pairing(b[0]!)], gz: [await pairing(gz[0]!)] };
  const cases = { a: await openCase(app, aCq[0]!), local: await openCase(app, local[0]!), gz: await openCase(app, gz[0]!) };
  for (const id of Object.values(cases)) await addAttempt(app, id);
  ok(await app.gql(CLOSE_CASE, { input: { caseId: cases.a, outcome: 'FOUND', closedOn: `${ACTIVITY_YEAR}-10-01`, closedBy: '支委委员' } }));

  const [deliveryA] = await app.sql<{ id: string }>('select id::text from webhook_delivery where endpoint_id = ? order by id', [Number(endpointA)]);
  const transfers = { a: ok(await app.gql(REQUEST_TRANSFER, { input: { memberId: aCq[7], agreementId: A, toOrganizationId: org['CD-JJ-B1'], reason: '在成都稳定就业两年以上，本人申请转入' } })).requestTransfer.id as string };

  // Notices and a roster (closing aCq[0]'s case above already told partner A, by itself).
  const alertA = ok(await app.gqlAs(partnerA.token, SEND_NOTICE, { input: inflowAlertOfA(A) })).sendNotice.id as string;
  const [pendingA] = await app.sql<{ id: string }>('select id::text from pending_member_entry where notice_id = ?', [Number(alertA)]);
  const [toPartnerA] = await app.sql<{ id: string }>("select id::text from notice where agreement_id = ? and to_side = 'PARTNER' and automatic order by id", [Number(A)]);
  const messageB = ok(await app.gql(SEND_NOTICE, { input: { agreementId: B, kind: 'MESSAGE', memberId: b[0], body: '请核实该同志的联系方式' } })).sendNotice.id as string;
  const rosterRows = [...aCq.slice(0, 3).map((id) => ({ idNumber: idNumberOf.get(id)!, name: '名册成员' })), { idNumber: strangerIdNumber(), name: '名册新人' }];
  const rosterA = ok(await app.gqlAs(partnerA.token, SEND_ROSTER, { input: { agreementId: A, clientRosterId: 'CQ-2025', rows: rosterRows } })).sendRoster.id as string;
  await untilEventsServable(app);

  const a = [...aCq, ...aCd];
  return {
    contacts,
    pairings,
    cases,
    webhooks: { endpointA, deliveryA: deliveryA!.id, endpointBHost },
    notices: { alertA, toPartnerA: toPartnerA!.id, messageB, pendingA: pendingA!.id, rosterA },
    org,
    agreements: { A, B, C, D },
    members: { aCq, aCd, a, b, local, gz, all: [...a, ...b, ...local, ...gz] },
    activities: { a: activityA, b: activityB, local: activityLocal, gz: activityGz, all: [...activityA, ...activityB, ...activityLocal, ...activityGz] },
    credentials: {
      superAdmin: app.adminToken,
      regionAdmin,
      viewer,
      partnerA: partnerA.token,
      partnerB: partnerB.token,
      accountA: accountSessions.accountA,
      partnerAdminB: accountSessions.partnerAdminB,
      dashboard: dashboard.token,
      revoked: revoked.token,
      expired: expired.token,
      suspended: suspended.token,
      tampered: tamper(partnerA.token),
      garbage: 'not-a-token',
      loggedOut,
      anonymous: null,
    },
    feedback: { a: feedbackA, b: feedbackB, aDelivered, bDelivered },
    points,
    accountIds,
    transfers,
    tokenIds: { partnerA: partnerA.id, partnerB: partnerB.id, dashboard: dashboard.id, revoked: revoked.id, expired: expired.id, suspended: suspended.id },
  };
}

export const CREATE_POINTS_SCHEME = 'mutation($input: CreatePointsSchemeInput!) { createPointsScheme(input: $input) { id } }';
export const RECORD_POINTS = 'mutation($input: RecordPointsEntriesInput!) { recordPointsEntries(input: $input) { id adjustment } }';
export const PUBLISH_QUARTER = 'mutation($input: PublishPointsQuarterInput!) { publishPointsQuarter(input: $input) { id scoreCount } }';

/** A 十二分制 version: organisational life and study add, absence deducts, merit adds up to 3 a year. */
export function twelvePointVersion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fromYear: 2024,
    baseScore: 12,
    excellentFrom: 14,
    qualifiedFrom: 10,
    basicallyQualifiedFrom: 6,
    items: [
      { code: 'ORG_LIFE', label: '参加主题党日', source: 'ACTIVITY', activityKind: 'THEME_PARTY_DAY', value: 1, monthCap: 2 },
      { code: 'STUDY', label: '网上学习交流', source: 'ACTIVITY', activityKind: 'STUDY', value: 1, monthCap: 1 },
      { code: 'THOUGHT_REPORT', label: '按时报送思想汇报', source: 'CONTACT', contactKind: 'THOUGHT_REPORT', value: 1, monthCap: 1 },
      { code: 'ABSENT', label: '未按时参加组织生活', source: 'MANUAL', value: -2 },
      { code: 'MERIT', label: '表现突出', source: 'MANUAL', value: 1, yearCap: 3 },
    ],
    ...overrides,
  };
}

/**
 * Points of the world: Chongqing owns a 十二分制 scheme (aCq), agreement B names one (b), Guangzhou
 * owns one (gz); aCq[0] is docked in February, aCq[1] credited in May; 2025 Q1 is published for
 * CD-JJ-CXL (aCq and b), so partners see January to March and nothing after.
 */
async function setUpPoints(app: TestApp, org: Record<OrgCode, string>, agreementB: string, aCq: string[]): Promise<World['points']> {
  const scheme = async (input: Record<string, unknown>) => ok(await app.gql(CREATE_POINTS_SCHEME, { input })).createPointsScheme.id as string;
  const schemeCq = await scheme({ name: '十二分制（重庆）', ownerOrganizationId: org.CQ, version: twelvePointVersion() });
  const schemeB = await scheme({
    name: '德阳协议积分',
    agreementId: agreementB,
    version: twelvePointVersion({ items: [{ code: 'ORG_LIFE', label: '三会一课', source: 'ACTIVITY', activityKind: 'THREE_MEETINGS_ONE_LESSON', value: 1 }] }),
  });
  const schemeGz = await scheme({ name: '十二分制（广州）', ownerOrganizationId: org.GZ, version: twelvePointVersion() });
  const entries = ok(
    await app.gql(RECORD_POINTS, {
      input: {
        entries: [
          { memberId: aCq[0], organizationId: org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-02-10`, itemCode: 'ABSENT', reason: '二月未按时参加组织生活' },
          { memberId: aCq[1], organizationId: org['CD-JJ-CXL'], occurredOn: `${ACTIVITY_YEAR}-05-06`, itemCode: 'MERIT', reason: '社区防汛表现突出' },
        ],
      },
    }),
  ).recordPointsEntries;
  const publication = ok(await app.gql(PUBLISH_QUARTER, { input: { organizationId: org['CD-JJ-CXL'], year: ACTIVITY_YEAR, quarter: 1 } })).publishPointsQuarter.id;
  ok(await app.gql('mutation($input: RecomputeMonthlyScoresInput!) { recomputeMonthlyScores(input: $input) { created } }', { input: { organizationId: org.CD, year: ACTIVITY_YEAR } }));
  return { schemeCq, schemeB, schemeGz, entryA: entries[0].id, publication };
}

export const FEEDBACK_FIELDS = 'id version status recipient memberId agreementId year';

/** Advances a return one lifecycle step with the version it has now. */
export async function feedbackStep(app: TestApp, credential: string, mutation: string, id: string, extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const version = ok(await app.gql('query($id: ID!) { annualFeedback(id: $id) { version } }', { id })).annualFeedback.version;
  const response = await app.gqlAs(credential, `mutation($input: ${mutation === 'gradeAnnualFeedback' ? 'GradeAnnualFeedbackInput' : mutation === 'returnAnnualFeedback' ? 'ReturnAnnualFeedbackInput' : 'FeedbackTransitionInput'}!) { ${mutation}(input: $input) { ${FEEDBACK_FIELDS} } }`, {
    input: { id, version, ...extra },
  });
  return ok(response)[mutation];
}

async function generateDrafts(app: TestApp, agreementId: string): Promise<Record<string, string>> {
  ok(await app.gql('mutation($input: GenerateAnnualFeedbackDraftsInput!) { generateAnnualFeedbackDrafts(input: $input) { created } }', { input: { agreementId, year: ACTIVITY_YEAR } }));
  const rows = ok(await app.gql(`query($id: ID!) { annualFeedbacks(filter: {agreementId: {eq: $id}}, paging: {limit: 500}) { nodes { ${FEEDBACK_FIELDS} } } }`, { id: agreementId }));
  return Object.fromEntries(rows.annualFeedbacks.nodes.map((row: { id: string; memberId: string }) => [row.memberId, row.id]));
}

/** `gqlAs` for a named viewer of the world. */
export function as(app: TestApp, world: World, viewer: ViewerName) {
  return <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => app.gqlAs<T>(world.credentials[viewer], query, variables);
}
