import { Edit } from "@refinedev/antd";
import { Form } from "antd";
import { useApiForm } from "../../lib/use-api-form";
import { cleanOptional, OrganizationFormFields } from "./form";
import { ORGANIZATION_DELETE_MUTATION, ORGANIZATION_EDIT_QUERY, ORGANIZATION_UPDATE_MUTATION } from "./queries";

export const OrganizationEdit = () => {
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "organizations",
    action: "edit",
    redirect: "show",
    meta: { gqlQuery: ORGANIZATION_EDIT_QUERY, gqlMutation: ORGANIZATION_UPDATE_MUTATION },
  });
  return (
    <Edit saveButtonProps={saveButtonProps} deleteButtonProps={{ meta: { gqlMutation: ORGANIZATION_DELETE_MUTATION } }}>
      <Form
        {...formProps}
        layout="vertical"
        onFinish={(values) => onFinish(cleanOptional(values as Record<string, unknown>, "edit"))}
      >
        <OrganizationFormFields />
      </Form>
    </Edit>
  );
};
