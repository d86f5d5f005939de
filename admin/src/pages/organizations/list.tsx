import { List, useTable } from "@refinedev/antd";
import { type CrudFilters, useGo, useTranslate } from "@refinedev/core";
import { Badge, Card, Col, Form, Input, Row, Space, Table, Tooltip, Tree, Typography } from "antd";
import { useMemo, useState } from "react";
import { EnumSelect, EnumTag } from "../../components/enum-tag";
import { FilterButtons } from "../../components/filter-bar";
import { ListTable } from "../../components/list-table";
import { useOrganizationTree, type TreeNode } from "../../components/pickers";
import { RowActions } from "../../components/row-actions";
import type { OrganizationsListQuery } from "../../graphql/types";
import { errorNotificationFor } from "../../lib/api-errors";
import { ORGANIZATION_DELETE_MUTATION, ORGANIZATIONS_LIST_QUERY } from "./queries";

type OrganizationRow = OrganizationsListQuery["organizations"]["nodes"][number];

interface OrganizationSearch {
  name?: string;
  kind?: string[];
  level?: string[];
}

const toTreeData = (nodes: TreeNode[]): object[] =>
  nodes.map((node) => ({
    key: node.key,
    title: (
      <span>
        {node.title}{" "}
        <Badge count={node.organization.memberCount} showZero={false} color="#c8102e" overflowCount={99999} size="small" />
      </span>
    ),
    children: toTreeData(node.children),
  }));

/** The organisation tree beside a filterable table; picking a node narrows the table to its subtree. */
export const OrganizationList = () => {
  const t = useTranslate();
  const go = useGo();
  const { tree, byId } = useOrganizationTree();
  const [selected, setSelected] = useState<string | undefined>();
  const treeData = useMemo(() => toTreeData(tree), [tree]);
  const defaultExpanded = useMemo(() => tree.map((n) => n.key), [tree]);

  const { tableProps, searchFormProps, setFilters, tableQuery } = useTable<OrganizationRow, never, OrganizationSearch>({
    resource: "organizations",
    meta: { gqlQuery: ORGANIZATIONS_LIST_QUERY },
    sorters: { initial: [{ field: "code", order: "asc" }] },
    pagination: { pageSize: 20 },
    onSearch: (values): CrudFilters => [
      { field: "name", operator: "contains", value: values.name?.trim() || undefined },
      { field: "kind", operator: "in", value: values.kind },
      { field: "level", operator: "in", value: values.level },
    ],
    errorNotification: errorNotificationFor(ORGANIZATIONS_LIST_QUERY, "errors.loadFailed"),
  });

  const pick = (id: string | undefined) => {
    setSelected(id);
    setFilters([{ field: "subtreeOf", operator: "eq", value: id }], "merge");
  };

  return (
    <List>
      <Row gutter={16}>
        <Col xs={24} lg={8} xl={6}>
          <Card
            size="small"
            title={t("organizations.tree.title")}
            extra={selected && <Typography.Link onClick={() => pick(undefined)}>{t("organizations.tree.all")}</Typography.Link>}
            data-testid="organization-tree"
          >
            {treeData.length > 0 && (
              <Tree
                showLine
                blockNode
                defaultExpandedKeys={defaultExpanded}
                selectedKeys={selected ? [selected] : []}
                treeData={treeData as never}
                onSelect={(keys) => pick(keys[0] as string | undefined)}
                height={640}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16} xl={18}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Form<OrganizationSearch> {...searchFormProps} layout="inline" data-testid="organization-filters">
              <Form.Item name="name">
                <Input allowClear placeholder={t("organizations.filters.name")} style={{ width: 200 }} data-testid="filter-name" />
              </Form.Item>
              <Form.Item name="kind">
                <EnumSelect name="OrganizationKind" mode="multiple" placeholder={t("organizations.fields.kind")} style={{ minWidth: 160 }} />
              </Form.Item>
              <Form.Item name="level">
                <EnumSelect name="OrganizationLevel" mode="multiple" placeholder={t("organizations.fields.level")} style={{ minWidth: 140 }} />
              </Form.Item>
              <Form.Item>
                <FilterButtons form={searchFormProps.form} onClear={() => pick(undefined)} />
              </Form.Item>
            </Form>
            {selected && (
              <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }} data-testid="organization-subtree">
                {t("organizations.tree.within", { name: byId.get(selected)?.title ?? selected })}
              </Typography.Text>
            )}
          </Card>
          <ListTable<OrganizationRow>
            {...tableProps}
            tableKey="organizations"
            onRefresh={() => tableQuery.refetch()}
            refreshing={tableQuery.isFetching}
            rowKey="id"
            size="middle"
            data-testid="organizations-table"
            pagination={{ ...tableProps.pagination, showTotal: (total) => t("common.total", { count: total }) }}
          >
            <Table.Column<OrganizationRow>
              dataIndex="code"
              title={t("organizations.fields.code")}
              sorter
              width={124}
              render={(code) => <span style={{ whiteSpace: "nowrap" }}>{code}</span>}
            />
            <Table.Column<OrganizationRow>
              dataIndex="name"
              title={t("organizations.fields.name")}
              render={(name, row) => (
                <Typography.Link onClick={() => go({ to: `/organizations/show/${row.id}` })}>{name}</Typography.Link>
              )}
            />
            <Table.Column<OrganizationRow>
              dataIndex="kind"
              title={`${t("organizations.fields.kind")} / ${t("organizations.fields.level")}`}
              sorter
              width={156}
              render={(v, row) => (
                <Space direction="vertical" size={2}>
                  <EnumTag name="OrganizationKind" value={v} />
                  <EnumTag name="OrganizationLevel" value={row.level} />
                </Space>
              )}
            />
            <Table.Column<OrganizationRow> dataIndex={["parent", "name"]} title={t("organizations.fields.parent")} width={132} />
            <Table.Column<OrganizationRow>
              dataIndex="regionCode"
              title={t("organizations.fields.regionCode")}
              width={100}
              render={(code, row) => row.region?.name ?? code}
            />
            <Table.Column<OrganizationRow>
              dataIndex="memberCount"
              title={<Tooltip title={t("organizations.fields.memberCount")}>{t("organizations.fields.memberCountShort")}</Tooltip>}
              width={96}
            />
            <Table.Column<OrganizationRow>
              key="actions"
              title={t("table.actions")}
              width={112}
              render={(_, row) => (
                <RowActions id={row.id} deleteMutation={ORGANIZATION_DELETE_MUTATION} confirmDelete={t("buttons.deleteNamed", { name: row.name })} />
              )}
            />
          </ListTable>
        </Col>
      </Row>
    </List>
  );
};
