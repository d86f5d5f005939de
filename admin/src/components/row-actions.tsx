import { DeleteButton, EditButton, ShowButton } from "@refinedev/antd";
import { Space } from "antd";
import type { DocumentNode } from "graphql";
import { errorNotificationFor } from "../lib/api-errors";

/** Show / edit / delete for a table row; each button follows the access-control provider. */
export const RowActions = ({ id, deleteMutation, show = true, edit = true }: { id: string; deleteMutation: DocumentNode; show?: boolean; edit?: boolean }) => (
  <Space>
    {show && <ShowButton hideText size="small" recordItemId={id} />}
    {edit && <EditButton hideText size="small" recordItemId={id} />}
    <DeleteButton hideText size="small" recordItemId={id} meta={{ gqlMutation: deleteMutation }} errorNotification={errorNotificationFor(deleteMutation)} />
  </Space>
);
