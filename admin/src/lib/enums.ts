import type {
  ActivityKind,
  AdminRole,
  AgreementDirection,
  AgreementStatus,
  DuesStatus,
  EvaluationGrade,
  FeedbackRecipient,
  FeedbackStatus,
  FeedbackWarning,
  Gender,
  MemberStatus,
  MobilityType,
  OrganizationKind,
  OrganizationLevel,
  PartyStanding,
  TokenScope,
} from "../graphql/types";

/** Every enum value of the contract the admin shows; labels are `enums.<Enum>.<VALUE>`. */
export const ENUMS = {
  MemberStatus: ["REGISTERED", "REPORTED", "MANAGED", "LOST_CONTACT", "RETURNED", "TRANSFERRED"] satisfies MemberStatus[],
  MobilityType: ["EMPLOYMENT", "STUDY", "SETTLEMENT", "TEMPORARY"] satisfies MobilityType[],
  PartyStanding: ["FULL", "PROBATIONARY"] satisfies PartyStanding[],
  Gender: ["MALE", "FEMALE"] satisfies Gender[],
  OrganizationKind: [
    "COMMITTEE",
    "WORKING_COMMITTEE",
    "GENERAL_BRANCH",
    "BRANCH",
    "MOBILE_MEMBER_COMMITTEE",
    "FUNCTIONAL",
  ] satisfies OrganizationKind[],
  OrganizationLevel: ["CITY", "DISTRICT", "TOWNSHIP", "COMMUNITY"] satisfies OrganizationLevel[],
  AgreementStatus: ["DRAFT", "ACTIVE", "SUSPENDED", "EXPIRED", "TERMINATED"] satisfies AgreementStatus[],
  AgreementDirection: ["TWO_WAY", "PARTNER_TO_HOST", "HOST_TO_PARTNER"] satisfies AgreementDirection[],
  FeedbackStatus: ["DRAFT", "SUBMITTED", "DELIVERED", "RECEIVED", "GRADED", "ARCHIVED"] satisfies FeedbackStatus[],
  EvaluationGrade: ["EXCELLENT", "QUALIFIED", "BASICALLY_QUALIFIED", "UNQUALIFIED"] satisfies EvaluationGrade[],
  DuesStatus: ["PAID_IN_FULL", "IN_ARREARS", "PAID_AT_HOME"] satisfies DuesStatus[],
  FeedbackWarning: ["EXCELLENT_SHARE_OVER_ONE_THIRD", "LOW_ORGANIZATIONAL_LIFE", "OVERDUE"] satisfies FeedbackWarning[],
  FeedbackRecipient: ["HOST", "PARTNER"] satisfies FeedbackRecipient[],
  TokenScope: ["MEMBERS_READ", "FEEDBACK_READ", "FEEDBACK_SUBMIT", "FEEDBACK_RECEIVE", "FEEDBACK_GRADE", "STATS_READ"] satisfies TokenScope[],
  ActivityKind: [
    "THREE_MEETINGS_ONE_LESSON",
    "THEME_PARTY_DAY",
    "ORGANIZATIONAL_LIFE_MEETING",
    "VOLUNTEER_SERVICE",
    "STUDY",
    "PIONEER_POST",
    "OTHER",
  ] satisfies ActivityKind[],
  AdminRole: ["SUPER_ADMIN", "REGION_ADMIN", "VIEWER"] satisfies AdminRole[],
} as const;

export type EnumName = keyof typeof ENUMS;

/** Tag colours that carry meaning (state, warning); anything else is the default tag. */
export const ENUM_COLORS: Partial<Record<EnumName, Record<string, string>>> = {
  MemberStatus: {
    REGISTERED: "default",
    REPORTED: "blue",
    MANAGED: "green",
    LOST_CONTACT: "red",
    RETURNED: "purple",
    TRANSFERRED: "gold",
  },
  AgreementStatus: { DRAFT: "default", ACTIVE: "green", SUSPENDED: "orange", EXPIRED: "purple", TERMINATED: "red" },
  FeedbackStatus: {
    DRAFT: "default",
    SUBMITTED: "processing",
    DELIVERED: "blue",
    RECEIVED: "cyan",
    GRADED: "green",
    ARCHIVED: "purple",
  },
  EvaluationGrade: { EXCELLENT: "red", QUALIFIED: "green", BASICALLY_QUALIFIED: "orange", UNQUALIFIED: "default" },
  FeedbackWarning: { EXCELLENT_SHARE_OVER_ONE_THIRD: "orange", LOW_ORGANIZATIONAL_LIFE: "gold", OVERDUE: "red" },
  PartyStanding: { FULL: "red", PROBATIONARY: "orange" },
  AdminRole: { SUPER_ADMIN: "red", REGION_ADMIN: "blue", VIEWER: "default" },
};
