import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { setReadPlanner } from '../../api/common/crud/read-planner';
import { QUERY_LIMITS } from '../../api/server';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/app';
import { buildWorld, ok, type ViewerName, type World } from '../access/fixtures';

/**
 * The read planner answers exactly what the services and their loaders answer. Queries are
 * generated from the served schema — every root list and look-up, random selections of columns,
 * to-one relations and nested lists down to the depth limit, random pages and orders — and each
 * is sent by every kind of credential twice: planner on, planner off. Data and errors must be the
 * same, field by field.
 */

const SEED = Number(process.env.EQUIVALENCE_SEED ?? 20261130);
const QUERIES_PER_VIEWER = Number(process.env.EQUIVALENCE_RUNS ?? 30);
const VIEWERS: ViewerName[] = ['superAdmin', 'regionAdmin', 'viewer', 'partnerA', 'partnerB', 'dashboard'];
/** Values that change between two requests by themselves (a token's last use is stamped as it is used). */
const UNSTABLE_FIELDS = new Set(['lastUsedAt', 'lastLoginAt']);

let app: TestApp;
let world: World;
let schema: GraphQLSchema;

beforeAll(async () => {
  app = await startTestApp('empty', { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000' });
  world = await buildWorld(app);
  schema = buildClientSchema(ok(await app.gql(getIntrospectionQuery())) as never);
}, 120_000);
afterAll(async () => {
  setReadPlanner(true);
  await app?.close();
});

const isConnection = (type: GraphQLObjectType) => 'nodes' in type.getFields() && 'totalCount' in type.getFields();
const requiredArgs = (field: GraphQLField<unknown, unknown>) => field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);

/** A random selection of an object type at `depth` (the root field is depth 1). */
function selection(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const parts: fc.Arbitrary<string | null>[] = [];
  for (const field of Object.values(type.getFields())) {
    if (requiredArgs(field).length > 0 || UNSTABLE_FIELDS.has(field.name)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(field.name === 'id' ? fc.constant('id') : fc.option(fc.constant(field.name), { freq: 2 }));
    } else if (isObjectType(named) && isConnection(named) && depth + 2 < QUERY_LIMITS.depth) {
      const nodeType = getNamedType(named.getFields().nodes!.type) as GraphQLObjectType;
      parts.push(
        fc.option(
          fc
            .tuple(fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.boolean(), selection(nodeType, depth + 2))
            .map(([limit, count, pageInfo, nodes]) =>
              `${field.name}(paging: { limit: ${limit} }) { ${count ? 'totalCount' : ''} ${pageInfo ? 'pageInfo { hasNextPage hasPreviousPage }' : ''} nodes { ${nodes} } }`,
            ),
          { freq: 3 },
        ),
      );
    } else if (isObjectType(named) && !isConnection(named) && depth + 1 < QUERY_LIMITS.depth) {
      parts.push(fc.option(selection(named, depth + 1).map((inner) => `${field.name} { ${inner} }`), { freq: 2 }));
    }
  }
  return fc.tuple(...parts).map((chosen) => {
    const fields = chosen.filter((part): part is string => part !== null);
    return fields.length > 0 ? fields.join(' ') : '__typename';
  });
}

/** A root list with a random page and order, or a look-up of one of the ids the list gives the super admin. */
function rootQuery(field: GraphQLField<unknown, unknown>, ids: string[]): fc.Arbitrary<string> {
  const named = getNamedType(field.type) as GraphQLObjectType;
  if (isConnection(named)) {
    const nodeType = getNamedType(named.getFields().nodes!.type) as GraphQLObjectType;
    const sorting = field.args.find((arg) => arg.name === 'sorting');
    const sortInput = sorting ? getNamedType(sorting.type) : null;
    const sortFields = sortInput && isInputObjectType(sortInput) ? getNamedType(sortInput.getFields().field!.type) : null;
    const orders = sortFields && isEnumType(sortFields) ? sortFields.getValues().map((value) => value.name) : [];
    return fc
      .tuple(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 10 }),
        orders.length > 0 ? fc.option(fc.tuple(fc.constantFrom(...orders), fc.constantFrom('ASC', 'DESC'))) : fc.constant(null),
        fc.boolean(),
        selection(nodeType, 2),
      )
      .map(([limit, offset, order, count, nodes]) => {
        const sorting = order ? `, sorting: [{ field: ${order[0]}, direction: ${order[1]} }]` : '';
        return `{ ${field.name}(paging: { limit: ${limit}, offset: ${offset} }${sorting}) { ${count ? 'totalCount pageInfo { hasNextPage }' : ''} nodes { ${nodes} } } }`;
      });
  }
  return fc.tuple(fc.constantFrom(...ids), selection(named, 1)).map(([id, inner]) => `{ ${field.name}(id: ${JSON.stringify(id)}) { ${inner} } }`);
}

/** What a response says, without what differs between two equal answers (correlation ids). */
function comparable(response: GraphQLResponse): unknown {
  return {
    data: response.data ?? null,
    errors: (response.errors ?? []).map((error: any) => ({ path: error.path, code: error.extensions?.code, message: String(error.message).replace(/\(correlation id [^)]+\)/, '') })),
  };
}

it('answers every generated read the same with the planner as through the services and loaders', async () => {
  const roots = Object.values(schema.getQueryType()!.getFields());
  const lists = roots.filter((field) => isObjectType(getNamedType(field.type)) && isConnection(getNamedType(field.type) as GraphQLObjectType) && requiredArgs(field).length === 0);
  const lookups = roots.filter((field) => requiredArgs(field).length === 1 && requiredArgs(field)[0]!.name === 'id' && isObjectType(getNamedType(field.type)));
  // Ids to look up: what the super admin's lists give for each type (others' look-ups are out of their scope or in it).
  const idsOf = new Map<string, string[]>();
  for (const list of lists) {
    const typeName = getNamedType((getNamedType(list.type) as GraphQLObjectType).getFields().nodes!.type).name;
    const nodes = ok(await app.gql(`{ ${list.name}(paging: { limit: 100 }) { nodes { id } } }`))[list.name].nodes as { id: string }[];
    idsOf.set(typeName, [...(idsOf.get(typeName) ?? []), ...nodes.map((node) => node.id)]);
  }
  const queries = fc.oneof(
    ...lists.map((field) => rootQuery(field, [])),
    ...lookups.filter((field) => (idsOf.get(getNamedType(field.type).name) ?? []).length > 0).map((field) => rootQuery(field, idsOf.get(getNamedType(field.type).name)!)),
  );

  const differences: string[] = [];
  let answered = 0;
  for (const viewer of VIEWERS) {
    const samples = fc.sample(queries, { seed: SEED + VIEWERS.indexOf(viewer), numRuns: QUERIES_PER_VIEWER });
    for (const query of samples) {
      setReadPlanner(true);
      const planned = await app.gqlAs(world.credentials[viewer], query);
      setReadPlanner(false);
      const loaded = await app.gqlAs(world.credentials[viewer], query);
      if (planned.data) answered++;
      expect(JSON.stringify(planned.errors ?? [])).not.toContain('INTERNAL_SERVER_ERROR');
      if (JSON.stringify(comparable(planned)) !== JSON.stringify(comparable(loaded))) {
        differences.push(`${viewer}: ${query}\n  planner: ${JSON.stringify(comparable(planned)).slice(0, 600)}\n  loaders: ${JSON.stringify(comparable(loaded)).slice(0, 600)}`);
      }
    }
  }
  setReadPlanner(true);
  expect(differences.slice(0, 5).join('\n\n')).toBe('');
  // The comparison is only worth something if most reads were answered with data.
  expect(answered).toBeGreaterThan(VIEWERS.length * QUERIES_PER_VIEWER * 0.5);
}, 300_000);

it('plans a query for each viewer: a filter one viewer may use stays refused to another sending the same query', async () => {
  setReadPlanner(true);
  const query = '{ organizations(paging: { limit: 5 }) { nodes { id members(filter: { birthDate: { gte: "1900-01-01" } }) { totalCount } } } }';
  const allowed = await app.gqlAs(world.credentials.superAdmin, query);
  expect(allowed.errors).toBeUndefined();
  expect(allowed.data!.organizations.nodes.some((node: { members: { totalCount: number } }) => node.members.totalCount > 0)).toBe(true);
  const refused = await app.gqlAs(world.credentials.viewer, query);
  expect(refused.errors?.[0]).toMatchObject({ path: ['organizations', 'nodes', 0, 'members'], extensions: { code: 'FORBIDDEN', field: 'filter.birthDate', reason: 'MASKED_FIELD' } });
  const again = await app.gqlAs(world.credentials.superAdmin, query);
  expect(again.errors).toBeUndefined();
  expect(again.data).toEqual(allowed.data);
});

it('a nested list\'s arguments that passed before are not checked again, and ones that fail still fail', async () => {
  setReadPlanner(true);
  const query = 'query($limit: Int!) { members(paging: { limit: 5 }) { nodes { id activities(paging: { limit: $limit }) { nodes { id } } } } }';
  const first = await app.gqlAs(world.credentials.superAdmin, query, { limit: 2 });
  expect(first.errors).toBeUndefined();
  expect(first.data!.members.nodes.some((node: { activities: { nodes: unknown[] } }) => node.activities.nodes.length === 2)).toBe(true);
  for (const limit of [0, 501]) {
    const refused = await app.gqlAs(world.credentials.superAdmin, query, { limit });
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ path: ['members', 'nodes', 0, 'activities'], extensions: { code: 'BAD_USER_INPUT', field: 'paging.limit' } });
  }
  const again = await app.gqlAs(world.credentials.superAdmin, query, { limit: 2 });
  expect(again.errors).toBeUndefined();
  expect(again.data).toEqual(first.data);
});
