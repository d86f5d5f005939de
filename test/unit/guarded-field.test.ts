import 'reflect-metadata';
import { type GraphQLSchema, graphql } from 'graphql';
import { Authorized, Field, FieldResolver, type MiddlewareFn, ObjectType, Query, Resolver, UseMiddleware, buildSchema } from 'type-graphql';
import { guardedField, plainFieldProperty, readPlainFieldsDirectly } from '../../api/common/crud/read-model';

/**
 * A relation field answered straight from the read plan (servePlannedFields), and a plain field
 * read straight from its property (readPlainFieldsDirectly), skip their type-graphql resolvers,
 * so a field whose resolver applies roles or middlewares must be recognised as guarded, wherever
 * they are declared: on the field, on a field resolver, or on a class it extends.
 */
const middlewareCalls: string[] = [];
const passThrough: MiddlewareFn = ({ info }, next) => {
  middlewareCalls.push(info.fieldName);
  return next();
};

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

  @Field({ name: 'renamed' })
  stored!: string;
}

@Resolver(() => GuardProbe)
class GuardProbeResolver {
  @Query(() => GuardProbe)
  guardProbe(): GuardProbe {
    return Object.assign(new GuardProbe(), { inherited: 'i', open: 'o', withRoles: 'r', withMiddleware: 'm', stored: 's' });
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

const refusedRoles: string[][] = [];
let schema: GraphQLSchema;

beforeAll(async () => {
  const authChecker = (_: unknown, roles: string[]) => {
    refusedRoles.push(roles);
    return false;
  };
  schema = readPlainFieldsDirectly(await buildSchema({ resolvers: [GuardProbeResolver], authChecker, validate: false }));
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

it.each([
  ['open', 'open'],
  ['renamed', 'stored'],
  ['withRoles', undefined],
  ['withMiddleware', undefined],
  ['inherited', undefined],
  ['resolvedWithRoles', undefined],
  ['resolvedOpen', undefined],
])('GuardProbe.%s reads property %s directly', (field, property) => {
  expect(plainFieldProperty('GuardProbe', field)).toBe(property);
});

it('still applies roles and middlewares once plain fields are read directly', async () => {
  const open = await graphql({ schema, source: '{ guardProbe { open renamed withMiddleware resolvedOpen } }' });
  expect(open).toEqual({ data: { guardProbe: { open: 'o', renamed: 's', withMiddleware: 'm', resolvedOpen: '' } } });
  expect(middlewareCalls).toEqual(['withMiddleware']);
  for (const field of ['withRoles', 'inherited', 'resolvedWithRoles']) {
    const refused = await graphql({ schema, source: `{ guardProbe { ${field} } }` });
    expect(refused.errors?.[0]?.message).toMatch(/access denied/i);
  }
  expect(refusedRoles).toEqual([['members:read'], [], []]);
});
