/**
 * The read path under load (issue 9's workloads W1–W4): the server with the flags `npm start` gives
 * it, in production mode as deployed (PostGraphile was measured so too), in a process of its own
 * on the demo data, driven by autocannon with 10 connections as the super admin (scope and policy
 * applied); beside it, the same rows read by hand-written SQL over 10 connections (the floor), and
 * PostGraphile v5's figures measured on this machine (see `postgraphile` below).
 * Prints requests per second, latency, the server's CPU per request and its peak RSS, and ratios;
 * asserts nothing about speed.
 *
 *   npm run bench -- read-throughput        (BENCH_SECONDS=15 for the duration)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { stopPostmaster } from '../../api/db/postmaster';
import { ensureServerBuilt } from '../support/builds';
import { freePort, ServerProcess } from '../faults/server-process';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;

interface Workload {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The same rows by hand: the fastest this can be on this database. */
  sql: string;
  /**
   * PostGraphile 5.1.5 on this machine, req/s: same demo database (this schema, its indexes), same
   * rows (checked field by field), amber preset, Node 22, NODE_ENV=production, as the database
   * superuser (no row-level security, no authentication), 10 connections for 10 s after 3 s of
   * warm-up, beside this server (test/bench/peer/): the median of six runs on 2026-11-30, which
   * spread by about ±6%. Issue 9 measured 346 / 214 / 1,729 / 869 when it was filed.
   */
  postgraphile: number;
}

const MEMBER_ID = 2;
const WORKLOADS: Workload[] = [
  {
    name: 'W1 members page of 50 by name',
    query: `{ members(paging: { limit: 50 }, sorting: [{ field: name, direction: ASC }]) { totalCount nodes {
      id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name } } } }`,
    sql: `select m.id, m.name, m.status, f.name as formal, i.name as inflow, r.name as region, (select count(*) from member) as total
            from member m join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
            left join region r on r.code = m.destination_region_code order by m.name, m.id limit 50`,
    postgraphile: 1155,
  },
  {
    name: 'W2 = W1 + latest 3 activity records each',
    query: `{ members(paging: { limit: 50 }, sorting: [{ field: name, direction: ASC }]) { totalCount nodes {
      id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name }
      activities(paging: { limit: 3 }) { nodes { id occurredOn title } } } } }`,
    sql: `select m.id, m.name, m.status, f.name as formal, i.name as inflow, r.name as region, (select count(*) from member) as total,
                 (select json_agg(a) from (select id, occurred_on, title from activity_record where member_id = m.id order by occurred_on desc, id limit 3) a)
            from member m join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
            left join region r on r.code = m.destination_region_code order by m.name, m.id limit 50`,
    postgraphile: 644,
  },
  {
    name: 'W3 one member with organisation and its parent',
    query: `query($id: ID!) { member(id: $id) { id name formalOrganization { name parent { name } } } }`,
    variables: { id: String(MEMBER_ID) },
    sql: `select m.id, m.name, f.name, p.name from member m join organization f on f.id = m.formal_organization_id
            left join organization p on p.id = f.parent_id where m.id = ${MEMBER_ID}`,
    postgraphile: 4364,
  },
  {
    name: 'W4 organisations page of 100 with parent',
    query: `{ organizations(paging: { limit: 100 }) { totalCount nodes { id name parent { name } } } }`,
    sql: `select o.id, o.name, p.name as parent, count(*) over () as total from organization o left join organization p on p.id = o.parent_id order by o.code, o.id limit 100`,
    postgraphile: 1346,
  },
];

/** utime + stime of a process, in milliseconds. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

async function load(server: ServerProcess, token: string, workload: Workload, seconds: number) {
  const startedCpu = cpuMs(server.pid);
  let peakRss = rssMb(server.pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid))), 250);
  const result = await autocannon({
    url: `${server.url}/graphql`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: workload.query, variables: workload.variables ?? {} }),
  });
  clearInterval(sampler);
  const requests = result.requests.total;
  return {
    rps: requests / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequest: (cpuMs(server.pid) - startedCpu) / requests,
    peakRss,
    failures: result.non2xx + result.errors,
  };
}

/** The hand-written query over 10 connections for the same time: queries per second. */
async function floor(pool: Pool, sql: string, seconds: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        await pool.query(sql);
        done++;
      }
    }),
  );
  return done / seconds;
}

it('W1–W4 under load, beside hand-written SQL and PostGraphile', async () => {
  ensureServerBuilt();
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gongguan-bench-')), 'postgres');
  const [port, pgPort] = [await freePort(), await freePort()];
  // Production mode (graphql-js, for one, drops its development-time checks); a data key of its own.
  // HEAP_LIMIT_MB=0 compares with V8's default heap sizing.
  const env: Record<string, string> = { NODE_ENV: 'production', GONGGUAN_DATA_KEY: randomBytes(32).toString('hex') };
  if (process.env.HEAP_LIMIT_MB) env.HEAP_LIMIT_MB = process.env.HEAP_LIMIT_MB;
  const server = await ServerProcess.start({ dataDir, port, pgPort, env });
  const pool = new Pool({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', database: 'gongguan', max: CONNECTIONS });
  try {
    const token = await server.login();
    const lines: string[] = [`${SECONDS} s × ${CONNECTIONS} connections per workload, as the super admin`, ''];
    lines.push('workload                                   | req/s | p50 ms | p99 ms | CPU ms/req | peak RSS MB | SQL q/s | ours/SQL | PostGraphile req/s | ours/PG');
    for (const workload of WORKLOADS) {
      const check = await server.post(workload.query, workload.variables, { authorization: `Bearer ${token}` });
      if (check.body.errors) throw new Error(`${workload.name}: ${JSON.stringify(check.body.errors)}`);
      await load(server, token, workload, 3); // warm-up: JIT, pools, plans
      const ours = await load(server, token, workload, SECONDS);
      const sql = await floor(pool, workload.sql, SECONDS);
      if (ours.failures > 0) lines.push(`  (${ours.failures} failed requests)`);
      lines.push(
        [
          workload.name.padEnd(42),
          ours.rps.toFixed(0).padStart(5),
          String(ours.p50).padStart(6),
          String(ours.p99).padStart(6),
          ours.cpuPerRequest.toFixed(2).padStart(10),
          ours.peakRss.toFixed(0).padStart(11),
          sql.toFixed(0).padStart(7),
          (ours.rps / sql).toFixed(2).padStart(8),
          String(workload.postgraphile).padStart(18),
          (ours.rps / workload.postgraphile).toFixed(2).padStart(7),
        ].join(' | '),
      );
    }
    console.log(lines.join('\n'));
  } finally {
    await pool.end();
    server.kill('SIGTERM');
    await server.exited;
    await stopPostmaster(dataDir);
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
});
