import { registerEnumType } from 'type-graphql';

/**
 * The grades of the annual democratic evaluation (民主评议党员): what a year-end return suggests and
 * the outflow side finally writes, and what a points scheme's thresholds turn a score into. Shared
 * vocabulary of the feedback and points domains, so neither has to reach into the other for it.
 */
export enum EvaluationGrade {
  EXCELLENT = 'EXCELLENT',
  QUALIFIED = 'QUALIFIED',
  BASICALLY_QUALIFIED = 'BASICALLY_QUALIFIED',
  UNQUALIFIED = 'UNQUALIFIED',
}
registerEnumType(EvaluationGrade, { name: 'EvaluationGrade', description: '优秀 / 合格 / 基本合格 / 不合格' });
