import { gql } from "@urql/core";

export const TRANSFER_REQUESTS_LIST_QUERY = gql`
  query TransferRequestsList($filter: TransferRequestFilter, $paging: OffsetPaging, $sorting: [TransferRequestSort!]) {
    transferRequests(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        memberId
        member {
          id
          name
        }
        fromOrganization {
          id
          name
        }
        toOrganization {
          id
          name
        }
        state
        requestedSide
        requestedAt
        completedOn
        allowedActions
      }
    }
  }
`;

export const TRANSFER_REQUEST_SHOW_QUERY = gql`
  query TransferRequestShow($id: ID!) {
    transferRequest(id: $id) {
      id
      version
      memberId
      member {
        id
        name
        status
      }
      agreementId
      agreement {
        id
        title
      }
      fromOrganization {
        id
        name
      }
      toOrganization {
        id
        name
      }
      receivingSide
      state
      reason
      letterNumber
      dueReason
      exceptionReason
      requestedSide
      requestedBy
      requestedAt
      acceptedBy
      acceptedAt
      rejectedBy
      rejectedAt
      rejectionReason
      cancelledBy
      cancelledAt
      completedBy
      completedAt
      completedOn
      returnsClosed
      casesClosed
      pairingsEnded
      allowedActions
    }
  }
`;

export const REQUEST_TRANSFER_MUTATION = gql`
  mutation RequestTransfer($input: RequestTransferInput!) {
    requestTransfer(input: $input) {
      id
      state
    }
  }
`;

export const ACCEPT_TRANSFER_MUTATION = gql`
  mutation AcceptTransfer($input: AcceptTransferInput!) {
    acceptTransfer(input: $input) {
      id
      state
      version
    }
  }
`;

export const REJECT_TRANSFER_MUTATION = gql`
  mutation RejectTransfer($input: RejectTransferInput!) {
    rejectTransfer(input: $input) {
      id
      state
      version
    }
  }
`;

export const CANCEL_TRANSFER_MUTATION = gql`
  mutation CancelTransfer($input: TransferStepInput!) {
    cancelTransfer(input: $input) {
      id
      state
      version
    }
  }
`;

export const COMPLETE_TRANSFER_MUTATION = gql`
  mutation CompleteTransfer($input: CompleteTransferInput!) {
    completeTransfer(input: $input) {
      id
      state
      version
      returnsClosed
      casesClosed
      pairingsEnded
    }
  }
`;
