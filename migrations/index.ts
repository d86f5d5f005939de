import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123185422 } from './Migration20261123185422';
import { Migration20261123190246 } from './Migration20261123190246';
import { Migration20261123191303 } from './Migration20261123191303';
import { Migration20261130100000 } from './Migration20261130100000';
import { Migration20261130110000 } from './Migration20261130110000';
import { Migration20261130120000 } from './Migration20261130120000';
import { Migration20261130130000 } from './Migration20261130130000';
import { Migration20261201100000 } from './Migration20261201100000';
import { Migration20261201200000 } from './Migration20261201200000';
import { Migration20261201300000 } from './Migration20261201300000';
import { Migration20261201400000 } from './Migration20261201400000';
import { Migration20261201500000 } from './Migration20261201500000';
import { Migration20261201600000 } from './Migration20261201600000';
import { Migration20261201600100 } from './Migration20261201600100';
import { Migration20261201700000 } from './Migration20261201700000';
import { Migration20261201800000 } from './Migration20261201800000';
import { Migration20261201810000 } from './Migration20261201810000';
import { Migration20261201820000 } from './Migration20261201820000';
import { Migration20261201830000 } from './Migration20261201830000';
import { Migration20261201840000 } from './Migration20261201840000';
import { Migration20261201850000 } from './Migration20261201850000';
import { Migration20261201860000 } from './Migration20261201860000';
import { Migration20261201870000 } from './Migration20261201870000';
import { Migration20261201880000 } from './Migration20261201880000';
import { Migration20261201890000 } from './Migration20261201890000';
import { Migration20261201891000 } from './Migration20261201891000';

/**
 * Every committed migration, in order. Listed explicitly (rather than found by scanning a folder)
 * so that the compiled server, the TypeScript test run and the CLI all apply the same set.
 * `npm run migrate -- create` appends new entries here.
 */
export const migrationsList: MigrationObject[] = [{ name: 'Migration20261123185422', class: Migration20261123185422 }, { name: 'Migration20261123190246', class: Migration20261123190246 }, { name: 'Migration20261123191303', class: Migration20261123191303 }, { name: 'Migration20261130100000', class: Migration20261130100000 }, { name: 'Migration20261130110000', class: Migration20261130110000 }, { name: 'Migration20261130120000', class: Migration20261130120000 }, { name: 'Migration20261130130000', class: Migration20261130130000 }, { name: 'Migration20261201100000', class: Migration20261201100000 }, { name: 'Migration20261201200000', class: Migration20261201200000 }, { name: 'Migration20261201300000', class: Migration20261201300000 }, { name: 'Migration20261201400000', class: Migration20261201400000 }, { name: 'Migration20261201500000', class: Migration20261201500000 }, { name: 'Migration20261201600000', class: Migration20261201600000 }, { name: 'Migration20261201600100', class: Migration20261201600100 }, { name: 'Migration20261201700000', class: Migration20261201700000 }, { name: 'Migration20261201800000', class: Migration20261201800000 }, { name: 'Migration20261201810000', class: Migration20261201810000 }, { name: 'Migration20261201820000', class: Migration20261201820000 }, { name: 'Migration20261201830000', class: Migration20261201830000 }, { name: 'Migration20261201840000', class: Migration20261201840000 }, { name: 'Migration20261201850000', class: Migration20261201850000 }, { name: 'Migration20261201860000', class: Migration20261201860000 }, { name: 'Migration20261201870000', class: Migration20261201870000 }, { name: 'Migration20261201880000', class: Migration20261201880000 }, { name: 'Migration20261201890000', class: Migration20261201890000 }, { name: 'Migration20261201891000', class: Migration20261201891000 }];
