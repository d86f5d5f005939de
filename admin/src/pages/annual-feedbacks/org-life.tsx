import { useTranslate } from "@refinedev/core";
import { Tooltip, Typography } from "antd";

/** The year's whole months: a return under care for fewer was expected prorated sessions. */
const WHOLE_YEAR = 12;

/**
 * Organisational life as "attended/expected"; when the member was under care for part of the
 * year only, the months follow, and the tooltip says the expectation was prorated to them.
 */
export function OrgLifeCell({ attended, expected, months }: { attended: number; expected: number; months: number }) {
  const t = useTranslate();
  const figure = `${attended}/${expected}`;
  if (months >= WHOLE_YEAR) return <span style={{ whiteSpace: "nowrap" }}>{figure}</span>;
  return (
    <Tooltip title={t("annualFeedbacks.prorated.tooltip", { months, expected })}>
      <span style={{ whiteSpace: "nowrap" }} data-testid="org-life-prorated">
        {figure}
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
          {t("annualFeedbacks.prorated.months", { count: months })}
        </Typography.Text>
      </span>
    </Tooltip>
  );
}
