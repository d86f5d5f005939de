import { addMonths, chinaDate } from '../../api/common/dates';
import { startTestApp, type TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';

/**
 * The ledger's two reminders (api/members/member.rules.ts): 应转尽转 with its exceptions and the
 * reason beside it, and 台账超期未更新 for open records only. The field a client reads and the
 * filter of the same name must select exactly the same members.
 */

let app: TestApp;

function ok(response: { data?: unknown; errors?: unknown[] }): any {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

const today = chinaDate(new Date());
const monthsAgo = (months: number) => addMonths(today, -months);

/** name → what the rule must say. */
const CASES: { name: string; input: Record<string, unknown>; reason: string; due: boolean; stale: boolean }[] = [
  { name: '就业七个月', input: { mobilityType: 'EMPLOYMENT', outflowDate: monthsAgo(7) }, reason: 'FIXED_PLACE_SIX_MONTHS', due: true, stale: false },
  { name: '就业五个月', input: { mobilityType: 'EMPLOYMENT', outflowDate: monthsAgo(5) }, reason: 'UNDER_SIX_MONTHS', due: false, stale: false },
  { name: '定居三年', input: { mobilityType: 'SETTLEMENT', outflowDate: monthsAgo(36) }, reason: 'FIXED_PLACE_SIX_MONTHS', due: true, stale: true },
  { name: '失联三年', input: { mobilityType: 'EMPLOYMENT', outflowDate: monthsAgo(36), status: 'LOST_CONTACT' }, reason: 'FIXED_PLACE_SIX_MONTHS', due: true, stale: false },
  { name: '求学一年', input: { mobilityType: 'STUDY', outflowDate: monthsAgo(12) }, reason: 'STUDY_WITHIN_TWO_YEARS', due: false, stale: false },
  { name: '毕业三年', input: { mobilityType: 'STUDY', outflowDate: monthsAgo(36) }, reason: 'STUDY_OVER_TWO_YEARS', due: true, stale: false },
  { name: '临时三年', input: { mobilityType: 'TEMPORARY', outflowDate: monthsAgo(36) }, reason: 'TEMPORARY', due: false, stale: true },
  { name: '出国三年', input: { mobilityType: 'EMPLOYMENT', outflowDate: monthsAgo(36), abroad: true }, reason: 'ABROAD', due: false, stale: false },
  { name: '赴港三年', input: { mobilityType: 'EMPLOYMENT', outflowDate: monthsAgo(36), destinationRegionCode: '810000' }, reason: 'ABROAD', due: false, stale: false },
  { name: '已返回', input: { mobilityType: 'EMPLOYMENT', outflowDate: monthsAgo(36), status: 'RETURNED' }, reason: 'CLOSED', due: false, stale: false },
  { name: '已转出', input: { mobilityType: 'EMPLOYMENT', outflowDate: monthsAgo(36), status: 'TRANSFERRED' }, reason: 'CLOSED', due: false, stale: false },
];
/** Not confirmed for two months: stale, unless the record is closed. */
const UNCONFIRMED = ['定居三年', '临时三年', '已返回', '已转出'];

const NAMES = `query($filter: MemberFilter, $paging: OffsetPaging) {
  members(filter: $filter, paging: $paging, sorting: [{ field: id, direction: ASC }]) { totalCount nodes { id name transferDue transferDueReason ledgerStale status } }
}`;

async function names(filter: Record<string, unknown>): Promise<string[]> {
  return ok(await app.gql(NAMES, { filter, paging: { limit: 100 } })).members.nodes.map((node: { name: string }) => node.name);
}

describe('on fixed cases, one per branch of the rules', () => {
  beforeAll(async () => {
    app = await startTestApp('empty');
    const org = ok(
      await app.gql('mutation($input: CreateOneOrganizationInput!) { createOneOrganization(input: $input) { id } }', {
        input: { organization: { code: 'DY-01', name: '旌阳区东山社区党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '510603' } },
      }),
    ).createOneOrganization.id;
    const members = CASES.map(({ name, input }, i) => ({
      name,
      idNumber: nationalId('510603', '19900307', String(100 + i)),
      partyStanding: 'FULL',
      joinedOn: '2015-07-01',
      formalOrganizationId: org,
      destinationRegionCode: '510104',
      status: 'MANAGED',
      ...input,
    }));
    ok(await app.gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id } }', { input: { members } }));
    await app.sql(`update member set ledger_updated_at = now() - interval '2 months' where name in (${UNCONFIRMED.map(() => '?').join(', ')})`, UNCONFIRMED);
  });
  afterAll(() => app.close());

  it('gives each member its reason, the flag that follows from it, and stale only for open records', async () => {
    const nodes = ok(await app.gql(NAMES, { paging: { limit: 100 } })).members.nodes;
    expect(nodes.map(({ name, transferDueReason, transferDue, ledgerStale }: Record<string, unknown>) => ({ name, reason: transferDueReason, due: transferDue, stale: ledgerStale }))).toEqual(
      CASES.map(({ name, reason, due, stale }) => ({ name, reason, due, stale })),
    );
  });

  it.each([
    ['transferDue eq true', { transferDue: { eq: true } }, CASES.filter((c) => c.due)],
    ['transferDue eq false', { transferDue: { eq: false } }, CASES.filter((c) => !c.due)],
    ['ledgerStale eq true', { ledgerStale: { eq: true } }, CASES.filter((c) => c.stale)],
    ['ledgerStale is false', { ledgerStale: { is: false } }, CASES.filter((c) => !c.stale)],
  ])('the filter %s selects the same members', async (_case, filter, expected) => {
    expect(await names(filter)).toEqual(expected.map((c) => c.name));
  });

  it('keeps the recorded abroad flag, and lets it be changed', async () => {
    const [abroad] = ok(await app.gql(NAMES, { filter: { abroad: { is: true } } })).members.nodes;
    expect(abroad.name).toBe('出国三年');
    const updated = ok(
      await app.gql('mutation($input: UpdateOneMemberInput!) { updateOneMember(input: $input) { abroad transferDue transferDueReason } }', {
        input: { id: abroad.id, update: { abroad: false } },
      }),
    ).updateOneMember;
    expect(updated).toEqual({ abroad: false, transferDue: true, transferDueReason: 'FIXED_PLACE_SIX_MONTHS' });
  });
});

describe('on the demo data', () => {
  beforeAll(async () => {
    app = await startTestApp('demo');
  });
  afterAll(() => app.close());

  async function everyMember(filter: Record<string, unknown> = {}) {
    const rows: Record<string, any>[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = ok(await app.gql(NAMES, { filter, paging: { limit: 500, offset } })).members;
      rows.push(...page.nodes);
      if (rows.length >= page.totalCount) return rows;
    }
  }

  it('the fields and the filters agree on every member', async () => {
    const all = await everyMember();
    expect(all.length).toBeGreaterThan(1000);
    const ids = (rows: Record<string, any>[]) => rows.map((row) => row.id);
    expect(ids(await everyMember({ transferDue: { eq: true } }))).toEqual(ids(all.filter((row) => row.transferDue)));
    expect(ids(await everyMember({ transferDue: { eq: false } }))).toEqual(ids(all.filter((row) => !row.transferDue)));
    expect(ids(await everyMember({ ledgerStale: { eq: true } }))).toEqual(ids(all.filter((row) => row.ledgerStale)));
    expect(ids(await everyMember({ ledgerStale: { eq: false } }))).toEqual(ids(all.filter((row) => !row.ledgerStale)));
    // Closed records are never flagged; temporary movers never transfer.
    for (const row of all.filter((r) => ['RETURNED', 'TRANSFERRED'].includes(r.status))) {
      expect({ ledgerStale: row.ledgerStale, transferDue: row.transferDue, reason: row.transferDueReason }).toEqual({ ledgerStale: false, transferDue: false, reason: 'CLOSED' });
    }
    expect(all.filter((row) => row.transferDue).every((row) => ['FIXED_PLACE_SIX_MONTHS', 'STUDY_OVER_TWO_YEARS'].includes(row.transferDueReason))).toBe(true);
    expect(new Set(all.map((row) => row.transferDueReason))).toEqual(
      new Set(['FIXED_PLACE_SIX_MONTHS', 'STUDY_OVER_TWO_YEARS', 'STUDY_WITHIN_TWO_YEARS', 'UNDER_SIX_MONTHS', 'TEMPORARY', 'CLOSED']),
    );
  });
});
