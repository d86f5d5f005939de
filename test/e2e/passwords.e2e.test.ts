/**
 * Passwords in a real Chromium against the real server (demo data, its own database): a console
 * user changes their own password from the header's account menu — a wrong current password is
 * marked on its field, the right one keeps this page logged in on the new session while every
 * other session of the account ends — and logs in again with it; the host's admin sets a new
 * password for a partner account whose person forgot theirs, which ends that account's sessions,
 * and the person logs in with it. A partner administrator is offered no such action on its own row.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasCount, hasText, setToken } from './harness';

const VIEWER = { username: 'pw-e2e-viewer', password: 'pw-e2e-viewer-password', role: AdminRole.VIEWER };
const VIEWER_NEW_PASSWORD = 'pw-e2e-viewer-changed-1';
const HOST_ADMIN = { username: 'pw-e2e-host', password: 'pw-e2e-host-password', role: AdminRole.SUPER_ADMIN };
const FORGETFUL = { username: 'cq-e2e-forgetful', password: 'cq-e2e-forgotten-password', role: AdminRole.PARTNER_REVIEWER };
const FORGETFUL_NEW_PASSWORD = 'cq-e2e-handed-over-1';
const PARTNER_ADMIN = { username: 'cq-e2e-partner-admin', password: 'cq-e2e-partner-admin-password', role: AdminRole.PARTNER_ADMIN };
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { token } }';
const walk = chromiumAvailable() ? describe : describe.skip;

walk('passwords in the console (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let agreementId: number;
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `passwords-${name}.png`), fullPage: true });
  /** The error antd shows under the form field holding this input. */
  const fieldError = (testId: string) => page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
  const storedToken = () => page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('gongguan.token'));
  const clearStorage = () => page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear());
  /** A session of the account opened elsewhere (another browser, another device). */
  const loginElsewhere = async (username: string, password: string) => {
    const response = await app.gqlAs(null, LOGIN, { input: { username, password } });
    if (!response.data?.login) throw new Error(JSON.stringify(response.errors));
    return response.data.login.token as string;
  };
  const codeFor = async (token: string) => (await app.gqlAs(token, '{ me { username } }')).errors?.[0]?.extensions?.code ?? 'OK';
  const loginWithForm = async (username: string, password: string) => {
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('button[type="submit"]').click();
  };
  const openAccountMenu = async (item: 'change-password' | 'header-logout') => {
    await page.getByTestId('current-user-menu').click();
    await page.getByTestId(item).click();
  };

  beforeAll(async () => {
    clearArtifacts(/^passwords-.*\.png$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
    [{ id: agreementId }] = (await app.sql<{ id: number }>(`select id from agreement where partner_region_code = '500000' and status = 'ACTIVE'`)) as [{ id: number }];
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    page.setDefaultTimeout(15_000);
    consoleWatch.watch(page);
  }, 300_000);

  afterEach(() => expect(consoleWatch.take()).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('a console user changes their own password from the account menu and stays logged in', async () => {
    await app.adminSession(VIEWER);
    await page.goto(`${app.url}/login`);
    await loginWithForm(VIEWER.username, VIEWER.password);
    await page.locator('[data-testid="current-role"][data-role="VIEWER"]').waitFor();
    const before = (await storedToken())!;
    const elsewhere = await loginElsewhere(VIEWER.username, VIEWER.password);

    await openAccountMenu('change-password');
    // Checked in the browser before anything is sent: too short, and a confirmation that differs.
    await page.getByTestId('change-password-current').fill('not-my-password-at-all');
    await page.getByTestId('change-password-new').fill('short');
    await page.getByTestId('change-password-confirm').fill('shorter');
    await page.getByTestId('change-password-submit').click();
    await hasText(fieldError('change-password-new'), '至少 12 个字符');
    await hasText(fieldError('change-password-confirm'), '两次输入的密码不一致');

    // A wrong current password: the server's answer is marked on the current-password field.
    await page.getByTestId('change-password-new').fill(VIEWER_NEW_PASSWORD);
    await page.getByTestId('change-password-confirm').fill(VIEWER_NEW_PASSWORD);
    await page.getByTestId('change-password-submit').click();
    await hasText(fieldError('change-password-current'), '当前密码不正确');
    await hasCount(fieldError('change-password-new'), 0);
    await hasText(page.locator('.ant-notification-notice'), '当前密码不正确');
    await shot('wrong-current');
    expect(await codeFor(before)).toBe('OK');

    await page.getByTestId('change-password-current').fill(VIEWER.password);
    await page.getByTestId('change-password-submit').click();
    await hasText(page.locator('.ant-notification-notice'), '密码已修改，本账号的其他登录已退出');
    await hasCount(page.locator('.ant-modal:visible'), 0);
    // The console keeps the session the answer opened; every earlier one, its own included, has ended.
    const after = await eventually(storedToken, (token) => !!token && token !== before, 'the new session stored');
    expect(await codeFor(after!)).toBe('OK');
    expect(await codeFor(before)).toBe('UNAUTHENTICATED');
    expect(await codeFor(elsewhere)).toBe('UNAUTHENTICATED');
    expect(new URL(page.url()).pathname).not.toBe('/login');
    await shot('changed');

    // Still logged in: another page through the menu, then a reload, on the new session.
    await page.locator('.ant-menu').getByText('党组织', { exact: true }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/organizations'));
    await page.locator('.ant-table-row').first().waitFor();
    await page.reload();
    await page.locator('[data-testid="current-role"][data-role="VIEWER"]').waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/organizations/);

    // Logged out, the old password no longer opens the console; the new one does.
    await openAccountMenu('header-logout');
    await page.waitForURL((url) => url.pathname === '/login');
    await hasText(page.getByTestId('login-notice'), '您已安全退出');
    await loginWithForm(VIEWER.username, VIEWER.password);
    await hasText(page.locator('.ant-notification-notice'), '用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.locator('#password').fill(VIEWER_NEW_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('[data-testid="current-role"][data-role="VIEWER"]').waitFor();
    await shot('logged-in-again');
    const [audited] = await app.sql<{ changes: Record<string, unknown> }>(
      `select changes from audit_event where entity = 'AdminUser' and action = 'update' and actor_name = ? order by id desc limit 1`,
      [VIEWER.username],
    );
    expect(audited?.changes).toMatchObject({ password: { before: null, after: 'changed' } });
    await openAccountMenu('header-logout');
    await page.waitForURL((url) => url.pathname === '/login');
  }, 120_000);

  test('the host\'s admin sets a new password for a partner account, which then logs in with it', async () => {
    const hostToken = await app.adminSession(HOST_ADMIN);
    const forgetfulSession = await app.adminSession({ ...FORGETFUL, agreementId });
    await clearStorage();
    await page.evaluate(setToken, hostToken);
    await page.goto(`${app.url}/partner-accounts`);
    await hasText(page.getByTestId('partner-account-agreement'), '成渝');
    await hasText(page.getByTestId('partner-accounts-table'), FORGETFUL.username);

    await page.getByTestId(`partner-account-password-${FORGETFUL.username}`).click();
    await page.getByTestId('partner-account-new-password').fill('too-short');
    await page.getByTestId('partner-account-confirm-password').fill('too-short');
    await page.getByTestId('partner-account-password-save').click();
    await hasText(fieldError('partner-account-new-password'), '至少 12 个字符');
    await page.getByTestId('partner-account-new-password').fill(FORGETFUL_NEW_PASSWORD);
    await page.getByTestId('partner-account-confirm-password').fill(FORGETFUL_NEW_PASSWORD);
    await shot('partner-set');
    await page.getByTestId('partner-account-password-save').click();
    await hasText(page.locator('.ant-notification-notice'), `已为 ${FORGETFUL.username} 设置新密码，该账号的所有登录已退出`);
    await hasCount(page.locator('.ant-modal:visible'), 0);
    await shot('partner-done');
    // The person's sessions have ended; the host's goes on.
    expect(await codeFor(forgetfulSession)).toBe('UNAUTHENTICATED');
    expect(await codeFor(hostToken)).toBe('OK');

    await openAccountMenu('header-logout');
    await page.waitForURL((url) => url.pathname === '/login');
    await loginWithForm(FORGETFUL.username, FORGETFUL_NEW_PASSWORD);
    await page.locator('[data-testid="current-role"][data-role="PARTNER_REVIEWER"]').waitFor();
    await shot('partner-logged-in');
    await openAccountMenu('header-logout');
    await page.waitForURL((url) => url.pathname === '/login');
  }, 120_000);

  test('a partner administrator sets passwords for its reviewers, not for administrators', async () => {
    const token = await app.adminSession({ ...PARTNER_ADMIN, agreementId });
    await clearStorage();
    await page.evaluate(setToken, token);
    await page.goto(`${app.url}/partner-accounts`);
    await hasText(page.getByTestId('partner-accounts-table'), PARTNER_ADMIN.username);
    await hasText(page.getByTestId('partner-accounts-table'), FORGETFUL.username);
    await page.getByTestId(`partner-account-password-${FORGETFUL.username}`).waitFor();
    expect(await page.getByTestId(`partner-account-password-${PARTNER_ADMIN.username}`).count()).toBe(0);
    await shot('partner-admin');
    await clearStorage();
  }, 60_000);
});
