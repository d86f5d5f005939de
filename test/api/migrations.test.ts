import { startTestApp, type TestApp } from '../support/app';

/**
 * The committed migrations build exactly the schema the entities describe: a change to an entity
 * without its migration (`npm run migrate -- create`) fails here, not on someone's database.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('empty');
});
afterAll(() => app.close());

it('leaves nothing between the migrated database and the entities', async () => {
  const difference = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  expect(difference.trim()).toBe('');
});
