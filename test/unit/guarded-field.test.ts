import 'reflect-metadata';
import { Authorized, Field, FieldResolver, type MiddlewareFn, ObjectType, Query, Resolver, UseMiddleware, buildSchema } from 'type-graphql';
import { guardedField } from '../../api/common/crud/read-model';

/**
 * A relation field answered straight from the read plan (servePlannedFields) skips its type-graphql
 * resolver, so a field whose resolver applies roles or middlewares must be recognised as guarded,
 * wherever they are declared: on the field, on a field resolver, or on a class it extends.
 */
const passThrough: MiddlewareFn = (_, next) => next();

@ObjectType()
class GuardProbeBase {
  @Authorized()
  @Field()
  inherited!: string;
}

@ObjectType()
class GuardProbe extends GuardProbeBase {
  @Field()
  open!: string;

  @Authorized('members:read')
  @Field()
  withRoles!: string;

  @UseMiddleware(passThrough)
  @Field()
  withMiddleware!: string;
}

@Resolver(() => GuardProbe)
class GuardProbeResolver {
  @Query(() => GuardProbe)
  guardProbe(): GuardProbe {
    return new GuardProbe();
  }

  @Authorized()
  @FieldResolver(() => String)
  resolvedWithRoles(): string {
    return '';
  }

  @FieldResolver(() => String)
  resolvedOpen(): string {
    return '';
  }
}

beforeAll(async () => {
  await buildSchema({ resolvers: [GuardProbeResolver], authChecker: () => true, validate: false });
});

it.each([
  ['open', false],
  ['withRoles', true],
  ['withMiddleware', true],
  ['inherited', true],
  ['resolvedWithRoles', true],
  ['resolvedOpen', false],
])('GuardProbe.%s guarded: %s', (field, guarded) => {
  expect(guardedField('GuardProbe', field)).toBe(guarded);
});

it('knows no guard on a type it does not know', () => {
  expect(guardedField('NoSuchType', 'open')).toBe(false);
});
