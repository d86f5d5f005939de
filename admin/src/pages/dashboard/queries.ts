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
