import { type CrudFilters, type CrudSorting, useTranslate } from "@refinedev/core";
import dayjs from "dayjs";
import { type ExportColumn, ExportButton } from "../../components/export-button";
import type { MembersExportQuery } from "../../graphql/types";
import { formatDate, formatDateTime } from "../../lib/dates";
import { MEMBERS_EXPORT_QUERY } from "./queries";

type Row = MembersExportQuery["members"]["nodes"][number];

/** 导出 Excel of the ledger, as filtered and sorted on screen (personal data masked by the API). */
export const MemberExport = ({ filters, sorters }: { filters: CrudFilters; sorters: CrudSorting }) => {
  const t = useTranslate();
  const f = (name: string) => t(`members.fields.${name}`);
  const label = (name: string, value: string | null | undefined) => (value ? t(`enums.${name}.${value}`, value) : "");
  const yesNo = (value: boolean) => t(value ? "common.yes" : "common.no");
  const columns: ExportColumn<Row>[] = [
    { key: "name", header: f("name"), width: 10, value: (r) => r.name },
    { key: "gender", header: f("gender"), width: 6, value: (r) => label("Gender", r.gender) },
    { key: "birthDate", header: f("birthDate"), width: 12, value: (r) => formatDate(r.birthDate) },
    { key: "idNumber", header: f("idNumber"), width: 20, text: true, value: (r) => r.idNumber },
    { key: "phone", header: f("phone"), width: 14, text: true, value: (r) => r.phone },
    { key: "partyStanding", header: f("partyStanding"), width: 10, value: (r) => label("PartyStanding", r.partyStanding) },
    { key: "joinedOn", header: f("joinedOn"), width: 12, value: (r) => formatDate(r.joinedOn) },
    { key: "status", header: f("status"), width: 8, value: (r) => label("MemberStatus", r.status) },
    { key: "mobilityType", header: f("mobilityType"), width: 8, value: (r) => label("MobilityType", r.mobilityType) },
    { key: "outflowDate", header: f("outflowDate"), width: 12, value: (r) => formatDate(r.outflowDate) },
    { key: "monthsAway", header: t("members.export.monthsAway"), width: 10, value: (r) => r.monthsAway },
    { key: "destination", header: f("destinationRegionCode"), width: 12, value: (r) => r.destinationRegion?.name ?? r.destinationRegionCode },
    { key: "destinationAddress", header: f("destinationAddress"), width: 24, value: (r) => r.destinationAddress },
    { key: "abroad", header: f("abroad"), width: 8, value: (r) => yesNo(r.abroad) },
    { key: "occupation", header: f("occupation"), width: 12, value: (r) => r.occupation },
    { key: "workUnit", header: f("workUnit"), width: 20, value: (r) => r.workUnit },
    { key: "formalOrganization", header: f("formalOrganization"), width: 24, value: (r) => r.formalOrganization?.name },
    { key: "inflowOrganization", header: f("inflowOrganization"), width: 24, value: (r) => r.inflowOrganization?.name },
    { key: "certificateNumber", header: f("certificateNumber"), width: 18, text: true, value: (r) => r.certificateNumber },
    { key: "certificateExpiresOn", header: f("certificateExpiresOn"), width: 12, value: (r) => (r.certificateExpiresOn ? formatDate(r.certificateExpiresOn) : "") },
    { key: "lastContactOn", header: f("lastContactOn"), width: 12, value: (r) => (r.lastContactOn ? formatDate(r.lastContactOn) : "") },
    { key: "ledgerUpdatedAt", header: f("ledgerUpdatedAt"), width: 17, value: (r) => formatDateTime(r.ledgerUpdatedAt) },
    { key: "transferDue", header: f("transferDue"), width: 8, value: (r) => yesNo(r.transferDue) },
    { key: "transferDueReason", header: t("members.fields.transferDueReason"), width: 28, value: (r) => label("TransferDueReason", r.transferDueReason) },
    { key: "ledgerStale", header: f("ledgerStale"), width: 10, value: (r) => yesNo(r.ledgerStale) },
  ];
  return (
    <ExportButton<Row>
      resource="members"
      gqlQuery={MEMBERS_EXPORT_QUERY}
      filters={filters}
      sorters={sorters}
      columns={columns}
      fileName={t("members.export.fileName", { date: dayjs().format("YYYYMMDD") })}
      sheetName={t("members.members")}
    />
  );
};
