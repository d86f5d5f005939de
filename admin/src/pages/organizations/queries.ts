import { gql } from "@urql/core";

export const ORGANIZATIONS_LIST_QUERY = gql`
  query OrganizationsList($filter: OrganizationFilter, $paging: OffsetPaging, $sorting: [OrganizationSort!]) {
    organizations(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        code
        name
        kind
        level
        depth
        regionCode
        region {
          name
        }
        hostRegionCode
        parent {
          id
          name
        }
        secretaryName
        memberCount
      }
    }
  }
`;

export const ORGANIZATION_SHOW_QUERY = gql`
  query OrganizationShow($id: ID!) {
    organization(id: $id) {
      id
      code
      name
      kind
      level
      depth
      regionCode
      region {
        name
      }
      hostRegionCode
      hostRegion {
        name
      }
      parentId
      ancestors {
        id
        name
      }
      children {
        id
        code
        name
        kind
        level
        memberCount
      }
      secretaryName
      contactName
      contactPhone
      memberCount
      createdAt
      updatedAt
      members(paging: { limit: 10 }, sorting: [{ field: ledgerUpdatedAt, direction: DESC }]) {
        totalCount
        nodes {
          id
          name
          idNumber
          status
          mobilityType
        }
      }
    }
  }
`;

export const ORGANIZATION_EDIT_QUERY = gql`
  query OrganizationEdit($id: ID!) {
    organization(id: $id) {
      version
      id
      code
      name
      kind
      level
      parentId
      regionCode
      hostRegionCode
      secretaryName
      contactName
      contactPhone
    }
  }
`;

export const ORGANIZATION_CREATE_MUTATION = gql`
  mutation CreateOrganization($input: CreateOneOrganizationInput!) {
    createOneOrganization(input: $input) {
      id
      name
    }
  }
`;

export const ORGANIZATION_UPDATE_MUTATION = gql`
  mutation UpdateOrganization($input: UpdateOneOrganizationInput!) {
    updateOneOrganization(input: $input) {
      id
      name
      parentId
    }
  }
`;

export const ORGANIZATION_DELETE_MUTATION = gql`
  mutation DeleteOrganization($input: DeleteOneOrganizationInput!) {
    deleteOneOrganization(input: $input) {
      id
    }
  }
`;
