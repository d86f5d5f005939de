import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gongguanSchema, printContract } from '../../api/schema';

describe('schema/schema.graphql', () => {
  it('is exactly the SDL the code emits (run `npm run schema` after changing the API)', async () => {
    const committed = readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8');
    expect(printContract(await gongguanSchema())).toBe(committed);
  });
});
