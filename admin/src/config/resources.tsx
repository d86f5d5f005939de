import {
  ApartmentOutlined,
  FileSearchOutlined,
  AuditOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  KeyOutlined,
  TeamOutlined,
  UserOutlined,
} from "@ant-design/icons";
import type { ResourceProps } from "@refinedev/core";
import type { ComponentType, ReactNode } from "react";
import { Route } from "react-router";
import { DashboardPage } from "../pages/dashboard";
import { ActivityRecordCreate } from "../pages/activity-records/create";
import { AdminUserCreate } from "../pages/admin-users/create";
import { AdminUserEdit } from "../pages/admin-users/edit";
import { AdminUserList } from "../pages/admin-users/list";
import { ActivityRecordEdit } from "../pages/activity-records/edit";
import { ActivityRecordImport } from "../pages/activity-records/import";
import { ActivityRecordList } from "../pages/activity-records/list";
import { AgreementCreate } from "../pages/agreements/create";
import { AgreementEdit } from "../pages/agreements/edit";
import { AgreementList } from "../pages/agreements/list";
import { AgreementShow } from "../pages/agreements/show";
import { AnnualFeedbackList } from "../pages/annual-feedbacks/list";
import { ApiTokenList } from "../pages/api-tokens/list";
import { AuditEventList } from "../pages/audit-events/list";
import { MemberCreate } from "../pages/members/create";
import { MemberEdit } from "../pages/members/edit";
import { MemberImport } from "../pages/members/import";
import { MemberList } from "../pages/members/list";
import { MemberShow } from "../pages/members/show";
import { OrganizationCreate } from "../pages/organizations/create";
import { OrganizationEdit } from "../pages/organizations/edit";
import { OrganizationList } from "../pages/organizations/list";
import { OrganizationShow } from "../pages/organizations/show";

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
    list: ComponentType;
    create?: ComponentType;
    edit?: ComponentType;
    show?: ComponentType;
  };
  /** Further pages below the list path (e.g. `import`), shown to those who may create. */
  extra?: Record<string, ComponentType>;
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
  { name: "annualFeedbacks", path: "/annual-feedbacks", icon: <AuditOutlined />, pages: { list: AnnualFeedbackList } },
  { name: "apiTokens", path: "/api-tokens", icon: <KeyOutlined />, pages: { list: ApiTokenList } },
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
