import { gql } from "@urql/core";

export const PENDING_MEMBER_ENTRIES_LIST_QUERY = gql`
  query PendingMemberEntriesList($filter: PendingMemberEntryFilter, $paging: OffsetPaging, $sorting: [PendingMemberEntrySort!]) {
    pendingMemberEntries(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        agreementId
        noticeId
        rosterExchangeId
        idNumber
        personName
        status
        facts {
          arrivedOn
          destinationRegionCode
          destinationAddress
          occupation
          workUnit
          formalOrganizationName
        }
        memberId
        member {
          id
          name
        }
        resolvedBy
        resolvedAt
        declineReason
        createdAt
      }
    }
  }
`;

export const CONFIRM_PENDING_MEMBER_ENTRY_MUTATION = gql`
  mutation ConfirmPendingMemberEntry($input: ConfirmPendingMemberEntryInput!) {
    confirmPendingMemberEntry(input: $input) {
      id
      status
      memberId
    }
  }
`;

export const MERGE_PENDING_MEMBER_ENTRY_MUTATION = gql`
  mutation MergePendingMemberEntry($input: MergePendingMemberEntryInput!) {
    mergePendingMemberEntry(input: $input) {
      id
      status
    }
  }
`;

export const DECLINE_PENDING_MEMBER_ENTRY_MUTATION = gql`
  mutation DeclinePendingMemberEntry($input: DeclinePendingMemberEntryInput!) {
    declinePendingMemberEntry(input: $input) {
      id
      status
    }
  }
`;
