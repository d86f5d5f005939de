import { gql } from "@urql/core";

export const API_TOKENS_LIST_QUERY = gql`
  query ApiTokensList($filter: ApiTokenFilter, $paging: OffsetPaging, $sorting: [ApiTokenSort!]) {
    apiTokens(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        name
        publicId
        scopes
        years
        partnerRegionCode
        agreementId
        agreement {
          id
          code
          title
        }
        expiresAt
        revokedAt
        lastUsedAt
        lastUsedIp
        createdAt
      }
    }
  }
`;

export const ISSUE_API_TOKEN_MUTATION = gql`
  mutation IssueApiToken($input: IssueApiTokenInput!) {
    issueApiToken(input: $input) {
      token
      apiToken {
        id
        name
        publicId
        scopes
        years
        expiresAt
      }
    }
  }
`;

export const REVOKE_API_TOKEN_MUTATION = gql`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`;
