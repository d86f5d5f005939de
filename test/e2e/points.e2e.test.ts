/**
 * The points pages in a real Chromium against the real server (demo data, its own database): the
 * schemes page (create a scheme, revise one into a new version) and a branch's quarter as a table
 * ready to post (recompute, publish, and see it frozen, with a later correction beside it).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, hasCount, hasText, pick, setToken } from './harness';

const ADMIN = { username: 'points-e2e', password: 'points-e2e-password', role: AdminRole.SUPER_ADMIN };
const walk = chromiumAvailable() ? describe : describe.skip;

walk('points pages (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `points-${name}.png`), fullPage: true });

  beforeAll(async () => {
    clearArtifacts(/^points-.*\.png$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
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
    await app?.close();
  });

  test('lists the 十二分制 schemes, creates one and revises one into a new version', async () => {
    await page.goto(`${app.url}/points-schemes`);
    const table = page.getByTestId('schemes-table');
    await hasText(table, '十二分制');
    await hasText(table, '按时参加组织生活 +1');
    const [seeded] = await app.sql<{ id: string }>(`select id::text from points_scheme order by id limit 1`);
    await hasText(page.getByTestId(`current-${seeded!.id}`), '第 1 版');
    await shot('schemes');

    await page.getByTestId('create-scheme').click();
    await page.getByTestId('scheme-name').fill('十二分制（浏览器测试）');
    await pick(page.getByTestId('scheme-owner'), '金牛区委');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await hasText(table, '十二分制（浏览器测试）');
    const [created] = await app.sql<{ owner: string; items: number }>(
      `select o.name as owner, jsonb_array_length(v.items)::int as items from points_scheme s join organization o on o.id = s.owner_organization_id
         join points_scheme_version v on v.scheme_id = s.id where s.name = '十二分制（浏览器测试）'`,
    );
    expect(created).toEqual({ owner: expect.stringContaining('金牛区委'), items: 3 });

    await page.getByTestId(`revise-${seeded!.id}`).click();
    await page.getByTestId('scheme-from-year').fill('2027');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await hasText(page.getByTestId(`current-${seeded!.id}`), '第 2 版，自 2027 年起');
    const versions = await app.sql<{ number: number; from_year: number }>('select number, from_year from points_scheme_version where scheme_id = ? order by number', [Number(seeded!.id)]);
    expect(versions.map((v) => [v.number, v.from_year])).toEqual([[1, 2025], [2, 2027]]);
    await shot('schemes-revised');
  }, 90_000);

  test('shows a branch\'s quarter ready to post, publishes it and shows it frozen', async () => {
    // The organisation whose quarter the demo published, and a quarter of it not yet published.
    const [seeded] = await app.sql<{ organization_id: string; name: string; year: number; quarter: number }>(
      `select p.organization_id::text, o.name, p.year, p.quarter from points_publication p join organization o on o.id = p.organization_id`,
    );
    const year = seeded!.year;
    const quarter = seeded!.quarter > 1 ? seeded!.quarter - 1 : 2;
    await page.goto(`${app.url}/points-quarter`);
    await pick(page.getByTestId('quarter-organization'), seeded!.name);
    await page.getByTestId('quarter-quarter').getByText(`第${seeded!.quarter}季度`).click();
    await page.getByTestId('quarter-published').waitFor();
    // One line per member with a published score, and per member the organisation keeps who has none (no scheme applies).
    const [{ members }] = (await app.sql<{ members: number }>(
      `select count(*)::int as members from (
         select member_id from monthly_score where publication_id is not null
         union
         select id from member where coalesce(inflow_organization_id, formal_organization_id) = ? and status <> 'TRANSFERRED') lines`,
      [Number(seeded!.organization_id)],
    )) as [{ members: number }];
    await hasCount(page.locator('[data-testid="quarter-table"] tbody tr.ant-table-row'), members);

    await page.getByTestId('quarter-quarter').getByText(`第${quarter}季度`).click();
    await page.getByTestId('quarter-unpublished').waitFor();
    await page.getByTestId('quarter-recompute').click();
    await hasText(page.locator('.ant-notification'), '月积分已重新计算');
    await page.getByTestId('quarter-publish').click();
    await page.locator('.ant-popconfirm:visible .ant-popconfirm-buttons .ant-btn-primary').click();
    const noted = await page.locator('.ant-notification').innerText().catch(() => '');
    await hasText(page.getByTestId('quarter-published'), '已公示').catch(async (error: Error) => {
      await shot('quarter-publish-failed');
      throw new Error(`${error.message}; notifications: ${noted}`);
    });
    await hasCount(page.getByTestId('quarter-publish'), 0);
    const frozen = await app.sql<{ n: number }>(
      `select count(*)::int as n from monthly_score s join points_publication p on p.id = s.publication_id
        where p.organization_id = ? and p.year = ? and p.quarter = ?`,
      [Number(seeded!.organization_id), year, quarter],
    );
    expect(frozen[0]!.n).toBeGreaterThan(0);

    // A correction after publication stands beside the frozen score, with its reason.
    const [row] = await app.sql<{ member_id: string; organization_id: string; month: string }>(
      `select s.member_id::text, s.organization_id::text, to_char(s.month, 'YYYY-MM-DD') as month from monthly_score s
        join points_publication p on p.id = s.publication_id where p.organization_id = ? and p.year = ? and p.quarter = ? order by s.member_id limit 1`,
      [Number(seeded!.organization_id), year, quarter],
    );
    const recorded = await app.gql('mutation($input: RecordPointsEntriesInput!) { recordPointsEntries(input: $input) { adjustment } }', {
      input: { entries: [{ memberId: row!.member_id, organizationId: row!.organization_id, occurredOn: row!.month.replace(/01$/, '10'), itemCode: 'MERIT', reason: '补记：参加社区抗洪抢险' }] },
    });
    expect(recorded.data?.recordPointsEntries).toEqual([{ adjustment: true }]);
    await page.reload();
    await pick(page.getByTestId('quarter-organization'), seeded!.name);
    await page.getByTestId('quarter-quarter').getByText(`第${quarter}季度`).click();
    await hasText(page.getByTestId(`adjustment-${row!.member_id}`), '+1');
    await shot('quarter-published');
  }, 90_000);
});
