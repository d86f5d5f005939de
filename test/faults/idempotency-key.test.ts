import { startTestApp, type TestApp } from '../support/app';

/**
 * The Idempotency-Key header keeps the answer of a mutation that did something, to replay it;
 * an answer that did nothing is not kept, so that the mended request runs under the same key.
 */

const RENAME = 'mutation($input: UpdateOneOrganizationInput!) { updateOneOrganization(input: $input) { id name } }';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('demo');
});

afterAll(async () => {
  await app?.close();
});

const keys = async () => Number((await app.sql<{ n: number }>('select count(*)::int as n from idempotency_key'))[0]!.n);

it('keeps nothing of a request whose variables GraphQL refused, so the mended request runs under the same key', async () => {
  const key = { 'idempotency-key': 'rename-1' };
  const refused = await app.gql(RENAME, { input: { id: null, update: { name: '改名后的党委' } } }, key);
  expect(refused.status).toBe(400);
  expect(refused.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  expect(await keys()).toBe(0);

  const mended = await app.gql(RENAME, { input: { id: '1', update: { name: '改名后的党委' } } }, key);
  expect(mended.errors).toBeUndefined();
  expect(mended.data!.updateOneOrganization).toEqual({ id: '1', name: '改名后的党委' });
  expect(await keys()).toBe(1);
});
