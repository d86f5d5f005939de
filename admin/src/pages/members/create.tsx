import { Create } from "@refinedev/antd";
import { Form } from "antd";
import { useApiForm } from "../../lib/use-api-form";
import { cleanMemberValues, MemberFormFields } from "./form";
import { MEMBER_CREATE_MUTATION } from "./queries";

export const MemberCreate = () => {
  const { formProps, saveButtonProps, onFinish } = useApiForm<Record<string, unknown>>({
    resource: "members",
    action: "create",
    redirect: "show",
    meta: { gqlMutation: MEMBER_CREATE_MUTATION },
  });
  return (
    <Create saveButtonProps={{ ...saveButtonProps, "data-testid": "save" } as typeof saveButtonProps}>
      <Form
        {...formProps}
        layout="vertical"
        data-testid="member-form"
        initialValues={{ partyStanding: "FULL", mobilityType: "EMPLOYMENT" }}
        onFinish={(values) => onFinish(cleanMemberValues(values as Record<string, unknown>, "create"))}
      >
        <MemberFormFields mode="create" />
      </Form>
    </Create>
  );
};
