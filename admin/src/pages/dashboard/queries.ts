import { gql } from "@urql/core";

export const MEMBER_STATISTICS_QUERY = gql`
  query DashboardMemberStatistics {
    memberStatistics {
      total
      byStatus {
        key
        label
        count
        suppressed
      }
      byMobilityType {
        key
        label
        count
        suppressed
      }
      byDestinationRegion {
        key
        label
        count
        suppressed
      }
      byFormalRegion {
        key
        label
        count
        suppressed
      }
    }
  }
`;

export const ACTIVITY_STATISTICS_QUERY = gql`
  query DashboardActivityStatistics($year: Int!) {
    activityStatistics(year: $year) {
      year
      months {
        month
        participants
        membersUnderCare
        participationRate
        volunteers
        volunteerHours
        suppressed
      }
    }
  }
`;

/** How many members a ledger filter selects (the dashboard's reminder counts: transferDue, ledgerStale). */
export const LEDGER_REMINDER_COUNT_QUERY = gql`
  query LedgerReminderCount($filter: MemberFilter, $paging: OffsetPaging, $sorting: [MemberSort!]) {
    members(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
      }
    }
  }
`;

/** The agreements whose returns of the year being prepared are made (Agreement.inForceDuring). */
export const DASHBOARD_AGREEMENTS_QUERY = gql`
  query DashboardAgreements($year: Int!) {
    agreements(paging: { limit: 500 }, sorting: [{ field: code, direction: ASC }]) {
      nodes {
        id
        code
        title
        inForceDuring(year: $year)
      }
    }
  }
`;

/** How the members under care are looked after (the dashboard's care row). */
export const CARE_STATISTICS_QUERY = gql`
  query DashboardCareStatistics {
    careStatistics {
      membersUnderCare
      withoutOrgLifeSixMonths
      withoutOrgLifeSixMonthsRate
      talksDue
      talksOverdue
      familyVisitsDue
      openLostContactCases
      openLostContactCasesByAge {
        key
        count
        suppressed
      }
    }
  }
`;

/** 十二分制 of a year per organisation (the dashboard's points card). */
export const POINTS_STATISTICS_QUERY = gql`
  query DashboardPointsStatistics($year: Int!) {
    pointsStatistics(year: $year) {
      year
      organizations {
        key
        organizationName
        total
        byGrade {
          key
          count
          suppressed
        }
      }
    }
  }
`;
