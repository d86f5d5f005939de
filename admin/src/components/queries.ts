import { gql } from "@urql/core";

/** Every organisation in scope (at most 500: a city's tree), for tree pickers. */
export const ORGANIZATION_TREE_QUERY = gql`
  query OrganizationTree($filter: OrganizationFilter, $paging: OffsetPaging, $sorting: [OrganizationSort!]) {
    organizations(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        name
        code
        parentId
        depth
        kind
        level
        regionCode
        memberCount
      }
    }
  }
`;

/** Regions of the reference table, for region pickers. */
export const REGION_OPTIONS_QUERY = gql`
  query RegionOptions($filter: RegionFilter, $paging: OffsetPaging, $sorting: [RegionSort!]) {
    regions(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        code
        name
        level
        parentCode
      }
    }
  }
`;

/** Agreements, for pickers (token issue, feedback board, activity import). */
export const AGREEMENT_OPTIONS_QUERY = gql`
  query AgreementOptions($filter: AgreementFilter, $paging: OffsetPaging, $sorting: [AgreementSort!]) {
    agreements(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        code
        title
        status
        direction
        partnerRegionCode
        hostRegionCode
        effectiveFrom
        effectiveTo
        feedbackDeadline
        inForce
      }
    }
  }
`;

/** Members by name, for pickers (activity records). */
export const MEMBER_OPTIONS_QUERY = gql`
  query MemberOptions($filter: MemberFilter, $paging: OffsetPaging, $sorting: [MemberSort!]) {
    members(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        name
        idNumber
      }
    }
  }
`;

/** Members by exact national ID number (imports), each answer tied to the number asked. */
export const MEMBERS_BY_ID_NUMBER_QUERY = gql`
  query MembersByIdNumber($idNumbers: [String!]!) {
    membersByIdNumber(idNumbers: $idNumbers) {
      idNumber
      member {
        id
        name
      }
    }
  }
`;

/** Members by id (imports keyed by 党员编号), to show and check whom each row names. */
export const MEMBERS_BY_ID_QUERY = gql`
  query MembersById($filter: MemberFilter, $paging: OffsetPaging, $sorting: [MemberSort!]) {
    members(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        name
      }
    }
  }
`;

/** Organisations by exact code (imports), to turn the codes of a sheet into ids. */
export const ORGANIZATIONS_BY_CODE_QUERY = gql`
  query OrganizationsByCode($filter: OrganizationFilter, $paging: OffsetPaging, $sorting: [OrganizationSort!]) {
    organizations(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        code
        name
      }
    }
  }
`;
