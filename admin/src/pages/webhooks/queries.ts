import { gql } from "@urql/core";

const ENDPOINT_FIELDS = gql`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id
    agreementId
    audience
    url
    description
    eventTypes
    enabled
    previousSecretExpiresAt
    createdAt
    createdBy
    updatedAt
    version
  }
`;

export const WEBHOOK_ENDPOINTS_QUERY = gql`
  query WebhookEndpoints($agreementId: ID) {
    webhookEndpoints(agreementId: $agreementId) {
      ...WebhookEndpointFields
    }
  }
  ${ENDPOINT_FIELDS}
`;

export const WEBHOOK_ENDPOINT_QUERY = gql`
  query WebhookEndpointShow($id: ID!, $first: Int) {
    webhookEndpoint(id: $id) {
      ...WebhookEndpointFields
      deliveries(first: $first) {
        id
        eventId
        webhookId
        status
        attemptCount
        createdAt
        lastAttemptAt
        succeededAt
        version
        attempts {
          id
          startedAt
          statusCode
          outcome
          durationMs
          error
        }
      }
    }
  }
  ${ENDPOINT_FIELDS}
`;

export const CREATE_WEBHOOK_ENDPOINT_MUTATION = gql`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        ...WebhookEndpointFields
      }
    }
  }
  ${ENDPOINT_FIELDS}
`;

export const UPDATE_WEBHOOK_ENDPOINT_MUTATION = gql`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      ...WebhookEndpointFields
    }
  }
  ${ENDPOINT_FIELDS}
`;

export const ROTATE_WEBHOOK_SECRET_MUTATION = gql`
  mutation RotateWebhookEndpointSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookEndpointSecret(input: $input) {
      secret
      endpoint {
        ...WebhookEndpointFields
      }
    }
  }
  ${ENDPOINT_FIELDS}
`;

export const DELETE_WEBHOOK_ENDPOINT_MUTATION = gql`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`;

export const REPLAY_WEBHOOK_DELIVERY_MUTATION = gql`
  mutation ReplayWebhookDelivery($id: ID!) {
    replayWebhookDelivery(id: $id) {
      id
      status
      attemptCount
    }
  }
`;
