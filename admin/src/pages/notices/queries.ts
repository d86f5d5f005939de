import { gql } from "@urql/core";

export const NOTICES_LIST_QUERY = gql`
  query NoticesList($filter: NoticeFilter, $paging: OffsetPaging, $sorting: [NoticeSort!]) {
    notices(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount
      nodes {
        id
        agreementId
        agreement {
          id
          title
        }
        kind
        fromSide
        toSide
        memberId
        member {
          id
          name
        }
        idNumber
        personName
        facts {
          arrivedOn
          leftOn
          destinationRegionCode
          destinationAddress
          occupation
          workUnit
          formalOrganizationName
          statusBefore
          statusAfter
          transferredTo
        }
        body
        automatic
        sentBy
        sentAt
        read
        readAt
        readBy
        answer
        answeredBy
        answeredAt
      }
    }
  }
`;

export const SEND_NOTICE_MUTATION = gql`
  mutation SendNotice($input: SendNoticeInput!) {
    sendNotice(input: $input) {
      id
    }
  }
`;

export const MARK_NOTICE_READ_MUTATION = gql`
  mutation MarkNoticeRead($id: ID!) {
    markNoticeRead(id: $id) {
      id
      read
    }
  }
`;

export const ANSWER_NOTICE_MUTATION = gql`
  mutation AnswerNotice($input: AnswerNoticeInput!) {
    answerNotice(input: $input) {
      id
      answer
    }
  }
`;
