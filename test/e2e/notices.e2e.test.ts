/**
 * Notices and pending ledger entries in the console, in a real Chromium against the real server
 * (demo data): a partner's inflow alert (sent through the API with its token) shows on the notices
 * page as unread, is marked read and answered — the partner reads the answer through the API —
 * and its pending entry is confirmed into the ledger, the host completing the required fields.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { nationalId } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasCount, hasText, setToken } from './harness';

const ADMIN = { username: 'e2e-notices', password: 'e2e-notices-password-1', role: AdminRole.SUPER_ADMIN };
const walk = chromiumAvailable() ? describe : describe.skip;

walk('notices and pending ledger entries (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let partner: string;
  let noticeId: string;
  const idNumber = nationalId('500103', '19910615', '417');
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `notices-${name}.png`), fullPage: true });
  const go = async (route: string) => {
    await page.goto(`${app.url}${route}`);
    await page.locator('[data-testid="current-role"]').waitFor();
  };

  beforeAll(async () => {
    clearArtifacts(/^notices-.*\.png$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
    const token = await app.adminSession(ADMIN);
    // The partner of an agreement in force that members flow into Chengdu under, with a token to send notices.
    const [agreement] = await app.sql<{ id: string }>("select id::text from agreement where status = 'ACTIVE' and direction in ('TWO_WAY', 'PARTNER_TO_HOST') order by id limit 1");
    const issued = await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
      input: { name: 'e2e 通知', agreementId: agreement!.id, scopes: ['NOTICES_SEND'], years: [2026], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    partner = issued.data!.issueApiToken.token;
    const sent = await app.gqlAs(partner, 'mutation($input: SendNoticeInput!) { sendNotice(input: $input) { id } }', {
      input: {
        agreementId: agreement!.id,
        kind: 'INFLOW_ALERT',
        idNumber,
        personName: '向晓东',
        facts: { arrivedOn: '2026-10-12', destinationRegionCode: '510104', occupation: '网约车司机' },
        body: '该同志已赴蓉务工，请纳入管理',
      },
    });
    expect(sent.errors).toBeUndefined();
    noticeId = sent.data!.sendNotice.id;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    page.setDefaultTimeout(15_000);
    consoleWatch.watch(page);
    await page.goto(`${app.url}/login`);
    await page.evaluate(setToken, token);
  }, 240_000);

  afterEach(() => {
    expect(consoleWatch.take()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the alert is listed unread, marked read and answered; the partner reads the answer', async () => {
    await go('/notices');
    await hasText(page.locator('.ant-menu'), '协同通知');
    const row = page.locator('[data-testid="notice-table"] tbody tr.ant-table-row', { hasText: '向晓东' });
    await hasText(row, '流入提醒');
    await hasText(row.getByTestId('notice-read'), '未读');
    // The ID number is shown masked.
    await hasText(row.getByTestId('notice-person'), `${idNumber.slice(0, 4)}**************`);
    await shot('list');
    await row.getByTestId('mark-read').click();
    await hasText(row.getByTestId('notice-read'), '已读');
    await row.getByTestId('answer-notice').click();
    await page.getByTestId('answer-text').fill('已收到，由春熙路街道党工委联系报到');
    await page.getByTestId('answer-ok').click();
    await hasText(row.getByTestId('notice-read'), '已回复');
    const seen = await app.gqlAs(partner, 'query($id: ID!) { notice(id: $id) { read answer } }', { id: noticeId });
    expect(seen.data!.notice).toEqual({ read: true, answer: '已收到，由春熙路街道党工委联系报到' });
  }, 60_000);

  test('the pending entry is confirmed into the ledger, the host completing the required fields', async () => {
    const [branch] = await app.sql<{ name: string }>(
      "select o.name from organization o where o.region_code like '50%' and o.kind = 'BRANCH' and (select count(*) from organization x where x.name like '%' || o.name || '%') = 1 order by o.id limit 1",
    );
    await go('/pending-member-entries');
    const row = page.locator('[data-testid="entry-table"] tbody tr.ant-table-row', { hasText: '向晓东' });
    await hasText(row.getByTestId('entry-status'), '待确认');
    await row.getByTestId('confirm-entry').click();
    await page.getByTestId('confirm-formal-organization').click();
    await page.keyboard.type(branch!.name);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-node-content-wrapper', { hasText: branch!.name }).first().click();
    await page.getByTestId('confirm-joined-on').click();
    await page.keyboard.type('2015-07-01');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-ok').click();
    // Confirmed, it leaves the open entries the page shows first.
    await hasCount(row, 0);
    const member = await eventually(
      async () => (await app.sql<{ name: string; outflow: string; occupation: string }>("select name, to_char(outflow_date, 'YYYY-MM-DD') as outflow, occupation from member where name = '向晓东'"))[0],
      (found) => found !== undefined,
      'the confirmed member in the ledger',
    );
    expect(member).toEqual({ name: '向晓东', outflow: '2026-10-12', occupation: '网约车司机' });
    await shot('confirmed');
  }, 60_000);
});
