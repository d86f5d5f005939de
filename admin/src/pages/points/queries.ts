import { gql } from "@urql/core";

export const POINTS_SCHEMES_LIST_QUERY = gql`
  query PointsSchemesList($filter: PointsSchemeFilter, $paging: OffsetPaging, $sorting: [PointsSchemeSort!]) {
    pointsSchemes(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        name
        version
        ownerOrganizationId
        ownerOrganization {
          id
          name
        }
        agreementId
        agreement {
          id
          code
          title
        }
        versions(paging: { limit: 100 }) {
          nodes {
            id
            number
            fromYear
            baseScore
            excellentFrom
            qualifiedFrom
            basicallyQualifiedFrom
            createdBy
            createdAt
            items {
              code
              label
              source
              activityKind
              contactKind
              value
              monthCap
              yearCap
            }
          }
        }
      }
    }
  }
`;

export const CREATE_POINTS_SCHEME_MUTATION = gql`
  mutation CreatePointsScheme($input: CreatePointsSchemeInput!) {
    createPointsScheme(input: $input) {
      id
      name
    }
  }
`;

export const REVISE_POINTS_SCHEME_MUTATION = gql`
  mutation RevisePointsScheme($input: RevisePointsSchemeInput!) {
    revisePointsScheme(input: $input) {
      id
      name
      version
    }
  }
`;

export const POINTS_QUARTER_QUERY = gql`
  query PointsQuarter($organizationId: ID!, $year: Int!, $quarter: Int!) {
    pointsQuarter(organizationId: $organizationId, year: $year, quarter: $quarter) {
      organizationId
      year
      quarter
      months
      publication {
        id
        publishedAt
        publishedBy
        scoreCount
      }
      rows {
        memberId
        memberName
        scores
        adjustment
        total
        adjustments {
          entryId
          value
          reason
          occurredOn
        }
      }
    }
  }
`;

export const RECOMPUTE_MONTHLY_SCORES_MUTATION = gql`
  mutation RecomputeMonthlyScores($input: RecomputeMonthlyScoresInput!) {
    recomputeMonthlyScores(input: $input) {
      created
      updated
      deleted
    }
  }
`;

export const PUBLISH_POINTS_QUARTER_MUTATION = gql`
  mutation PublishPointsQuarter($input: PublishPointsQuarterInput!) {
    publishPointsQuarter(input: $input) {
      id
      scoreCount
      publishedAt
      publishedBy
    }
  }
`;
