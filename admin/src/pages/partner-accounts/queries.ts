import { gql } from "@urql/core";

export const PARTNER_ACCOUNTS_QUERY = gql`
  query PartnerAccounts($agreementId: ID) {
    partnerAccounts(agreementId: $agreementId) {
      id
      username
      displayName
      role
      agreementId
      disabled
      lastLoginAt
      version
    }
  }
`;

export const CREATE_PARTNER_ACCOUNT_MUTATION = gql`
  mutation CreatePartnerAccount($input: CreatePartnerAccountInput!) {
    createPartnerAccount(input: $input) {
      id
      username
      role
      agreementId
    }
  }
`;

export const UPDATE_PARTNER_ACCOUNT_MUTATION = gql`
  mutation UpdatePartnerAccount($input: UpdatePartnerAccountInput!) {
    updatePartnerAccount(input: $input) {
      id
      role
      disabled
      version
    }
  }
`;
