// Gongguan beside PostGraphile v5 on issue 9's workloads W1–W4, over the same database.
// First checks that both answer the same rows (field by field, in order), then loads each
// workload on each server in turn with autocannon (10 connections) and prints req/s, p50/p99,
// the server's CPU per request and peak RSS (when its pid is given), and the ratio.
//
//   GONGGUAN_TOKEN=ggs_… [GONGGUAN_PID=…] [PGL_PID=…] [SECONDS=10] node test/bench/peer/compare.mjs
//
// GONGGUAN_URL (default http://127.0.0.1:4911/graphql) and PGL_URL (http://127.0.0.1:5678/graphql)
// say where the two servers are. How to start them: ./README.md.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const autocannon = createRequire(import.meta.url)('autocannon');

const GONGGUAN = process.env.GONGGUAN_URL ?? 'http://127.0.0.1:4911/graphql';
const PGL = process.env.PGL_URL ?? 'http://127.0.0.1:5678/graphql';
const TOKEN = process.env.GONGGUAN_TOKEN;
const SECONDS = Number(process.env.SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const CONNECTIONS = 10;
if (!TOKEN) throw new Error('GONGGUAN_TOKEN: a session of the super admin (log in as `admin`, password in demo-admin.txt)');

const nameOf = (object) => (object == null ? null : object.name);
const member = (id, m, formal, inflow, region) => ({ id: String(id), name: m.name, status: m.status, formal: nameOf(formal), inflow: nameOf(inflow), region: nameOf(region) });
const activities = (list, id) => list.nodes.map((a) => ({ id: String(a[id]), occurredOn: a.occurredOn, title: a.title }));

/** Each workload as both servers ask it, and each answer as comparable rows. */
const WORKLOADS = [
  {
    name: 'W1 members page of 50',
    gongguan: { query: '{ members(paging: { limit: 50 }, sorting: [{ field: name, direction: ASC }]) { totalCount nodes { id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name } } } }' },
    postgraphile: { query: '{ allMembers(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { rowId name status organizationByFormalOrganizationId { name } organizationByInflowOrganizationId { name } regionByDestinationRegionCode { name } } } }' },
    fromGongguan: (d) => ({ total: d.members.totalCount, rows: d.members.nodes.map((m) => member(m.id, m, m.formalOrganization, m.inflowOrganization, m.destinationRegion)) }),
    fromPostgraphile: (d) => ({ total: d.allMembers.totalCount, rows: d.allMembers.nodes.map((m) => member(m.rowId, m, m.organizationByFormalOrganizationId, m.organizationByInflowOrganizationId, m.regionByDestinationRegionCode)) }),
  },
  {
    name: 'W2 = W1 + latest 3 activities each',
    gongguan: { query: '{ members(paging: { limit: 50 }, sorting: [{ field: name, direction: ASC }]) { totalCount nodes { id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name } activities(paging: { limit: 3 }) { nodes { id occurredOn title } } } } }' },
    postgraphile: { query: '{ allMembers(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { rowId name status organizationByFormalOrganizationId { name } organizationByInflowOrganizationId { name } regionByDestinationRegionCode { name } activityRecordsByMemberId(first: 3, orderBy: [OCCURRED_ON_DESC, ROW_ID_ASC]) { nodes { rowId occurredOn title } } } } }' },
    fromGongguan: (d) => ({ total: d.members.totalCount, rows: d.members.nodes.map((m) => ({ ...member(m.id, m, m.formalOrganization, m.inflowOrganization, m.destinationRegion), activities: activities(m.activities, 'id') })) }),
    fromPostgraphile: (d) => ({ total: d.allMembers.totalCount, rows: d.allMembers.nodes.map((m) => ({ ...member(m.rowId, m, m.organizationByFormalOrganizationId, m.organizationByInflowOrganizationId, m.regionByDestinationRegionCode), activities: activities(m.activityRecordsByMemberId, 'rowId') })) }),
  },
  {
    name: 'W3 one member with organisation and parent',
    gongguan: { query: 'query($id: ID!) { member(id: $id) { id name formalOrganization { name parent { name } } } }', variables: { id: '2' } },
    postgraphile: { query: 'query($rowId: Int!) { memberByRowId(rowId: $rowId) { rowId name organizationByFormalOrganizationId { name organizationByParentId { name } } } }', variables: { rowId: 2 } },
    fromGongguan: ({ member: m }) => ({ rows: [{ id: String(m.id), name: m.name, formal: m.formalOrganization.name, parent: nameOf(m.formalOrganization.parent) }] }),
    fromPostgraphile: ({ memberByRowId: m }) => ({ rows: [{ id: String(m.rowId), name: m.name, formal: m.organizationByFormalOrganizationId.name, parent: nameOf(m.organizationByFormalOrganizationId.organizationByParentId) }] }),
  },
  {
    name: 'W4 organisations page of 100',
    gongguan: { query: '{ organizations(paging: { limit: 100 }) { totalCount nodes { id name parent { name } } } }' },
    // The API orders organisations by code.
    postgraphile: { query: '{ allOrganizations(first: 100, orderBy: [CODE_ASC]) { totalCount nodes { rowId name organizationByParentId { name } } } }' },
    fromGongguan: (d) => ({ total: d.organizations.totalCount, rows: d.organizations.nodes.map((o) => ({ id: String(o.id), name: o.name, parent: nameOf(o.parent) })) }),
    fromPostgraphile: (d) => ({ total: d.allOrganizations.totalCount, rows: d.allOrganizations.nodes.map((o) => ({ id: String(o.rowId), name: o.name, parent: nameOf(o.organizationByParentId) })) }),
  },
];

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

/** utime + stime of a process, in ms (10 ms ticks). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

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
