/** `npm run schema`: writes the contract the code implements to schema/schema.graphql. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './config';
import { gongguanSchema, printContract } from './schema';

gongguanSchema()
  .then((schema) => {
    const file = path.join(projectRoot, 'schema/schema.graphql');
    writeFileSync(file, printContract(schema));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
