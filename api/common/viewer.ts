import { registerEnumType } from 'type-graphql';
import type { AgreementSides } from './agreement-sides';

/**
 * Who is calling, in the words every domain's policy is written in. Lives in common/ so that
 * members, organisations, feedback and the rest can branch on it without importing access/.
 */

export enum AdminRole {
  /** Everything, everywhere, including the audit trail. */
  SUPER_ADMIN = 'SUPER_ADMIN',
  /** Organisations, members, activity, agreements and tokens within their region. */
  REGION_ADMIN = 'REGION_ADMIN',
  /** Reads only (within their region, when they have one). */
  VIEWER = 'VIEWER',
  /**
   * Partner accounts: people of the partner side's organisation department, bound to one
   * agreement. Their viewer is the partner token's viewer of that agreement (access/partner-scope.ts).
   */
  /** Reads like a partner viewer, and creates and disables the partner accounts of its agreement. */
  PARTNER_ADMIN = 'PARTNER_ADMIN',
  /** Acknowledges, returns, grades and archives the returns addressed to the partner (and submits, two-way). */
  PARTNER_REVIEWER = 'PARTNER_REVIEWER',
  /** Reads covered members, returns and published scores. */
  PARTNER_VIEWER = 'PARTNER_VIEWER',
}
registerEnumType(AdminRole, {
  name: 'AdminRole',
  description: '超级管理员 / 区域管理员 / 只读 / 合作方管理员 / 合作方审核 / 合作方只读',
  valuesConfig: {
    PARTNER_ADMIN: { description: 'A partner administrator the host designates: partner accounts of its agreement' },
    PARTNER_REVIEWER: { description: 'A partner account that receives, returns, grades and archives returns' },
    PARTNER_VIEWER: { description: 'A partner account that reads only' },
  },
});

export const PARTNER_ROLES: readonly AdminRole[] = [AdminRole.PARTNER_ADMIN, AdminRole.PARTNER_REVIEWER, AdminRole.PARTNER_VIEWER];

/** Whether a console account of this role is a partner account (bound to an agreement). */
export function isPartnerRole(role: AdminRole): boolean {
  return PARTNER_ROLES.includes(role);
}

export enum TokenScope {
  MEMBERS_READ = 'members:read',
  FEEDBACK_READ = 'feedback:read',
  FEEDBACK_SUBMIT = 'feedback:submit',
  FEEDBACK_RECEIVE = 'feedback:receive',
  FEEDBACK_GRADE = 'feedback:grade',
  STATS_READ = 'stats:read',
  EVENTS_READ = 'events:read',
  WEBHOOKS_MANAGE = 'webhooks:manage',
  TRANSFERS = 'transfers:write',
  NOTICES_READ = 'notices:read',
  NOTICES_SEND = 'notices:send',
}
registerEnumType(TokenScope, {
  name: 'TokenScope',
  description: 'What a token may do: read covered members, read/submit/receive/grade year-end feedback, read statistics',
  valuesConfig: {
    MEMBERS_READ: { description: 'members:read — covered members, masked' },
    FEEDBACK_READ: { description: 'feedback:read — delivered year-end returns, and the members they are about' },
    FEEDBACK_SUBMIT: { description: 'feedback:submit — submit returns in the reverse direction, about the members the partner reports on' },
    FEEDBACK_RECEIVE: { description: 'feedback:receive — mark returns received, return them for correction' },
    FEEDBACK_GRADE: { description: 'feedback:grade — write the final grade' },
    STATS_READ: { description: 'stats:read — aggregate statistics only, under disclosure control' },
    EVENTS_READ: { description: 'events:read — the events feed of its side of the agreement (ids and states; details through the other scopes)' },
    WEBHOOKS_MANAGE: { description: 'webhooks:manage — register webhook endpoints for its side of the agreement, see deliveries, replay them (includes events:read)' },
    TRANSFERS: { description: 'transfers:write — transfer requests (组织关系转接) for the partner side: request, accept, reject, cancel, complete, and read them with the covered members they name' },
    NOTICES_READ: { description: 'notices:read — the notices, pending ledger entries and roster reconciliations of its agreement' },
    NOTICES_SEND: { description: 'notices:send — send notices (流入提醒、离开告知…) and rosters to the host, mark read, answer (includes notices:read)' },
  },
});

/** Who is calling: exactly one per request, resolved from the Authorization header. */
export type Viewer = AnonymousViewer | AdminViewer | TokenViewer;

export interface AnonymousViewer {
  kind: 'anonymous';
}

export interface AdminViewer {
  kind: 'admin';
  userId: number;
  username: string;
  role: AdminRole;
  /** Limits a region admin or viewer to a GB/T 2260 region; null for a super admin. */
  regionCode: string | null;
  sessionId: string;
}

export interface TokenAgreement extends AgreementSides {
  id: number;
}

/** The person behind a partner viewer that is a partner account rather than an API token. */
export interface PartnerAccountIdentity {
  userId: number;
  username: string;
  role: AdminRole;
  sessionId: string;
}

/**
 * A partner or dashboard: an API token, or a partner account logged in to the console, whose
 * viewer is built by the same function from the same agreement (access/partner-scope.ts) so that
 * every policy and row-level security treat the two alike. Only who it is differs.
 */
export interface TokenViewer {
  kind: 'token';
  /** Null for a partner account. */
  tokenId: number | null;
  publicId: string | null;
  /** Set for a partner account: the audit trail, idempotency keys and look-up counts are its own. */
  account?: PartnerAccountIdentity | null;
  name: string;
  scopes: readonly TokenScope[];
  /** Null for a dashboard token, which reads statistics only. */
  agreement: TokenAgreement | null;
  partnerRegionCode: string | null;
  /**
   * The region of the admin who issued the token: nothing the token reaches lies outside it.
   * Null when a super admin issued it (a platform-wide dashboard token, for instance).
   */
  issuerRegionCode: string | null;
  years: readonly number[];
}

export const ANONYMOUS: AnonymousViewer = { kind: 'anonymous' };

/** A short, log-safe description of the caller for the audit trail. */
export function actorOf(viewer: Viewer): { actorType: string; actorId: string | null; actorName: string | null } {
  switch (viewer.kind) {
    case 'admin':
      return { actorType: 'admin', actorId: String(viewer.userId), actorName: viewer.username };
    case 'token':
      // A partner account acts as the console account it is, never as a token.
      if (viewer.account) return { actorType: 'admin', actorId: String(viewer.account.userId), actorName: viewer.account.username };
      return { actorType: 'token', actorId: String(viewer.tokenId), actorName: viewer.name };
    case 'anonymous':
      return { actorType: 'anonymous', actorId: null, actorName: null };
  }
}

/**
 * `admin:<id>` or `token:<id>`: what idempotency keys and look-up counts belong to (a partner
 * account is the console account it is); null for anonymous callers.
 */
export function credentialOf(viewer: Viewer): string | null {
  const { actorType, actorId } = actorOf(viewer);
  return actorId === null ? null : `${actorType}:${actorId}`;
}

/** The console session behind a viewer: an admin's, or a partner account's. */
export function sessionOf(viewer: Viewer): { userId: number; sessionId: string } | null {
  if (viewer.kind === 'admin') return { userId: viewer.userId, sessionId: viewer.sessionId };
  if (viewer.kind === 'token' && viewer.account) return { userId: viewer.account.userId, sessionId: viewer.account.sessionId };
  return null;
}
