import { gql } from "@urql/core";

export const LOST_CONTACT_CASES_LIST_QUERY = gql`
  query LostContactCasesList($filter: LostContactCaseFilter, $paging: OffsetPaging, $sorting: [LostContactCaseSort!]) {
    lostContactCases(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        memberId
        member {
          id
          name
        }
        openedOn
        openedBy
        lastKnownContactOn
        closedOn
        outcome
        open
        attempts {
          totalCount
        }
      }
    }
  }
`;

export const LOST_CONTACT_CASE_SHOW_QUERY = gql`
  query LostContactCaseShow($id: ID!) {
    lostContactCase(id: $id) {
      id
      version
      memberId
      member {
        id
        name
        status
      }
      openedOn
      openedBy
      lastKnownContactOn
      lastKnownFacts
      statusBefore
      closedOn
      closedBy
      closingNote
      outcome
      open
      attempts(paging: { limit: 500 }) {
        totalCount
        nodes {
          id
          attemptedOn
          channel
          attemptedBy
          result
        }
      }
    }
  }
`;

export const OPEN_LOST_CONTACT_CASE_MUTATION = gql`
  mutation OpenLostContactCase($input: OpenLostContactCaseInput!) {
    openLostContactCase(input: $input) {
      id
    }
  }
`;

export const ADD_LOST_CONTACT_ATTEMPT_MUTATION = gql`
  mutation AddLostContactAttempt($input: AddLostContactAttemptInput!) {
    addLostContactAttempt(input: $input) {
      id
    }
  }
`;

export const CLOSE_LOST_CONTACT_CASE_MUTATION = gql`
  mutation CloseLostContactCase($input: CloseLostContactCaseInput!) {
    closeLostContactCase(input: $input) {
      id
      outcome
    }
  }
`;
