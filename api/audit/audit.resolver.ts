import { Resolver } from 'type-graphql';
import { createReadResolver } from '../common/crud/crud.resolver';
import { ReadService } from '../common/crud/read.service';
import { Resource } from '../common/crud/resource';
import { BadUserInputError } from '../common/errors';
import { AuditEvent } from './audit-event.entity';
import { auditPolicy } from './audit.policy';

/** An audit event's key: a bigint, sent as its decimal text. */
function parseAuditEventId(raw: unknown, field: string): string {
  const text = String(raw);
  if (!/^[1-9]\d{0,17}$/.test(text)) throw new BadUserInputError(field, 'is not a valid id', 'INVALID_ID');
  return text;
}

export const auditEventResource = new Resource<AuditEvent>({
  entity: AuditEvent,
  name: 'AuditEvent',
  plural: 'AuditEvents',
  permissions: { read: 'audit:read' },
  fields: {
    id: { kind: 'id', sortable: true, parseId: parseAuditEventId },
    occurredAt: { kind: 'datetime', sortable: true },
    actorType: { kind: 'string', sortable: true },
    actorId: { kind: 'string', sortable: true },
    actorName: { kind: 'string', sortable: true },
    action: { kind: 'string', sortable: true },
    entity: { kind: 'string', sortable: true },
    entityId: { kind: 'string', sortable: true },
    requestId: { kind: 'string' },
  },
  defaultSort: [{ field: 'id', direction: 'DESC' }],
});

/** The audit trail, for super admins; there is no way to change or remove an event. */
export class AuditEventService extends ReadService<AuditEvent, string> {
  constructor() {
    super(auditEventResource, auditPolicy);
  }

  protected parseKey(raw: string | number, field: string): string {
    return parseAuditEventId(raw, field);
  }
}

export const auditEventService = new AuditEventService();

@Resolver(() => AuditEvent)
export class AuditEventResolver extends createReadResolver(auditEventResource, () => auditEventService) {}
