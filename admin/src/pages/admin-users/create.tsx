import { Create } from "@refinedev/antd";
import { Form } from "antd";
import { useApiForm } from "../../lib/use-api-form";
import { AdminUserFormFields, cleanAdminUserValues } from "./form";
import { ADMIN_USER_CREATE_MUTATION } from "./queries";

export const AdminUserCreate = () => {
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "adminUsers",
    action: "create",
    redirect: "list",
    meta: { gqlMutation: ADMIN_USER_CREATE_MUTATION },
  });
  return (
    <Create saveButtonProps={{ ...saveButtonProps, "data-testid": "save" } as typeof saveButtonProps}>
      <Form
        {...formProps}
        layout="vertical"
        initialValues={{ role: "REGION_ADMIN" }}
        onFinish={(values) => onFinish(cleanAdminUserValues(values as Record<string, unknown>, "create"))}
      >
        <AdminUserFormFields mode="create" />
      </Form>
    </Create>
  );
};
