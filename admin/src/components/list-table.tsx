import { ReloadOutlined, SettingOutlined } from "@ant-design/icons";
import { useTranslate } from "@refinedev/core";
import { Button, Checkbox, Flex, Popover, Space, Table, type TableProps, Tooltip, Typography } from "antd";
import type { ColumnProps } from "antd/es/table";
import { Children, isValidElement, type ReactElement, type ReactNode, useState } from "react";

type Column<T> = ReactElement<ColumnProps<T>>;

/** A column's identity for the settings: its key, else its dataIndex. */
const columnId = <T,>(column: Column<T>): string =>
  String(column.key ?? ([] as unknown[]).concat(column.props.dataIndex ?? []).join("."));

/** Columns hidden by the user, per table, kept in the browser. */
const useHiddenColumns = (tableKey: string) => {
  const storageKey = `gongguan.columns.${tableKey}`;
  const [hidden, setHidden] = useState<string[]>(() => {
    try {
      const saved: unknown = JSON.parse(localStorage.getItem(storageKey) ?? "[]");
      return Array.isArray(saved) ? saved.map(String) : [];
    } catch {
      return [];
    }
  });
  const save = (next: string[]) => {
    setHidden(next);
    localStorage.setItem(storageKey, JSON.stringify(next));
  };
  return [hidden, save] as const;
};

interface ListTableProps<T> extends TableProps<T> {
  /** Names the table's column settings in the browser's storage. */
  tableKey: string;
  onRefresh: () => unknown;
  refreshing?: boolean;
  /** More buttons before refresh and settings (e.g. export). */
  extra?: ReactNode;
  children: ReactNode;
}

/**
 * A list's table with the toolbar of an Ant Design Pro list: refresh and column settings (which
 * columns show, remembered per table), and room for more (export). Columns are `Table.Column`
 * children as usual; the actions column cannot be hidden.
 */
export const ListTable = <T extends object>({ tableKey, onRefresh, refreshing, extra, children, ...table }: ListTableProps<T>) => {
  const t = useTranslate();
  const columns = Children.toArray(children).filter(isValidElement) as Column<T>[];
  const [hidden, setHidden] = useHiddenColumns(tableKey);
  const hideable = columns.filter((column) => columnId(column) !== "actions");
  const shown = columns.filter((column) => !hidden.includes(columnId(column)));

  const settings = (
    <Space direction="vertical" size={4} data-testid="column-settings">
      {hideable.map((column) => {
        const id = columnId(column);
        return (
          <Checkbox
            key={id}
            checked={!hidden.includes(id)}
            onChange={(event) => setHidden(event.target.checked ? hidden.filter((h) => h !== id) : [...hidden, id])}
            data-column={id}
          >
            {column.props.title as ReactNode}
          </Checkbox>
        );
      })}
      <Typography.Link onClick={() => setHidden([])}>{t("table.showAllColumns")}</Typography.Link>
    </Space>
  );

  return (
    <>
      <Flex justify="flex-end" gap={8} style={{ marginBottom: 8 }}>
        {extra}
        <Tooltip title={t("buttons.refresh")}>
          <Button icon={<ReloadOutlined />} onClick={() => void onRefresh()} loading={refreshing} aria-label={t("buttons.refresh")} data-testid="table-refresh" />
        </Tooltip>
        <Popover trigger="click" placement="bottomRight" title={t("table.columns")} content={settings}>
          <Tooltip title={t("table.columns")}>
            <Button icon={<SettingOutlined />} aria-label={t("table.columns")} data-testid="table-columns" />
          </Tooltip>
        </Popover>
      </Flex>
      <Table<T> {...table}>{shown}</Table>
    </>
  );
};
