import type { FilterQuery } from '@mikro-orm/core';
import { regionPrefix } from './region-code';
import { isPartnerRole, type TokenAgreement, type Viewer } from './viewer';

/**
 * The shared grammar of the domain policies (`<domain>/<domain>.policy.ts`). A policy answers,
 * for one entity and one viewer: which rows may be read, which may be written, what is masked
 * and what counts as a personal-data read. PostgreSQL row-level security states the same rules
 * again (migrations/…_AccessPolicies), so a path that forgets the policy still leaks nothing.
 */

/** The part of a domain policy every read needs: which rows this viewer may read. */
export interface ReadPolicy<E> {
  read(viewer: Viewer): FilterQuery<E>;
}

/** A condition that matches no row: the scope of a viewer without the permission. */
export const NOTHING = { id: { $in: [] as number[] } };

/** GB/T 2260 codes inside a region, as a LIKE condition on a code column. */
export const within = (regionCode: string) => ({ $like: `${regionPrefix(regionCode)}%` });

/**
 * How far a viewer's rows extend: the whole platform (super admins), one region (region admins
 * and viewers), one agreement (partner tokens), or nowhere.
 */
export type Reach =
  | { kind: 'everywhere' }
  | { kind: 'region'; regionCode: string }
  | { kind: 'agreement'; agreement: TokenAgreement; years: readonly number[] }
  | { kind: 'nowhere' };

export function reachOf(viewer: Viewer): Reach {
  // A partner account reaches nothing as an admin (only while logging in is it one): as a token, its agreement.
  if (viewer.kind === 'admin' && isPartnerRole(viewer.role)) return { kind: 'nowhere' };
  if (viewer.kind === 'admin') return viewer.regionCode ? { kind: 'region', regionCode: viewer.regionCode } : { kind: 'everywhere' };
  if (viewer.kind === 'token' && viewer.agreement) return { kind: 'agreement', agreement: viewer.agreement, years: viewer.years };
  return { kind: 'nowhere' };
}

let applicationScope = true;

/**
 * Test hook: with the application-level scope off, every row condition a policy returns is
 * dropped and row-level security in PostgreSQL is all that stands between a viewer and the rows
 * (test/access/rls-only.test.ts runs the scope matrix that way). Permission checks stay on.
 */
export function setApplicationScope(enabled: boolean): void {
  applicationScope = enabled;
}

/** A policy's row condition as the application applies it. */
export function scoped<Q>(condition: Q): Q {
  return applicationScope ? condition : ({} as Q);
}

/** A policy's in-memory check of a row about to be written, as the application applies it. */
export function allowedRow(allowed: boolean): boolean {
  return applicationScope ? allowed : true;
}
