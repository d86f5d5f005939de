import { createHash } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from './errors';
import { credentialOf as credentialOfViewer, type Viewer } from './viewer';

/**
 * Retried writes that never apply twice. A key names one piece of work of one credential (the
 * partner batch's `idempotencyKey`, or the `Idempotency-Key` header of any mutation request):
 *
 * - the work and the record of its result commit in the same transaction, so a crash, an outage
 *   or a rollback leaves neither — the retry simply does the work;
 * - while the work runs it holds a transaction-level advisory lock on the key: a concurrent
 *   retry finds it taken and is told IN_PROGRESS, and PostgreSQL releases the lock by itself
 *   however the first attempt ends (commit, rollback, killed process, lost connection);
 * - the same key with the same payload replays the stored result; with another payload it is
 *   KEY_REUSED;
 * - keys are kept for {@link IDEMPOTENCY_KEY_DAYS} days, then forgotten.
 */

export const IDEMPOTENCY_KEY_DAYS = 7;

@Entity({ tableName: 'idempotency_key' })
@Unique({ name: 'idempotency_key_credential_scope_key_unique', properties: ['credential', 'scope', 'key'] })
@Index({ properties: ['expiresAt'] })
export class IdempotencyKey {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** `token:<id>` or `admin:<id>`: keys of different credentials never meet. */
  @Property({ type: 'string', length: 40 })
  credential!: string;

  /** What the key guards: `request` (the header) or an operation with a key of its own. */
  @Property({ type: 'string', length: 64 })
  scope!: string;

  @Property({ type: 'string', length: 200 })
  key!: string;

  /** SHA-256 of the canonical payload. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  /** The result to replay, sealed with the data key (it may name people); null when it held a secret shown once. */
  @Property({ type: 'text', nullable: true })
  response?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}

/** JSON with sorted keys, so that the same payload always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(canonical(payload)).digest('hex');
}

/** The credential a key belongs to; anonymous callers have none (and no idempotency). */
export function credentialOf(viewer: Viewer): string | null {
  return credentialOfViewer(viewer);
}

export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export type Claim<T> = { replay: T } | { replay: null; record(result: T, options?: { withheld?: boolean }): Promise<void> };

/**
 * Claims a key inside the caller's transaction: refuses while another attempt holds it, replays
 * what a finished one stored, refuses another payload, or lets the work go ahead and hands back
 * `record`, to store the result in the same transaction once the work is done.
 */
export async function claimIdempotencyKey<T>(
  em: EntityManager,
  claim: { credential: string; scope: string; key: string; payload: unknown; now: Date; sealer: Sealer; field?: string },
): Promise<Claim<T>> {
  const { credential, scope, key, now, sealer } = claim;
  const requestHash = payloadHash(claim.payload);
  const [lock]: { held: boolean }[] = await em.execute('select pg_try_advisory_xact_lock(hashtextextended(?, 0)) as held', [`${credential}|${scope}|${key}`]);
  if (!lock?.held) {
    throw new ConflictError('A request with this idempotency key is still being processed; retry later', { reason: 'IN_PROGRESS', field: claim.field });
  }
  const earlier = await em.findOne(IdempotencyKey, { credential, scope, key, expiresAt: { $gt: now } });
  if (earlier) {
    if (earlier.requestHash !== requestHash) {
      throw new ConflictError('This idempotency key was already used for a different payload', { reason: 'KEY_REUSED', field: claim.field });
    }
    if (earlier.response == null) {
      throw new ConflictError('This request was already done with this idempotency key; what it returned was shown once and is not kept', {
        reason: 'ALREADY_APPLIED',
        field: claim.field,
      });
    }
    return { replay: JSON.parse(sealer.open(earlier.response)) as T };
  }
  return {
    replay: null,
    async record(result, options = {}) {
      // Forgotten keys of this credential make room first (the unique key may name one).
      await em.nativeDelete(IdempotencyKey, { credential, expiresAt: { $lte: now } });
      em.create(IdempotencyKey, {
        credential,
        scope,
        key,
        requestHash,
        response: options.withheld ? null : sealer.seal(JSON.stringify(result)),
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_DAYS * 86_400_000),
      });
      await em.flush();
    },
  };
}
