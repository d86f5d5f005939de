/**
 * 组织关系转接 in the console, in a real Chromium against the real server (demo data): a host
 * admin asks for a transfer-due member's transfer from the member page; a request the partner's
 * token made is accepted and completed on its page with the buttons allowedActions offers; the
 * list filters by state.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumAvailable, launchBrowser } from './browser';
import { ARTIFACTS, clearArtifacts, ConsoleWatch, ensureAdminBuilt, eventually, hasCount, hasText, pick, setToken } from './harness';

const ADMIN = { username: 'e2e-transfers', password: 'e2e-transfers-password-1', role: AdminRole.SUPER_ADMIN };
const walk = chromiumAvailable() ? describe : describe.skip;

/** A transfer-due member (long-term, six months away) covered by exactly one active agreement, with a name nobody else has. */
const DUE_MEMBERS = `
  select m.id::text, m.name, min(a.id)::text as agreement_id, min(a.host_region_code) as host, min(a.partner_region_code) as partner
    from member m
    join agreement a on a.status = 'ACTIVE'
     and covers(agreement_sides(a.host_region_code, a.partner_region_code, a.direction::text), m.formal_region_code, m.destination_region_code, m.inflow_region_code)
   where m.status::text not in ('RETURNED', 'TRANSFERRED', 'LOST_CONTACT') and not m.abroad and m.destination_region_code !~ '^(71|81|82)'
     and m.mobility_type in ('EMPLOYMENT', 'SETTLEMENT') and m.outflow_date <= (now() - interval '7 months')::date
     and (select count(*) from member o where o.name like '%' || m.name || '%') = 1
     and not exists (select 1 from transfer_request t where t.member_id = m.id)
   group by m.id, m.name
  having count(*) = 1
   order by m.id`;

walk('transfer requests (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleWatch = new ConsoleWatch();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `transfers-${name}.png`), fullPage: true });
  const go = async (route: string) => {
    await page.goto(`${app.url}${route}`);
    await page.locator('[data-testid="current-role"]').waitFor();
  };
  let due: { id: string; name: string; agreement_id: string; host: string; partner: string }[];
  /** The organisation a member's relationship would move to: one of the side opposite its formal organisation. */
  const receivingOrganization = async (member: (typeof due)[number]) => {
    const [row] = await app.sql<{ id: string; name: string }>(
      `select o.id::text, o.name from organization o, member m
        where m.id = ? and o.region_code like region_prefix(case when m.formal_region_code like region_prefix(?) || '%' then ? else ? end) || '%'
          and (select count(*) from organization x where x.name like '%' || o.name || '%') = 1
        order by o.id limit 1`,
      [Number(member.id), member.partner, member.host, member.partner],
    );
    return row!;
  };

  beforeAll(async () => {
    clearArtifacts(/^transfers-.*\.png$/);
    ensureAdminBuilt();
    app = await startTestApp('demo');
    due = await app.sql(DUE_MEMBERS);
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

  test('a host admin asks for a transfer-due member\'s transfer from the member page', async () => {
    expect(due.length).toBeGreaterThanOrEqual(2);
    const member = due[0]!;
    const to = await receivingOrganization(member);
    await go(`/members/show/${member.id}`);
    await page.getByTestId('transfer-due-alert').waitFor();
    await page.getByTestId('request-transfer').click();
    await pick(page.getByTestId('request-to'), to.name);
    await page.getByTestId('request-reason').fill('在流入地稳定就业满六个月，应转尽转');
    await page.getByTestId('request-letter').fill('组转〔2026〕7号');
    await page.getByTestId('request-ok').click();
    await page.waitForURL(/\/transfer-requests\/show\/\d+/);
    await hasText(page.getByTestId('transfer-state'), '已申请');
    // The host asked: it may only withdraw; accepting is the other side's.
    await hasCount(page.locator('[data-testid="transfer-actions"] button'), 1);
    await page.getByTestId('transfer-cancel').waitFor();
    const [saved] = await app.sql<{ state: string; requested_side: string; to_organization_id: string; letter_number: string }>(
      'select state::text, requested_side::text, to_organization_id::text, letter_number from transfer_request where member_id = ?',
      [Number(member.id)],
    );
    expect(saved).toEqual({ state: 'REQUESTED', requested_side: 'HOST', to_organization_id: to.id, letter_number: '组转〔2026〕7号' });
    await shot('requested');
    // Back on the member page: the open request is linked, and no second one is offered.
    await go(`/members/show/${member.id}`);
    await hasText(page.getByTestId('member-transfer'), to.name);
    await page.getByTestId('transfer-due-alert').waitFor();
    await hasCount(page.getByTestId('request-transfer'), 0);
  }, 90_000);

  test('a request from the partner is accepted and completed on its page; the member is transferred', async () => {
    const member = due[1]!;
    const to = await receivingOrganization(member);
    const partner = (
      await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }', {
        input: { name: '合作方转接', agreementId: member.agreement_id, scopes: ['TRANSFERS'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      })
    ).data!.issueApiToken.token as string;
    const asked = await app.gqlAs(partner, 'mutation($input: RequestTransferInput!) { requestTransfer(input: $input) { id } }', {
      input: { memberId: member.id, toOrganizationId: to.id, reason: '本人申请转回' },
    });
    expect(asked.errors).toBeUndefined();
    const id = asked.data!.requestTransfer.id as string;

    await go('/transfer-requests');
    await pick(page.getByTestId('filter-state'), '已申请');
    await page.keyboard.press('Escape');
    await page.locator('form button[type="submit"]').first().click();
    const rows = page.locator('[data-testid="transfer-table"] tbody tr.ant-table-row');
    await hasText(page.getByTestId('transfer-table'), member.name);
    expect(new Set((await rows.locator('td:nth-child(6)').allInnerTexts()).map((text) => text.trim()))).toEqual(new Set(['已申请']));
    await rows.filter({ hasText: member.name }).getByTestId('transfer-link').click();
    await page.waitForURL(new RegExp(`/transfer-requests/show/${id}$`));

    await page.getByTestId('transfer-accept').click();
    await page.getByTestId('accept-letter').fill('川组转〔2026〕15号');
    await page.getByTestId('accept-ok').click();
    await hasText(page.getByTestId('transfer-state'), '已同意');
    await shot('accepted');

    // Who completes depends on where the relationship goes: the host completes what comes to it.
    const receiving = (await app.sql<{ receiving_side: string }>('select receiving_side::text from transfer_request where id = ?', [Number(id)]))[0]!.receiving_side;
    if (receiving === 'HOST') {
      await page.getByTestId('transfer-complete').click();
      await page.getByTestId('complete-ok').click();
      await hasText(page.getByTestId('transfer-state'), '已完成');
      await page.getByTestId('transfer-closed').waitFor();
      await eventually(
        async () => (await app.sql<{ status: string }>('select status::text from member where id = ?', [Number(member.id)]))[0]!.status,
        (status) => status === 'TRANSFERRED',
        'member status after completion',
      );
      await shot('completed');
    } else {
      await hasCount(page.locator('[data-testid="transfer-actions"] button'), 0);
    }
    expect((await app.sql<{ letter_number: string }>('select letter_number from transfer_request where id = ?', [Number(id)]))[0]!.letter_number).toBe('川组转〔2026〕15号');
  }, 90_000);
});
