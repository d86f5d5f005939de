import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../support/app';

/**
 * The README, run as printed against the demo data: every GraphQL block as the caller its
 * `# as:` line names, every `# example:` shell block with a real partner token against the test
 * server. Examples that a test never runs go stale.
 */
const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const fenced = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((match) => ({ language: match[1]!, text: match[2]! }));
const graphqlExamples = fenced.filter((block) => block.language === 'graphql').map(({ text }) => ({ role: /^# as: ([\w-]+)/.exec(text)?.[1], text }));
const curlExamples = fenced
  .filter((block) => block.language === 'bash' && block.text.startsWith('# example:'))
  .map(({ text }) => ({ name: /^# example: (.*)/.exec(text)![1]!, text }));

let app: TestApp;
const tokens: Record<string, string | null> = {};
/** Variables per operation name, computed when the example runs (versions move as examples run). */
const variables: Record<string, () => Promise<Record<string, unknown>>> = {};
/** Two returns delivered to the partner of agreement 1: one to acknowledge and grade, one to send back. */
const returns: { graded?: string; returned?: string } = {};

async function issue(scopes: string[], agreementId: string | null): Promise<string> {
  const response = await app.gql('mutation($i: IssueApiTokenInput!) { issueApiToken(input: $i) { token } }', {
    i: { name: `README ${scopes.join(' ')}`.slice(0, 100), agreementId, scopes, years: [2026], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.issueApiToken.token;
}

async function version(id: string): Promise<number> {
  return (await app.gql('query($id: ID!) { annualFeedback(id: $id) { version } }', { id })).data!.annualFeedback.version;
}

async function deliver(id: string): Promise<void> {
  for (const step of ['submitAnnualFeedback', 'approveAnnualFeedback']) {
    const response = await app.gql(`mutation($input: FeedbackTransitionInput!) { ${step}(input: $input) { id } }`, { input: { id, version: await version(id) } });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  }
}

beforeAll(async () => {
  app = await startTestApp('demo');
  tokens.anonymous = null;
  tokens.admin = app.adminToken;
  tokens.partner = await issue(['MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE', 'STATS_READ', 'EVENTS_READ', 'WEBHOOKS_MANAGE', 'NOTICES_SEND'], '1');
  tokens['partner-submit'] = await issue(['FEEDBACK_SUBMIT'], '1');
  tokens.stats = await issue(['STATS_READ'], null);
  variables.Login = async () => ({ username: 'root', password: 'root-password-123' });
  // A Chengdu member living in Chongqing: the partner reports on them under the two-way agreement.
  const reverse = await app.gql(`{ members(filter: { formalRegionCode: { like: "5101%" }, destinationRegionCode: { like: "50%" },
      status: { eq: MANAGED }, partyStanding: { eq: FULL } }, paging: { limit: 1 }) { nodes { id } } }`);
  const items = [{ memberId: reverse.data!.members.nodes[0].id, year: 2026, orgLifeAttended: 10, orgLifeExpected: 12, volunteerHours: 6.5, suggestedGrade: 'QUALIFIED', comments: '按时参加组织生活' }];
  variables.SubmitReturns = async () => ({ items });

  // The quarter the demo published (api/db/seed/points.ts).
  const publication = (await app.gql('{ pointsPublications(paging: { limit: 1 }) { nodes { organizationId year quarter } } }')).data!.pointsPublications.nodes[0];
  variables.PointsQuarter = async () => publication;

  await app.gql('mutation { generateAnnualFeedbackDrafts(input: { agreementId: "1", year: 2026 }) { created } }');
  const drafts = await app.gql(`{ annualFeedbacks(filter: { agreementId: { eq: "1" }, year: { eq: 2026 }, recipient: { eq: PARTNER }, status: { eq: DRAFT } },
      paging: { limit: 50 }) { nodes { id member { partyStanding } } } }`);
  const full = drafts.data!.annualFeedbacks.nodes.filter((row: { member: { partyStanding: string } }) => row.member.partyStanding === 'FULL');
  [returns.graded, returns.returned] = [full[0].id, full[1].id];
  await deliver(returns.graded!);
  await deliver(returns.returned!);
  variables.Acknowledge = async () => ({ id: returns.graded, version: await version(returns.graded!) });
  variables.ReturnForCorrection = async () => ({ id: returns.returned, version: await version(returns.returned!) });
  variables.Grade = async () => ({ id: returns.graded, version: await version(returns.graded!) });
});
afterAll(() => app.close());

describe('README code blocks', () => {
  it('are all examples that run here, except the setup commands and plain text', () => {
    const shell = fenced.filter((block) => block.language === 'bash' && !block.text.startsWith('# example:'));
    expect(shell.map((block) => block.text.trim())).toEqual([expect.stringMatching(/^npm install\nnpm start/)]);
    // sql: the statements a database administrator runs once to set up the roles (README "Database roles").
    expect(new Set(fenced.map((block) => block.language))).toEqual(new Set(['', 'bash', 'graphql', 'sql']));
    expect(fenced.filter((block) => block.language === 'sql').map((block) => block.text)).toEqual([expect.stringContaining('create role gongguan_app nologin')]);
    expect(graphqlExamples.length + curlExamples.length).toBeGreaterThanOrEqual(12);
  });
});

describe('README GraphQL examples', () => {
  it('has examples for every kind of caller, each naming it', () => {
    expect(new Set(graphqlExamples.map((example) => example.role))).toEqual(new Set(['admin', 'anonymous', 'partner', 'partner-submit', 'stats']));
  });

  it.each(graphqlExamples.map((example) => [/(query|mutation) (\w+)/.exec(example.text)![2]!, example] as const))('%s runs as printed', async (name, example) => {
    const response = await app.gqlAs(tokens[example.role!] ?? null, example.text, await variables[name]?.());
    expect(response.errors).toBeUndefined();
    expect(Object.values(response.data!).every((value) => value !== null)).toBe(true);
  });

  it('took the partner steps on the returns the examples name', async () => {
    const state = (id: string) => app.gql('query($id: ID!) { annualFeedback(id: $id) { status finalGrade } }', { id }).then((r) => r.data!.annualFeedback);
    expect(await state(returns.graded!)).toEqual({ status: 'GRADED', finalGrade: 'QUALIFIED' });
    expect(await state(returns.returned!)).toEqual({ status: 'DRAFT', finalGrade: null });
  });
});

describe('README curl examples', () => {
  it.each(curlExamples.map((example) => [example.name, example] as const))('%s', async (_name, example) => {
    const script = example.text.replaceAll('http://localhost:4000', app.url);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: os.tmpdir(),
      env: { ...process.env, TOKEN: tokens.partner! },
    });
    if (stdout.startsWith('{')) {
      const body = JSON.parse(stdout);
      expect(body.errors).toBeUndefined();
      expect(body.data).toBeDefined();
    } else {
      expect(stdout).toContain('姓名,性别,身份证号');
    }
  });
});
