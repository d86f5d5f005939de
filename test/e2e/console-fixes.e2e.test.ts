/**
 * Issue 10 in a real Chromium (demo data, its own database): imports that match the wrong person,
 * filters that do not clear, tokens issued wrong, confirmations, layout at 1440 px, the audit
 * log, exports and the ledger reminders. Screenshots: test/artifacts/issue10-*-after.png.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/access/admin-user.entity';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasCount, hasText, pick, setToken } from './harness';

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
      const label: Record<string, string> = { REGISTERED: '已登记', REPORTED: '已报到', MANAGED: '在管', LOST_CONTACT: '失联', RETURNED: '已返回', TRANSFERRED: '已转出' };
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
      await pick(page.getByTestId('filter-status'), '在管');
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
});
