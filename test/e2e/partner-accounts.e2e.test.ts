/**
 * A partner account in a real Chromium against the real server (demo data, its own database):
 * Chongqing's reviewer under the two-way agreement logs in with the console's login form, finds
 * only the partner pages in its menu, receives and grades one return and sends another back,
 * answers the host's confirmation of its inflow alert, accepts a transfer the host asked for, and
 * sees nothing outside its agreement — neither in its menu nor through a typed address.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasText, pick, setToken } from './harness';

const HOST_ADMIN = { username: 'partner-e2e-host', password: 'partner-e2e-host-password', role: AdminRole.SUPER_ADMIN };
const REVIEWER = { username: 'cq-e2e-reviewer', password: 'cq-e2e-reviewer-password' };
const walk = chromiumAvailable() ? describe : describe.skip;

/** The feedback board's year (this year from October on, else last year), as the console picks it. */
const boardYear = (): number => {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  return month! >= 10 ? year! : year! - 1;
};

walk('a partner account in the console (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let hostToken: string;
  let agreementId: string;
  /** Returns of the agreement addressed to Chongqing, delivered by the host. */
  let delivered: { id: string; name: string }[];
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `partner-${name}.png`), fullPage: true });
  const asHost = async (query: string, variables?: Record<string, unknown>) => {
    const response = await app.gqlAs(hostToken, query, variables);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  };
  const statusOf = async (id: string) => (await app.sql<{ status: string; final_grade: string | null }>('select status, final_grade from annual_feedback where id = ?', [Number(id)]))[0]!;

  beforeAll(async () => {
    clearArtifacts(/^partner-.*\.png$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
    hostToken = await app.adminSession(HOST_ADMIN);
    [{ id: agreementId }] = (await app.sql<{ id: string }>(`select id::text from agreement where partner_region_code = '500000' and status = 'ACTIVE'`)) as [{ id: string }];
    // The host delivers three returns of the board's year.
    const year = boardYear();
    await asHost('mutation($input: GenerateAnnualFeedbackDraftsInput!) { generateAnnualFeedbackDrafts(input: $input) { created } }', { input: { agreementId, year } });
    const drafts = await app.sql<{ id: string }>(
      `select fb.id::text from annual_feedback fb join member m on m.id = fb.member_id
        where fb.agreement_id = ? and fb.year = ? and fb.recipient = 'PARTNER' and fb.status = 'DRAFT' and m.party_standing = 'FULL' order by fb.id limit 3`,
      [Number(agreementId), year],
    );
    delivered = [];
    for (const { id } of drafts) {
      const version = (await asHost('query($id: ID!) { annualFeedback(id: $id) { version } }', { id })).annualFeedback.version;
      await asHost('mutation($input: UpdateOneAnnualFeedbackInput!) { updateOneAnnualFeedback(input: $input) { id } }', { input: { id, update: { suggestedGrade: 'QUALIFIED', version } } });
      for (const step of ['submitAnnualFeedback', 'approveAnnualFeedback']) {
        const version = (await asHost('query($id: ID!) { annualFeedback(id: $id) { version } }', { id })).annualFeedback.version;
        await asHost(`mutation($input: FeedbackTransitionInput!) { ${step}(input: $input) { id } }`, { input: { id, version } });
      }
      const [row] = await app.sql<{ name: string }>('select m.name from annual_feedback fb join member m on m.id = fb.member_id where fb.id = ?', [Number(id)]);
      delivered.push({ id, name: row!.name });
    }
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

  test('the host\'s admin opens a reviewer account for Chongqing on the partner accounts page', async () => {
    await page.goto(`${app.url}/login`);
    await page.evaluate(setToken, hostToken);
    await page.goto(`${app.url}/partner-accounts`);
    await hasText(page.getByTestId('partner-account-agreement'), '成渝');
    await page.getByTestId('partner-account-create').click();
    await page.getByTestId('partner-account-username').fill(REVIEWER.username);
    await page.getByTestId('partner-account-display-name').fill('重庆市委组织部');
    await page.getByTestId('partner-account-password').fill(REVIEWER.password);
    await page.getByTestId('partner-account-save').click();
    await hasText(page.getByTestId('partner-accounts-table'), REVIEWER.username);
    await hasText(page.getByTestId('partner-accounts-table'), '合作方审核员');
    const [account] = await app.sql<{ role: string; agreement_id: number }>('select role::text, agreement_id from admin_user where username = ?', [REVIEWER.username]);
    expect(account).toEqual({ role: 'PARTNER_REVIEWER', agreement_id: Number(agreementId) });
    await shot('accounts');
    await page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear());
  }, 60_000);

  test('logs in and finds only the partner pages in its menu', async () => {
    await page.goto(`${app.url}/login`);
    await page.locator('#username').fill(REVIEWER.username);
    await page.locator('#password').fill(REVIEWER.password);
    await page.locator('button[type="submit"]').click();
    // No dashboard for a partner: the bare address leads to the first page it may open.
    await page.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/');
    await page.locator('[data-testid="current-role"][data-role="PARTNER_REVIEWER"]').waitFor();
    const menu = await page.locator('.ant-menu').first().innerText();
    for (const shown of ['流动党员', '年度反馈', '季度积分公示']) expect(menu).toContain(shown);
    for (const absent of ['工作台', '党组织', '共管协议', '活动记录', '积分方案', '联系记录', '失联党员查找', '接口令牌', '审计日志', '管理员账号', '合作方账号']) {
      expect(menu).not.toContain(absent);
    }
    await shot('menu');
  }, 60_000);

  test('receives and grades one return and sends another back, with progress against the deadline', async () => {
    await page.goto(`${app.url}/annual-feedbacks?agreementId=${agreementId}&year=${boardYear()}`);
    const table = page.getByTestId('feedback-table');
    await hasText(table, delivered[0]!.name);
    await page.getByText(/截止/).first().waitFor();
    // Nothing of the host's side: no generating, no editing, no submitting.
    expect(await page.getByTestId('generate-drafts').count()).toBe(0);
    expect(await page.locator('[data-testid^="feedback-edit-"]').count()).toBe(0);
    await shot('board');

    const [first, second] = delivered as [{ id: string; name: string }, { id: string; name: string }];
    await page.getByTestId(`feedback-receive-${first.id}`).click();
    await eventually(() => statusOf(first.id), (row) => row.status === 'RECEIVED', 'the first return received');
    await page.getByTestId(`feedback-grade-${first.id}`).click();
    await pick(page.getByTestId('feedback-final-grade'), '合格');
    await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
    await eventually(() => statusOf(first.id), (row) => row.status === 'GRADED' && row.final_grade === 'QUALIFIED', 'the first return graded');

    await page.getByTestId(`feedback-return-${second.id}`).click();
    await page.locator('.ant-modal textarea:visible').fill('志愿服务时长与社区台账不一致，请核对');
    await page.locator('.ant-modal-footer .ant-btn-dangerous:visible').click();
    await eventually(() => statusOf(second.id), (row) => row.status === 'DRAFT', 'the second return sent back');
    await shot('board-after');

    // The audit trail names the account, not a token.
    const steps = await app.sql<{ actor_type: string; actor_name: string; action: string }>(
      `select actor_type, actor_name, action from audit_event where entity = 'AnnualFeedback' and entity_id in (?, ?) and actor_name = ? order by id`,
      [first.id, second.id, REVIEWER.username],
    );
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(new Set(steps.map((step) => step.actor_type))).toEqual(new Set(['admin']));
  }, 90_000);

  test('sees covered members masked, and nothing outside its agreement by a typed address', async () => {
    await page.goto(`${app.url}/members`);
    const rows = page.locator('[data-testid="members-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    const shown = await page.getByTestId('members-table').innerText();
    expect(shown).not.toMatch(/\d{17}[\dX]/);
    // A member Chongqing's agreement does not cover (Deyang-formal, living in Chengdu): not found.
    const [outside] = await app.sql<{ id: string }>(
      `select m.id::text from member m join organization f on f.id = m.formal_organization_id where f.region_code like '5106%' order by m.id limit 1`,
    );
    expect(outside).toBeDefined();
    await page.goto(`${app.url}/members/show/${outside!.id}`);
    // At once: a NOT_FOUND is final, the console does not ask three more times first.
    const askedAt = Date.now();
    await page.getByTestId('member-not-found').waitFor({ timeout: 10_000 });
    expect(Date.now() - askedAt).toBeLessThan(5_000);
    // Pages outside a partner's console: refused, whatever is typed.
    for (const address of ['/api-tokens', '/organizations', '/admin-users', '/audit-events', '/partner-accounts']) {
      await page.goto(`${app.url}${address}`);
      await page.getByTestId('forbidden-page').waitFor();
    }
    await shot('forbidden');
  }, 90_000);

  test('answers the host\'s confirmation of its inflow alert on its notices page', async () => {
    // The reviewer's own session, as the console holds it, sends the alert; the host confirms the pending entry.
    const session = await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('gongguan.token'));
    const idNumber = nationalId('500103', '19900315', '417');
    const sent = await app.gqlAs(session, 'mutation($input: SendNoticeInput!) { sendNotice(input: $input) { id } }', {
      input: { agreementId, kind: 'INFLOW_ALERT', idNumber, personName: '冉晓川', facts: { arrivedOn: '2026-10-12', destinationRegionCode: '510104', occupation: '网约车司机' } },
    });
    expect(sent.errors).toBeUndefined();
    const [entry] = await app.sql<{ id: string }>('select id::text from pending_member_entry where notice_id = ?', [Number(sent.data!.sendNotice.id)]);
    const [branch] = await app.sql<{ id: string }>("select id::text from organization where region_code like '50%' and kind = 'BRANCH' order by id limit 1");
    await asHost('mutation($input: ConfirmPendingMemberEntryInput!) { confirmPendingMemberEntry(input: $input) { id status } }', {
      input: { id: entry!.id, partyStanding: 'FULL', joinedOn: '2014-06-30', formalOrganizationId: branch!.id, mobilityType: 'EMPLOYMENT' },
    });

    await page.goto(`${app.url}/notices`);
    // Its own alert (sent) and the host's confirmation (received, 其他消息) both name the person.
    const row = page.locator('[data-testid="notice-table"] tbody tr.ant-table-row', { hasText: '冉晓川' }).filter({ hasText: '其他消息' });
    await hasText(row, '冉晓川');
    await hasText(row.getByTestId('notice-read'), '未读');
    await row.getByTestId('answer-notice').click();
    await page.getByTestId('answer-text').fill('收到，已告知本人按时到春熙路街道报到');
    await page.getByTestId('answer-ok').click();
    await hasText(row.getByTestId('notice-read'), '已回复');
    const [answered] = await app.sql<{ answer: string; answered_by: string; to_side: string }>(
      "select answer, answered_by, to_side from notice where kind = 'MESSAGE' and person_name = '冉晓川' and automatic",
    );
    expect(answered).toMatchObject({ answer: '收到，已告知本人按时到春熙路街道报到', to_side: 'PARTNER' });
    expect(answered!.answered_by).toContain(REVIEWER.username);
    await shot('alert-confirmation-answered');
  }, 90_000);

  test('accepts a transfer the host asked for, from its transfer requests page', async () => {
    // A Chongqing member living in Chengdu under the agreement, to be transferred to the Chengdu organisation managing them.
    const [member] = await app.sql<{ id: string; name: string; inflow: string }>(
      `select m.id::text, m.name, m.inflow_organization_id::text as inflow from member m join organization f on f.id = m.formal_organization_id
        where f.region_code like '50%' and m.destination_region_code like '5101%' and m.inflow_organization_id is not null
          and m.status in ('REPORTED', 'MANAGED') and not exists (select 1 from transfer_request t where t.member_id = m.id)
        order by m.id limit 1`,
    );
    const requested = await asHost('mutation($input: RequestTransferInput!) { requestTransfer(input: $input) { id state } }', {
      input: { memberId: member!.id, agreementId, toOrganizationId: member!.inflow, reason: '长期在成都固定工作生活，应转尽转', exceptionReason: '浏览器测试：不论是否到期' },
    });
    const id = requested.requestTransfer.id as string;

    await page.goto(`${app.url}/transfer-requests`);
    const table = page.getByTestId('transfer-table');
    await hasText(table, member!.name);
    await table.locator('tr', { hasText: member!.name }).getByTestId('transfer-link').click();
    await page.waitForURL(new RegExp(`/transfer-requests/show/${id}$`));
    await page.getByTestId('transfer-accept').click();
    await page.getByTestId('accept-letter').fill('渝组转〔2026〕18号');
    await page.getByTestId('accept-ok').click();
    await hasText(page.getByTestId('transfer-state'), '已同意');
    const [row] = await app.sql<{ state: string; letter_number: string; accepted_by: string }>('select state::text, letter_number, accepted_by from transfer_request where id = ?', [Number(id)]);
    expect(row).toMatchObject({ state: 'ACCEPTED', letter_number: '渝组转〔2026〕18号' });
    expect(row!.accepted_by).toContain(REVIEWER.username);
    // Completing is the receiving side's step (the host's): not offered to the partner.
    expect(await page.getByTestId('transfer-complete').count()).toBe(0);
    await shot('transfer-accepted');
  }, 90_000);
});
