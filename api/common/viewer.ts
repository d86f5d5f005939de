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
}
registerEnumType(AdminRole, { name: 'AdminRole', description: '超级管理员 / 区域管理员 / 只读' });

export enum TokenScope {
  MEMBERS_READ = 'members:read',
  FEEDBACK_READ = 'feedback:read',
  FEEDBACK_SUBMIT = 'feedback:submit',
  FEEDBACK_RECEIVE = 'feedback:receive',
  FEEDBACK_GRADE = 'feedback:grade',
  STATS_READ = 'stats:read',
  EVENTS_READ = 'events:read',
  WEBHOOKS_MANAGE = 'webhooks:manage',
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

export interface TokenViewer {
  kind: 'token';
  tokenId: number;
  publicId: string;
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
      return { actorType: 'token', actorId: String(viewer.tokenId), actorName: viewer.name };
    case 'anonymous':
      return { actorType: 'anonymous', actorId: null, actorName: null };
  }
}
