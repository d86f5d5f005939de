import { IsInt, IsOptional, Min } from 'class-validator';
import { Field, InputType, Int, getMetadataStorage } from 'type-graphql';

type Class<T = object> = new () => T;

/**
 * `UpdateMember` from `CreateMember`: the same fields and validators, each optional, and the
 * `version` the client read (optimistic locking: required by the console, optional for clients
 * that accept last-writer-wins). Validators pass on absent values; services refuse an explicit
 * `null` for a column that cannot be empty.
 */
export function partialInput<T extends object>(Base: Class<T>, name: string, description?: string): Class<Partial<T>> {
  @InputType(name, { description })
  class PartialInput extends (Base as Class) {}

  const fields = getMetadataStorage().fields.filter((field) => field.target === Base);
  for (const field of fields) {
    const typeFunc = () => (field.typeOptions.array ? [field.getType()] : field.getType());
    Field(typeFunc as () => Class, { nullable: true, description: field.description })(PartialInput.prototype, field.name);
  }
  Field(() => Int, { nullable: true, description: 'The version you read: a change made since by someone else is refused (CONFLICT, STALE_VERSION)' })(PartialInput.prototype, 'version');
  IsOptional()(PartialInput.prototype, 'version');
  IsInt()(PartialInput.prototype, 'version');
  Min(1)(PartialInput.prototype, 'version');
  return PartialInput as Class<Partial<T>>;
}
