import { Edit } from "@refinedev/antd";
import { Form } from "antd";
import { useApiForm } from "../../lib/use-api-form";
import { AdminUserFormFields, cleanAdminUserValues } from "./form";
import { ADMIN_USER_EDIT_QUERY, ADMIN_USER_UPDATE_MUTATION } from "./queries";

/** Accounts are disabled, never deleted: the audit trail keeps naming who did what. */
export const AdminUserEdit = () => {
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "adminUsers",
    action: "edit",
    redirect: "list",
    meta: { gqlQuery: ADMIN_USER_EDIT_QUERY, gqlMutation: ADMIN_USER_UPDATE_MUTATION },
  });
  return (
    <Edit saveButtonProps={{ ...saveButtonProps, "data-testid": "save" } as typeof saveButtonProps} canDelete={false}>
      <Form {...formProps} layout="vertical" onFinish={(values) => onFinish(cleanAdminUserValues(values as Record<string, unknown>, "edit"))}>
        <AdminUserFormFields mode="edit" />
      </Form>
    </Edit>
  );
};
