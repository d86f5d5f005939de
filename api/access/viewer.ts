import type { AgreementDirection } from '../agreements/agreement.entity';
import type { AdminRole } from './admin-user.entity';
import type { TokenScope } from './api-token.entity';

/** Who is calling: exactly one per request, resolved from the Authorization header. */
export type Viewer = AnonymousViewer | SystemViewer | AdminViewer | TokenViewer;

export interface AnonymousViewer {
  kind: 'anonymous';
}

/** Start-up tasks such as seeding and command-line tools. */
export interface SystemViewer {
  kind: 'system';
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

export interface TokenAgreement {
  id: number;
  hostRegionCode: string;
  partnerRegionCode: string;
  direction: AgreementDirection;
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
  years: readonly number[];
}

export const ANONYMOUS: AnonymousViewer = { kind: 'anonymous' };
export const SYSTEM: SystemViewer = { kind: 'system' };

/** A short, log-safe description of the caller for the audit trail. */
export function actorOf(viewer: Viewer): { actorType: string; actorId: string | null; actorName: string | null } {
  switch (viewer.kind) {
    case 'admin':
      return { actorType: 'admin', actorId: String(viewer.userId), actorName: viewer.username };
    case 'token':
      return { actorType: 'token', actorId: String(viewer.tokenId), actorName: viewer.name };
    case 'system':
      return { actorType: 'system', actorId: null, actorName: null };
    case 'anonymous':
      return { actorType: 'anonymous', actorId: null, actorName: null };
  }
}
