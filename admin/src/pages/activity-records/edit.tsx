import { Edit } from "@refinedev/antd";
import { Form } from "antd";
import { useApiForm } from "../../lib/use-api-form";
import { ActivityRecordFormFields } from "./form";
import { ACTIVITY_RECORD_DELETE_MUTATION, ACTIVITY_RECORD_EDIT_QUERY, ACTIVITY_RECORD_UPDATE_MUTATION } from "./queries";

/** Corrects a record (a wrong date, member or title); the audit log keeps what it was. */
export const ActivityRecordEdit = () => {
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "activityRecords",
    action: "edit",
    redirect: "list",
    meta: { gqlQuery: ACTIVITY_RECORD_EDIT_QUERY, gqlMutation: ACTIVITY_RECORD_UPDATE_MUTATION },
  });
  return (
    <Edit
      saveButtonProps={{ ...saveButtonProps, "data-testid": "save" } as typeof saveButtonProps}
      deleteButtonProps={{ meta: { gqlMutation: ACTIVITY_RECORD_DELETE_MUTATION } }}
    >
      <Form {...formProps} layout="vertical" onFinish={(values) => onFinish(values)}>
        <ActivityRecordFormFields />
      </Form>
    </Edit>
  );
};
