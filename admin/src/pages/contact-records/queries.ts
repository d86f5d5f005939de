import { gql } from "@urql/core";

export const CONTACT_RECORDS_LIST_QUERY = gql`
  query ContactRecordsList($filter: ContactRecordFilter, $paging: OffsetPaging, $sorting: [ContactRecordSort!]) {
    contactRecords(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        occurredOn
        kind
        channel
        heldBy
        notes
        followUp
        source
        memberId
        member {
          id
          name
        }
      }
    }
  }
`;

export const CONTACT_RECORD_CREATE_MUTATION = gql`
  mutation CreateContactRecord($input: CreateOneContactRecordInput!) {
    createOneContactRecord(input: $input) {
      id
      kind
    }
  }
`;

export const CONTACT_RECORD_DELETE_MUTATION = gql`
  mutation DeleteContactRecord($input: DeleteOneContactRecordInput!) {
    deleteOneContactRecord(input: $input) {
      id
    }
  }
`;

export const CONTACT_RECORDS_CREATE_MANY_MUTATION = gql`
  mutation CreateManyContactRecords($input: CreateManyContactRecordsInput!) {
    createManyContactRecords(input: $input) {
      id
    }
  }
`;
