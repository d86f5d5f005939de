import { Create } from "@refinedev/antd";
import { Form } from "antd";
import { useApiForm } from "../../lib/use-api-form";
import { cleanOptional } from "../organizations/form";
import { AgreementFormFields } from "./form";
import { AGREEMENT_CREATE_MUTATION } from "./queries";

export const AgreementCreate = () => {
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "agreements",
    action: "create",
    redirect: "show",
    meta: { gqlMutation: AGREEMENT_CREATE_MUTATION },
  });
  return (
    <Create saveButtonProps={{ ...saveButtonProps, "data-testid": "save" } as typeof saveButtonProps}>
      <Form
        {...formProps}
        layout="vertical"
        data-testid="agreement-form"
        initialValues={{ hostRegionCode: "510100", direction: "PARTNER_TO_HOST", status: "DRAFT", feedbackDeadline: "01-31", expectedOrgLifeSessions: 12 }}
        onFinish={(values) => onFinish(cleanOptional(values as Record<string, unknown>, "create"))}
      >
        <AgreementFormFields />
      </Form>
    </Create>
  );
};
