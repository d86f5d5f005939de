import { type CrudFilters, type CrudSorting, useTranslate } from "@refinedev/core";
import dayjs from "dayjs";
import { type ExportColumn, ExportButton } from "../../components/export-button";
import type { ActivityRecordsExportQuery } from "../../graphql/types";
import { formatDate, formatDateTime } from "../../lib/dates";
import { ACTIVITY_RECORDS_EXPORT_QUERY } from "./queries";

type Row = ActivityRecordsExportQuery["activityRecords"]["nodes"][number];

/** 导出 Excel of the activity records the list's filter selects (members' ID numbers masked by the API). */
export const ActivityExport = ({ filters, sorters }: { filters: CrudFilters; sorters: CrudSorting }) => {
  const t = useTranslate();
  const f = (name: string) => t(`activityRecords.fields.${name}`);
  const columns: ExportColumn<Row>[] = [
    { key: "occurredOn", header: f("occurredOn"), width: 12, value: (r) => formatDate(r.occurredOn) },
    { key: "member", header: f("member"), width: 10, value: (r) => r.member?.name },
    { key: "memberId", header: t("activityRecords.importPage.memberId"), width: 10, text: true, value: (r) => r.memberId },
    { key: "idNumber", header: t("activityRecords.importPage.idNumber"), width: 20, text: true, value: (r) => r.member?.idNumber },
    { key: "kind", header: f("kind"), width: 12, value: (r) => t(`enums.ActivityKind.${r.kind}`, r.kind) },
    { key: "title", header: f("title"), width: 30, value: (r) => r.title },
    { key: "organization", header: f("organization"), width: 26, value: (r) => r.organization?.name },
    { key: "organizationCode", header: t("activityRecords.importPage.organizationCode"), width: 16, text: true, value: (r) => r.organization?.code },
    { key: "hours", header: f("hours"), width: 10, value: (r) => r.hours },
    { key: "points", header: f("points"), width: 8, value: (r) => r.points },
    { key: "source", header: f("source"), width: 10, value: (r) => t(`activityRecords.sources.${r.source}`, r.source) },
    { key: "createdAt", header: t("activityRecords.export.createdAt"), width: 17, value: (r) => formatDateTime(r.createdAt) },
  ];
  return (
    <ExportButton<Row>
      resource="activityRecords"
      gqlQuery={ACTIVITY_RECORDS_EXPORT_QUERY}
      filters={filters}
      sorters={sorters}
      columns={columns}
      fileName={t("activityRecords.export.fileName", { date: dayjs().format("YYYYMMDD") })}
      sheetName={t("activityRecords.activityRecords")}
    />
  );
};
