/**
 * The admin console in a real Chromium against the real server (demo data, its own database):
 * one walk through the main tasks, in order, with a screenshot of each step in test/artifacts/.
 * The steps share one browser page, so they run in the order written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { nationalId, withWrongCheckDigit } from '../support/fixtures';
import { chromiumAvailable, chromiumPath, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, hasCount, hasText, pick as choose, ROOT, setToken } from './harness';

const ADMIN = { username: 'e2e-admin', password: 'e2e-password-123', role: AdminRole.SUPER_ADMIN };

const haveChromium = chromiumAvailable();
if (!haveChromium) {
  // eslint-disable-next-line no-console
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPING the admin browser tests: no Chromium at ${chromiumPath()}.\n` +
      `!! Install Debian's "chromium" package or set CHROMIUM_PATH to run them.\n${'!'.repeat(78)}\n`,
  );
}
const walk = haveChromium ? describe : describe.skip;

walk('admin console (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let step = 0;
  const pageErrors: string[] = [];

  const shot = async (name: string, fullPage = false) => {
    trace(`shot ${name}`);
    step += 1;
    await page.screenshot({ path: path.join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage });
  };
  const t0 = Date.now();
  const trace = (what: string) => process.env.E2E_TRACE && console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
  const go = (route: string) => (trace(`goto ${route}`), page.goto(`${app.url}${route}`));
  /** antd Select / TreeSelect: open, type to search, take the first match. */
  const pick = async (testId: string, search: string) => {
    trace(`pick ${testId}`);
    await choose(page.getByTestId(testId), search);
  };
  const typeDate = async (testId: string, date: string) => {
    trace(`date ${testId}`);
    await page.getByTestId(testId).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(date);
    await page.keyboard.press('Enter');
  };
  const memberCalled = async (name: string): Promise<number> => {
    const response = await app.gql('query($name: String!) { members(filter: { name: { eq: $name } }) { totalCount } }', { name });
    return response.data!.members.totalCount;
  };
  const fieldError = (field: string) => page.locator(`.ant-form-item:has(#${field}) .ant-form-item-explain-error`);

  const consoleWatch = new ConsoleWatch();

  beforeAll(async () => {
    clearArtifacts(/^\d\d-.*\.png$|^(members-template|members-import|annual-feedback)\.xlsx$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
    await app.adminSession(ADMIN);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // No console error or warning at all (a content security policy violation is one).
    consoleWatch.watch(page);
  }, 240_000);

  afterEach(() => {
    expect(consoleWatch.take()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the console under test is the production build that npm start serves', async () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'admin/dist/build.json'), 'utf8'))).toEqual({ mode: 'production' });
    const scripts = readdirSync(path.join(ROOT, 'admin/dist/assets')).filter((file) => file.endsWith('.js'));
    const react = scripts.find((file) => file.startsWith('react-'))!;
    const text = readFileSync(path.join(ROOT, 'admin/dist/assets', react), 'utf8');
    // React's production build refers to its decoder page instead of carrying the messages.
    expect(text).toContain('react.dev/errors/');
    expect(text).not.toContain('react-stack-top-frame'); // development builds only
  });

  test('logs in and sees the dashboard charts', async () => {
    await go('/');
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill(ADMIN.username);
    await page.locator('#password').fill(ADMIN.password);
    await shot('login');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('[data-testid="current-role"][data-role="SUPER_ADMIN"]').waitFor();
    for (const chart of ['chart-by-status', 'chart-by-mobility', 'chart-by-destination', 'chart-monthly']) {
      await page.locator(`[data-testid="${chart}"] canvas`).waitFor();
    }
    await hasText(page.getByTestId('stat-total'), /\d/);
    // The two-way agreement's year-end progress, one bar per direction.
    await hasText(page.getByTestId('dashboard-progress-1'), /我方填报[\s\S]*\d+\/\d+[\s\S]*对方回传[\s\S]*\d+\/\d+/);
    await shot('dashboard', true);
  }, 60_000);

  test('refuses a wrong ID check digit next to the field, and an impossible date from the API', async () => {
    await go('/members/create');
    await page.getByTestId('member-name').fill('测试党员');
    await page.getByTestId('member-idNumber').fill('510104199001011235'); // check digit should be 0
    await typeDate('member-joinedOn', '2005-07-01'); // before the 18th birthday: only the API knows
    await typeDate('member-outflowDate', '2024-03-01');
    await pick('member-formalOrganization', '石羊村');
    await pick('member-destinationRegion', '510104');
    await page.getByTestId('save').click();
    await hasText(fieldError('idNumber'), /校验位/);
    await shot('member-check-digit');

    await page.getByTestId('member-idNumber').fill('510104199001011230');
    await page.getByTestId('save').click();
    await hasText(fieldError('joinedOn'), /18 周岁/);
    await shot('member-api-field-error');

    await typeDate('member-joinedOn', '2015-07-01');
    await page.getByTestId('save').click();
    await page.waitForURL(/\/members\/show\/\d+/);
    await hasText(page.getByTestId('member-show'), '5101**************');
    await shot('member-created');
  }, 60_000);

  test('filters the members table', async () => {
    await go('/members');
    await page.getByTestId('filter-name').fill('测试党员');
    await page.getByTestId('filter-submit').click();
    const rows = page.locator('[data-testid="members-table"] tbody tr.ant-table-row');
    await hasCount(rows, 1);
    await hasText(rows.first(), '测试党员');
    // Away since 2024-03: transfer due (应转尽转), and registered just now: ledger not stale.
    await page.locator('[data-testid="member-filters"] label', { hasText: '应转尽转' }).click();
    await page.getByTestId('filter-submit').click();
    await page.waitForURL(/transferDue/);
    await hasCount(rows, 1);
    await page.locator('[data-testid="member-filters"] label', { hasText: '台账超期未更新' }).click();
    await page.getByTestId('filter-submit').click();
    await page.waitForURL(/ledgerStale/);
    await hasCount(rows, 0);
    await page.locator('[data-testid="member-filters"] label', { hasText: '台账超期未更新' }).click();
    await page.getByTestId('filter-submit').click();
    await hasCount(rows, 1);
    await shot('members-filtered');
  }, 60_000);

  test('imports members from the template: a report per row before anything is written, then the valid rows', async () => {
    await go('/members/import');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    const templateFile = path.join(ARTIFACTS, 'members-template.xlsx');
    await download.saveAs(templateFile);

    // Fill the downloaded template as a user would. Its example row (row 2) uses the ID number
    // registered in the step before, so it must be reported as already registered.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(templateFile);
    const sheet = workbook.worksheets[0]!;
    const columnOf = (header: string) => (sheet.getRow(1).values as unknown[]).findIndex((value) => String(value ?? '').replace('*', '') === header);
    const example = sheet.getRow(2).values as ExcelJS.CellValue[];
    const fresh = nationalId('510104', '19920315', '123');
    const rowsToAdd: [string, string][] = [
      ['导入党员甲', fresh],
      ['导入党员乙', withWrongCheckDigit(nationalId('510104', '19920315', '125'))],
      ['导入党员丙', fresh],
    ];
    rowsToAdd.forEach(([name, idNumber], i) => {
      const row = sheet.getRow(3 + i);
      row.values = example;
      row.getCell(columnOf('姓名')).value = name;
      row.getCell(columnOf('身份证号')).value = idNumber;
    });
    const filled = path.join(ARTIFACTS, 'members-import.xlsx');
    await workbook.xlsx.writeFile(filled);

    await page.getByTestId('members-import').locator('input[type="file"]').setInputFiles(filled);
    const report = page.getByTestId('import-report');
    const reportRow = (rowNumber: number) => report.locator('tbody tr.ant-table-row').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${rowNumber}$`) }) });
    await hasText(reportRow(2), /已登记/);
    await hasText(reportRow(2).getByTestId('matched-registered'), '测试党员');
    await hasText(reportRow(3), '可导入');
    // Every row shows what its codes matched.
    await hasText(reportRow(3).getByTestId('matched-registered'), '新登记');
    await hasText(reportRow(3).getByTestId('matched-formalOrganization'), '双林社区党委');
    await hasText(reportRow(4), /校验位/);
    await hasText(reportRow(5), /与第 3 行的身份证号重复/);
    await shot('members-import-report');
    expect(await memberCalled('导入党员甲')).toBe(0);

    await page.getByTestId('import-run').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click(); // skip the three rows with problems
    await hasText(page.getByTestId('import-done'), /共写入 1 条/);
    await shot('members-imported');
    expect(await memberCalled('导入党员甲')).toBe(1);
    expect(await memberCalled('导入党员乙')).toBe(0);
  }, 60_000);

  test('corrects an activity record on its edit page', async () => {
    const query = 'query($id: ID!) { activityRecord(id: $id) { title memberId member { name } } }';
    const [first] = (await app.gql('{ activityRecords(paging: { limit: 1 }) { nodes { id } } }')).data!.activityRecords.nodes;
    const before = (await app.gql(query, { id: first.id })).data!.activityRecord;
    await go(`/activity-records/edit/${first.id}`);
    // The form shows the record as stored, the member by name (not by id).
    const deadline = Date.now() + 15_000;
    while ((await page.locator('#title').inputValue()) !== before.title) {
      if (Date.now() > deadline) throw new Error(`the edit form never showed the title ${before.title}`);
      await page.waitForTimeout(150);
    }
    await hasText(page.locator('.ant-form-item:has(#memberId) .ant-select-selection-item'), before.member.name);
    await page.locator('#title').fill('更正后的活动标题');
    await page.getByTestId('save').click();
    await page.waitForURL(/\/activity-records(\?|$)/);
    expect((await app.gql(query, { id: first.id })).data!.activityRecord).toEqual({ ...before, title: '更正后的活动标题' });
    await shot('activity-corrected');
  }, 60_000);

  test('creates an agreement, with the API naming a bad partner region', async () => {
    await go('/agreements/create');
    await page.getByTestId('agreement-code').fill('E2E-2026-01');
    await page.getByTestId('agreement-title').fill('资阳籍在蓉流动党员共管协议（测试）');
    await pick('agreement-partnerRegion', '510000'); // Sichuan contains the host city Chengdu
    await typeDate('agreement-effectiveFrom', '2025-01-01');
    await pick('agreement-status', '生效');
    await page.getByTestId('save').click();
    await hasText(fieldError('partnerRegionCode'), /合作方地区/);
    await shot('agreement-region-overlap');

    await pick('agreement-partnerRegion', '512000');
    await page.getByTestId('save').click();
    await page.waitForURL(/\/agreements\/show\/\d+/);
    await hasText(page.getByTestId('agreement-show'), 'E2E-2026-01');
    await page.getByTestId('covered-count').waitFor();
    await shot('agreement-created');
  }, 60_000);

  test('issues a token, shows it once, and the token works on /graphql', async () => {
    await page.getByTestId('issue-token').click();
    await page.getByTestId('token-name').fill('资阳市委组织部 e2e');
    await page.getByTestId('issue-token-submit').click();
    const secret = page.getByTestId('token-secret');
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^ggt_/);
    expect(await page.getByTestId('token-secret-close').isDisabled()).toBe(true);
    await shot('token-issued');

    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ agreements { totalCount nodes { code } } members(paging: { limit: 3 }) { nodes { idNumber } } }' }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data.agreements.nodes.map((a: { code: string }) => a.code)).toEqual(['E2E-2026-01']);
    for (const member of body.data.members.nodes) expect(member.idNumber).toContain('*');

    await page.getByTestId('token-ack').check();
    await page.getByTestId('token-secret-close').click();
    await hasText(page.locator('[data-testid="tokens-table"] tbody'), '资阳市委组织部 e2e');
  }, 60_000);

  test('generates drafts, edits one, submits and approves it, exports the year', async () => {
    await go('/annual-feedbacks?agreementId=1&year=2025');
    await page.getByTestId('generate-drafts').click();
    await hasText(page.getByTestId('generate-summary'), /新生成 \d+ 条/);
    await shot('drafts-generated');
    await page.keyboard.press('Escape');

    const firstRow = page.locator('[data-testid="feedback-table"] tbody tr.ant-table-row').first();
    const rowKey = await firstRow.getAttribute('data-row-key');
    await page.getByTestId(`feedback-edit-${rowKey}`).click();
    await page.getByTestId('feedback-comments').fill('积极参加组织生活，热心志愿服务。');
    // A draft is submitted with its suggested grade (probationary members get none).
    const grade = page.locator('.ant-form-item:has(#suggestedGrade) .ant-select');
    const graded = !(await grade.getAttribute('class'))?.includes('ant-select-disabled');
    if (graded) await choose(grade, '合格');
    await page.getByTestId('feedback-save').click();
    await page.getByTestId('feedback-comments').waitFor({ state: 'hidden' });
    const row = page.locator(`[data-testid="feedback-table"] tr[data-row-key="${rowKey}"]`);
    if (graded) await row.locator('[data-value="QUALIFIED"]').waitFor();

    // Both steps ask first.
    await page.getByTestId(`feedback-submit-${rowKey}`).click();
    await hasText(page.locator('.ant-modal-confirm:visible'), /不能再编辑/);
    await page.locator('.ant-modal-confirm:visible .ant-btn-primary').click();
    await row.locator('[data-value="SUBMITTED"]').waitFor();
    await page.getByTestId(`feedback-approve-${rowKey}`).click();
    await hasText(page.locator('.ant-modal-confirm:visible'), /送达/);
    await page.locator('.ant-modal-confirm:visible .ant-btn-primary').click();
    await row.locator('[data-value="DELIVERED"]').waitFor();
    await hasText(page.getByTestId('feedback-progress'), '已送达');
    await shot('feedback-approved');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('feedback-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = path.join(ARTIFACTS, 'annual-feedback.xlsx');
    await download.saveAs(file);
    expect(statSync(file).size).toBeGreaterThan(1000);
  }, 60_000);

  test('creates a district account, which can log in, then disables it', async () => {
    const login = (password: string) =>
      app.gqlAs(null, 'mutation($input: LoginInput!) { login(input: $input) { token } }', { input: { username: 'jinjiang-e2e', password } });
    await go('/admin-users/create');
    await page.getByTestId('admin-user-username').fill('jinjiang-e2e');
    await page.getByTestId('admin-user-displayName').fill('锦江区委组织部');
    await pick('admin-user-region', '510104');
    await page.getByTestId('admin-user-password').fill('short');
    await page.getByTestId('save').click();
    await hasText(fieldError('password'), /至少 12 个字符/);
    await page.getByTestId('admin-user-password').fill('jinjiang-initial-pass');
    await page.getByTestId('save').click();
    await page.waitForURL(/\/admin-users(\?|$)/);
    await hasText(page.getByTestId('admin-users-table'), '锦江区委组织部');
    await shot('account-created');
    expect((await login('jinjiang-initial-pass')).data?.login.token).toMatch(/^ggs_/);

    const row = page.getByTestId('admin-users-table').locator('tr', { hasText: 'jinjiang-e2e' });
    await row.locator('.refine-edit-button').click();
    await page.waitForURL(/\/admin-users\/edit\/\d+/);
    await hasText(page.locator('.ant-form-item:has(#regionCode) .ant-select-selection-item'), '510104');
    await page.getByTestId('admin-user-disabled').click();
    await page.getByTestId('save').click();
    await page.waitForURL(/\/admin-users(\?|$)/);
    await hasText(page.getByTestId('admin-users-table').locator('tr', { hasText: 'jinjiang-e2e' }), '已停用');
    expect((await login('jinjiang-initial-pass')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 60_000);

  test('the organisation picker holds a city of more than 500 organisations', async () => {
    const [parent] = (await app.gql('{ organizations(filter: { level: { eq: DISTRICT } }, paging: { limit: 1 }) { nodes { id regionCode } } }')).data!.organizations.nodes;
    const organizations = Array.from({ length: 520 }, (_, i) => ({
      code: `E2E-BULK-${String(i).padStart(3, '0')}`,
      name: `批量测试党支部${String(i).padStart(3, '0')}`,
      kind: 'BRANCH',
      level: 'COMMUNITY',
      regionCode: parent.regionCode,
      parentId: parent.id,
    }));
    const created = await app.gql('mutation($input: CreateManyOrganizationsInput!) { createManyOrganizations(input: $input) { id } }', { input: { organizations } });
    expect(created.errors).toBeUndefined();
    await go('/members');
    await page.getByTestId('filter-organization').click();
    await page.keyboard.type('批量测试党支部519');
    await hasText(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-list'), '批量测试党支部519');
    await page.keyboard.press('Escape');
  }, 60_000);

  test('switches to English and back', async () => {
    await go('/members');
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="English"]').click();
    await hasText(page.locator('.ant-menu'), 'Members');
    await hasText(page.getByTestId('members-table'), 'Status');
    await shot('english');
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="简体中文"]').click();
    await hasText(page.locator('.ant-menu'), '流动党员');
    await shot('chinese-again');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  test('a viewer gets read-only pages; a dead session goes back to the login page', async () => {
    const token = await app.adminSession({ username: 'e2e-viewer', password: 'e2e-viewer-pass-1', role: AdminRole.VIEWER, regionCode: '510100' });
    const viewer = await browser.newPage({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    viewer.on('pageerror', (error) => pageErrors.push(error.message));
    consoleWatch.watch(viewer);
    // The dead session is refused with 401, which Chromium reports as a failed resource.
    consoleWatch.allow(/Failed to load resource: the server responded with a status of 401/);
    try {
      await viewer.goto(`${app.url}/login`);
      await viewer.evaluate(setToken, token);
      await viewer.goto(`${app.url}/members`);
      await viewer.locator('[data-testid="current-role"][data-role="VIEWER"]').waitFor();
      await viewer.locator('[data-testid="members-table"] tbody tr.ant-table-row').first().waitFor();
      const menu = await viewer.locator('.ant-menu').first().innerText();
      expect(menu).toContain('流动党员');
      expect(menu).not.toContain('审计日志');
      expect(menu).not.toContain('接口令牌');
      expect(await viewer.getByTestId('members-import').count()).toBe(0);
      expect(await viewer.locator('[data-testid="members-table"] .anticon-edit').count()).toBe(0);
      expect(await viewer.locator('[data-testid="members-table"] .anticon-delete').count()).toBe(0);
      await viewer.screenshot({ path: path.join(ARTIFACTS, `${String(++step).padStart(2, '0')}-viewer-read-only.png`) });

      await viewer.evaluate(setToken, 'ggs_not-a-real-session');
      await viewer.goto(`${app.url}/members`);
      await viewer.waitForURL(/\/login/);
      await hasText(viewer.getByTestId('login-notice'), /登录已过期或已失效/);
      await viewer.screenshot({ path: path.join(ARTIFACTS, `${String(++step).padStart(2, '0')}-session-expired.png`) });
    } finally {
      await viewer.close();
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
