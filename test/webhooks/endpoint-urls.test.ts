import { CREATE_ENDPOINT, ok } from '../access/fixtures';
import { startTestApp, type TestApp } from '../support/app';

/**
 * In production, endpoints on loopback or private addresses are refused (a partner could
 * otherwise make the server call into its own network); tests and development allow them.
 * A file of its own: the setting is the process's, like the server's other configuration.
 */

let production: TestApp;
let agreement: string;
beforeAll(async () => {
  production = await startTestApp('empty', { WEBHOOK_ALLOW_PRIVATE_URLS: 'false' });
  await production.sql(`insert into region (code, name, level) values ('510100', '成都市', 'CITY'), ('500000', '重庆市', 'PROVINCE')`);
  agreement = ok(await production.gql('mutation($input: CreateOneAgreementInput!) { createOneAgreement(input: $input) { id } }', {
    input: { agreement: { code: 'P-1', title: '协议', hostRegionCode: '510100', partnerRegionCode: '500000', direction: 'TWO_WAY', effectiveFrom: '2024-01-01' } },
  })).createOneAgreement.id;
});
afterAll(() => production?.close());

it('refuses loopback and private addresses, naming the field', async () => {
  for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'https://10.1.2.3/hook', 'http://[::1]/hook', 'http://192.168.1.10/hook', 'http://169.254.169.254/latest']) {
    const response = await production.gql(CREATE_ENDPOINT, { input: { agreementId: agreement, url, eventTypes: ['FEEDBACK_DELIVERED'] } });
    expect({ url, extensions: response.errors?.[0]?.extensions }).toMatchObject({ url, extensions: { code: 'BAD_USER_INPUT', field: 'url', reason: 'PRIVATE_ADDRESS' } });
  }
  expect(await production.sql('select id from webhook_endpoint')).toHaveLength(0);
  const created = ok(await production.gql(CREATE_ENDPOINT, { input: { agreementId: agreement, url: 'https://partner.example.com/hook', eventTypes: ['FEEDBACK_DELIVERED'] } }));
  expect(created.createWebhookEndpoint.secret).toMatch(/^whsec_/);
});
