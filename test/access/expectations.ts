import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * Who may call what: one row per operation of schema/schema.graphql, one column per caller of
 * the access world (test/access/fixtures.ts). A new operation without a row fails the matrix.
 *
 * `ok`: the call runs and returns data. Error outcomes are the exact `extensions.code`.
 * NOT_FOUND is what a caller gets for a row outside their scope (the world picks such targets
 * on purpose, see scope-matrix.test.ts), so it proves the permission was granted but the row hidden.
 *
 * Credentials that are refused outright (revoked, expired, suspended agreement, tampered, not a
 * token, ended session) are not columns: they get HTTP 401 UNAUTHENTICATED for every operation.
 */
export type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NOT_FOUND';
/** A cell where the server does not yet do what it should: the matrix runs it as `it.failing`. */
export interface KnownBug {
  expected: Outcome;
  actual: string;
  bug: string;
}
export type Cell = Outcome | KnownBug;

export const CALLERS = ['superAdmin', 'regionAdmin', 'viewer', 'partnerA', 'partnerB', 'accountA', 'partnerAdminB', 'dashboard', 'anonymous'] as const;
export type Caller = (typeof CALLERS)[number];
export type Row = Record<Caller, Cell>;
/** The partner accounts of the world (fixtures.ts PARTNER_ACCOUNTS): their columns follow from the tokens' (see EXPECTED). */
type AccountCaller = 'accountA' | 'partnerAdminB';
type BaseRow = Record<Exclude<Caller, AccountCaller>, Cell>;

const F = 'FORBIDDEN' as const;
const U = 'UNAUTHENTICATED' as const;
const N = 'NOT_FOUND' as const;

/** Reads of personal data: admins within their region, partners within their agreement, never a dashboard. */
const scopedList: BaseRow = { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: 'ok', dashboard: F, anonymous: U };
/** One row of agreement A's world (a Chengdu-side row): outside the Guangzhou admin's and partner B's scope. */
const rowOfA: BaseRow = { superAdmin: 'ok', regionAdmin: N, viewer: 'ok', partnerA: 'ok', partnerB: N, dashboard: F, anonymous: U };
/** Aggregates within the caller's member scope (a dashboard: the whole platform); partner B holds no stats scope. */
const stats: BaseRow = { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: F, dashboard: 'ok', anonymous: U };
/** Writes of region data: admins who manage a region (targets are in the region admin's own region). */
const regionWrite: BaseRow = { superAdmin: 'ok', regionAdmin: 'ok', viewer: F, partnerA: F, partnerB: F, dashboard: F, anonymous: U };
const adminOnly: BaseRow = { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: F, partnerB: F, dashboard: F, anonymous: U };
const superAdminOnly: BaseRow = { superAdmin: 'ok', regionAdmin: F, viewer: F, partnerA: F, partnerB: F, dashboard: F, anonymous: U };

/**
 * Year-end returns. Targets are returns of agreement A addressed to the partner (Chongqing), in
 * the state each step needs: the host (admins) writes, submits and approves them; the partner
 * token receives, grades and archives them; partner B (read-only) and the Guangzhou admin are
 * outside agreement A.
 */
const hostFeedbackStep: BaseRow = { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: F, partnerB: F, dashboard: F, anonymous: U };
const recipientFeedbackStep: BaseRow = { superAdmin: F, regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U };

/** Partner A's webhook endpoint and its deliveries: the super admin and partner A manage them; the Guangzhou admin cannot see agreement A. */
const webhookOfA: BaseRow = { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U };

/** Notices, pending entries and rosters of agreement A: read with notices:read (every admin, partner A; partner B holds no notices scope). */
const noticesList: BaseRow = { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U };
const noticeOfA: BaseRow = { superAdmin: 'ok', regionAdmin: N, viewer: 'ok', partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U };
/** Resolving a pending entry of A: those who keep the host's ledger (members:write in Chengdu). */
const pendingEntryOfA: BaseRow = { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: F, partnerB: F, dashboard: F, anonymous: U };

const TOKEN_TABLE: Record<string, BaseRow> = {
  // Queries
  activityRecord: rowOfA,
  adminUser: superAdminOnly,
  adminUsers: superAdminOnly,
  activityRecords: scopedList,
  activityStatistics: stats,
  careStatistics: stats,
  pointsStatistics: stats,
  agreement: rowOfA,
  agreements: scopedList,
  /** A return of A delivered to Chongqing. */
  annualFeedback: rowOfA,
  annualFeedbacks: scopedList,
  /** Contacts of an agreement A member (aCq[0]): read with the member. */
  contactRecord: rowOfA,
  contactRecords: scopedList,
  contactPairing: rowOfA,
  contactPairings: scopedList,
  /** The closed case of aCq[0]. */
  lostContactCase: rowOfA,
  lostContactCases: scopedList,
  feedbackProgress: rowOfA,
  feedbackStatistics: stats,
  apiToken: { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: F, partnerB: F, dashboard: F, anonymous: U },
  apiTokens: regionWrite,
  auditEvent: superAdminOnly,
  auditEvents: superAdminOnly,
  me: adminOnly,
  member: rowOfA,
  memberStatistics: stats,
  members: scopedList,
  /** Answers only matches within the caller's scope (an empty list for partner B). */
  membersByIdNumber: scopedList,
  /** A Chongqing organisation: every admin reads organisations, partner B only those of its own agreement. */
  organization: { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: N, dashboard: F, anonymous: U },
  organizations: scopedList,
  region: scopedList,
  regions: scopedList,
  /** Points: schemes and publications are no one's personal data (every admin reads them, partners their agreement's regions). */
  pointsSchemes: scopedList,
  /** Chongqing's scheme: outside partner B's regions. */
  pointsScheme: { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: N, dashboard: F, anonymous: U },
  pointsSchemeVersions: scopedList,
  pointsSchemeVersion: { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: N, dashboard: F, anonymous: U },
  /** Entries are read by admins only (partners list nothing). */
  pointsEntries: scopedList,
  /** An entry of a member of A: partners read scores, never the entries behind them. */
  pointsEntry: { superAdmin: 'ok', regionAdmin: N, viewer: 'ok', partnerA: N, partnerB: N, dashboard: F, anonymous: U },
  monthlyScores: scopedList,
  /** A published score of a member of A. */
  monthlyScore: rowOfA,
  pointsPublications: scopedList,
  /** Chunxilu's 2025 Q1: in Chengdu, the host of both agreements. */
  pointsPublication: { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: 'ok', dashboard: F, anonymous: U },
  pointsQuarter: { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: 'ok', dashboard: F, anonymous: U },

  // Mutations
  login: { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: 'ok', dashboard: 'ok', anonymous: 'ok' },
  logout: adminOnly,
  refreshSession: adminOnly,
  /** One's own password: every console session (a twin account's, so the fixtures keep theirs). */
  changePassword: adminOnly,
  issueApiToken: regionWrite,
  createOneAdminUser: superAdminOnly,
  updateOneAdminUser: superAdminOnly,
  /** A token the super admin issued: a region admin sees only its own dashboard tokens and those of its agreements. */
  revokeApiToken: { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: F, partnerB: F, dashboard: F, anonymous: U },
  generateAnnualFeedbackDrafts: hostFeedbackStep,
  updateOneAnnualFeedback: hostFeedbackStep,
  submitAnnualFeedback: hostFeedbackStep,
  approveAnnualFeedback: hostFeedbackStep,
  acknowledgeAnnualFeedback: recipientFeedbackStep,
  gradeAnnualFeedback: recipientFeedbackStep,
  archiveAnnualFeedback: recipientFeedbackStep,
  /** A delivered return: the recipient may send it back, the host (its author) no longer may. */
  returnAnnualFeedback: {
    ...recipientFeedbackStep,
    // Callers that could never return anything (no feedback:approve or feedback:receive) are refused outright.
    partnerB: F,
    dashboard: F,
  },
  /** Chongqing reports on Chengdu's members living in Chongqing (the reverse direction of A). */
  submitAnnualFeedbackBatch: { superAdmin: F, regionAdmin: F, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  createOneOrganization: regionWrite,
  createManyOrganizations: regionWrite,
  updateOneOrganization: regionWrite,
  updateManyOrganizations: regionWrite,
  deleteOneOrganization: regionWrite,
  deleteManyOrganizations: regionWrite,
  createOneMember: regionWrite,
  createManyMembers: regionWrite,
  updateOneMember: regionWrite,
  updateManyMembers: regionWrite,
  deleteOneMember: regionWrite,
  deleteManyMembers: regionWrite,
  createOneAgreement: regionWrite,
  createManyAgreements: regionWrite,
  updateOneAgreement: regionWrite,
  updateManyAgreements: regionWrite,
  deleteOneAgreement: regionWrite,
  deleteManyAgreements: regionWrite,
  createOneActivityRecord: regionWrite,
  createManyActivityRecords: regionWrite,
  updateOneActivityRecord: regionWrite,
  updateManyActivityRecords: regionWrite,
  deleteOneActivityRecord: regionWrite,
  deleteManyActivityRecords: regionWrite,
  createPointsScheme: regionWrite,
  revisePointsScheme: regionWrite,
  recordPointsEntries: regionWrite,
  deletePointsEntry: regionWrite,
  recomputeMonthlyScores: regionWrite,
  publishPointsQuarter: regionWrite,
  createOneContactRecord: regionWrite,
  createManyContactRecords: regionWrite,
  updateOneContactRecord: regionWrite,
  updateManyContactRecords: regionWrite,
  deleteOneContactRecord: regionWrite,
  deleteManyContactRecords: regionWrite,
  createOneContactPairing: regionWrite,
  createManyContactPairings: regionWrite,
  updateOneContactPairing: regionWrite,
  updateManyContactPairings: regionWrite,
  deleteOneContactPairing: regionWrite,
  deleteManyContactPairings: regionWrite,
  /** Targets are Guangzhou members (the region admin's own region): a fresh one per call to open or close. */
  openLostContactCase: regionWrite,
  addLostContactAttempt: regionWrite,
  closeLostContactCase: regionWrite,

  /** The events feed: every admin (the agreements it reads), a partner token with events:read (its side of its agreement). */
  events: { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  webhookEndpoints: { superAdmin: 'ok', regionAdmin: 'ok', viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  /** Partner A's endpoint (its side of agreement A): outside the Guangzhou admin's agreements. */
  webhookEndpoint: webhookOfA,
  /** Admins under agreement D (Guangzhou hosts it), partner A under its own agreement. */
  createWebhookEndpoint: { superAdmin: 'ok', regionAdmin: 'ok', viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  updateWebhookEndpoint: webhookOfA,
  rotateWebhookEndpointSecret: webhookOfA,
  deleteWebhookEndpoint: webhookOfA,
  replayWebhookDelivery: webhookOfA,

  /**
   * Transfer requests under agreement A: admins read those of their region's members, partner A
   * (transfers scope) its agreement's; partner B holds no transfers scope. Steps: the host (super
   * admin) asks, partner A answers; completion by the receiving side (a Chengdu member moving to
   * Chongqing: the partner); cancelling by the side that asked (the host).
   */
  transferRequests: { superAdmin: 'ok', regionAdmin: 'ok', viewer: 'ok', partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  transferRequest: { superAdmin: 'ok', regionAdmin: N, viewer: 'ok', partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  requestTransfer: { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  acceptTransfer: { superAdmin: F, regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  rejectTransfer: { superAdmin: F, regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  cancelTransfer: { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: F, partnerB: F, dashboard: F, anonymous: U },
  completeTransfer: { superAdmin: F, regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  notices: noticesList,
  notice: noticeOfA,
  pendingMemberEntries: noticesList,
  pendingMemberEntry: noticeOfA,
  rosterExchanges: noticesList,
  rosterExchange: noticeOfA,
  /** A message under A: the super admin as the host, partner A as the partner. */
  sendNotice: { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  /** A notice of A addressed to partner A: the host, its sender, does not mark it read or answer it. */
  markNoticeRead: { superAdmin: F, regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  answerNotice: { superAdmin: F, regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
  confirmPendingMemberEntry: pendingEntryOfA,
  mergePendingMemberEntry: pendingEntryOfA,
  declinePendingMemberEntry: pendingEntryOfA,
  /** Partner A's roster of A: only the partner side members flow out of sends one. */
  sendRoster: { superAdmin: F, regionAdmin: N, viewer: F, partnerA: 'ok', partnerB: F, dashboard: F, anonymous: U },
};

/**
 * Partner accounts. Their viewer is made by the function that makes a partner token's
 * (api/access/partner-scope.ts), so each account's column is the column of the token it equals,
 * row by row, and the matrix then checks that the server agrees:
 * - accountA (Chongqing's reviewer under A) is partner A without the scopes a reviewer does not
 *   stand for — statistics, the events feed and webhooks;
 * - partnerAdminB (Deyang's partner administrator under B) is partner B (members and returns, read only).
 * Besides, both are console sessions (me, logout, refresh), and the partner accounts' own operations are explicit rows.
 */
const ONLY_PARTNER_A_SCOPES = new Set([
  'activityStatistics',
  'careStatistics',
  'pointsStatistics',
  'memberStatistics',
  'feedbackStatistics',
  'events',
  'webhookEndpoints',
  'webhookEndpoint',
  'createWebhookEndpoint',
  'updateWebhookEndpoint',
  'rotateWebhookEndpointSecret',
  'deleteWebhookEndpoint',
  'replayWebhookDelivery',
]);
const CONSOLE_SESSION = new Set(['me', 'logout', 'refreshSession', 'changePassword']);

function withAccounts(name: string, row: BaseRow): Row {
  if (CONSOLE_SESSION.has(name)) return { ...row, accountA: 'ok', partnerAdminB: 'ok' };
  return { ...row, accountA: ONLY_PARTNER_A_SCOPES.has(name) ? F : row.partnerA, partnerAdminB: row.partnerB };
}

/**
 * Partner accounts' own operations. Targets: the super admin creates under B, the Guangzhou admin
 * under D (which its region hosts), Deyang's partner administrator under B (its own); the account
 * changed is a fresh viewer account of B (Chengdu hosts B: outside the Guangzhou admin's reach).
 */
const partnerAccountRows: Record<string, Row> = {
  partnerAccounts: { superAdmin: 'ok', regionAdmin: 'ok', viewer: F, partnerA: F, partnerB: F, accountA: F, partnerAdminB: 'ok', dashboard: F, anonymous: U },
  createPartnerAccount: { superAdmin: 'ok', regionAdmin: 'ok', viewer: F, partnerA: F, partnerB: F, accountA: F, partnerAdminB: 'ok', dashboard: F, anonymous: U },
  updatePartnerAccount: { superAdmin: 'ok', regionAdmin: N, viewer: F, partnerA: F, partnerB: F, accountA: F, partnerAdminB: 'ok', dashboard: F, anonymous: U },
};

export const EXPECTED: Record<string, Row> = {
  ...Object.fromEntries(Object.entries(TOKEN_TABLE).map(([name, row]) => [name, withAccounts(name, row)])),
  ...partnerAccountRows,
};

export const SCHEMA_FILE = path.resolve(__dirname, '../../schema/schema.graphql');

export function contractSchema(): GraphQLSchema {
  return buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
}

export interface Operation {
  kind: 'query' | 'mutation';
  name: string;
}

/** Every root field of the contract (subscriptions included, should any appear). */
export function contractOperations(schema = contractSchema()): Operation[] {
  const roots: [Operation['kind'] | 'subscription', ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) => Object.keys(type?.getFields() ?? {}).map((name) => ({ kind: kind as Operation['kind'], name })));
}
