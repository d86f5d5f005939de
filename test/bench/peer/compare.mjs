// Gongguan beside PostGraphile v5 on issue 9's workloads W1–W4, over the same database.
// First checks that both answer the same rows (field by field, in order), then loads each
// workload on each server in turn with autocannon (10 connections) and prints req/s, p50/p99,
// the server's CPU per request and peak RSS (when its pid is given), and the ratio.
//
//   GONGGUAN_TOKEN=ggs_… [GONGGUAN_PID=…] [PGL_PID=…] [SECONDS=10] node test/bench/peer/compare.mjs
//
// GONGGUAN_URL (default http://127.0.0.1:4911/graphql) and PGL_URL (http://127.0.0.1:5678/graphql)
// say where the two servers are. How to start them: ./README.md.
import { createRequire } from 'node:module';
import { cpuMs, rssMb, WORKLOADS } from './workloads.mjs';

const autocannon = createRequire(import.meta.url)('autocannon');

const GONGGUAN = process.env.GONGGUAN_URL ?? 'http://127.0.0.1:4911/graphql';
const PGL = process.env.PGL_URL ?? 'http://127.0.0.1:5678/graphql';
const TOKEN = process.env.GONGGUAN_TOKEN;
const SECONDS = Number(process.env.SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const CONNECTIONS = 10;
if (!TOKEN) throw new Error('GONGGUAN_TOKEN: a session of the super admin (log in as `admin`, password in demo-admin.txt)');

const headersFor = (url) => ({ 'content-type': 'application/json', ...(url === GONGGUAN ? { authorization: `Bearer ${TOKEN}` } : {}) });

async function ask(url, body) {
  const response = await fetch(url, { method: 'POST', headers: headersFor(url), body: JSON.stringify(body) });
  const answer = await response.json();
  if (response.status !== 200 || answer.errors) throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`);
  return answer.data;
}

/** Where two answers differ, as paths. */
function differences(a, b, path = '', found = []) {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) && a.length !== b.length) found.push(`${path}.length: ${a.length} vs ${b.length}`);
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[key], b[key], `${path}.${key}`, found);
  } else if (a !== b) found.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return found;
}

const load = (url, body, seconds) =>
  new Promise((resolve, reject) =>
    autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: seconds, headers: headersFor(url), body: JSON.stringify(body) }, (error, result) => (error ? reject(error) : resolve(result))),
  );

async function measure(url, body, pid) {
  await load(url, body, WARMUP_SECONDS);
  let peak = pid ? rssMb(pid) : 0;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100) : undefined;
  const before = pid ? cpuMs(pid) : 0;
  const result = await load(url, body, SECONDS);
  clearInterval(sampler);
  const requests = result.requests.total;
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} answers not 2xx, ${result.errors} errors`);
  return { rate: requests / SECONDS, p50: result.latency.p50, p99: result.latency.p99, cpu: pid ? (cpuMs(pid) - before) / requests : null, rss: pid ? peak : null };
}

const show = (m) => `${m.rate.toFixed(0).padStart(5)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms${m.cpu === null ? '' : `  CPU ${m.cpu.toFixed(2)} ms/req  peak RSS ${m.rss.toFixed(0)} MB`}`;

let different = false;
for (const workload of WORKLOADS) {
  const found = differences(workload.fromGongguan(await ask(GONGGUAN, workload.gongguan)), workload.fromPostgraphile(await ask(PGL, workload.postgraphile)));
  console.log(`${workload.name}: ${found.length === 0 ? 'same rows' : `${found.length} differences`}`);
  for (const line of found.slice(0, 10)) console.log(`  ${line}`);
  different ||= found.length > 0;
}
if (different) process.exit(1);

console.log(`\n${SECONDS} s × ${CONNECTIONS} connections after ${WARMUP_SECONDS} s of warm-up; PostGraphile first, then Gongguan, per workload`);
for (const workload of WORKLOADS) {
  const peer = await measure(PGL, workload.postgraphile, process.env.PGL_PID);
  const ours = await measure(GONGGUAN, workload.gongguan, process.env.GONGGUAN_PID);
  console.log(`${workload.name}\n  PostGraphile ${show(peer)}\n  Gongguan     ${show(ours)}\n  ratio ${(ours.rate / peer.rate).toFixed(2)}`);
}
