import { ReferenceKind, Utils, wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf } from '../access/viewer';
import type { RequestContext } from '../common/context';
import { AuditEvent } from './audit-event.entity';

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
    if (key === 'updatedAt' || key === 'createdAt') continue;
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

/** Rows per INSERT: 10 columns each, well under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 4000;

/** Appends events to the trail, inside the caller's transaction so a rolled-back change leaves none. */
export class AuditService {
  /** Inserted directly (multi-row INSERTs), not through the unit of work: a 5,000-record import writes 5,000 events. */
  async record(ctx: RequestContext, em: EntityManager, entries: AuditEntry[]): Promise<void> {
    const actor = actorOf(ctx.viewer);
    const rows = entries.map((entry) => ({
      ...actor,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      changes: entry.changes ?? null,
      requestId: ctx.requestId,
      ip: ctx.ip ?? null,
      occurredAt: ctx.now,
    }));
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await em.insertMany(AuditEvent, rows.slice(start, start + INSERT_CHUNK));
    }
  }

  /**
   * Notes which members' personal data a token was shown. Collected during the request and
   * written once at its end (see the audit plugin), so a page of 500 costs one insert.
   */
  noteRead(ctx: RequestContext, entity: string, ids: (string | number)[]): void {
    if (ctx.viewer.kind !== 'token' || ids.length === 0) return;
    const seen = (ctx.personalDataReads[entity] ??= new Set());
    for (const id of ids) seen.add(String(id));
  }

  async flushReads(ctx: RequestContext): Promise<void> {
    const entries = Object.entries(ctx.personalDataReads).filter(([, ids]) => ids.size > 0);
    if (entries.length === 0) return;
    await this.record(
      ctx,
      ctx.em.fork(),
      entries.map(([entity, ids]) => ({ action: 'read', entity, changes: { ids: [...ids].sort((a, b) => Number(a) - Number(b)) } })),
    );
  }
}

export const auditService = new AuditService();
