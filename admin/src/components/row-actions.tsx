import { DeleteButton, EditButton, ShowButton } from "@refinedev/antd";
import { Space } from "antd";
import type { DocumentNode } from "graphql";
import { errorNotificationFor } from "../lib/api-errors";

interface RowActionsProps {
  id: string;
  deleteMutation: DocumentNode;
  /** The delete confirmation, naming what goes (e.g. "删除流动党员“王芳”的台账？…"). */
  confirmDelete: string;
  show?: boolean;
  edit?: boolean;
}

/** Show / edit / delete for a table row, on one line; each button follows the access-control provider. */
export const RowActions = ({ id, deleteMutation, confirmDelete, show = true, edit = true }: RowActionsProps) => (
  <Space size={4} style={{ whiteSpace: "nowrap" }}>
    {show && <ShowButton hideText size="small" recordItemId={id} />}
    {edit && <EditButton hideText size="small" recordItemId={id} />}
    <DeleteButton
      hideText
      size="small"
      recordItemId={id}
      confirmTitle={confirmDelete}
      meta={{ gqlMutation: deleteMutation }}
      errorNotification={errorNotificationFor(deleteMutation)}
    />
  </Space>
);
