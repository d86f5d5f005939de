/** `npm run bench:scale`: the statistics at national scale (test/bench/stats.scale.ts); never part of `npm test` or `npm run bench`. */
const bench = require('./jest.config');

module.exports = {
  ...bench,
  testMatch: ['**/*.scale.ts'],
  testTimeout: 3 * 60 * 60 * 1000,
};
