import { Create } from "@refinedev/antd";
import { useParsed } from "@refinedev/core";
import { Form } from "antd";
import { useApiForm } from "../../lib/use-api-form";
import { cleanOptional, OrganizationFormFields } from "./form";
import { ORGANIZATION_CREATE_MUTATION } from "./queries";

export const OrganizationCreate = () => {
  const { params } = useParsed<{ parentId?: string }>();
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "organizations",
    action: "create",
    redirect: "show",
    meta: { gqlMutation: ORGANIZATION_CREATE_MUTATION },
  });
  return (
    <Create saveButtonProps={saveButtonProps}>
      <Form
        {...formProps}
        layout="vertical"
        initialValues={{ parentId: params?.parentId, kind: "BRANCH", level: "COMMUNITY" }}
        onFinish={(values) => onFinish(cleanOptional(values as Record<string, unknown>, "create"))}
      >
        <OrganizationFormFields />
      </Form>
    </Create>
  );
};
