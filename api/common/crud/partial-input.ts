import { Field, InputType, getMetadataStorage } from 'type-graphql';

type Class<T = object> = new () => T;

/**
 * `UpdateMember` from `CreateMember`: the same fields and validators, each optional. Validators
 * pass on absent values; services refuse an explicit `null` for a column that cannot be empty.
 */
export function partialInput<T extends object>(Base: Class<T>, name: string, description?: string): Class<Partial<T>> {
  @InputType(name, { description })
  class PartialInput extends (Base as Class) {}

  const fields = getMetadataStorage().fields.filter((field) => field.target === Base);
  for (const field of fields) {
    const typeFunc = () => (field.typeOptions.array ? [field.getType()] : field.getType());
    Field(typeFunc as () => Class, { nullable: true, description: field.description })(PartialInput.prototype, field.name);
  }
  return PartialInput as Class<Partial<T>>;
}
