/**
 * What a request's credential costs: `{ me { id } }` and `{ __typename }` as an admin session, a
 * partner token and no one, sequentially (median, p90 and CPU per request of this process, which
 * holds both the server and its client) and at 10 connections (autocannon, req/s). Rate limits
 * are measured as configured by RATE_LIMIT_* for this run (set RATE_LIMIT_LEASE=1 to see one
 * PostgreSQL round trip per request and key). Prints figures; asserts nothing about speed.
 */
import { startTestApp, type TestApp } from '../support/app';

/** autocannon ships no types; what this file uses of it. */
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<{ non2xx: number; requests: { average: number } }>;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 400);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ME = '{ me { id } }';
const TYPENAME = '{ __typename }';

interface Figures {
  median: number;
  p90: number;
  cpuUs: number;
  statements: number;
}

async function sequential(app: TestApp, token: string | null, query: string): Promise<Figures> {
  for (let i = 0; i < 50; i++) await app.gqlAs(token, query);
  app.queries.length = 0;
  await app.gqlAs(token, query);
  const statements = app.queries.length;
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    const response = await app.gqlAs(token, query);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(ROUNDS / 2)]!, p90: times[Math.floor(ROUNDS * 0.9)]!, cpuUs: (used.user + used.system) / ROUNDS, statements };
}

async function concurrent(app: TestApp, token: string | null, query: string): Promise<number> {
  const result = await autocannon({
    url: `${app.url}/graphql`,
    connections: 10,
    duration: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  if (result.non2xx > 0) throw new Error(`${result.non2xx} answers were not 2xx`);
  return result.requests.average;
}

it('measures what resolving a credential costs per request', async () => {
  const app = await startTestApp('demo', {
    RATE_LIMIT_PER_IP: process.env.RATE_LIMIT_PER_IP ?? '100000000',
    RATE_LIMIT_PER_TOKEN: process.env.RATE_LIMIT_PER_TOKEN ?? '100000000',
    ...(process.env.RATE_LIMIT_LEASE ? { RATE_LIMIT_LEASE: process.env.RATE_LIMIT_LEASE } : {}),
    ...(process.env.CREDENTIAL_CACHE_TTL_MS ? { CREDENTIAL_CACHE_TTL_MS: process.env.CREDENTIAL_CACHE_TTL_MS } : {}),
  });
  try {
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const issued = await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
      input: { name: 'bench', agreementId: '1', scopes: ['MEMBERS_READ'], expiresAt },
    });
    const token = issued.data!.issueApiToken.token as string;
    const rows: [string, string | null, string][] = [
      ['{ me { id } }, admin session', app.adminToken, ME],
      ['{ __typename }, admin session', app.adminToken, TYPENAME],
      ['{ __typename }, partner token', token, TYPENAME],
      ['{ __typename }, anonymous', null, TYPENAME],
    ];
    const lines: string[] = [];
    for (const [label, credential, query] of rows) {
      const figures = await sequential(app, credential, query);
      const rate = await concurrent(app, credential, query);
      lines.push(
        `  ${label.padEnd(32)} median ${figures.median.toFixed(2)} ms  p90 ${figures.p90.toFixed(2)} ms  ` +
          `CPU ${(figures.cpuUs / 1000).toFixed(2)} ms/request  ${figures.statements} statements  ${rate.toFixed(0)} req/s at 10 connections`,
      );
    }
    console.log(`credentials, ${ROUNDS} sequential requests each, then ${SECONDS} s at 10 connections:\n${lines.join('\n')}`);
  } finally {
    await app.close();
  }
});
