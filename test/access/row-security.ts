import type { TestApp } from '../support/app';

/** Helpers of the tests that take one layer of access control away to see the other hold alone. */

export const PARTNER_MEMBERS = '{ members { totalCount } }';
const ISSUE = 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }';

export async function partnerToken(target: TestApp): Promise<string> {
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const response = await target.gql(ISSUE, { input: { name: '重庆市委组织部', agreementId: '1', scopes: ['MEMBERS_READ'], expiresAt } });
  return response.data!.issueApiToken.token;
}

export async function withoutRowSecurity<T>(target: TestApp, work: () => Promise<T>): Promise<T> {
  await target.sql('alter table member no force row level security');
  await target.sql('alter table member disable row level security');
  try {
    return await work();
  } finally {
    await target.sql('alter table member enable row level security');
    await target.sql('alter table member force row level security');
  }
}
