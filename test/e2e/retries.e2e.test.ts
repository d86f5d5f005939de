/**
 * Issue 13 in a real Chromium: the answer to a write is lost on its way back (the request reached
 * the server and was done; the browser saw a network error), and the user does the natural
 * thing, saving or importing again. The console sends each write with an Idempotency-Key kept
 * until it succeeds, so the second try replays the first: one record, never two.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page, Request, Route } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasText, setToken } from './harness';

const ADMIN = { username: 'e2e-retries', password: 'e2e-retries-password-1', role: AdminRole.SUPER_ADMIN };
const walk = chromiumAvailable() ? describe : describe.skip;

walk('writes whose answer is lost (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `issue13-${name}-after.png`) });
  const go = async (route: string) => {
    await page.goto(`${app.url}${route}`);
    await page.locator('[data-testid="current-role"]').waitFor();
  };
  const count = async (sql: string, params: unknown[] = []) => Number(Object.values((await app.sql(sql, params))[0]!)[0]);

  /**
   * The next request of this operation reaches the server, which does it; its answer is then
   * dropped. Returns the Idempotency-Key headers of every request of the operation that followed.
   */
  async function loseFirstAnswer(operation: string): Promise<{ keys: (string | undefined)[]; replayed: boolean[] }> {
    const seen = { keys: [] as (string | undefined)[], replayed: [] as boolean[] };
    let lost = false;
    await page.route('**/graphql', async (route: Route, request: Request) => {
      if (!request.postData()?.includes(operation)) return route.fallback();
      seen.keys.push(request.headers()['idempotency-key']);
      const response = await route.fetch();
      if (!lost) {
        lost = true;
        return route.abort('connectionreset');
      }
      seen.replayed.push(response.headers()['idempotent-replayed'] === 'true');
      return route.fulfill({ response });
    });
    return seen;
  }

  beforeAll(async () => {
    clearArtifacts(/^issue13-.*\.(png|xlsx)$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
    const token = await app.adminSession(ADMIN);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    page.setDefaultTimeout(15_000);
    consoleWatch.watch(page);
    await page.goto(`${app.url}/login`);
    await page.evaluate(setToken, token);
  }, 240_000);

  afterEach(async () => {
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    // The lost answer is a failed request by design; nothing else may reach the console.
    expect(consoleWatch.take().filter((line) => !/Failed to load resource|net::ERR_CONNECTION_RESET/.test(line))).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('新增活动记录 saved twice after a lost answer: one record', async () => {
    const member = (await app.gql('{ member(id: "1997") { name } }')).data!.member;
    const title = '重试保存测试：主题党日';
    const seen = await loseFirstAnswer('createOneActivityRecord');
    await go('/activity-records/create?memberId=1997');
    await page.getByTestId('activity-member').waitFor();
    await hasText(page.locator('.ant-form-item:has(#memberId)'), member.name);
    await page.locator('#title').fill(title);
    const save = page.getByTestId('save');
    await save.click();
    await page.locator('.ant-notification-notice').first().waitFor();
    await save.click();
    await page.waitForURL((url) => !url.pathname.endsWith('/create'));
    await shot('activity-saved-once');

    expect(seen.keys).toHaveLength(2);
    expect(seen.keys[0]).toMatch(/^console-create-[0-9a-f]{32}$/);
    expect(seen.keys[1]).toBe(seen.keys[0]);
    expect(seen.replayed).toEqual([true]);
    expect(await count('select count(*) from activity_record where title = ?', [title])).toBe(1);
  }, 90_000);

  it('an edit saved twice after a lost answer: applied once, not refused as stale by its own first save', async () => {
    const [record] = await app.sql<{ id: number; version: number }>(`select id, version from activity_record order by id limit 1`);
    const title = '重试保存测试：编辑后的名称';
    const seen = await loseFirstAnswer('updateOneActivityRecord');
    await go(`/activity-records/edit/${record!.id}`);
    // The form is there before the record: typing sooner would be overwritten when it arrives.
    await eventually(() => page.locator('#title').inputValue(), (value) => value !== '', 'the record in the edit form');
    await page.locator('#title').fill(title);
    await page.getByTestId('save').click();
    await hasText(page.locator('.ant-notification-notice').first(), /未收到服务器的答复/);
    await page.getByTestId('save').click();
    await page.waitForURL((url) => !url.pathname.includes('/edit/'));

    expect(seen.keys[1]).toBe(seen.keys[0]);
    expect(seen.replayed).toEqual([true]);
    expect(await app.sql('select title, version from activity_record where id = ?', [record!.id])).toEqual([{ title, version: record!.version + 1 }]);
  }, 90_000);

  it('an import run again after a lost answer: every row once', async () => {
    const title = '重试导入测试';
    await go('/activity-records/import');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    const file = path.join(ARTIFACTS, 'issue13-import.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const column = (header: string) => (sheet.getRow(1).values as unknown[]).findIndex((value) => String(value ?? '').replace('*', '') === header);
    const example = sheet.getRow(2).values as ExcelJS.CellValue[];
    const member = (await app.gql('{ member(id: "1997") { name } }')).data!.member;
    for (let i = 0; i < 3; i++) {
      const row = sheet.getRow(2 + i);
      row.values = example;
      row.getCell(column('党员身份证号')).value = null;
      row.getCell(column('党员编号')).value = '1997';
      row.getCell(column('党员姓名（核对用）')).value = member.name;
      row.getCell(column('活动名称')).value = `${title} ${i}`;
    }
    await workbook.xlsx.writeFile(file);
    await page.getByTestId('activityRecords-import').locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('import-report').waitFor();

    const seen = await loseFirstAnswer('createManyActivityRecords');
    await page.getByTestId('import-run').click();
    await hasText(page.getByTestId('import-stopped'), /未收到服务器的答复/);
    await page.getByTestId('import-run').click();
    await hasText(page.getByTestId('import-done'), /共写入 3 条/);
    await shot('import-once');

    expect(seen.keys[1]).toBe(seen.keys[0]);
    expect(seen.replayed).toEqual([true]);
    expect(await count('select count(*) from activity_record where title like ?', [`${title} %`])).toBe(3);
  }, 90_000);

  it('a partner token issued again after a lost answer: no second token, and the console says why', async () => {
    const name = '重试签发测试（重庆）';
    const seen = await loseFirstAnswer('IssueApiToken');
    await go('/agreements/show/1');
    await page.getByTestId('issue-token').click();
    await page.getByTestId('token-name').fill(name);
    await page.getByTestId('issue-token-submit').click();
    await page.locator('.ant-notification-notice').first().waitFor();
    await page.getByTestId('issue-token-submit').click();
    await hasText(page.locator('.ant-notification-notice').last(), /只显示一次[\s\S]*吊销后重新签发/);
    await shot('token-issued-once');

    expect(seen.keys).toHaveLength(2);
    expect(seen.keys[1]).toBe(seen.keys[0]);
    expect(await count('select count(*) from api_token where name = ?', [name])).toBe(1);
  }, 90_000);
});
