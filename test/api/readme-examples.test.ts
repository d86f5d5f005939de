import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../support/app';

/** The README's API guide, run as written against the demo data: examples that a test never runs go stale. */
const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const blocks = (language: string) => [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);
const graphqlExamples = blocks('graphql').map((text) => ({ role: /^# as: ([\w-]+)/.exec(text)?.[1], text }));
const curlExamples = blocks('bash')
  .filter((text) => text.startsWith('# example:'))
  .map((text) => ({ name: /^# example: (.*)/.exec(text)![1]!, text }));

let app: TestApp;
const tokens: Record<string, string | null> = {};
const variables: Record<string, Record<string, unknown>> = {};

async function issue(scopes: string[], agreementId: string | null): Promise<string> {
  const response = await app.gql('mutation($i: IssueApiTokenInput!) { issueApiToken(input: $i) { token } }', {
    i: { name: `README ${scopes.join(' ')}`, agreementId, scopes, years: [2026], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.issueApiToken.token;
}

beforeAll(async () => {
  app = await startTestApp('demo');
  tokens.anonymous = null;
  tokens.admin = app.adminToken;
  tokens.partner = await issue(['MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE', 'STATS_READ'], '1');
  tokens['partner-submit'] = await issue(['FEEDBACK_SUBMIT'], '1');
  tokens.stats = await issue(['STATS_READ'], null);
  variables.Login = { username: 'root', password: 'root-password-123' };
  // A Chengdu member living in Chongqing: the partner reports on them under the two-way agreement.
  const reverse = await app.gql(`{ members(filter: { formalRegionCode: { like: "5101%" }, destinationRegionCode: { like: "50%" },
      status: { eq: MANAGED }, partyStanding: { eq: FULL } }, paging: { limit: 1 }) { nodes { id } } }`);
  variables.SubmitReturns = {
    items: [{ memberId: reverse.data!.members.nodes[0].id, year: 2026, orgLifeAttended: 10, orgLifeExpected: 12, volunteerHours: 6.5, suggestedGrade: 'QUALIFIED', comments: '按时参加组织生活' }],
  };
});
afterAll(() => app.close());

describe('README GraphQL examples', () => {
  it('has examples for every kind of caller', () => {
    expect(graphqlExamples.map((example) => example.role).sort()).toEqual(['admin', 'admin', 'anonymous', 'partner', 'partner-submit', 'stats']);
  });

  it.each(graphqlExamples.map((example) => [/(query|mutation) (\w+)/.exec(example.text)![2]!, example] as const))('%s runs without errors', async (name, example) => {
    const response = await app.gqlAs(tokens[example.role!] ?? null, example.text, variables[name]);
    expect(response.errors).toBeUndefined();
    expect(Object.values(response.data!).every((value) => value !== null)).toBe(true);
  });
});

describe('README curl examples', () => {
  it.each(curlExamples.map((example) => [example.name, example] as const))('%s', async (_name, example) => {
    const script = example.text.replaceAll('http://localhost:4000', app.url);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: require('node:os').tmpdir(),
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
