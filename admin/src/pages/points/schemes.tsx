import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { List, useTable } from "@refinedev/antd";
import { useCan, useTranslate } from "@refinedev/core";
import { Alert, Button, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useEnumLabel } from "../../components/enum-tag";
import { ListTable } from "../../components/list-table";
import { POINTS_SCHEMES_LIST_QUERY } from "./queries";
import { type SchemeRow, SchemeFormModal, type VersionRow } from "./scheme-form";

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/** A version's items as tags: what adds, what deducts, with the caps. */
const ItemTags = ({ version }: { version: VersionRow }) => {
  const t = useTranslate();
  const enumLabel = useEnumLabel();
  return (
    <Space size={[4, 4]} wrap>
      {version.items.map((item) => (
        <Tooltip
          key={item.code}
          title={[
            item.source === "ACTIVITY"
              ? enumLabel("ActivityKind", item.activityKind ?? "")
              : item.source === "CONTACT"
                ? enumLabel("ContactKind", item.contactKind ?? "")
                : enumLabel("PointsItemSource", item.source),
            item.monthCap ? t("pointsSchemes.monthCap", { cap: item.monthCap }) : null,
            item.yearCap ? t("pointsSchemes.yearCap", { cap: item.yearCap }) : null,
          ]
            .filter(Boolean)
            .join("，")}
        >
          <Tag color={item.value > 0 ? "green" : "red"} data-testid={`item-${item.code}`}>
            {item.label} {signed(item.value)}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
};

/** Points schemes (积分方案, e.g. 十二分制) and their versions. */
export const PointsSchemeList = () => {
  const t = useTranslate();
  const enumLabel = useEnumLabel();
  const { data: canWrite } = useCan({ resource: "pointsSchemes", action: "create" });
  const [editing, setEditing] = useState<{ scheme: SchemeRow | null } | null>(null);
  const { tableProps, tableQuery } = useTable<SchemeRow>({
    resource: "pointsSchemes",
    sorters: { initial: [{ field: "id", order: "asc" }] },
    pagination: { pageSize: 20 },
    meta: { gqlQuery: POINTS_SCHEMES_LIST_QUERY },
  });

  return (
    <List
      headerButtons={
        canWrite?.can ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ scheme: null })} data-testid="create-scheme">
            {t("pointsSchemes.create.button")}
          </Button>
        ) : null
      }
    >
      <Alert type="info" showIcon message={t("pointsSchemes.hints.about")} style={{ marginBottom: 16 }} />
      <ListTable<SchemeRow>
        {...tableProps}
        tableKey="pointsSchemes"
        onRefresh={() => tableQuery.refetch()}
        refreshing={tableQuery.isFetching}
        rowKey="id"
        size="small"
        data-testid="schemes-table"
        expandable={{
          expandedRowRender: (row) => (
            <Table<VersionRow> dataSource={row.versions.nodes} rowKey="id" size="small" pagination={false} data-testid={`versions-${row.id}`}>
              <Table.Column<VersionRow> dataIndex="number" title={t("pointsSchemes.fields.version")} render={(v) => `v${v}`} />
              <Table.Column<VersionRow> dataIndex="fromYear" title={t("pointsSchemes.fields.fromYear")} />
              <Table.Column<VersionRow> dataIndex="baseScore" title={t("pointsSchemes.fields.baseScore")} />
              <Table.Column<VersionRow> key="items" title={t("pointsSchemes.fields.items")} render={(_, version) => <ItemTags version={version} />} />
              <Table.Column<VersionRow> dataIndex="createdBy" title={t("pointsSchemes.fields.createdBy")} />
            </Table>
          ),
        }}
      >
        <Table.Column<SchemeRow> dataIndex="name" title={t("pointsSchemes.fields.name")} />
        <Table.Column<SchemeRow>
          key="owner"
          title={t("pointsSchemes.fields.owner")}
          render={(_, row) => row.ownerOrganization?.name ?? (row.agreement ? `${t("pointsSchemes.namedIn")} ${row.agreement.code}` : "—")}
        />
        <Table.Column<SchemeRow>
          key="current"
          title={t("pointsSchemes.fields.current")}
          render={(_, row) => {
            const latest = row.versions.nodes[row.versions.nodes.length - 1];
            return latest ? (
              <Typography.Text data-testid={`current-${row.id}`}>{t("pointsSchemes.versionFrom", { number: latest.number, year: latest.fromYear, base: latest.baseScore })}</Typography.Text>
            ) : (
              "—"
            );
          }}
        />
        <Table.Column<SchemeRow>
          key="thresholds"
          title={t("pointsSchemes.fields.thresholds")}
          render={(_, row) => {
            const latest = row.versions.nodes[row.versions.nodes.length - 1];
            return latest
              ? `${enumLabel("EvaluationGrade", "EXCELLENT")} ≥ ${latest.excellentFrom}，${enumLabel("EvaluationGrade", "QUALIFIED")} ≥ ${latest.qualifiedFrom}，${enumLabel("EvaluationGrade", "BASICALLY_QUALIFIED")} ≥ ${latest.basicallyQualifiedFrom}`
              : "—";
          }}
        />
        <Table.Column<SchemeRow> key="items" title={t("pointsSchemes.fields.items")} render={(_, row) => {
          const latest = row.versions.nodes[row.versions.nodes.length - 1];
          return latest ? <ItemTags version={latest} /> : "—";
        }} />
        {canWrite?.can && (
          <Table.Column<SchemeRow>
            key="actions"
            title={t("table.actions")}
            render={(_, row) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ scheme: row })} data-testid={`revise-${row.id}`}>
                {t("pointsSchemes.revise.button")}
              </Button>
            )}
          />
        )}
      </ListTable>
      <SchemeFormModal
        open={!!editing}
        scheme={editing?.scheme ?? null}
        onClose={(saved) => {
          setEditing(null);
          if (saved) void tableQuery.refetch();
        }}
      />
    </List>
  );
};
