import { gql } from "@urql/core";
import type { LoginMutation, MeQuery } from "../graphql/types";

// Inline input object and no fragment: the operations depend only on field names.
export const LOGIN_MUTATION = gql`
  mutation Login($username: String!, $password: String!) {
    login(input: { username: $username, password: $password }) {
      token
      expiresAt
      user {
        id
        username
        displayName
        role
        regionCode
        agreementId
        permissions
      }
    }
  }
`;

export const ME_QUERY = gql`
  query Me {
    me {
      id
      username
      displayName
      role
      regionCode
      agreementId
      permissions
    }
  }
`;

/** Answers like login: every session of the account ends, this one included, and the one returned replaces it. */
export const CHANGE_PASSWORD_MUTATION = gql`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      token
      expiresAt
      user {
        id
        username
        displayName
        role
        regionCode
        agreementId
        permissions
      }
    }
  }
`;

export const LOGOUT_MUTATION = gql`
  mutation Logout {
    logout
  }
`;

export type Identity = MeQuery["me"];
export type LoginResult = LoginMutation;
/** A session the API opened: by login, or by a changed password. */
export type OpenedSession = LoginMutation["login"];
export type MeResult = { me: Identity | null };
