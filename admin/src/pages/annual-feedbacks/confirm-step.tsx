import { useTranslate } from "@refinedev/core";
import { App, Typography } from "antd";
import type { AgreementOption } from "../../components/pickers";
import type { FeedbackBoardQuery } from "../../graphql/types";

type FeedbackRow = FeedbackBoardQuery["annualFeedbacks"]["nodes"][number];

/** Names for a confirmation: a few, then "… N in all". */
const someNames = (rows: FeedbackRow[], more: (count: number) => string) => {
  const names = rows.slice(0, 8).map((row) => row.member?.name ?? row.memberId);
  return rows.length > names.length ? `${names.join("、")} ${more(rows.length)}` : names.join("、");
};

/** A draft goes to review only with a suggested grade, unless the member is probationary (no grade). */
export const readyToSubmit = (row: FeedbackRow) => !!row.suggestedGrade || row.member?.partyStanding === "PROBATIONARY";

/**
 * 提交 and 审核通过 ask first, naming the members and saying what follows: a submitted draft can no
 * longer be edited, an approved return is delivered to the partner. Drafts without a suggested grade
 * are not submitted.
 */
export const useConfirmStep = () => {
  const t = useTranslate();
  const { modal } = App.useApp();
  const more = (count: number) => t("annualFeedbacks.confirm.more", { count });

  const submit = (rows: FeedbackRow[], year: number, go: (rows: FeedbackRow[]) => void) => {
    const ready = rows.filter(readyToSubmit);
    const ungraded = rows.filter((row) => !readyToSubmit(row));
    if (!ready.length) {
      modal.warning({
        title: t("annualFeedbacks.confirm.noGradeTitle"),
        content: t("annualFeedbacks.confirm.noGrade", { names: someNames(ungraded, more) }),
      });
      return;
    }
    modal.confirm({
      title: ready.length === 1 ? t("annualFeedbacks.confirm.submitOne", { name: ready[0]!.member?.name, year }) : t("annualFeedbacks.confirm.submitMany", { count: ready.length, year }),
      content: (
        <>
          {ready.length > 1 && <Typography.Paragraph>{someNames(ready, more)}</Typography.Paragraph>}
          <Typography.Paragraph>{t("annualFeedbacks.confirm.submitEffect")}</Typography.Paragraph>
          {ungraded.length > 0 && <Typography.Paragraph type="warning">{t("annualFeedbacks.confirm.skipUngraded", { names: someNames(ungraded, more) })}</Typography.Paragraph>}
        </>
      ),
      okText: t("annualFeedbacks.actions.submit"),
      onOk: () => go(ready),
    });
  };

  const approve = (rows: FeedbackRow[], year: number, agreement: AgreementOption | undefined, go: (rows: FeedbackRow[]) => void) => {
    const partner = agreement ? `${agreement.code} · ${agreement.title}` : "";
    modal.confirm({
      title: rows.length === 1 ? t("annualFeedbacks.confirm.approveOne", { name: rows[0]!.member?.name, year }) : t("annualFeedbacks.confirm.approveMany", { count: rows.length, year }),
      content: (
        <>
          {rows.length > 1 && <Typography.Paragraph>{someNames(rows, more)}</Typography.Paragraph>}
          <Typography.Paragraph>{t("annualFeedbacks.confirm.approveEffect", { partner })}</Typography.Paragraph>
        </>
      ),
      okText: t("annualFeedbacks.actions.approve"),
      onOk: () => go(rows),
    });
  };

  return { submit, approve };
};
