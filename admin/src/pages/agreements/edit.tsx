import { Edit } from "@refinedev/antd";
import { Form } from "antd";
import { useApiForm } from "../../lib/use-api-form";
import { cleanOptional } from "../organizations/form";
import { AgreementFormFields } from "./form";
import { AGREEMENT_DELETE_MUTATION, AGREEMENT_EDIT_QUERY, AGREEMENT_UPDATE_MUTATION } from "./queries";

export const AgreementEdit = () => {
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "agreements",
    action: "edit",
    redirect: "show",
    meta: { gqlQuery: AGREEMENT_EDIT_QUERY, gqlMutation: AGREEMENT_UPDATE_MUTATION },
  });
  return (
    <Edit saveButtonProps={saveButtonProps} deleteButtonProps={{ meta: { gqlMutation: AGREEMENT_DELETE_MUTATION } }}>
      <Form {...formProps} layout="vertical" onFinish={(values) => onFinish(cleanOptional(values as Record<string, unknown>, "edit"))}>
        <AgreementFormFields />
      </Form>
    </Edit>
  );
};
