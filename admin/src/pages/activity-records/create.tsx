import { Create } from "@refinedev/antd";
import { useParsed } from "@refinedev/core";
import { Form } from "antd";
import { ledgerToday } from "../../lib/dates";
import { useApiForm } from "../../lib/use-api-form";
import { ActivityRecordFormFields } from "./form";
import { ACTIVITY_RECORD_CREATE_MUTATION } from "./queries";

export const ActivityRecordCreate = () => {
  const { params } = useParsed<{ memberId?: string }>();
  const { formProps, saveButtonProps, onFinish } = useApiForm({
    resource: "activityRecords",
    action: "create",
    redirect: "list",
    meta: { gqlMutation: ACTIVITY_RECORD_CREATE_MUTATION },
  });
  return (
    <Create saveButtonProps={{ ...saveButtonProps, "data-testid": "save" } as typeof saveButtonProps}>
      <Form
        {...formProps}
        layout="vertical"
        initialValues={{ memberId: params?.memberId, kind: "THEME_PARTY_DAY", occurredOn: ledgerToday(), hours: 0, points: 0 }}
        onFinish={(values) => onFinish(values)}
      >
        <ActivityRecordFormFields fillOrganization />
      </Form>
    </Create>
  );
};
