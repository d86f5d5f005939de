import {
  ApartmentOutlined,
  FileSearchOutlined,
  AuditOutlined,
  CalendarOutlined,
  CommentOutlined,
  SearchOutlined,
  SwapOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  KeyOutlined,
  IdcardOutlined,
  MailOutlined,
  SolutionOutlined,
  DiffOutlined,
  OrderedListOutlined,
  TableOutlined,
  TeamOutlined,
  UserOutlined,
  ApiOutlined,
} from "@ant-design/icons";
import type { ResourceProps } from "@refinedev/core";
import type { ReactNode } from "react";
import { matchPath, Route } from "react-router";
import { lazyPage, type LazyPage } from "../components/lazy-page";
import { session } from "../providers/session";

// Every page is its own chunk, fetched when its route is first shown (React.lazy; the layout's
// <Suspense> shows <PageLoading> meanwhile): the login page and the dashboard load neither the
// ledger's forms nor exceljs nor the tables of pages never opened. The login page, what a first
// visit shows, is the exception: it comes with the first chunk rather than one round trip after it.
export { LoginPage } from "../pages/login";
const DashboardPage = lazyPage(() => import("../pages/dashboard"), "DashboardPage");
const OrganizationList = lazyPage(() => import("../pages/organizations/list"), "OrganizationList");
const OrganizationCreate = lazyPage(() => import("../pages/organizations/create"), "OrganizationCreate");
const OrganizationEdit = lazyPage(() => import("../pages/organizations/edit"), "OrganizationEdit");
const OrganizationShow = lazyPage(() => import("../pages/organizations/show"), "OrganizationShow");
const MemberList = lazyPage(() => import("../pages/members/list"), "MemberList");
const MemberCreate = lazyPage(() => import("../pages/members/create"), "MemberCreate");
const MemberEdit = lazyPage(() => import("../pages/members/edit"), "MemberEdit");
const MemberShow = lazyPage(() => import("../pages/members/show"), "MemberShow");
const MemberImport = lazyPage(() => import("../pages/members/import"), "MemberImport");
const AgreementList = lazyPage(() => import("../pages/agreements/list"), "AgreementList");
const AgreementCreate = lazyPage(() => import("../pages/agreements/create"), "AgreementCreate");
const AgreementEdit = lazyPage(() => import("../pages/agreements/edit"), "AgreementEdit");
const AgreementShow = lazyPage(() => import("../pages/agreements/show"), "AgreementShow");
const ActivityRecordList = lazyPage(() => import("../pages/activity-records/list"), "ActivityRecordList");
const ActivityRecordCreate = lazyPage(() => import("../pages/activity-records/create"), "ActivityRecordCreate");
const ActivityRecordEdit = lazyPage(() => import("../pages/activity-records/edit"), "ActivityRecordEdit");
const ActivityRecordImport = lazyPage(() => import("../pages/activity-records/import"), "ActivityRecordImport");
const PointsSchemeList = lazyPage(() => import("../pages/points/schemes"), "PointsSchemeList");
const PointsQuarterPage = lazyPage(() => import("../pages/points/quarter"), "PointsQuarterPage");
const ContactRecordList = lazyPage(() => import("../pages/contact-records/list"), "ContactRecordList");
const ContactRecordCreate = lazyPage(() => import("../pages/contact-records/create"), "ContactRecordCreate");
const ContactRecordImport = lazyPage(() => import("../pages/contact-records/import"), "ContactRecordImport");
const LostContactCaseList = lazyPage(() => import("../pages/lost-contact-cases/list"), "LostContactCaseList");
const LostContactCaseCreate = lazyPage(() => import("../pages/lost-contact-cases/create"), "LostContactCaseCreate");
const LostContactCaseShow = lazyPage(() => import("../pages/lost-contact-cases/show"), "LostContactCaseShow");
const TransferRequestList = lazyPage(() => import("../pages/transfer-requests/list"), "TransferRequestList");
const TransferRequestShow = lazyPage(() => import("../pages/transfer-requests/show"), "TransferRequestShow");
const NoticeList = lazyPage(() => import("../pages/notices/list"), "NoticeList");
const PendingMemberEntryList = lazyPage(() => import("../pages/pending-member-entries/list"), "PendingMemberEntryList");
const RosterExchangeList = lazyPage(() => import("../pages/roster-exchanges/list"), "RosterExchangeList");
const RosterExchangeShow = lazyPage(() => import("../pages/roster-exchanges/show"), "RosterExchangeShow");
const AnnualFeedbackList = lazyPage(() => import("../pages/annual-feedbacks/list"), "AnnualFeedbackList");
const ApiTokenList = lazyPage(() => import("../pages/api-tokens/list"), "ApiTokenList");
const WebhookEndpointList = lazyPage(() => import("../pages/webhooks/list"), "WebhookEndpointList");
const WebhookEndpointShow = lazyPage(() => import("../pages/webhooks/show"), "WebhookEndpointShow");
const AuditEventList = lazyPage(() => import("../pages/audit-events/list"), "AuditEventList");
const AdminUserList = lazyPage(() => import("../pages/admin-users/list"), "AdminUserList");
const AdminUserCreate = lazyPage(() => import("../pages/admin-users/create"), "AdminUserCreate");
const AdminUserEdit = lazyPage(() => import("../pages/admin-users/edit"), "AdminUserEdit");
const PartnerAccountList = lazyPage(() => import("../pages/partner-accounts/list"), "PartnerAccountList");

/**
 * One admin resource. `name` is ALSO the GraphQL list field the stock data provider reads
 * (`data[name].nodes`), and its singular drives `member`, `createOneMember`, … (see
 * admin/PROVIDER-NOTES.md). Menu label: i18n key `<name>.<name>`; page titles `<name>.titles.*`.
 */
export interface AppResource {
  name: string;
  /** Route of the list page; create/edit/show hang below it. */
  path: string;
  icon: ReactNode;
  pages: {
    list: LazyPage;
    create?: LazyPage;
    edit?: LazyPage;
    show?: LazyPage;
  };
  /** Further pages below the list path (e.g. `import`), shown to those who may create. */
  extra?: Record<string, LazyPage>;
  meta?: ResourceProps["meta"];
}

export const appResources: AppResource[] = [
  { name: "dashboard", path: "/", icon: <DashboardOutlined />, pages: { list: DashboardPage } },
  {
    name: "organizations",
    path: "/organizations",
    icon: <ApartmentOutlined />,
    pages: { list: OrganizationList, create: OrganizationCreate, edit: OrganizationEdit, show: OrganizationShow },
  },
  {
    name: "members",
    path: "/members",
    icon: <TeamOutlined />,
    pages: { list: MemberList, create: MemberCreate, edit: MemberEdit, show: MemberShow },
    extra: { import: MemberImport },
  },
  {
    name: "agreements",
    path: "/agreements",
    icon: <FileProtectOutlined />,
    pages: { list: AgreementList, create: AgreementCreate, edit: AgreementEdit, show: AgreementShow },
  },
  {
    name: "activityRecords",
    path: "/activity-records",
    icon: <CalendarOutlined />,
    pages: { list: ActivityRecordList, create: ActivityRecordCreate, edit: ActivityRecordEdit },
    extra: { import: ActivityRecordImport },
  },
  { name: "pointsSchemes", path: "/points-schemes", icon: <OrderedListOutlined />, pages: { list: PointsSchemeList } },
  { name: "monthlyScores", path: "/points-quarter", icon: <TableOutlined />, pages: { list: PointsQuarterPage } },
  {
    name: "contactRecords",
    path: "/contact-records",
    icon: <CommentOutlined />,
    pages: { list: ContactRecordList, create: ContactRecordCreate },
    extra: { import: ContactRecordImport },
  },
  {
    name: "lostContactCases",
    path: "/lost-contact-cases",
    icon: <SearchOutlined />,
    pages: { list: LostContactCaseList, create: LostContactCaseCreate, show: LostContactCaseShow },
  },
  { name: "transferRequests", path: "/transfer-requests", icon: <SwapOutlined />, pages: { list: TransferRequestList, show: TransferRequestShow } },
  // Between the two sides of an agreement (issue 12): menus follow `me.permissions`, so partner accounts see them too.
  { name: "notices", path: "/notices", icon: <MailOutlined />, pages: { list: NoticeList } },
  { name: "pendingMemberEntries", path: "/pending-member-entries", icon: <SolutionOutlined />, pages: { list: PendingMemberEntryList } },
  { name: "rosterExchanges", path: "/roster-exchanges", icon: <DiffOutlined />, pages: { list: RosterExchangeList, show: RosterExchangeShow } },
  { name: "annualFeedbacks", path: "/annual-feedbacks", icon: <AuditOutlined />, pages: { list: AnnualFeedbackList } },
  { name: "partnerAccounts", path: "/partner-accounts", icon: <IdcardOutlined />, pages: { list: PartnerAccountList } },
  { name: "apiTokens", path: "/api-tokens", icon: <KeyOutlined />, pages: { list: ApiTokenList } },
  { name: "webhookEndpoints", path: "/webhook-endpoints", icon: <ApiOutlined />, pages: { list: WebhookEndpointList, show: WebhookEndpointShow } },
  { name: "auditEvents", path: "/audit-events", icon: <FileSearchOutlined />, pages: { list: AuditEventList } },
  { name: "adminUsers", path: "/admin-users", icon: <UserOutlined />, pages: { list: AdminUserList, create: AdminUserCreate, edit: AdminUserEdit } },
];

const join = (base: string, rest: string) => `${base === "/" ? "" : base}/${rest}`;

/** What `<Refine resources>` needs. */
export const resources: ResourceProps[] = appResources.map(({ name, path, icon, pages, meta }) => ({
  name,
  list: path,
  ...(pages.create && { create: join(path, "create") }),
  ...(pages.edit && { edit: join(path, "edit/:id") }),
  ...(pages.show && { show: join(path, "show/:id") }),
  meta: { icon, ...meta },
}));

/** The `<Route>`s of every resource page, to place inside the authenticated layout. */
export const resourceRoutes = (): ReactNode[] =>
  appResources.flatMap(({ name, path, pages, extra }) => {
    const { list: List, create: Create, edit: Edit, show: Show } = pages;
    return [
      path === "/" ? (
        <Route key={`${name}-list`} index element={<List />} />
      ) : (
        <Route key={`${name}-list`} path={path} element={<List />} />
      ),
      Create && <Route key={`${name}-create`} path={join(path, "create")} element={<Create />} />,
      Edit && <Route key={`${name}-edit`} path={join(path, "edit/:id")} element={<Edit />} />,
      Show && <Route key={`${name}-show`} path={join(path, "show/:id")} element={<Show />} />,
      ...Object.entries(extra ?? {}).map(([sub, Page]) => (
        <Route key={`${name}-${sub}`} path={join(path, sub)} element={<Page />} />
      )),
    ].filter(Boolean);
  });

/** The page a console address shows (as resourceRoutes route it), if any. */
export const pageAt = (pathname: string): LazyPage | undefined => {
  for (const { path, pages, extra } of appResources) {
    const candidates: [string, LazyPage | undefined][] = [
      [path, pages.list],
      [join(path, "create"), pages.create],
      [join(path, "edit/:id"), pages.edit],
      [join(path, "show/:id"), pages.show],
      ...Object.entries(extra ?? {}).map(([sub, page]): [string, LazyPage] => [join(path, sub), page]),
    ];
    for (const [pattern, page] of candidates) if (page && matchPath(pattern, pathname)) return page;
  }
  return undefined;
};

/**
 * Starts fetching the chunk of the page this address is about to show, so that it arrives while
 * React and Refine start and the session is checked, rather than after (without a stored session
 * the login page shows, and it is part of the first chunk).
 */
export const preloadPageAt = (pathname: string): void => {
  if (pathname === "/login" || !session.hasStoredToken()) return; // the login page is here already
  void pageAt(pathname)?.preload().catch(() => undefined); // a failure shows when the page renders
};
