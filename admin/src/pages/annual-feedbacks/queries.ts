import { gql } from "@urql/core";

export const FEEDBACK_BOARD_QUERY = gql`
  query FeedbackBoard($filter: AnnualFeedbackFilter, $paging: OffsetPaging, $sorting: [AnnualFeedbackSort!]) {
    annualFeedbacks(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        year
        status
        kind
        talksHeld
        reminderTalksHeld
        thoughtReports
        transferredOn
        transferredTo
        version
        memberId
        member {
          id
          name
          partyStanding
        }
        toOrganization {
          id
          name
        }
        orgLifeAttended
        orgLifeExpected
        monthsUnderCare
        volunteerCount
        volunteerHours
        studyCount
        pioneerCount
        points
        suggestedGrade
        finalGrade
        recommendedForAward
        duesStatus
        transferRecommended
        warnings
        overdue
        dueOn
        returnReason
        updatedAt
        recipient
        allowedActions
      }
    }
  }
`;

export const FEEDBACK_PROGRESS_QUERY = gql`
  query FeedbackProgress($agreementId: ID!, $year: Int!, $recipient: FeedbackRecipient) {
    feedbackProgress(agreementId: $agreementId, year: $year, recipient: $recipient) {
      agreementId
      year
      inForce
      deadline
      daysToDeadline
      directions {
        recipient
        visibleStatuses
        expected
        notExpected
        missingCount
        missing {
          memberId
          name
        }
        overdue
        byStatus {
          status
          count
        }
      }
    }
  }
`;

export const FEEDBACK_EDIT_QUERY = gql`
  query FeedbackEdit($id: ID!) {
    annualFeedback(id: $id) {
      id
      version
      status
      year
      member {
        id
        name
        partyStanding
      }
      orgLifeAttended
      orgLifeExpected
      monthsUnderCare
      volunteerCount
      volunteerHours
      studyCount
      pioneerCount
      yearScore
      scoreItems {
        code
        label
        counted
      }
      pointsGrade
      gradeReason
      onlineStudyMonths
      suggestedGrade
      recommendedForAward
      awardNote
      duesStatus
      transferRecommended
      comments
      warnings
      returnReason
    }
  }
`;

export const FEEDBACK_UPDATE_MUTATION = gql`
  mutation UpdateFeedback($input: UpdateOneAnnualFeedbackInput!) {
    updateOneAnnualFeedback(input: $input) {
      id
      version
      status
      warnings
    }
  }
`;

export const GENERATE_DRAFTS_MUTATION = gql`
  mutation GenerateDrafts($input: GenerateAnnualFeedbackDraftsInput!) {
    generateAnnualFeedbackDrafts(input: $input) {
      created
      refreshed
      unchanged
      pastDraft {
        status
        count
      }
      skipped {
        memberId
        name
        reason
      }
    }
  }
`;

export const SUBMIT_FEEDBACK_MUTATION = gql`
  mutation SubmitFeedback($input: FeedbackTransitionInput!) {
    submitAnnualFeedback(input: $input) {
      id
      status
      version
    }
  }
`;

export const APPROVE_FEEDBACK_MUTATION = gql`
  mutation ApproveFeedback($input: FeedbackTransitionInput!) {
    approveAnnualFeedback(input: $input) {
      id
      status
      version
    }
  }
`;

export const RETURN_FEEDBACK_MUTATION = gql`
  mutation ReturnFeedback($input: ReturnAnnualFeedbackInput!) {
    returnAnnualFeedback(input: $input) {
      id
      status
      version
    }
  }
`;

export const ACKNOWLEDGE_FEEDBACK_MUTATION = gql`
  mutation AcknowledgeFeedback($input: FeedbackTransitionInput!) {
    acknowledgeAnnualFeedback(input: $input) {
      id
      status
      version
    }
  }
`;

export const GRADE_FEEDBACK_MUTATION = gql`
  mutation GradeFeedback($input: GradeAnnualFeedbackInput!) {
    gradeAnnualFeedback(input: $input) {
      id
      status
      finalGrade
      version
    }
  }
`;

export const ARCHIVE_FEEDBACK_MUTATION = gql`
  mutation ArchiveFeedback($input: FeedbackTransitionInput!) {
    archiveAnnualFeedback(input: $input) {
      id
      status
      version
    }
  }
`;
