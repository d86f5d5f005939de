/**
 * 一对一联 and 组织找党员 in the console, in a real Chromium against the real server (demo data):
 * the contact records page (filters, a new record that moves the member's last contact on) and
 * the lost-contact cases page (open a case, add an attempt, close it found).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasCount, hasText, pick, setToken } from './harness';

const ADMIN = { username: 'e2e-contacts', password: 'e2e-contacts-password-1', role: AdminRole.SUPER_ADMIN };
const walk = chromiumAvailable() ? describe : describe.skip;

walk('contacts and lost-contact cases (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `contacts-${name}.png`), fullPage: true });
  const go = async (route: string) => {
    await page.goto(`${app.url}${route}`);
    await page.locator('[data-testid="current-role"]').waitFor();
  };
  /** The member picker searches as one types (debounced): wait for the member's own option, then take it. */
  const pickMember = async (testId: string, name: string) => {
    await page.getByTestId(testId).click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
  };
  /** A demo member with a name nobody else has, in the given status. */
  const memberIn = async (status: string): Promise<{ id: string; name: string }> => {
    const [row] = await app.sql<{ id: string; name: string }>(
      `select m.id::text, m.name from member m where m.status = ? and m.party_standing = 'FULL'
          and (select count(*) from member o where o.name like '%' || m.name || '%') = 1
          and not exists (select 1 from lost_contact_case c where c.member_id = m.id) order by m.id limit 1`,
      [status],
    );
    return row!;
  };

  beforeAll(async () => {
    clearArtifacts(/^contacts-.*\.png$/);
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

  afterEach(() => {
    expect(consoleWatch.take()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the contact records page lists records and filters them by kind, as the API counts them', async () => {
    await go('/contact-records');
    const rows = page.locator('[data-testid="contact-table"] tbody tr.ant-table-row');
    await hasCount(rows, 20);
    const visits = (await app.gql('{ contactRecords(filter: { kind: { in: [FAMILY_VISIT] } }) { totalCount } }')).data!.contactRecords.totalCount as number;
    await pick(page.getByTestId('filter-kind'), '家访');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="contact-filters"] button[type="submit"]').click();
    await hasText(page.locator('.ant-pagination-total-text'), String(visits));
    const kinds = await page.locator('[data-testid="contact-table"] tbody tr.ant-table-row td:nth-child(3)').allInnerTexts();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['家访']));
    await shot('records-filtered');
  }, 60_000);

  test('a new talk is saved and the member page shows it as the last contact, with the contact person', async () => {
    const member = await memberIn('MANAGED');
    await go('/contact-records/create');
    await pickMember('contact-member', member.name);
    await page.getByTestId('contact-held-by').fill('王建国（支委委员）');
    await page.getByTestId('contact-notes').fill('了解近况，提醒按时参加组织生活');
    await page.getByTestId('save').click();
    await page.waitForURL(/\/contact-records(\?|$)/);
    const [saved] = await app.sql<{ on: string; held_by: string }>(
      "select to_char(occurred_on, 'YYYY-MM-DD') as on, held_by from contact_record where member_id = ? and notes = '了解近况，提醒按时参加组织生活'",
      [Number(member.id)],
    );
    expect(saved).toMatchObject({ held_by: '王建国（支委委员）' });
    await go(`/members/show/${member.id}`);
    await hasText(page.getByTestId('last-contact'), saved!.on);
    const person = (await app.gql('query($id: ID!) { member(id: $id) { contactPerson { contactName } } }', { id: member.id })).data!.member.contactPerson;
    await hasText(page.getByTestId('contact-person'), person ? person.contactName : '—');
    await shot('member-contacts');
  }, 60_000);

  test('opens a case, adds an attempt and closes it found: the member is LOST_CONTACT meanwhile, then back as before', async () => {
    const member = await memberIn('REPORTED');
    const statusOf = async () => (await app.sql<{ status: string }>('select status from member where id = ?', [Number(member.id)]))[0]!.status;

    await go('/lost-contact-cases/create');
    await pickMember('case-member', member.name);
    await page.getByTestId('case-opened-by').fill('春熙路街道党工委 刘敏');
    await page.getByTestId('case-facts').fill('最后一次联系时在锦江区某物流公司工作，现电话停机');
    await page.getByTestId('save').click();
    await page.waitForURL(/\/lost-contact-cases\/show\/\d+/);
    await hasText(page.getByTestId('case-state'), '查找中');
    const [opened] = await app.sql<{ member_id: number }>('select member_id from lost_contact_case order by id desc limit 1');
    expect(String(opened!.member_id)).toBe(member.id);
    expect(await statusOf()).toBe('LOST_CONTACT');
    await shot('case-opened');

    await page.getByTestId('add-attempt').click();
    await pick(page.getByTestId('attempt-channel'), '亲友');
    await page.getByTestId('attempt-by').fill('刘敏');
    await page.getByTestId('attempt-result').fill('其母称在重庆务工，已请其回电');
    await page.getByTestId('attempt-ok').click();
    await hasCount(page.locator('[data-testid="attempt-table"] tbody tr.ant-table-row'), 1);
    await hasText(page.getByTestId('attempt-table'), '其母称在重庆务工');

    await page.getByTestId('close-case').click();
    await page.getByTestId('close-by').fill('刘敏');
    await page.getByTestId('close-ok').click();
    await hasText(page.getByTestId('case-state'), '已找到');
    await eventually(statusOf, (status) => status === 'REPORTED', 'member status after the case is closed found');
    await shot('case-closed');

    await go('/lost-contact-cases');
    await hasText(page.getByTestId('case-table'), member.name);
  }, 90_000);
});
