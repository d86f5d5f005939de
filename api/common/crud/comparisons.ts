import { type GraphQLScalarType } from 'graphql';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../scalars';

/**
 * Per-field comparison inputs in the shape nestjs-query defines and Refine's GraphQL data
 * provider sends: `{ name: { iLike: "%张%" }, status: { in: [MANAGED, REPORTED] } }`.
 * Each value type gets the operators that mean something for it.
 */
export type ComparisonOperator =
  | 'is' | 'isNot' | 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte'
  | 'like' | 'notLike' | 'iLike' | 'notILike' | 'in' | 'notIn' | 'between' | 'notBetween';

/** The longest list an `in` or `notIn` takes (a page of keys, which is what Refine asks for). */
export const MAX_LIST = 500;

type ScalarRef = GraphQLScalarType | typeof String | typeof Boolean | typeof Int | typeof Float | typeof ID | object;

const ORDER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
const PATTERN_OPS = ['like', 'notLike', 'iLike', 'notILike'] as const;

function defineComparison(
  name: string,
  valueType: () => ScalarRef,
  operators: { order: boolean; pattern: boolean; between: boolean; sets?: boolean },
  description?: string,
): Function {
  @InputType(name, { description })
  class Comparison {}

  const field = (key: string, type: () => unknown, options: { description?: string } = {}) =>
    Field(type as () => ScalarRef, { nullable: true, ...options })(Comparison.prototype, key);

  field('is', () => Boolean, { description: 'null: IS NULL; true/false: IS TRUE / IS FALSE' });
  field('isNot', () => Boolean, { description: 'null: IS NOT NULL; true/false: IS NOT TRUE / IS NOT FALSE' });
  for (const op of operators.order ? ORDER_OPS : (['eq', 'neq'] as const)) field(op, valueType);
  if (operators.pattern) for (const op of PATTERN_OPS) field(op, () => String, { description: 'At most 200 characters' });
  if (operators.sets !== false) {
    field('in', () => [valueType()], { description: `At most ${MAX_LIST} values` });
    field('notIn', () => [valueType()], { description: `At most ${MAX_LIST} values` });
  }
  if (operators.between) {
    @InputType(`${name}Between`)
    class Between {}
    Field(valueType as () => ScalarRef)(Between.prototype, 'lower');
    Field(valueType as () => ScalarRef)(Between.prototype, 'upper');
    field('between', () => Between, { description: 'Inclusive range' });
    field('notBetween', () => Between);
  }
  return Comparison;
}

export const IDFilterComparison = defineComparison('IDFilterComparison', () => ID, { order: true, pattern: false, between: false });
export const StringFieldComparison = defineComparison('StringFieldComparison', () => String, { order: true, pattern: true, between: false });
export const IntFieldComparison = defineComparison('IntFieldComparison', () => Int, { order: true, pattern: false, between: true });
export const FloatFieldComparison = defineComparison('FloatFieldComparison', () => Float, { order: true, pattern: false, between: true });
/** `eq`/`neq` as well as nestjs-query's `is`/`isNot`: Refine's provider sends `eq: true` for a checkbox. */
export const BooleanFieldComparison = defineComparison('BooleanFieldComparison', () => Boolean, {
  order: false,
  pattern: false,
  between: false,
  sets: false,
});
export const DateFieldComparison = defineComparison('DateFieldComparison', () => Date, { order: true, pattern: false, between: true }, 'Compares timestamps (DateTimeISO)');
export const LocalDateFieldComparison = defineComparison('LocalDateFieldComparison', () => LocalDate, { order: true, pattern: false, between: true }, 'Compares calendar dates (YYYY-MM-DD)');
export const StringArrayFieldComparison = (() => {
  @InputType('StringArrayFieldComparison', { description: 'Compares a list of strings' })
  class Comparison {}
  Field(() => [String], { nullable: true, description: 'Contains every one of these' })(Comparison.prototype, 'contains');
  Field(() => [String], { nullable: true, description: 'Contains at least one of these' })(Comparison.prototype, 'overlaps');
  return Comparison;
})();

const enumComparisons = new Map<object, Function>();

/** `MemberStatusFilterComparison` and the like: equality and set membership on an enum. */
export function enumComparison(enumObject: object, enumName: string): Function {
  let comparison = enumComparisons.get(enumObject);
  if (!comparison) {
    comparison = defineComparison(`${enumName}FilterComparison`, () => enumObject, { order: false, pattern: false, between: false });
    enumComparisons.set(enumObject, comparison);
  }
  return comparison;
}
