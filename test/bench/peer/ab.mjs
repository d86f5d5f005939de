// Two builds of Gongguan side by side (A: before a change, B: after it) on one of issue 9's
// workloads, over the same database: short runs alternated A, B, B, A, … at a fixed request rate,
// and the medians of each server's CPU per request and of their ratio. How to run the two
// servers so that the comparison is fair: ./README.md.
//
//   GONGGUAN_TOKEN=ggs_… A_PID=… B_PID=… [A_URL=…] [B_URL=…] [W=w3] [RATE=800] [ROUNDS=8] [SECONDS=5] node test/bench/peer/ab.mjs
//
// A_URL and B_URL default to http://127.0.0.1:4913/graphql and http://127.0.0.1:4914/graphql.
//
// PostgreSQL's CPU per request as well, for a change on the database's side: each server over its
// own copy of the database (`create database … template …`, then each build's migrations), and
//   PG_OWNER_URL=postgresql://postgres:postgres@127.0.0.1:5911/postgres A_DATABASE=… B_DATABASE=…
// The backends serving each database are found in pg_stat_activity and their CPU read from /proc,
// so the database must run on this machine.
import { createRequire } from 'node:module';
import { cpuMs, workload } from './workloads.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const TOKEN = process.env.GONGGUAN_TOKEN;
if (!TOKEN) throw new Error('GONGGUAN_TOKEN: a session of the super admin (log in as `admin`, password in demo-admin.txt)');
const servers = {
  A: { url: process.env.A_URL ?? 'http://127.0.0.1:4913/graphql', pid: process.env.A_PID },
  B: { url: process.env.B_URL ?? 'http://127.0.0.1:4914/graphql', pid: process.env.B_PID },
};
for (const [name, server] of Object.entries(servers)) if (!server.pid) throw new Error(`${name}_PID: the process id of server ${name}`);

const databases = { A: process.env.A_DATABASE, B: process.env.B_DATABASE };
const owner = process.env.PG_OWNER_URL ? new (require('pg').Client)({ connectionString: process.env.PG_OWNER_URL }) : null;
if (owner) {
  if (!databases.A || !databases.B || databases.A === databases.B) throw new Error('A_DATABASE and B_DATABASE: a database of its own for each server');
  await owner.connect();
}
/** CPU ms so far of the backends connected to `database` (a backend that has ended since is not counted). */
async function databaseCpuMs(database) {
  const { rows } = await owner.query('select pid from pg_stat_activity where datname = $1', [database]);
  let total = 0;
  for (const { pid } of rows) {
    try {
      total += cpuMs(pid);
    } catch {
      // Ended between the two reads.
    }
  }
  return total;
}
const { name, gongguan: body } = workload(process.env.W ?? 'w3');
// Below saturation, so that both servers answer the same requests a second and only their CPU differs.
const RATE = Number(process.env.RATE ?? 800);
const ROUNDS = Number(process.env.ROUNDS ?? 8);
const SECONDS = Number(process.env.SECONDS ?? 5);
const WARMUP_SECONDS = 8;

async function run(which, seconds) {
  const server = servers[which];
  const before = cpuMs(server.pid);
  const databaseBefore = owner ? await databaseCpuMs(databases[which]) : 0;
  const result = await autocannon({
    url: server.url,
    method: 'POST',
    connections: 10,
    duration: seconds,
    overallRate: RATE,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  if (result.non2xx || result.errors) throw new Error(`${server.url}: ${result.non2xx} answers not 2xx, ${result.errors} errors`);
  const requests = result.requests.total;
  const database = owner ? ((await databaseCpuMs(databases[which])) - databaseBefore) / requests : null;
  return { rate: requests / seconds, cpu: (cpuMs(server.pid) - before) / requests, database };
}

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

// Both warmed up alike: a server started later than the other is still compiling its hot paths.
for (const which of ['A', 'B']) await run(which, WARMUP_SECONDS);
const runs = { A: [], B: [] };
for (let round = 0; round < ROUNDS; round++) for (const which of round % 2 ? ['B', 'A'] : ['A', 'B']) runs[which].push(await run(which, SECONDS));

console.log(`${name}: ${ROUNDS} rounds of ${SECONDS} s at ${RATE} req/s, after ${WARMUP_SECONDS} s of warm-up each`);
for (const which of ['A', 'B']) {
  const cpu = runs[which].map((r) => r.cpu);
  console.log(`  ${which}  ${median(runs[which].map((r) => r.rate)).toFixed(0)} req/s  CPU ${median(cpu).toFixed(3)} ms/req  (runs: ${cpu.map((c) => c.toFixed(3)).join(' ')})`);
}
const ratios = runs.B.map((b, i) => b.cpu / runs.A[i].cpu);
console.log(`  CPU per request B/A: ${median(ratios).toFixed(3)} (median of each round's ratio; ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
if (owner) {
  for (const which of ['A', 'B']) {
    const database = runs[which].map((r) => r.database);
    console.log(`  ${which}  PostgreSQL CPU ${median(database).toFixed(3)} ms/req  (runs: ${database.map((c) => c.toFixed(3)).join(' ')})`);
  }
  const databaseRatios = runs.B.map((b, i) => b.database / runs.A[i].database);
  console.log(`  PostgreSQL CPU per request B/A: ${median(databaseRatios).toFixed(3)} (${Math.min(...databaseRatios).toFixed(3)}–${Math.max(...databaseRatios).toFixed(3)})`);
  await owner.end();
}
