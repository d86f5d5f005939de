import { gql } from "@urql/core";

export const ROSTER_EXCHANGES_LIST_QUERY = gql`
  query RosterExchangesList($filter: RosterExchangeFilter, $paging: OffsetPaging, $sorting: [RosterExchangeSort!]) {
    rosterExchanges(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        agreementId
        fromSide
        clientRosterId
        sentBy
        sentAt
        rowCount
        matchedCount
        unknownCount
        missingCount
        pendingCreatedCount
      }
    }
  }
`;

export const ROSTER_EXCHANGE_SHOW_QUERY = gql`
  query RosterExchangeShow($id: ID!, $outcome: RosterOutcome, $paging: OffsetPaging) {
    rosterExchange(id: $id) {
      id
      agreementId
      fromSide
      clientRosterId
      sentBy
      sentAt
      rowCount
      matchedCount
      unknownCount
      missingCount
      pendingCreatedCount
      outcomes(outcome: $outcome, paging: $paging) {
        totalCount
        nodes {
          id
          rowNumber
          outcome
          idNumber
          personName
          memberId
          pendingEntryId
        }
      }
    }
  }
`;
