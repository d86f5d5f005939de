/**
 * Issue 10 in a real Chromium (demo data, its own database): imports that match the wrong person,
 * filters that do not clear, tokens issued wrong, confirmations, layout at 1440 px, the audit
 * log, exports and the ledger reminders. Screenshots: test/artifacts/issue10-*-after.png.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasCount, hasText, linesOf, overflowingTables, pick, setToken } from './harness';

const ADMIN = { username: 'e2e-fixes', password: 'e2e-fixes-password-1', role: AdminRole.SUPER_ADMIN };
const walk = chromiumAvailable() ? describe : describe.skip;

walk('console corrections of issue 10 (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string, fullPage = false) => page.screenshot({ path: path.join(ARTIFACTS, `issue10-${name}-after.png`), fullPage });
  const go = async (route: string) => {
    await page.goto(`${app.url}${route}`);
    await page.locator('[data-testid="current-role"]').waitFor();
  };
  const total = async (query: string): Promise<number> => {
    const data = (await app.gql(query)).data!;
    return data[Object.keys(data)[0]!].totalCount;
  };

  beforeAll(async () => {
    clearArtifacts(/^issue10-.*\.(png|xlsx)$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
    const token = await app.adminSession(ADMIN);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce', acceptDownloads: true });
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

  describe('activity import', () => {
    const ROW_TITLE = '导入核对测试';
    /** Fills the downloaded template: one row per entry, keyed by 党员编号 or 身份证号. */
    const importSheet = async (name: string, entries: { memberId?: string; name?: string; date?: ExcelJS.CellValue; title: string }[]) => {
      await go('/activity-records/import');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
      const template = path.join(ARTIFACTS, `issue10-${name}-template.xlsx`);
      await download.saveAs(template);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(template);
      const sheet = workbook.worksheets[0]!;
      const column = (header: string) => (sheet.getRow(1).values as unknown[]).findIndex((value) => String(value ?? '').replace('*', '') === header);
      const example = sheet.getRow(2).values as ExcelJS.CellValue[];
      entries.forEach((entry, i) => {
        const row = sheet.getRow(2 + i);
        row.values = example;
        row.getCell(column('党员身份证号')).value = null;
        row.getCell(column('党员编号')).value = entry.memberId ?? null;
        row.getCell(column('党员姓名（核对用）')).value = entry.name ?? null;
        row.getCell(column('活动名称')).value = entry.title;
        if (entry.date !== undefined) row.getCell(column('活动日期')).value = entry.date;
      });
      const file = path.join(ARTIFACTS, `issue10-${name}.xlsx`);
      await workbook.xlsx.writeFile(file);
      await page.getByTestId('activityRecords-import').locator('input[type="file"]').setInputFiles(file);
      await page.getByTestId('import-report').waitFor();
    };
    const reportRow = (rowNumber: number) =>
      page.getByTestId('import-report').locator('tbody tr.ant-table-row').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${rowNumber}$`) }) });
    const recordsOf = async (memberId: string) =>
      (await app.gql('query($f: ActivityRecordFilter) { activityRecords(filter: $f, paging: { limit: 50 }) { nodes { title occurredOn } } }', {
        f: { memberId: { eq: memberId }, title: { like: `${ROW_TITLE}%` } },
      })).data!.activityRecords.nodes as { title: string; occurredOn: string }[];

    it('refuses a row whose check name is not the member of that number, and shows whom every row matched', async () => {
      const member = (await app.gql('{ member(id: "1999") { id name } }')).data!.member;
      expect(member.name).not.toBe('张三');
      await importSheet('import-mismatch', [
        { memberId: '1999', name: '张三', title: `${ROW_TITLE}：姓名不符` },
        { memberId: '1999', name: member.name, title: `${ROW_TITLE}：姓名相符` },
        { memberId: '1999', title: `${ROW_TITLE}：未填姓名` },
        { memberId: '99999', name: '李四', title: `${ROW_TITLE}：编号不存在` },
      ]);
      await hasText(reportRow(2), /有问题[\s\S]*不一致/);
      await hasText(reportRow(2).getByTestId('matched-member'), `${member.name}（编号 1999）`);
      await hasText(reportRow(3), '可导入');
      await hasText(reportRow(3).getByTestId('matched-member'), `${member.name}（编号 1999）`);
      await hasText(reportRow(4), /有问题[\s\S]*须填写党员姓名/);
      await hasText(reportRow(5), /有问题[\s\S]*没有这个党员编号/);
      for (const row of [2, 3, 4]) await hasText(reportRow(row).getByTestId('matched-organization'), /\S/);
      await page.getByTestId('import-report').scrollIntoViewIfNeeded();
      await shot('import-mismatch');

      await page.getByTestId('import-run').click();
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      await hasText(page.getByTestId('import-done'), /共写入 1 条/);
      expect((await recordsOf('1999')).map((record) => record.title)).toEqual([`${ROW_TITLE}：姓名相符`]);
    }, 60_000);

    it('reads real date cells, Excel day numbers and the usual written forms', async () => {
      const member = (await app.gql('{ member(id: "1998") { id name } }')).data!.member;
      await importSheet('excel-date', [
        { memberId: '1998', name: member.name, date: new Date(Date.UTC(2026, 10, 17)), title: `${ROW_TITLE}：日期单元格` },
        { memberId: '1998', name: member.name, date: 46344, title: `${ROW_TITLE}：日期序号` },
        { memberId: '1998', name: member.name, date: '2026/11/16', title: `${ROW_TITLE}：斜杠` },
        { memberId: '1998', name: member.name, date: '2026年11月15日', title: `${ROW_TITLE}：中文日期` },
        { memberId: '1998', name: member.name, date: '20261114', title: `${ROW_TITLE}：八位数字` },
      ]);
      for (const row of [2, 3, 4, 5, 6]) await hasText(reportRow(row), '可导入');
      await page.getByTestId('import-report').scrollIntoViewIfNeeded();
      await shot('excel-date');
      await page.getByTestId('import-run').click();
      await hasText(page.getByTestId('import-done'), /共写入 5 条/);
      expect((await recordsOf('1998')).map((record) => record.occurredOn).sort()).toEqual(['2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18']);
    }, 60_000);
  });

  describe('issuing a token', () => {
    it('defaults to the year being prepared and offers only agreements in force', async () => {
      // The feedback board's rule: this year from October on (China time), else last year.
      const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number) as [number, number];
      const prepared = month >= 10 ? year : year - 1;
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const agreements = (await app.gql('{ agreements(paging: { limit: 500 }) { nodes { code title status effectiveFrom effectiveTo } } }')).data!.agreements.nodes as Record<string, string | null>[];
      const inForce = agreements.filter((a) => a.status === 'ACTIVE' && a.effectiveFrom! <= today && (!a.effectiveTo || a.effectiveTo >= today));
      expect(inForce.length).toBeGreaterThan(0);
      expect(inForce.length).toBeLessThan(agreements.length);

      await go('/api-tokens');
      await page.getByTestId('issue-token').click();
      const modal = page.getByTestId('issue-token-form');
      await hasText(page.getByTestId('token-years'), String(prepared));
      expect(await page.getByTestId('token-years').locator('.ant-select-selection-item').allInnerTexts()).toEqual([String(prepared)]);
      await hasText(modal, `重庆市委组织部 ${prepared} 年度反馈`);
      await page.getByTestId('token-agreement').click();
      const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
      await hasCount(options, inForce.length);
      expect((await options.allInnerTexts()).sort()).toEqual(inForce.map((a) => `${a.code} · ${a.title}`).sort());
      await shot('token-modal');
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal-footer button', { hasText: /取\s*消/ }).click();

      // On the page of the expired agreement the button is there, but cannot issue.
      await go('/agreements/show/2');
      await page.getByTestId('agreement-show').waitFor();
      await eventually(() => page.getByTestId('issue-token').isDisabled(), (disabled) => disabled, 'the issue button of an expired agreement is enabled');
    }, 60_000);
  });

  describe('confirmations', () => {
    const BOARD = '/annual-feedbacks?agreementId=1&year=2026';
    const confirmDialog = () => page.locator('.ant-modal-confirm:visible');
    const statusOf = async (id: string) => (await app.gql('query($id: ID!) { annualFeedback(id: $id) { status version } }', { id })).data!.annualFeedback;

    it('提交 refuses a draft without 建议等次, then asks, naming the member and what follows; so does 审核通过', async () => {
      await app.gql('mutation { generateAnnualFeedbackDrafts(input: { agreementId: "1", year: 2026 }) { created } }');
      const drafts = (await app.gql(`{ annualFeedbacks(filter: { agreementId: { eq: "1" }, year: { eq: 2026 }, recipient: { eq: PARTNER }, status: { eq: DRAFT } },
          paging: { limit: 20 }, sorting: [{ field: memberName, direction: ASC }]) { nodes { id version member { name partyStanding } } } }`)).data!.annualFeedbacks.nodes;
      const draft = drafts.find((row: { member: { partyStanding: string } }) => row.member.partyStanding === 'FULL');
      const name = draft.member.name as string;
      await go(BOARD);
      await page.getByTestId('board-member-search').fill(name);
      await page.getByTestId('filter-submit').click();
      const row = page.locator(`[data-testid="feedback-table"] tr[data-row-key="${draft.id}"]`);

      await page.getByTestId(`feedback-submit-${draft.id}`).click();
      await hasText(confirmDialog(), new RegExp(`请先填写建议等次[\\s\\S]*${name}`));
      await confirmDialog().locator('.ant-btn-primary').click();
      expect((await statusOf(draft.id)).status).toBe('DRAFT');

      await app.gql('mutation($input: UpdateOneAnnualFeedbackInput!) { updateOneAnnualFeedback(input: $input) { id } }', {
        input: { id: draft.id, update: { version: draft.version, suggestedGrade: 'QUALIFIED' } },
      });
      await go(BOARD);
      await page.getByTestId('board-member-search').fill(name);
      await page.getByTestId('filter-submit').click();
      await row.locator('[data-value="DRAFT"]').waitFor();
      await page.getByTestId(`feedback-submit-${draft.id}`).click();
      await hasText(confirmDialog(), new RegExp(`提交 ${name} 的 2026 年度反馈[\\s\\S]*不能再编辑`));
      await shot('submit-confirm');
      await confirmDialog().locator('.ant-btn', { hasText: /取\s*消/ }).click();
      expect((await statusOf(draft.id)).status).toBe('DRAFT');
      await page.getByTestId(`feedback-submit-${draft.id}`).click();
      await confirmDialog().locator('.ant-btn-primary').click();
      await row.locator('[data-value="SUBMITTED"]').waitFor();

      await page.getByTestId(`feedback-approve-${draft.id}`).click();
      await hasText(confirmDialog(), new RegExp(`审核通过 ${name} 的 2026 年度反馈[\\s\\S]*送达[\\s\\S]*CY-2024-01`));
      await shot('approve-confirm');
      await confirmDialog().locator('.ant-btn-primary').click();
      await row.locator('[data-value="DELIVERED"]').waitFor();
      expect((await statusOf(draft.id)).status).toBe('DELIVERED');
    }, 60_000);

    it('the ledger asks before deleting, naming the member', async () => {
      await go('/members');
      const first = page.locator('[data-testid="members-table"] tbody tr.ant-table-row').first();
      const name = await first.locator('td').first().innerText();
      await first.locator('.refine-delete-button').click();
      await hasText(page.locator('.ant-popover:not(.ant-popover-hidden) .ant-popconfirm-title'), `删除流动党员“${name}”的台账？`);
      await shot('delete-confirm');
      await page.locator('.ant-popover:not(.ant-popover-hidden) .ant-btn', { hasText: /取\s*消/ }).click();
    }, 60_000);
  });

  describe('forms', () => {
    it('an invalid ID number on 保存 scrolls to the field and says so', async () => {
      await go('/members/create');
      await page.getByTestId('member-name').fill('校验位测试');
      await page.getByTestId('member-idNumber').fill('510104199001011235'); // the check digit should be 0
      await page.mouse.wheel(0, 3000);
      await page.getByTestId('save').scrollIntoViewIfNeeded();
      await page.getByTestId('save').click();
      await hasText(page.locator('.ant-notification-notice'), /请检查表单中标出的字段[\s\S]*校验位/);
      const field = page.locator('.ant-form-item:has(#idNumber)');
      await hasText(field.locator('.ant-form-item-explain-error'), /校验位/);
      await eventually(() => field.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight;
      }), (inView) => inView, 'the ID number field is not scrolled into view');
      await shot('member-invalid-id');
    }, 60_000);
  });

  describe('audit log', () => {
    it('shows a change as a before/after table with the console\'s labels, enum names and China time, and names the object with a link', async () => {
      const before = (await app.gql('{ member(id: "1") { name status } }')).data!.member;
      const after = before.status === 'LOST_CONTACT' ? 'REPORTED' : 'LOST_CONTACT';
      const label: Record<string, string> = { REGISTERED: '已登记', REPORTED: '已报到', MANAGED: '已纳管', LOST_CONTACT: '失联', RETURNED: '已返回', TRANSFERRED: '已转出' };
      await app.gql('mutation($s: MemberStatus!) { updateOneMember(input: { id: "1", update: { status: $s } }) { id } }', { s: after });
      const [event] = (await app.gql('{ auditEvents(filter: { entity: { eq: "Member" }, entityId: { eq: "1" }, action: { eq: "update" } }, paging: { limit: 1 }, sorting: [{ field: occurredAt, direction: DESC }]) { nodes { occurredAt changes } } }')).data!.auditEvents.nodes;
      const chinaTime = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

      await go('/audit-events');
      const row = page.locator('[data-testid="audit-table"] tbody tr.ant-table-row', { hasText: '修改' }).filter({ hasText: before.name }).first();
      await hasText(row, chinaTime(event.occurredAt));
      await hasText(row.getByTestId('audit-subject'), before.name);
      await hasText(row, /状态、台账更新时间|台账更新时间、状态/);
      await row.locator('.ant-table-row-expand-icon').click();
      const changes = page.getByTestId('audit-changes').first();
      const statusRow = changes.locator('tbody tr', { hasText: '状态' });
      await hasText(statusRow, new RegExp(`状态\\s+${label[before.status]}\\s+${label[after]}`));
      await hasText(changes.locator('tbody tr', { hasText: '台账更新时间' }), chinaTime(event.changes.ledgerUpdatedAt.after));
      expect(await changes.innerText()).not.toMatch(/LOST_CONTACT|ledgerUpdatedAt|T\d\d:\d\d/);
      await shot('audit-row');
      await page.getByTestId('audit-expanded').getByTestId('audit-subject').click();
      await page.waitForURL(/\/members\/show\/1$/);
    }, 60_000);
  });

  describe('layout at 1440 px', () => {
    beforeAll(async () => {
      await app.gql('mutation { generateAnnualFeedbackDrafts(input: { agreementId: "1", year: 2026 }) { created } }');
      await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
        input: { name: '重庆市委组织部（版式测试）', agreementId: '1', scopes: ['MEMBERS_READ', 'FEEDBACK_READ'], years: [2026], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
      });
    });

    it.each([
      ['members', '/members', 'members-table'],
      ['activity records', '/activity-records', 'activity-table'],
      ['organisations', '/organizations', 'organizations-table'],
      ['agreements', '/agreements', 'agreements-table'],
      ['feedback board', '/annual-feedbacks?agreementId=1&year=2026', 'feedback-table'],
      ['tokens', '/api-tokens', 'tokens-table'],
      ['audit log', '/audit-events', 'audit-table'],
      ['accounts', '/admin-users', 'admin-users-table'],
    ])('%s: no column hidden under a fixed one or cut off, 操作 on one line', async (name, route, table) => {
      await go(route);
      await page.locator(`[data-testid="${table}"] tbody tr.ant-table-row`).first().waitFor();
      await page.waitForTimeout(300);
      expect(await page.evaluate(overflowingTables)).toEqual([]);
      const actions = await page.locator(`[data-testid="${table}"] th`, { hasText: /^操作$/ }).count();
      if (actions) expect(await page.evaluate(linesOf, [`[data-testid="${table}"] th`, '操作'])).toBe(1);
      // Every header on one line, as wide as the column needs ("台账更新时/间" is a fault).
      const headers = await page.locator(`[data-testid="${table}"] thead th .ant-table-column-title, [data-testid="${table}"] thead th:not(:has(.ant-table-column-title))`).allInnerTexts();
      for (const header of headers.filter((text) => text && !text.includes('\n') && text.length <= 8)) {
        expect({ header, lines: await page.evaluate(linesOf, [`[data-testid="${table}"] thead th`, header]) }).toEqual({ header, lines: 1 });
      }
      const shots: Record<string, string> = { members: 'members-table', 'feedback board': 'feedback-board', organisations: 'organizations-table' };
      if (shots[name]) await shot(shots[name]!);
    }, 60_000);

    it('in English, no header word of the feedback board breaks ("attended/e xpected")', async () => {
      const setLocale = (locale: string) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gongguan.locale', locale);
      await page.evaluate(setLocale, 'en');
      try {
        await go('/annual-feedbacks?agreementId=1&year=2026');
        await page.locator('[data-testid="feedback-table"] tbody tr.ant-table-row').first().waitFor();
        const words = (await page.getByTestId('feedback-table').locator('thead').innerText()).split(/[\s/()]+/).filter((word) => word.length > 3);
        expect(words).toEqual(expect.arrayContaining(['attended', 'expected']));
        for (const word of words) expect({ word, lines: await page.evaluate(linesOf, ['[data-testid="feedback-table"] thead th', word]) }).toEqual({ word, lines: 1 });
        expect(await page.evaluate(overflowingTables)).toEqual([]);
      } finally {
        await page.evaluate(setLocale, 'zh-CN');
      }
    }, 60_000);

    it('agreement codes, dates and the deadline header do not break mid-word', async () => {
      await go('/agreements');
      await page.locator('[data-testid="agreements-table"] tbody tr.ant-table-row').first().waitFor();
      for (const text of ['CDMS-2027-01', '2029-12-31', 'CDDY-2024-01']) {
        expect({ text, lines: await page.evaluate(linesOf, ['[data-testid="agreements-table"] td', text]) }).toEqual({ text, lines: 1 });
      }
      await hasText(page.getByTestId('agreements-table').locator('thead'), '年度反馈截止日');
      expect(await page.getByTestId('agreements-table').locator('thead').innerText()).not.toContain('MM-DD');
      await shot('agreements-table');
    }, 60_000);
  });

  describe('list features', () => {
    it('exports the ledger of the current filter as xlsx, masked as on screen', async () => {
      const expected = (await app.gql('{ members(filter: { status: { eq: LOST_CONTACT } }, paging: { limit: 500 }, sorting: [{ field: id, direction: DESC }]) { totalCount nodes { name idNumber } } }')).data!.members;
      await go('/members');
      await pick(page.getByTestId('filter-status'), '失联');
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-submit').click();
      await page.waitForURL(/LOST_CONTACT/);
      await hasText(page.locator('.ant-pagination-total-text'), `共 ${expected.totalCount} 条`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('list-export').click()]);
      expect(download.suggestedFilename()).toMatch(/^流动党员台账-\d{8}\.xlsx$/);
      const file = path.join(ARTIFACTS, 'issue10-members-export.xlsx');
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      expect(header.slice(0, 4)).toEqual(['姓名', '性别', '出生日期', '身份证号']);
      expect(header).toEqual(expect.arrayContaining(['状态', '应转尽转', '应转尽转依据', '台账超期未更新']));
      const rows = sheet.getSheetValues().slice(2).map((row) => (row as unknown[]).slice(1));
      expect(rows).toHaveLength(expected.totalCount);
      expect(rows.map((row) => [row[0], row[3]])).toEqual(expected.nodes.map((node: { name: string; idNumber: string }) => [node.name, node.idNumber]));
      for (const row of rows) {
        expect(String(row[3])).toMatch(/^\d{4}\*{14}$/);
        expect(row[header.indexOf('状态')]).toBe('失联');
      }
      await hasText(page.locator('.ant-notification-notice'), `已导出 ${expected.totalCount} 条记录`);
    }, 60_000);

    it('exports the activity records of the current filter', async () => {
      const filter = { memberId: { eq: '1998' } };
      const expected = (await app.gql('query($f: ActivityRecordFilter) { activityRecords(filter: $f, paging: { limit: 500 }) { totalCount } }', { f: filter })).data!.activityRecords.totalCount;
      expect(expected).toBeGreaterThan(0);
      await go(`/activity-records?filters[0][field]=memberId&filters[0][operator]=eq&filters[0][value]=1998`);
      await hasText(page.locator('.ant-pagination-total-text'), `共 ${expected} 条`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('list-export').click()]);
      const file = path.join(ARTIFACTS, 'issue10-activity-export.xlsx');
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const rows = workbook.worksheets[0]!.getSheetValues().slice(2);
      expect(rows).toHaveLength(expected);
      expect(new Set(rows.map((row) => String((row as unknown[])[3])))).toEqual(new Set(['1998']));
    }, 60_000);

    it('hides and shows columns (remembered), and refreshes the list', async () => {
      await go('/members');
      const table = page.getByTestId('members-table');
      await hasText(table.locator('thead'), '身份证号');
      await page.getByTestId('table-columns').click();
      await page.locator('[data-testid="column-settings"] .ant-checkbox-wrapper', { hasText: '身份证号' }).click();
      await eventually(() => table.locator('thead').innerText(), (text) => !text.includes('身份证号'), 'the ID number column is still shown');
      await shot('column-settings');
      await page.keyboard.press('Escape');
      await page.reload();
      await table.locator('tbody tr.ant-table-row').first().waitFor();
      expect(await table.locator('thead').innerText()).not.toContain('身份证号');
      await page.getByTestId('table-columns').click();
      await page.locator('[data-testid="column-settings"] .ant-checkbox-wrapper', { hasText: '身份证号' }).click();
      await hasText(table.locator('thead'), '身份证号');
      await page.keyboard.press('Escape');

      // A member added elsewhere shows up on 刷新 without leaving the page.
      const before = await page.locator('.ant-pagination-total-text').innerText();
      const total = (await app.gql('{ members(paging: { limit: 1 }) { totalCount } }')).data!.members.totalCount as number;
      expect(before).toBe(`共 ${total} 条`);
      const created = await app.gql('mutation($input: CreateOneMemberInput!) { createOneMember(input: $input) { id } }', {
        input: { member: { name: '刷新测试', idNumber: nationalId('510104', '19920315', '301'), partyStanding: 'FULL', joinedOn: '2015-07-01', formalOrganizationId: '1', mobilityType: 'EMPLOYMENT', outflowDate: '2025-01-01', destinationRegionCode: '510104' } },
      });
      expect(created.errors).toBeUndefined();
      await page.getByTestId('table-refresh').click();
      await hasText(page.locator('.ant-pagination-total-text'), `共 ${total + 1} 条`);
    }, 60_000);

    it('gives every page its own title', async () => {
      const pages: [string, string][] = [
        ['/', '工作台'],
        ['/organizations', '党组织'],
        ['/organizations/show/1', '党组织详情'],
        ['/members', '流动党员台账'],
        ['/members/create', '登记流动党员'],
        ['/members/show/1', '流动党员详情'],
        ['/members/edit/1', '编辑流动党员'],
        ['/members/import', '从 Excel 导入流动党员'],
        ['/agreements', '合作共管协议'],
        ['/agreements/show/1', '协议详情'],
        ['/activity-records', '活动记录'],
        ['/activity-records/create', '新增活动记录'],
        ['/activity-records/import', '从 Excel 批量导入活动记录'],
        ['/annual-feedbacks', '年度情况反馈'],
        ['/api-tokens', '接口令牌'],
        ['/audit-events', '审计日志'],
        ['/admin-users', '管理员账号'],
        ['/admin-users/create', '新建账号'],
        ['/no-such-page', '页面不存在'],
      ];
      for (const [route, title] of pages) {
        await go(route);
        await eventually(() => page.title(), (text) => text === `${title} | 共管`, `the title of ${route}`);
      }
    }, 90_000);

    it('新增活动记录 fills the recording organisation from the chosen member', async () => {
      const member = (await app.gql('{ member(id: "1997") { name inflowOrganization { name } formalOrganization { name } } }')).data!.member;
      const organization = (member.inflowOrganization ?? member.formalOrganization).name as string;
      await go('/activity-records/create');
      await page.getByTestId('activity-member').click();
      await page.keyboard.type(member.name);
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: member.name }).first().waitFor();
      await page.keyboard.press('Enter');
      await hasText(page.locator('.ant-form-item:has(#organizationId) .ant-select-selection-item'), organization);
      await hasText(page.locator('.ant-form-item:has(#organizationId)'), '已按所选党员的流入地管理党组织');
      await shot('activity-create');
    }, 60_000);
  });

  describe('ledger reminders', () => {
    it('shows the reason beside 应转尽转, never flags closed records, and the dashboard counts both with the rule on hover', async () => {
      const count = async (filter: string) => (await app.gql(`{ members(filter: ${filter}, paging: { limit: 1 }) { totalCount } }`)).data!.members.totalCount as number;
      const transferDue = await count('{ transferDue: { eq: true } }');
      const ledgerStale = await count('{ ledgerStale: { eq: true } }');
      expect(await count('{ transferDue: { eq: true }, status: { in: [RETURNED, TRANSFERRED] } }')).toBe(0);
      expect(await count('{ ledgerStale: { eq: true }, status: { in: [RETURNED, TRANSFERRED] } }')).toBe(0);
      expect(await count('{ transferDue: { eq: true }, mobilityType: { eq: TEMPORARY } }')).toBe(0);

      await go('/');
      await hasText(page.getByTestId('reminder-transferDue'), new RegExp(`应转尽转[\\s\\S]*${transferDue.toLocaleString('en-US')}`));
      await hasText(page.getByTestId('reminder-ledgerStale'), new RegExp(`台账超期未更新[\\s\\S]*${ledgerStale.toLocaleString('en-US')}`));
      await page.getByTestId('reminder-transferDue-rule').hover();
      await hasText(page.locator('.ant-tooltip:visible'), /固定地点[\s\S]*出国（境）[\s\S]*流动党员活动证/);
      await shot('dashboard-reminders');

      // The list, reached from the card, shows each flag's reason.
      await page.getByTestId('reminder-transferDue').getByText('查看名单').click();
      await page.waitForURL(/transferDue/);
      await hasText(page.locator('.ant-pagination-total-text'), `共 ${transferDue} 条`);
      const flags = page.getByTestId('flag-transferDue');
      await flags.first().waitFor();
      for (const text of await flags.allInnerTexts()) expect(text).toMatch(/^应转尽转\s*(固定地点满 6 个月|学习（毕业）满 2 年)$/);
      await shot('ledger-flags');
    }, 60_000);

    it('a member abroad is not due, and says why', async () => {
      const [due] = (await app.gql('{ members(filter: { transferDue: { eq: true }, mobilityType: { eq: EMPLOYMENT } }, paging: { limit: 1 }) { nodes { id name } } }')).data!.members.nodes;
      await go(`/members/edit/${due.id}`);
      await page.getByTestId('member-abroad').check();
      await page.getByTestId('save').click();
      await page.waitForURL(new RegExp(`/members/show/${due.id}$`));
      await hasText(page.getByTestId('transfer-due-reason'), '出国（境），保留组织关系');
      expect(await page.getByTestId('transfer-due-alert').count()).toBe(0);
    }, 60_000);
  });

  describe('wording', () => {
    it('a wrong password: the toast\'s title says login failed, its text says why', async () => {
      const fresh = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
      consoleWatch.watch(fresh);
      consoleWatch.allow(/Failed to load resource: the server responded with a status of 401/);
      try {
        await fresh.goto(`${app.url}/login`);
        await fresh.locator('#username').fill(ADMIN.username);
        await fresh.locator('#password').fill('not-the-password');
        await fresh.locator('button[type="submit"]').click();
        const notice = fresh.locator('.ant-notification-notice');
        await hasText(notice.locator('.ant-notification-notice-message'), '登录失败');
        await hasText(notice.locator('.ant-notification-notice-description'), '用户名或密码错误。');
        await fresh.screenshot({ path: path.join(ARTIFACTS, 'issue10-login-toast-after.png') });
      } finally {
        await fresh.close();
      }
    }, 60_000);

    it('the feedback drawer has no version note; an organisation is named once above its details', async () => {
      await app.gql('mutation { generateAnnualFeedbackDrafts(input: { agreementId: "1", year: 2026 }) { created } }');
      await go('/annual-feedbacks?agreementId=1&year=2026');
      await page.getByTestId('board-status').locator('.ant-segmented-item', { hasText: '草稿' }).click();
      await page.locator('[data-testid="feedback-table"] [data-testid^="feedback-edit-"]').first().click();
      await page.getByTestId('feedback-comments').waitFor();
      await hasText(page.locator('.ant-drawer'), '现实表现');
      expect(await page.locator('.ant-drawer').innerText()).not.toMatch(/版本 \d+：|保存时校验/);
      await shot('feedback-drawer');
      await page.keyboard.press('Escape');
      const organization = (await app.gql('{ organization(id: "5") { name } }')).data!.organization;
      await go('/organizations/show/5');
      await page.locator('.ant-descriptions').first().waitFor();
      const content = await page.locator('.ant-card-body').first().innerText();
      expect(content.split(organization.name).length - 1).toBe(1);
      await shot('organization-show');
    }, 60_000);
  });

  describe('清除 clears every filter', () => {
    /** The filter form holds no value at all: no text, no chosen option, no ticked box. */
    const formIsEmpty = async (form: string) => {
      const scope = page.locator(form);
      const texts = await scope.locator('input:not([type="checkbox"]):not([type="radio"]):not([readonly])').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
      expect(texts.filter(Boolean)).toEqual([]);
      expect(await scope.locator('.ant-select-selection-item').count()).toBe(0);
      expect(await scope.locator('.ant-checkbox-checked').count()).toBe(0);
    };
    const noFiltersInAddress = () => expect(decodeURIComponent(page.url())).not.toMatch(/filters\[/);

    it('on the members list: status, name and both flags', async () => {
      const all = await total('{ members(paging: { limit: 1 }) { totalCount } }');
      const lost = await total('{ members(filter: { status: { eq: LOST_CONTACT } }, paging: { limit: 1 }) { totalCount } }');
      await go('/members');
      await pick(page.getByTestId('filter-status'), '失联');
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-submit').click();
      await page.waitForURL(/LOST_CONTACT/);
      await hasText(page.locator('.ant-pagination-total-text'), `共 ${lost} 条`);
      await page.getByTestId('filter-clear').click();
      await hasText(page.locator('.ant-pagination-total-text'), `共 ${all} 条`);
      noFiltersInAddress();
      await formIsEmpty('[data-testid="member-filters"]');

      // Every kind of field at once.
      await page.getByTestId('filter-name').fill('王');
      await pick(page.getByTestId('filter-status'), '已纳管');
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="member-filters"] label', { hasText: '应转尽转' }).click();
      await page.locator('[data-testid="member-filters"] label', { hasText: '台账超期未更新' }).click();
      await page.getByTestId('filter-submit').click();
      await page.waitForURL(/ledgerStale/);
      await page.getByTestId('filter-clear').click();
      await hasText(page.locator('.ant-pagination-total-text'), `共 ${all} 条`);
      noFiltersInAddress();
      await formIsEmpty('[data-testid="member-filters"]');
      await shot('clear-filters');
    }, 60_000);

    it.each<[string, string, string, (page: Page) => Promise<void>]>([
      ['activity records', '/activity-records', '[data-testid="activity-filters"]', (p) => p.getByTestId('filter-title').fill('主题党日')],
      ['organisations (and the tree)', '/organizations', '[data-testid="organization-filters"]', async (p) => {
        await p.getByTestId('filter-name').fill('社区');
        await p.locator('[data-testid="organization-tree"] .ant-tree-title', { hasText: '成华区委' }).first().click();
      }],
      ['agreements', '/agreements', '[data-testid="filter-bar"]', (p) => pick(p.locator('[data-testid="filter-bar"] .ant-select').first(), '生效')],
      ['audit events', '/audit-events', '[data-testid="filter-bar"]', (p) => pick(p.locator('[data-testid="filter-bar"] .ant-select').first(), '管理员')],
      ['admin users', '/admin-users', '[data-testid="filter-bar"]', (p) => p.locator('[data-testid="filter-bar"] input').first().fill('e2e')],
    ])('on %s', async (_name, route, form, setFilter) => {
      await go(route);
      await page.locator('tbody tr.ant-table-row').first().waitFor();
      await setFilter(page);
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-submit').click();
      await page.waitForURL(/filters/);
      await page.getByTestId('filter-clear').click();
      await eventually(async () => decodeURIComponent(page.url()), (url) => !/filters\[/.test(url), `the address of ${route} keeps a filter`);
      await formIsEmpty(form);
      expect(await page.locator('[data-testid="organization-subtree"], .ant-tree-node-selected').count()).toBe(0);
    }, 60_000);

    it('on the feedback board: status and member name', async () => {
      await go('/annual-feedbacks?agreementId=1&year=2026');
      await page.getByTestId('board-member-search').fill('王');
      await page.getByTestId('board-status').locator('.ant-segmented-item', { hasText: '草稿' }).click();
      await page.getByTestId('filter-submit').click();
      await page.getByTestId('filter-clear').click();
      await eventually(() => page.getByTestId('board-member-search').inputValue(), (value) => value === '', 'the member search keeps its text');
      await hasText(page.getByTestId('board-status').locator('.ant-segmented-item-selected'), '全部');
    }, 60_000);
  });
  describe('dashboard figures, feedback progress, generation result and the steps a return offers (items 5, 6, 7, 15)', () => {
    const BOARD = '/annual-feedbacks?agreementId=1&year=2026';
    const STATUS_ZH: Record<string, string> = { DRAFT: '草稿', SUBMITTED: '已提交', DELIVERED: '已送达', RECEIVED: '已接收', GRADED: '已评定', ARCHIVED: '已归档' };
    const STATUS_EN: Record<string, string> = { DRAFT: 'Draft', SUBMITTED: 'Submitted', DELIVERED: 'Delivered', RECEIVED: 'Received', GRADED: 'Graded', ARCHIVED: 'Archived' };
    const setLocale = (locale: string) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gongguan.locale', locale);
    const step = (mutation: string, id: string, version: number) => app.gql(`mutation($input: FeedbackTransitionInput!) { ${mutation}(input: $input) { id version } }`, { input: { id, version } });
    const drafts = async (limit: number) =>
      (await app.gql(`{ annualFeedbacks(filter: { agreementId: { eq: "1" }, year: { eq: 2026 }, recipient: { eq: PARTNER }, status: { eq: DRAFT } }, paging: { limit: ${limit} }, sorting: [{ field: id, direction: DESC }]) { nodes { id version member { name partyStanding } } } }`)).data!.annualFeedbacks.nodes as { id: string; version: number; member: { name: string; partyStanding: string } }[];
    const rowOf = (id: string) => page.locator(`[data-testid="feedback-table"] tr[data-row-key="${id}"]`);
    const findOnBoard = async (name: string, route = BOARD) => {
      await go(route);
      await page.getByTestId('board-member-search').fill(name);
      await page.getByTestId('filter-submit').click();
    };

    beforeAll(async () => {
      await app.gql('mutation { generateAnnualFeedbackDrafts(input: { agreementId: "1", year: 2026 }) { created } }');
    });

    it('在管党员 is one figure: the card shows the chart\'s month in progress, and the legend says what it counts', async () => {
      const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number) as [number, number];
      const months = (await app.gql('query($y: Int!) { activityStatistics(year: $y) { months { month membersUnderCare } } }', { y: year })).data!.activityStatistics.months;
      const underCare = months.find((m: { month: number }) => m.month === month).membersUnderCare as number;
      const managed = (await app.gql('{ memberStatistics { byStatus { key count } } }')).data!.memberStatistics.byStatus.find((b: { key: string }) => b.key === 'MANAGED').count as number;
      expect(underCare).not.toBe(managed);

      await go('/');
      await hasText(page.getByTestId('stat-under-care'), new RegExp(`在管党员（${month}月）[\\s\\S]*${underCare.toLocaleString('en-US')}`));
      await page.getByTestId('stat-under-care-definition').hover();
      await hasText(page.locator('.ant-tooltip:visible'), /未返回、未转出[\s\S]*含失联[\s\S]*同一个数/);
      expect(await page.getByTestId('chart-monthly').getAttribute('data-series')).toBe('在管党员（月末前流出，未返回、未转出，含失联） | 参加组织生活人数 | 参与率');
      // The status MANAGED has a name of its own.
      await hasText(page.getByTestId('dashboard'), '流动党员总数');
      await shot('dashboard-under-care');
    }, 60_000);

    it('the care row shows who had no organisational life in the last six months, talks and visits due and open cases, as the statistics API publishes them', async () => {
      const care = (await app.gql('{ careStatistics { membersUnderCare withoutOrgLifeSixMonths withoutOrgLifeSixMonthsRate talksDue familyVisitsDue openLostContactCases } }')).data!
        .careStatistics;
      expect(care.withoutOrgLifeSixMonths).toEqual(expect.any(Number));
      await go('/');
      const share = `${(care.withoutOrgLifeSixMonthsRate * 100).toFixed(1)}%`;
      await hasText(page.getByTestId('stat-without-org-life'), new RegExp(`近六个月未参加组织生活[\\s\\S]*${care.withoutOrgLifeSixMonths.toLocaleString('en-US')}[\\s\\S]*${share.replace('.', '\\.')}`));
      await hasText(page.getByTestId('stat-under-care-six-months'), care.membersUnderCare.toLocaleString('en-US'));
      // 一对一联 and the lost-contact cases, from the same answer (the demo seed has talks, visits and open cases).
      await hasText(page.getByTestId('stat-talks-due'), new RegExp(`本季度应谈心[\\s\\S]*${care.talksDue.toLocaleString('en-US')}`));
      await hasText(page.getByTestId('stat-family-visits-due'), care.familyVisitsDue.toLocaleString('en-US'));
      // Fewer than 5 open cases are withheld, and the card says so.
      await hasText(page.getByTestId('care-statistics'), `查找中的失联党员：${care.openLostContactCases ?? '<5'}`);
      await page.getByTestId('chart-open-cases-by-age').waitFor();
      // 十二分制 of this year, per organisation, from pointsStatistics (the demo seeds this year's scores).
      const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
      const points = (await app.gql('query($y: Int!) { pointsStatistics(year: $y) { organizations { key organizationName total } } }', { y: year })).data!.pointsStatistics;
      expect(points.organizations.length).toBeGreaterThan(0);
      const first = points.organizations[0];
      await hasText(page.getByTestId('points-distribution'), new RegExp(`${year} 年积分情况[\\s\\S]*${first.key === 'OTHER' ? '其他' : first.organizationName}[\\s\\S]*${first.total ?? '<5'}`));
      await shot('dashboard-care');
    }, 60_000);

    it('an agreement not in force has no current-year progress and no generation; one that was in force keeps its year', async () => {
      await go('/');
      await page.getByTestId('dashboard-progress-1').waitFor();
      await hasText(page.getByTestId('dashboard-progress-1'), /我方填报[\s\S]*\d+\/\d+[\s\S]*对方回传[\s\S]*\d+\/\d+/);
      expect(await page.getByTestId('dashboard-progress-2').count()).toBe(0);

      await go('/annual-feedbacks?agreementId=2&year=2026');
      await hasText(page.getByTestId('progress-not-in-force'), '该协议在 2026 年度不在有效期内');
      expect(await page.getByTestId('generate-drafts').count()).toBe(0);
      await shot('board-not-in-force');
      // The Deyang agreement ran through 2025: its returns of that year can still be generated.
      await go('/annual-feedbacks?agreementId=2&year=2025');
      await page.getByTestId('generate-drafts').waitFor();
    }, 60_000);

    it('progress per direction, with figures that add up (the board and the dashboard)', async () => {
      const progress = (await app.gql(`{ feedbackProgress(agreementId: "1", year: 2026) { directions { recipient expected notExpected missingCount byStatus { count } } } }`)).data!.feedbackProgress;
      await go(BOARD);
      for (const direction of progress.directions as { recipient: string; expected: number; notExpected: number; missingCount: number; byStatus: { count: number }[] }[]) {
        if (direction.recipient === 'HOST') {
          await page.getByTestId('board-direction').locator('.ant-segmented-item', { hasText: '对方回传' }).click();
        }
        const started = direction.byStatus.reduce((sum, row) => sum + row.count, 0);
        expect(direction.expected + direction.notExpected).toBe(started + direction.missingCount);
        const card = page.getByTestId(`progress-${direction.recipient}`);
        await card.waitFor();
        expect(await card.evaluate((element) => ['expected', 'started', 'missing', 'notExpected'].map((name) => Number((element as unknown as { dataset: Record<string, string> }).dataset[name])))).toEqual([
          direction.expected,
          started,
          direction.missingCount,
          direction.notExpected,
        ]);
        // Earlier steps of this suite may have closed a member's record: such returns are named apart.
        const others = direction.notExpected ? ` − 其中党员已不在应反馈范围的 ${direction.notExpected} 条（失联、转出等）` : '';
        await hasText(page.getByTestId(`progress-sum-${direction.recipient}`), `应反馈 ${direction.expected} 人 = 已有反馈 ${started} 条${others} + 尚无反馈 ${direction.missingCount} 人`);
        if (direction.recipient === 'PARTNER') await shot('board-progress');
      }
      await go('/');
      for (const recipient of ['PARTNER', 'HOST']) await page.getByTestId('dashboard-progress-1').getByTestId(`progress-${recipient}`).waitFor();
    }, 60_000);

    it('the generation result names every outcome in the lifecycle\'s words, in Chinese and in English', async () => {
      const [submitted, delivered] = await drafts(2);
      await step('submitAnnualFeedback', submitted!.id, submitted!.version);
      const sent = (await step('submitAnnualFeedback', delivered!.id, delivered!.version)).data!.submitAnnualFeedback;
      await step('approveAnnualFeedback', sent.id, sent.version);
      // What the run will report (nothing changes between this call and the click).
      const expected = (await app.gql('mutation { generateAnnualFeedbackDrafts(input: { agreementId: "1", year: 2026 }) { created refreshed unchanged pastDraft { status count } } }')).data!.generateAnnualFeedbackDrafts;
      const past = (expected.pastDraft as { status: string; count: number }[]).filter((row) => row.count > 0);
      expect(past.find((row) => row.status === 'DELIVERED')?.count).toBeGreaterThan(0);
      expect(past.find((row) => row.status === 'SUBMITTED')?.count).toBeGreaterThan(0);

      await go(BOARD);
      await page.getByTestId('generate-drafts').click();
      await hasText(page.getByTestId('generate-summary'), `草稿：新生成 ${expected.created} 条，刷新统计数据 ${expected.refreshed} 条，无变化 ${expected.unchanged} 条。`);
      await hasText(page.getByTestId('generate-past-draft'), `已过草稿阶段、本次未改动的反馈：${past.map((row) => `${STATUS_ZH[row.status]} ${row.count} 条`).join('、')}。`);
      await shot('generate-result');
      await page.keyboard.press('Escape');

      await page.evaluate(setLocale, 'en');
      try {
        await go(BOARD);
        await page.getByTestId('generate-drafts').click();
        await hasText(page.getByTestId('generate-summary'), `Drafts: ${expected.created} created, ${expected.refreshed} refreshed, ${expected.unchanged} unchanged.`);
        await hasText(page.getByTestId('generate-past-draft'), `Past the draft stage, left as they are: ${past.map((row) => `${STATUS_EN[row.status]} ${row.count}`).join(', ')}.`);
        await page.keyboard.press('Escape');
      } finally {
        await page.evaluate(setLocale, 'zh-CN');
      }
    }, 90_000);

    it('each return offers the steps the API allows the viewer now: no 退回 on a return delivered to the partner', async () => {
      const [draft, submitted, delivered] = await drafts(3);
      const afterSubmit = (await step('submitAnnualFeedback', submitted!.id, submitted!.version)).data!.submitAnnualFeedback;
      const sent = (await step('submitAnnualFeedback', delivered!.id, delivered!.version)).data!.submitAnnualFeedback;
      await step('approveAnnualFeedback', sent.id, sent.version);
      expect(afterSubmit.id).toBe(submitted!.id);

      const offered = async (id: string, name: string) => {
        await findOnBoard(name);
        await rowOf(id).waitFor();
        return page.getByTestId(`feedback-actions-${id}`).locator('button').allInnerTexts();
      };
      const normalise = (texts: string[]) => texts.map((text) => text.replace(/\s+/g, ''));
      expect(normalise(await offered(draft!.id, draft!.member.name))).toEqual(['编辑', '提交']);
      expect(normalise(await offered(submitted!.id, submitted!.member.name))).toEqual(['审核通过', '退回']);
      // Delivered: only the partner may now send it back (the host's 退回 was refused with FORBIDDEN).
      expect(normalise(await offered(delivered!.id, delivered!.member.name))).toEqual([]);
      await shot('board-delivered-no-return');
    }, 60_000);

    it('the returns the partner writes to us: 确认接收, 评定等次 and 归档 on the host\'s board', async () => {
      const submitter = (await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
        input: { name: '重庆市委组织部（回传测试）', agreementId: '1', scopes: ['FEEDBACK_SUBMIT'], years: [2026], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
      })).data!.issueApiToken.token as string;
      const [member] = await app.sql<{ id: number; name: string }>(
        `select m.id, m.name from member m join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
          where f.region_code like '5101%' and (m.destination_region_code like '50%' or i.region_code like '50%')
            and m.status in ('REGISTERED', 'REPORTED', 'MANAGED') and m.party_standing = 'FULL'
            and not exists (select 1 from annual_feedback fb where fb.member_id = m.id and fb.year = 2026)
          order by m.id limit 1`,
      );
      const submitted = await app.gqlAs(submitter, 'mutation($input: SubmitAnnualFeedbackBatchInput!) { submitAnnualFeedbackBatch(input: $input) { ids } }', {
        input: { idempotencyKey: 'e2e-host-bound-0001', items: [{ memberId: String(member!.id), year: 2026, orgLifeAttended: 11, orgLifeExpected: 12, suggestedGrade: 'QUALIFIED' }] },
      });
      const id = submitted.data!.submitAnnualFeedbackBatch.ids[0] as string;
      const statusOf = async () => (await app.gql('query($id: ID!) { annualFeedback(id: $id) { status finalGrade } }', { id })).data!.annualFeedback;

      await findOnBoard(member!.name);
      await page.getByTestId('board-direction').locator('.ant-segmented-item', { hasText: '对方回传' }).click();
      await rowOf(id).waitFor();
      expect((await page.getByTestId(`feedback-actions-${id}`).locator('button').allInnerTexts()).map((text) => text.replace(/\s+/g, ''))).toEqual(['确认接收', '退回']);
      await page.getByTestId(`feedback-receive-${id}`).click();
      await rowOf(id).locator('[data-value="RECEIVED"]').waitFor();
      await page.getByTestId(`feedback-grade-${id}`).click();
      await pick(page.getByTestId('feedback-final-grade'), '合格');
      await shot('board-grade');
      await page.locator('.ant-modal-footer .ant-btn-primary', { hasText: '评定等次' }).click();
      await rowOf(id).locator('[data-value="GRADED"]').waitFor();
      await page.getByTestId(`feedback-archive-${id}`).click();
      await rowOf(id).locator('[data-value="ARCHIVED"]').waitFor();
      expect(await statusOf()).toEqual({ status: 'ARCHIVED', finalGrade: 'QUALIFIED' });
      expect(await page.getByTestId(`feedback-actions-${id}`).locator('button').count()).toBe(0);
    }, 60_000);

    it('shows and hides by the permissions the API sends (me { permissions }), not by a copy of the role grants', async () => {
      const token = await app.adminSession({ username: 'e2e-permissions', password: 'e2e-permissions-pass-1', role: AdminRole.REGION_ADMIN, regionCode: '510100' });
      const other = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
      consoleWatch.watch(other);
      try {
        // The API's answer, with members:write taken away: a console that reads the role would still offer 新增.
        await other.route('**/graphql', async (route) => {
          const response = await route.fetch();
          const body = await response.json();
          if (body?.data?.me?.permissions) body.data.me.permissions = body.data.me.permissions.filter((permission: string) => permission !== 'MEMBERS_WRITE');
          await route.fulfill({ response, json: body });
        });
        await other.goto(`${app.url}/login`);
        await other.evaluate(setToken, token);
        await other.goto(`${app.url}/members`);
        await other.locator('[data-testid="current-role"][data-role="REGION_ADMIN"]').waitFor();
        await other.locator('[data-testid="members-table"] tbody tr.ant-table-row').first().waitFor();
        expect(await other.getByTestId('members-import').count()).toBe(0);
        expect(await other.locator('[data-testid="members-table"] .anticon-edit').count()).toBe(0);
        expect(await other.locator('.refine-create-button').count()).toBe(0);
        // Everything else the role grants is still offered.
        await other.goto(`${app.url}/activity-records`);
        await other.locator('[data-testid="activity-table"] tbody tr.ant-table-row').first().waitFor();
        expect(await other.locator('[data-testid="activity-table"] .anticon-edit').count()).toBeGreaterThan(0);
      } finally {
        await other.close();
      }
    }, 60_000);
  });
});
