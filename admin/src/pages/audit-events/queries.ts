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

/** The names of the objects a page of events is about (and of the members their changes name). */
export const AUDIT_SUBJECTS_QUERY = gql`
  query AuditSubjects(
    $members: [ID!]!
    $organizations: [ID!]!
    $agreements: [ID!]!
    $activityRecords: [ID!]!
    $annualFeedbacks: [ID!]!
    $apiTokens: [ID!]!
    $adminUsers: [ID!]!
  ) {
    members(filter: { id: { in: $members } }, paging: { limit: 500 }) {
      nodes {
        id
        name
      }
    }
    organizations(filter: { id: { in: $organizations } }, paging: { limit: 500 }) {
      nodes {
        id
        name
      }
    }
    agreements(filter: { id: { in: $agreements } }, paging: { limit: 500 }) {
      nodes {
        id
        code
        title
      }
    }
    activityRecords(filter: { id: { in: $activityRecords } }, paging: { limit: 500 }) {
      nodes {
        id
        title
        member {
          name
        }
      }
    }
    annualFeedbacks(filter: { id: { in: $annualFeedbacks } }, paging: { limit: 500 }) {
      nodes {
        id
        year
        agreementId
        member {
          name
        }
      }
    }
    apiTokens(filter: { id: { in: $apiTokens } }, paging: { limit: 500 }) {
      nodes {
        id
        name
      }
    }
    adminUsers(filter: { id: { in: $adminUsers } }, paging: { limit: 500 }) {
      nodes {
        id
        username
        displayName
      }
    }
  }
`;
