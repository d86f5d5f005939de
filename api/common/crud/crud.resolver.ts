import { ValidateNested } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Field, ID, Info, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { plannedList, plannedOne, readPlannerEnabled } from './read-planner';
import type { CrudService } from './crud.service';
import type { ReadService } from './read.service';
import { DeleteManyResponse, type FilterInput, OffsetPaging, type Resource, type SortInput, UpdateManyResponse } from './resource';

type Class = new (...args: never[]) => object;

/** An input class with one field, e.g. `CreateOneMemberInput { member: CreateMember! }`. */
function wrapperInput(name: string, fields: Record<string, { type: () => unknown; validate?: 'one' | 'each'; optional?: string }>): Class {
  @InputType(name)
  class Wrapper {}
  for (const [key, { type, validate, optional }] of Object.entries(fields)) {
    Field(type as () => Class, optional ? { nullable: true, description: optional } : {})(Wrapper.prototype, key);
    if (validate) ValidateNested({ each: validate === 'each' })(Wrapper.prototype, key);
  }
  return Wrapper;
}

/** `members(filter, paging, sorting)` and `member(id)` for a resource. */
export function createReadResolver<E extends object>(resource: Resource<E>, service: () => ReadService<E, number | string>) {
  @Resolver(() => resource.entity)
  abstract class ReadResolver {
    @Authorized(resource.permissions.read)
    @Query(() => resource.Connection, { name: resource.listName, description: `List ${resource.plural} within the caller's scope` })
    list(
      @Arg('filter', () => resource.Filter, { nullable: true }) filter: FilterInput | null,
      @Arg('paging', () => OffsetPaging, { nullable: true }) paging: OffsetPaging | null,
      @Arg('sorting', () => [resource.Sort], { nullable: true }) sorting: SortInput[] | null,
      @Ctx() ctx: RequestContext,
      @Info() info: GraphQLResolveInfo,
    ) {
      const args = { filter, paging, sorting };
      return readPlannerEnabled() ? plannedList(ctx, resource.name, info, args) : service().list(ctx, args);
    }

    @Authorized(resource.permissions.read)
    @Query(() => resource.entity, { name: resource.oneName, nullable: true, description: `One ${resource.name}; NOT_FOUND outside the caller's scope` })
    one(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
      return readPlannerEnabled() ? plannedOne(ctx, resource.name, info, service().key(id)) : service().get(ctx, id);
    }
  }
  return ReadResolver;
}

/** The read operations plus the six nestjs-query mutations, generated from the resource and its inputs. */
export function createCrudResolver<E extends { id: number; version: number }, C extends object, U extends object>(
  resource: Resource<E>,
  inputs: { create: Class; update: Class },
  service: () => CrudService<E, C, U>,
) {
  const one = resource.oneName;
  const many = resource.listName;
  const CreateOneInput = wrapperInput(`CreateOne${resource.name}Input`, { [one]: { type: () => inputs.create, validate: 'one' } });
  const CreateManyInput = wrapperInput(`CreateMany${resource.plural}Input`, { [many]: { type: () => [inputs.create], validate: 'each' } });
  const UpdateOneInput = wrapperInput(`UpdateOne${resource.name}Input`, {
    id: { type: () => ID },
    update: { type: () => inputs.update, validate: 'one' },
  });
  const UpdateManyInput = wrapperInput(`UpdateMany${resource.plural}Input`, {
    filter: { type: () => resource.Filter },
    update: { type: () => inputs.update, validate: 'one' },
  });
  const DeleteOneInput = wrapperInput(`DeleteOne${resource.name}Input`, {
    id: { type: () => ID },
    version: { type: () => Int, optional: 'The version you read: refused (CONFLICT, STALE_VERSION) if it changed since' },
  });
  const DeleteManyInput = wrapperInput(`DeleteMany${resource.plural}Input`, { filter: { type: () => resource.Filter } });
  const write = resource.permissions.write;
  if (!write) throw new Error(`${resource.name} has no write permission`);

  @Resolver(() => resource.entity)
  abstract class CrudResolver extends createReadResolver(resource, service) {
    @Authorized(write)
    @Mutation(() => resource.entity, { name: resource.operationName('createOne') })
    createOne(@Arg('input', () => CreateOneInput) input: Record<string, C>, @Ctx() ctx: RequestContext) {
      return service().createOne(ctx, input[one]);
    }

    @Authorized(write)
    @Mutation(() => [resource.entity], { name: resource.operationName('createMany') })
    createMany(@Arg('input', () => CreateManyInput) input: Record<string, C[]>, @Ctx() ctx: RequestContext) {
      return service().createMany(ctx, input[many]);
    }

    @Authorized(write)
    @Mutation(() => resource.entity, { name: resource.operationName('updateOne') })
    updateOne(@Arg('input', () => UpdateOneInput) input: { id: string; update: U }, @Ctx() ctx: RequestContext) {
      return service().updateOne(ctx, input.id, input.update);
    }

    @Authorized(write)
    @Mutation(() => UpdateManyResponse, { name: resource.operationName('updateMany') })
    async updateMany(@Arg('input', () => UpdateManyInput) input: { filter: FilterInput; update: U }, @Ctx() ctx: RequestContext) {
      return { updatedCount: await service().updateMany(ctx, input.filter, input.update) };
    }

    @Authorized(write)
    @Mutation(() => resource.entity, { name: resource.operationName('deleteOne') })
    deleteOne(@Arg('input', () => DeleteOneInput) input: { id: string; version?: number | null }, @Ctx() ctx: RequestContext) {
      return service().deleteOne(ctx, input.id, input.version);
    }

    @Authorized(write)
    @Mutation(() => DeleteManyResponse, { name: resource.operationName('deleteMany') })
    async deleteMany(@Arg('input', () => DeleteManyInput) input: { filter: FilterInput }, @Ctx() ctx: RequestContext) {
      return { deletedCount: await service().deleteMany(ctx, input.filter) };
    }
  }
  return CrudResolver;
}
