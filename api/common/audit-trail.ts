import { ReferenceKind, Utils, wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf } from './viewer';
import type { RequestContext } from './context';

/** Columns never written to the trail: ciphertexts, keyed hashes and secrets. */
const SECRET_FIELD = /(Cipher|Hash)$/;

export type Snapshot = Record<string, unknown>;

const REFERENCE = new Set([ReferenceKind.MANY_TO_ONE, ReferenceKind.ONE_TO_ONE]);
const COLLECTION = new Set([ReferenceKind.ONE_TO_MANY, ReferenceKind.MANY_TO_MANY]);

/**
 * The entity's own columns as plain values: references as their ids (a loaded member must not be
 * copied whole into every activity record's event); collections, hidden columns and secrets left
 * out (their masked twins stay).
 */
export function snapshot(entity: object): Snapshot {
  if (!Utils.isEntity(entity)) return Object.fromEntries(Object.entries(entity).filter(([key]) => !SECRET_FIELD.test(key)));
  const values = entity as Record<string, unknown>;
  const columns: Snapshot = {};
  for (const prop of wrap(entity, true).__meta.props) {
    if (prop.persist === false || prop.hidden || COLLECTION.has(prop.kind) || SECRET_FIELD.test(prop.name)) continue;
    const value = values[prop.name];
    columns[prop.name] = REFERENCE.has(prop.kind) && value ? wrap(value as object, true).getPrimaryKey() : value;
  }
  return columns;
}

/** `{field: {before, after}}` for the fields that differ. */
export function diff(before: Snapshot | null, after: Snapshot | null): Record<string, { before: unknown; after: unknown }> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of keys) {
    // Bookkeeping every write moves, not a change anyone made.
    if (key === 'updatedAt' || key === 'createdAt' || key === 'version') continue;
    const was = before?.[key] ?? null;
    const is = after?.[key] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(is)) changes[key] = { before: was, after: is };
  }
  return changes;
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  changes?: Record<string, unknown> | null;
}

/** Appends events to the trail, inside the caller's transaction so a rolled-back change leaves none. */
export class AuditService {
  /**
   * One INSERT … SELECT from a JSON array, not the unit of work: a 5,000-record import writes
   * 5,000 events in one statement. No RETURNING: writers may append events they may not read.
   */
  async record(ctx: RequestContext, em: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const actor = actorOf(ctx.viewer);
    const rows = entries.map((entry) => ({
      actor_type: actor.actorType,
      actor_id: actor.actorId,
      actor_name: actor.actorName,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      changes: entry.changes ?? null,
      request_id: ctx.requestId,
      ip: ctx.ip ?? null,
      occurred_at: ctx.now.toISOString(),
    }));
    await em.execute(
      `insert into audit_event (actor_type, actor_id, actor_name, action, entity, entity_id, changes, request_id, ip, occurred_at)
       select actor_type, actor_id, actor_name, action, entity, entity_id, changes, request_id, ip, occurred_at
         from jsonb_to_recordset(?::jsonb) as e(actor_type text, actor_id text, actor_name text, action text, entity text, entity_id text,
                                                changes jsonb, request_id text, ip text, occurred_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  /** The members whose personal data the request showed (noted by common/personal-reads.ts), in one event. */
  async flushReads(ctx: RequestContext): Promise<void> {
    if (ctx.personalDataReads.size === 0) return;
    const ids = [...ctx.personalDataReads].sort((a, b) => Number(a) - Number(b));
    ctx.personalDataReads.clear();
    await this.record(ctx, ctx.em, [{ action: 'read', entity: 'Member', changes: { ids } }]);
  }
}

export const auditService = new AuditService();
