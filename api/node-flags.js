'use strict';
/**
 * The flags the server process runs with (api/start.js, and the tests that start it as
 * a process). V8 otherwise lets the old generation grow far past what the server keeps alive
 * before collecting it: under load the process held about 300 MB for a live heap of well under
 * 100 MB. A limit makes it collect sooner: on the read benchmark, peak RSS about 300 → 180 MB for
 * about 5% fewer requests a second (10% more CPU each, in garbage collection); a 5,000-record
 * batch, the largest write, fits. HEAP_LIMIT_MB changes it (0: V8's default sizing).
 *
 * Each request's garbage dies young: a query's rows, its GraphQL result, its JSON. A young
 * generation of 32 MB semi-spaces (V8's default is 16) holds a few more requests' worth before a
 * scavenge, so fewer survivors are copied and promoted: on the read benchmark, members with their
 * latest activities (W2) took about 25% less CPU per request, for about 35 MB more peak RSS
 * (205–230 MB); 64 MB gained no more and passed 250 MB. HEAP_LIMIT_MB=0 leaves this to V8 too.
 */
const YOUNG_SEMI_SPACE_MB = 32;

function serverNodeFlags(env = process.env) {
  const heapLimitMb = Number(env.HEAP_LIMIT_MB ?? 192);
  if (!Number.isInteger(heapLimitMb) || heapLimitMb < 0) throw new Error(`HEAP_LIMIT_MB must be a whole number of megabytes, got "${env.HEAP_LIMIT_MB}"`);
  return ['--enable-source-maps', ...(heapLimitMb > 0 ? [`--max-old-space-size=${heapLimitMb}`, `--max-semi-space-size=${YOUNG_SEMI_SPACE_MB}`] : [])];
}

module.exports = { serverNodeFlags };
