import { gql } from "@urql/core";

export const ADMIN_USERS_LIST_QUERY = gql`
  query AdminUsersList($filter: AdminUserFilter, $paging: OffsetPaging, $sorting: [AdminUserSort!]) {
    adminUsers(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        username
        displayName
        role
        regionCode
        disabled
        lastLoginAt
        createdAt
      }
    }
  }
`;

export const ADMIN_USER_EDIT_QUERY = gql`
  query AdminUserEdit($id: ID!) {
    adminUser(id: $id) {
      version
      id
      username
      displayName
      role
      regionCode
      disabled
    }
  }
`;

export const ADMIN_USER_CREATE_MUTATION = gql`
  mutation CreateAdminUser($input: CreateOneAdminUserInput!) {
    createOneAdminUser(input: $input) {
      id
      username
    }
  }
`;

export const ADMIN_USER_UPDATE_MUTATION = gql`
  mutation UpdateAdminUser($input: UpdateOneAdminUserInput!) {
    updateOneAdminUser(input: $input) {
      id
      username
    }
  }
`;
