import { gql } from "@urql/core";

export const MEMBERS_LIST_QUERY = gql`
  query MembersList($filter: MemberFilter, $paging: OffsetPaging, $sorting: [MemberSort!]) {
    members(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        name
        gender
        idNumber
        phone
        status
        mobilityType
        partyStanding
        destinationRegionCode
        destinationRegion {
          name
        }
        formalOrganization {
          id
          name
        }
        inflowOrganization {
          id
          name
        }
        outflowDate
        monthsAway
        transferDue
        transferDueReason
        ledgerStale
        ledgerUpdatedAt
        lastContactOn
      }
    }
  }
`;

export const MEMBER_SHOW_QUERY = gql`
  query MemberShow($id: ID!) {
    member(id: $id) {
      id
      name
      gender
      birthDate
      idNumber
      phone
      partyStanding
      joinedOn
      status
      mobilityType
      outflowDate
      monthsAway
      destinationRegionCode
      destinationRegion {
        name
      }
      destinationAddress
      occupation
      workUnit
      ideologicalNote
      formalOrganizationId
      formalOrganization {
        id
        name
      }
      inflowOrganizationId
      inflowOrganization {
        id
        name
      }
      certificateNumber
      certificateIssuedOn
      certificateExpiresOn
      lastContactOn
      talkDue
      familyVisitDue
      contactPerson {
        id
        contactName
        contactRole
        phone
      }
      ledgerUpdatedAt
      ledgerStale
      transferDue
      transferDueReason
      abroad
      expertiseTags
      createdAt
      updatedAt
      transferRequests(paging: { limit: 10 }) {
        totalCount
        nodes {
          id
          state
          requestedAt
          toOrganization {
            id
            name
          }
        }
      }
      activities(paging: { limit: 100 }, sorting: [{ field: occurredOn, direction: DESC }]) {
        totalCount
        nodes {
          id
          occurredOn
          kind
          title
          hours
          points
          source
          organization {
            id
            name
          }
        }
      }
    }
  }
`;

/** The member's year-end returns (feedback history). */
export const MEMBER_FEEDBACKS_QUERY = gql`
  query MemberFeedbacks($filter: AnnualFeedbackFilter, $paging: OffsetPaging, $sorting: [AnnualFeedbackSort!]) {
    annualFeedbacks(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        year
        status
        agreement {
          id
          code
          title
        }
        orgLifeAttended
        orgLifeExpected
        monthsUnderCare
        volunteerHours
        points
        suggestedGrade
        finalGrade
        warnings
        updatedAt
      }
    }
  }
`;

/** For the edit form: the masked personal data comes under other names, so it never lands in the inputs. */
export const MEMBER_EDIT_QUERY = gql`
  query MemberEdit($id: ID!) {
    member(id: $id) {
      version
      id
      name
      maskedIdNumber: idNumber
      maskedPhone: phone
      partyStanding
      joinedOn
      status
      mobilityType
      outflowDate
      destinationRegionCode
      destinationAddress
      abroad
      occupation
      workUnit
      ideologicalNote
      formalOrganizationId
      inflowOrganizationId
      certificateNumber
      certificateIssuedOn
      certificateExpiresOn
      lastContactOn
      expertiseTags
    }
  }
`;

export const MEMBER_CREATE_MUTATION = gql`
  mutation CreateMember($input: CreateOneMemberInput!) {
    createOneMember(input: $input) {
      id
      name
    }
  }
`;

export const MEMBER_UPDATE_MUTATION = gql`
  mutation UpdateMember($input: UpdateOneMemberInput!) {
    updateOneMember(input: $input) {
      id
      name
      maskedIdNumber: idNumber
      maskedPhone: phone
      status
      ledgerUpdatedAt
    }
  }
`;

export const MEMBER_DELETE_MUTATION = gql`
  mutation DeleteMember($input: DeleteOneMemberInput!) {
    deleteOneMember(input: $input) {
      id
    }
  }
`;

export const MEMBERS_CREATE_MANY_MUTATION = gql`
  mutation CreateManyMembers($input: CreateManyMembersInput!) {
    createManyMembers(input: $input) {
      id
    }
  }
`;

/** The ledger as a spreadsheet: what the list's filter selects, as the API shows it to the caller (masked). */
export const MEMBERS_EXPORT_QUERY = gql`
  query MembersExport($filter: MemberFilter, $paging: OffsetPaging, $sorting: [MemberSort!]) {
    members(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        name
        gender
        birthDate
        idNumber
        phone
        partyStanding
        joinedOn
        status
        mobilityType
        outflowDate
        monthsAway
        destinationRegionCode
        destinationRegion {
          name
        }
        destinationAddress
        abroad
        occupation
        workUnit
        formalOrganization {
          name
        }
        inflowOrganization {
          name
        }
        certificateNumber
        certificateExpiresOn
        lastContactOn
        ledgerUpdatedAt
        transferDue
        transferDueReason
        ledgerStale
      }
    }
  }
`;
