import { Edit } from "@refinedev/antd";
import { useTranslate } from "@refinedev/core";
import { Form } from "antd";
import type { MemberEditQuery } from "../../graphql/types";
import { useApiForm } from "../../lib/use-api-form";
import { cleanMemberValues, MemberFormFields } from "./form";
import { MEMBER_DELETE_MUTATION, MEMBER_EDIT_QUERY, MEMBER_UPDATE_MUTATION } from "./queries";

type MemberEditData = NonNullable<MemberEditQuery["member"]>;

export const MemberEdit = () => {
  const t = useTranslate();
  const { formProps, saveButtonProps, onFinish, query } = useApiForm<MemberEditData>({
    resource: "members",
    action: "edit",
    redirect: "show",
    meta: { gqlQuery: MEMBER_EDIT_QUERY, gqlMutation: MEMBER_UPDATE_MUTATION },
  });
  const member = query?.data?.data;
  return (
    <Edit
      saveButtonProps={{ ...saveButtonProps, "data-testid": "save" } as typeof saveButtonProps}
      deleteButtonProps={{ meta: { gqlMutation: MEMBER_DELETE_MUTATION }, confirmTitle: t("members.delete.confirm", { name: member?.name ?? "" }) }}
    >
      <Form
        {...formProps}
        layout="vertical"
        data-testid="member-form"
        onFinish={(values) => onFinish(cleanMemberValues(values as Record<string, unknown>, "edit") as never)}
      >
        <MemberFormFields mode="edit" maskedIdNumber={member?.maskedIdNumber} maskedPhone={member?.maskedPhone} />
      </Form>
    </Edit>
  );
};
