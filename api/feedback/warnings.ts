import type { RequestContext } from '../common/context';
import { chinaDate } from '../common/dates';
import { type AnnualFeedback, EvaluationGrade } from './annual-feedback.entity';
import { excellentShareExceeded, gradeDiffersUnexplained, isLowOrganizationalLife, isOverdue } from './feedback.rules';

export enum FeedbackWarning {
  EXCELLENT_SHARE_OVER_ONE_THIRD = 'EXCELLENT_SHARE_OVER_ONE_THIRD',
  OVERDUE = 'OVERDUE',
  LOW_ORGANIZATIONAL_LIFE = 'LOW_ORGANIZATIONAL_LIFE',
  /** The suggested grade differs from the one the points suggest, and no gradeReason says why. */
  GRADE_DIFFERS_FROM_POINTS = 'GRADE_DIFFERS_FROM_POINTS',
}

interface BranchShare {
  excellent: number;
  /** Every return of the branch and year, graded or not yet. */
  returns: number;
}

/** Suggested-grade shares per branch and year, for a page of returns in one grouped query. */
function branchShare(ctx: RequestContext, organizationId: number, year: number): Promise<BranchShare> {
  return ctx.loaders
    .get<string, BranchShare>('AnnualFeedback.branchShare', async (keys) => {
      const pairs = keys.map((key) => key.split(':').map(Number) as [number, number]);
      const rows: { organization: number; year: number; excellent: number; returns: number }[] = await ctx.em.execute(
        `select to_organization_id as organization, year,
                count(*) filter (where suggested_grade = 'EXCELLENT')::int as excellent,
                count(*)::int as returns
           from annual_feedback
          where (to_organization_id, year) in (select * from unnest(array[?]::int[], array[?]::int[]))
          group by to_organization_id, year`,
        [pairs.map(([organization]) => organization), pairs.map(([, y]) => y)],
      );
      const found = new Map(rows.map((row) => [`${row.organization}:${row.year}`, row]));
      return keys.map((key) => found.get(key) ?? { excellent: 0, returns: 0 });
    })
    .load(`${organizationId}:${year}`);
}

/** Things a reviewer should look at; warnings never block a step. */
export async function warningsFor(ctx: RequestContext, row: AnnualFeedback): Promise<FeedbackWarning[]> {
  const warnings: FeedbackWarning[] = [];
  if (row.suggestedGrade === EvaluationGrade.EXCELLENT) {
    const share = await branchShare(ctx, row.toOrganization.id, row.year);
    if (excellentShareExceeded(share)) warnings.push(FeedbackWarning.EXCELLENT_SHARE_OVER_ONE_THIRD);
  }
  if (isOverdue(row, chinaDate(ctx.now))) warnings.push(FeedbackWarning.OVERDUE);
  if (isLowOrganizationalLife(row)) warnings.push(FeedbackWarning.LOW_ORGANIZATIONAL_LIFE);
  if (gradeDiffersUnexplained(row)) warnings.push(FeedbackWarning.GRADE_DIFFERS_FROM_POINTS);
  return warnings;
}
