import { gql } from "@urql/core";

export const AGREEMENTS_LIST_QUERY = gql`
  query AgreementsList($filter: AgreementFilter, $paging: OffsetPaging, $sorting: [AgreementSort!]) {
    agreements(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        code
        title
        status
        direction
        hostRegionCode
        hostRegion {
          name
        }
        partnerRegionCode
        partnerRegion {
          name
        }
        signedOn
        effectiveFrom
        effectiveTo
        feedbackDeadline
        coveredMemberCount
      }
    }
  }
`;

export const AGREEMENT_SHOW_QUERY = gql`
  query AgreementShow($id: ID!) {
    agreement(id: $id) {
      id
      code
      title
      status
      direction
      hostRegionCode
      hostRegion {
        name
      }
      partnerRegionCode
      partnerRegion {
        name
      }
      signedOn
      effectiveFrom
      effectiveTo
      feedbackDeadline
      expectedOrgLifeSessions
      hostOrganization {
        id
        name
      }
      hostContactName
      hostContactPhone
      partnerOrganizationName
      partnerContactName
      partnerContactPhone
      hostResponsibilities
      partnerResponsibilities
      coveredMemberCount
      createdAt
      updatedAt
    }
  }
`;

export const AGREEMENT_EDIT_QUERY = gql`
  query AgreementEdit($id: ID!) {
    agreement(id: $id) {
      version
      id
      code
      title
      status
      direction
      hostRegionCode
      partnerRegionCode
      signedOn
      effectiveFrom
      effectiveTo
      feedbackDeadline
      expectedOrgLifeSessions
      hostOrganizationId
      hostContactName
      hostContactPhone
      partnerOrganizationName
      partnerContactName
      partnerContactPhone
      hostResponsibilities
      partnerResponsibilities
    }
  }
`;

export const AGREEMENT_CREATE_MUTATION = gql`
  mutation CreateAgreement($input: CreateOneAgreementInput!) {
    createOneAgreement(input: $input) {
      id
      code
      title
    }
  }
`;

export const AGREEMENT_UPDATE_MUTATION = gql`
  mutation UpdateAgreement($input: UpdateOneAgreementInput!) {
    updateOneAgreement(input: $input) {
      id
      code
      title
      status
    }
  }
`;

export const AGREEMENT_DELETE_MUTATION = gql`
  mutation DeleteAgreement($input: DeleteOneAgreementInput!) {
    deleteOneAgreement(input: $input) {
      id
    }
  }
`;
