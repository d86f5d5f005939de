import { gql } from "@urql/core";

export const AUDIT_EVENTS_LIST_QUERY = gql`
  query AuditEventsList($filter: AuditEventFilter, $paging: OffsetPaging, $sorting: [AuditEventSort!]) {
    auditEvents(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        occurredAt
        actorType
        actorId
        actorName
        action
        entity
        entityId
        ip
        requestId
        changes
      }
    }
  }
`;
