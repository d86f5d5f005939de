// Two builds of Gongguan side by side (A: before a change, B: after it) on one of issue 9's
// workloads, over the same database: short runs alternated A, B, B, A, … at a fixed request rate,
// and the medians of each server's CPU per request and of their ratio. How to run the two
// servers so that the comparison is fair: ./README.md.
//
//   GONGGUAN_TOKEN=ggs_… A_PID=… B_PID=… [A_URL=…] [B_URL=…] [W=w3] [RATE=800] [ROUNDS=8] [SECONDS=5] node test/bench/peer/ab.mjs
//
// A_URL and B_URL default to http://127.0.0.1:4913/graphql and http://127.0.0.1:4914/graphql.
import { createRequire } from 'node:module';
import { cpuMs, workload } from './workloads.mjs';

const autocannon = createRequire(import.meta.url)('autocannon');

const TOKEN = process.env.GONGGUAN_TOKEN;
if (!TOKEN) throw new Error('GONGGUAN_TOKEN: a session of the super admin (log in as `admin`, password in demo-admin.txt)');
const servers = {
  A: { url: process.env.A_URL ?? 'http://127.0.0.1:4913/graphql', pid: process.env.A_PID },
  B: { url: process.env.B_URL ?? 'http://127.0.0.1:4914/graphql', pid: process.env.B_PID },
};
for (const [name, server] of Object.entries(servers)) if (!server.pid) throw new Error(`${name}_PID: the process id of server ${name}`);
const { name, gongguan: body } = workload(process.env.W ?? 'w3');
// Below saturation, so that both servers answer the same requests a second and only their CPU differs.
const RATE = Number(process.env.RATE ?? 800);
const ROUNDS = Number(process.env.ROUNDS ?? 8);
const SECONDS = Number(process.env.SECONDS ?? 5);
const WARMUP_SECONDS = 8;

async function run(server, seconds) {
  const before = cpuMs(server.pid);
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
  return { rate: result.requests.total / seconds, cpu: (cpuMs(server.pid) - before) / result.requests.total };
}

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

// Both warmed up alike: a server started later than the other is still compiling its hot paths.
for (const server of Object.values(servers)) await run(server, WARMUP_SECONDS);
const runs = { A: [], B: [] };
for (let round = 0; round < ROUNDS; round++) for (const which of round % 2 ? ['B', 'A'] : ['A', 'B']) runs[which].push(await run(servers[which], SECONDS));

console.log(`${name}: ${ROUNDS} rounds of ${SECONDS} s at ${RATE} req/s, after ${WARMUP_SECONDS} s of warm-up each`);
for (const which of ['A', 'B']) {
  const cpu = runs[which].map((r) => r.cpu);
  console.log(`  ${which}  ${median(runs[which].map((r) => r.rate)).toFixed(0)} req/s  CPU ${median(cpu).toFixed(3)} ms/req  (runs: ${cpu.map((c) => c.toFixed(3)).join(' ')})`);
}
const ratios = runs.B.map((b, i) => b.cpu / runs.A[i].cpu);
console.log(`  CPU per request B/A: ${median(ratios).toFixed(3)} (median of each round's ratio; ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
