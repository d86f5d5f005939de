/**
 * The webhooks page in a real Chromium against the real server (demo data, its own database): an
 * admin registers an endpoint for an agreement, copies the signing secret shown once, a return is
 * delivered, the worker sends the event to a local HTTP endpoint that verifies the signature with
 * that secret (standardwebhooks), and the endpoint's page shows the delivery with its attempt;
 * "send again" makes a second attempt with the same webhook-id.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../../api/config';
import { AdminRole } from '../../api/common/viewer';
import { type DeliveryWorker, startDeliveryWorker } from '../../api/webhooks/delivery-worker';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasCount, hasText, pick, setToken } from './harness';

const ADMIN = { username: 'webhooks-e2e', password: 'webhooks-e2e-password', role: AdminRole.SUPER_ADMIN };
/** The worker polls every second, so a delivery shows within a few. */
const QUICK_WORKER = { NODE_ENV: 'test', WEBHOOK_RETRY_LIMIT: '3', WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_POLLING_SECONDS: '1', WEBHOOK_MAINTENANCE_SECONDS: '1' };
const walk = chromiumAvailable() ? describe : describe.skip;

interface Received {
  headers: Record<string, string>;
  body: string;
}

walk('webhooks page (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let worker: DeliveryWorker;
  const received: Received[] = [];
  const receiver = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
      res.writeHead(204).end();
    });
  });
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `webhooks-${name}.png`), fullPage: true });

  beforeAll(async () => {
    clearArtifacts(/^webhooks-.*\.png$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const config = loadConfig(QUICK_WORKER);
    worker = await startDeliveryWorker({ databaseUrl: app.orm.config.get('clientUrl') as string, config: config.webhooks, log: pino({ level: 'silent' }) });
    const token = await app.adminSession(ADMIN);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    page.setDefaultTimeout(15_000);
    consoleWatch.watch(page);
    await page.goto(`${app.url}/login`);
    await page.evaluate(setToken, token);
  }, 240_000);

  afterEach(() => expect(consoleWatch.take()).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    await app?.close();
  });

  /** One of the agreement's returns to the partner, generated, submitted and approved by the host: delivered. */
  async function deliverAReturn(agreementId: string, year: number): Promise<string> {
    const generated = await app.gql('mutation($input: GenerateAnnualFeedbackDraftsInput!) { generateAnnualFeedbackDrafts(input: $input) { created } }', { input: { agreementId, year } });
    expect(generated.errors).toBeUndefined();
    const [draft] = await app.sql<{ id: string }>(`select id::text from annual_feedback where agreement_id = ? and year = ? and status = 'DRAFT' and recipient = 'PARTNER' order by id limit 1`, [Number(agreementId), year]);
    for (const step of ['submitAnnualFeedback', 'approveAnnualFeedback']) {
      const { version } = (await app.gql('query($id: ID!) { annualFeedback(id: $id) { version } }', { id: draft!.id })).data!.annualFeedback;
      const moved = await app.gql(`mutation($input: FeedbackTransitionInput!) { ${step}(input: $input) { status } }`, { input: { id: draft!.id, version } });
      expect(moved.errors).toBeUndefined();
    }
    return draft!.id;
  }

  test('registers an endpoint, shows its secret once, and shows a signed delivery with its attempts; send again repeats the webhook-id', async () => {
    const [agreement] = await app.sql<{ id: string; code: string }>(`select id::text, code from agreement where status = 'ACTIVE' and direction <> 'HOST_TO_PARTNER' order by id limit 1`);
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gongguan-events`;

    await page.goto(`${app.url}/webhook-endpoints`);
    await eventually(() => page.title(), (title) => title === '事件推送（Webhook） | 共管', 'the page title');
    await page.getByTestId('create-endpoint').click();
    await pick(page.getByTestId('endpoint-agreement'), agreement!.code);
    await page.getByTestId('endpoint-url').fill(url);
    await page.getByTestId('endpoint-description').fill('重庆市委组织部对接系统');
    await page.getByTestId('endpoint-ok').click();
    const secretInput = page.getByTestId('webhook-secret');
    await secretInput.waitFor();
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shot('secret-once');
    await page.getByTestId('secret-close').click();
    await expect(secretInput.count()).resolves.toBe(0);
    const rows = page.locator('[data-testid="endpoints-table"] tbody tr.ant-table-row');
    await hasCount(rows, 1);
    await hasText(rows.first(), url);
    await hasText(rows.first(), '反馈已送达');
    const [endpoint] = await app.sql<{ id: string; secret_sealed: string }>('select id::text, secret_sealed from webhook_endpoint where url = ?', [url]);
    expect(endpoint!.secret_sealed).not.toContain(secret.slice(6));

    const feedbackId = await deliverAReturn(agreement!.id, new Date().getFullYear());
    const first = (await eventually(async () => received[0], (request) => !!request, 'the first delivery', 30_000))!;
    const payload = new Webhook(secret).verify(first.body, first.headers) as { type: string; data: { id?: string; feedbackId?: string } };
    expect(payload.type).toBe('feedback.delivered');
    expect(JSON.stringify(payload.data)).toContain(feedbackId);

    await page.getByTestId(`endpoint-show-${endpoint!.id}`).click();
    await page.waitForURL(/\/webhook-endpoints\/show\/\d+/);
    const deliveries = page.locator('[data-testid="deliveries-table"] tbody tr.ant-table-row');
    const [delivery] = await app.sql<{ id: string }>('select id::text from webhook_delivery where endpoint_id = ?', [Number(endpoint!.id)]);
    await eventually(
      async () => {
        await page.getByTestId('deliveries-refresh').click();
        return page.getByTestId(`delivery-status-${delivery!.id}`).innerText();
      },
      (text) => text.includes('成功'),
      'the delivery shown as succeeded',
      30_000,
    );
    await hasCount(deliveries, 1);
    await hasText(deliveries.first(), first.headers['webhook-id']!);
    await hasText(page.getByTestId(`delivery-attempts-${delivery!.id}`), '1');
    await deliveries.first().locator('.ant-table-row-expand-icon').click();
    await hasText(page.getByTestId('attempts-table'), '204');
    await shot('delivery');

    await page.getByTestId(`delivery-replay-${delivery!.id}`).click();
    const again = (await eventually(async () => received[1], (request) => !!request, 'the replayed delivery', 30_000))!;
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(new Webhook(secret).verify(again.body, again.headers)).toEqual(payload);
    await eventually(
      async () => {
        await page.getByTestId('deliveries-refresh').click();
        return page.getByTestId(`delivery-attempts-${delivery!.id}`).innerText();
      },
      (text) => text.trim() === '2',
      'two attempts shown',
      30_000,
    );
  }, 120_000);

  test('a read-only account has no webhooks page in its menu', async () => {
    const viewer = await app.adminSession({ username: 'webhooks-viewer', password: 'webhooks-viewer-password', role: AdminRole.VIEWER });
    const other = await browser.newPage({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    try {
      await other.goto(`${app.url}/login`);
      await other.evaluate(setToken, viewer);
      await other.goto(`${app.url}/`);
      await other.locator('[data-testid="current-role"]').waitFor();
      await hasText(other.locator('.ant-menu'), '年度反馈');
      expect(await other.locator('.ant-menu', { hasText: '事件推送' }).count()).toBe(0);
    } finally {
      await other.close();
    }
  }, 60_000);
});
