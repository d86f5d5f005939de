import { gql } from "@urql/core";

export const ACTIVITY_RECORDS_LIST_QUERY = gql`
  query ActivityRecordsList($filter: ActivityRecordFilter, $paging: OffsetPaging, $sorting: [ActivityRecordSort!]) {
    activityRecords(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        occurredOn
        kind
        title
        hours
        points
        source
        memberId
        member {
          id
          name
        }
        organization {
          id
          name
        }
        createdAt
      }
    }
  }
`;

export const ACTIVITY_RECORD_CREATE_MUTATION = gql`
  mutation CreateActivityRecord($input: CreateOneActivityRecordInput!) {
    createOneActivityRecord(input: $input) {
      id
      title
    }
  }
`;

export const ACTIVITY_RECORD_EDIT_QUERY = gql`
  query ActivityRecordEdit($id: ID!) {
    activityRecord(id: $id) {
      version
      id
      memberId
      organizationId
      kind
      occurredOn
      title
      hours
      points
    }
  }
`;

export const ACTIVITY_RECORD_UPDATE_MUTATION = gql`
  mutation UpdateActivityRecord($input: UpdateOneActivityRecordInput!) {
    updateOneActivityRecord(input: $input) {
      id
      title
    }
  }
`;

export const ACTIVITY_RECORD_DELETE_MUTATION = gql`
  mutation DeleteActivityRecord($input: DeleteOneActivityRecordInput!) {
    deleteOneActivityRecord(input: $input) {
      id
    }
  }
`;

export const ACTIVITY_RECORDS_CREATE_MANY_MUTATION = gql`
  mutation CreateManyActivityRecords($input: CreateManyActivityRecordsInput!) {
    createManyActivityRecords(input: $input) {
      id
    }
  }
`;

/** Activity records as a spreadsheet: what the list's filter selects. */
export const ACTIVITY_RECORDS_EXPORT_QUERY = gql`
  query ActivityRecordsExport($filter: ActivityRecordFilter, $paging: OffsetPaging, $sorting: [ActivityRecordSort!]) {
    activityRecords(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        occurredOn
        kind
        title
        hours
        points
        source
        memberId
        member {
          name
          idNumber
        }
        organization {
          code
          name
        }
        createdAt
      }
    }
  }
`;

/** The organisations of the member chosen on 新增活动记录: the record is usually theirs to keep. */
export const ACTIVITY_MEMBER_ORGANIZATIONS_QUERY = gql`
  query ActivityMemberOrganizations($id: ID!) {
    member(id: $id) {
      id
      formalOrganizationId
      inflowOrganizationId
    }
  }
`;
