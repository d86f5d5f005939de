import ExcelJS from 'exceljs';
import { parseNationalId } from '../../api/members/national-id';
import { startTestApp, type TestApp } from '../support/app';
import { ACTIVE, advance, createAgreement, currentVersion, generate, issueToken, NO_RATE_LIMITS, ok, parseCsv, sql, tokenOfExpiredAgreement, UPDATE, YEAR } from './helpers';

/**
 * GET /export/annual-feedback.xlsx|.csv?agreementId=&year=: the returns an organisation department
 * opens in Excel, authorised and scoped exactly like the API.
 */

const HEADERS = [
  '姓名',
  '性别',
  '身份证号',
  '手机号',
  '党员类别',
  '正式组织关系所在党组织',
  '流入地党组织',
  '年度',
  '参加组织生活次数',
  '应参加组织生活次数',
  '当年在管月数',
  '志愿服务次数',
  '志愿服务时长（小时）',
  '学习次数',
  '先锋岗次数',
  '积分',
  '建议评定等次',
  '现实表现',
  '推荐表彰',
  '党费缴纳情况',
  '建议转接组织关系',
  '最终评定等次',
  '状态',
  '反馈截止日期',
  '是否逾期',
];
const col = (header: string) => HEADERS.indexOf(header);
const MASKED_ID = /^\d{4}\*{14}$/;
const FORMULA_COMMENT = '=HYPERLINK("http://example.com","点击")';
const TRICKY_COMMENT = '他说："工作认真, 表现好"\n第二行';

let app: TestApp;
let reader: string;
let membersOnly: string;
let meishanReader: string;
let expiredReader: string;
/** The three returns delivered to the partner, in id order. */
let delivered: string[];

function download(format: 'xlsx' | 'csv', token: string | null, query = `agreementId=${ACTIVE}&year=${YEAR}`) {
  return fetch(`${app.url}/export/annual-feedback.${format}?${query}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

type Cell = string | number | null;

async function xlsxRows(response: Response): Promise<{ name: string; rows: Cell[][]; cells: ExcelJS.Cell[][] }> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
  expect(workbook.worksheets).toHaveLength(1);
  const sheet = workbook.worksheets[0]!;
  const rows: Cell[][] = [];
  const cells: ExcelJS.Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: Cell[] = [];
    const rowCells: ExcelJS.Cell[] = [];
    for (let i = 1; i <= HEADERS.length; i++) {
      const cell = row.getCell(i);
      rowCells.push(cell);
      values.push(cell.value === null || cell.value === undefined ? null : (cell.value as Cell));
    }
    rows.push(values);
    cells.push(rowCells);
  });
  return { name: sheet.name, rows, cells };
}

async function csvRows(response: Response): Promise<{ text: string; rows: string[][] }> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { text, rows: parseCsv(text.replace(/^\uFEFF/, '')) };
}

/** The xlsx row as CSV text: numbers as written, empty for nothing, a quote before formula-like text. */
function asCsv(row: Cell[]): string[] {
  return row.map((value) => (value === null ? '' : typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value)));
}

async function expectedCount(where: string, params: unknown[] = []): Promise<number> {
  const [row] = await sql(app, `select count(*)::int as n from annual_feedback where agreement_id = 1 and year = ${YEAR} and ${where}`, params);
  return row!.n;
}

beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
  ok(await generate(app, ACTIVE, YEAR));
  reader = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ'], years: [YEAR], name: '重庆市委组织部 导出' })).token;
  membersOnly = (await issueToken(app, { agreementId: ACTIVE, scopes: ['MEMBERS_READ', 'STATS_READ'] })).token;
  expiredReader = await tokenOfExpiredAgreement(app, { scopes: ['FEEDBACK_READ'], years: [YEAR] });
  const meishan = await createAgreement(app, { code: 'CDMS-2026-EXP', title: '眉山籍在蓉流动党员共管协议', partnerRegionCode: '511400' });
  meishanReader = (await issueToken(app, { agreementId: meishan, scopes: ['FEEDBACK_READ'], years: [YEAR] })).token;

  const drafts = await sql(app, `select fb.id from annual_feedback fb join member m on m.id = fb.member_id
    where fb.agreement_id = 1 and fb.year = ${YEAR} and m.party_standing = 'FULL' and m.phone_masked is not null order by fb.id limit 3`);
  delivered = drafts.map((row) => String(row.id));
  const comments = [FORMULA_COMMENT, TRICKY_COMMENT, '表现良好'];
  for (const [i, id] of delivered.entries()) {
    ok(await app.gql(UPDATE, { input: { id, update: { version: await currentVersion(app, id), comments: comments[i], suggestedGrade: i === 0 ? 'EXCELLENT' : 'QUALIFIED', duesStatus: 'PAID_IN_FULL' } } }));
    await advance(app, reader, id, 'DELIVERED');
  }
}, 60_000);
afterAll(() => app.close());

describe('as the host admin', () => {
  let xlsx: Awaited<ReturnType<typeof xlsxRows>>;

  beforeAll(async () => {
    const response = await download('xlsx', app.adminToken);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(`CY-2024-01-${YEAR}-年度情况反馈.xlsx`)}`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    xlsx = await xlsxRows(response);
  });

  it('opens as one sheet with the Chinese header row and one row per return of the agreement and year', async () => {
    expect(xlsx.name).toBe(`${YEAR}年度情况反馈`);
    expect(xlsx.rows[0]).toEqual(HEADERS);
    expect(xlsx.rows.length - 1).toBe(await expectedCount('true'));
    expect(xlsx.rows.length - 1).toBeGreaterThan(100);
  });

  it('shows full ID numbers that pass the GB 11643 check, matching the masked ones the API shows', async () => {
    const ids = xlsx.rows.slice(1).map((row) => String(row[col('身份证号')]));
    for (const id of ids) {
      expect(id).toHaveLength(18);
      expect(typeof parseNationalId(id)).toBe('object');
    }
    const api = ok(await app.gql(`{ annualFeedbacks(filter: { agreementId: { eq: "1" }, year: { eq: ${YEAR} } }, paging: { limit: 5 }, sorting: [{ field: id, direction: ASC }]) { nodes { member { name idNumber } } } }`))
      .annualFeedbacks.nodes;
    api.forEach((node: { member: { name: string; idNumber: string } }, i: number) => {
      const row = xlsx.rows[i + 1]!;
      expect(row[col('姓名')]).toBe(node.member.name);
      const full = String(row[col('身份证号')]);
      expect(node.member.idNumber).toBe(`${full.slice(0, 4)}**************`);
    });
  });

  it('writes a delivered return exactly', async () => {
    const node = ok(
      await app.gql(`query($id: ID!) { annualFeedback(id: $id) {
        year orgLifeAttended orgLifeExpected monthsUnderCare volunteerCount volunteerHours studyCount pioneerCount points dueOn
        member { name gender partyStanding phone } toOrganization { name } fromOrganization { name } } }`, { id: delivered[0] }),
    ).annualFeedback;
    const row = xlsx.rows.find((r) => r[col('现实表现')] === FORMULA_COMMENT)!;
    expect(row).toEqual([
      node.member.name,
      node.member.gender === 'MALE' ? '男' : '女',
      expect.stringMatching(/^\d{17}[\dX]$/),
      expect.stringMatching(new RegExp(`^${node.member.phone.slice(0, 3)}\\d{4}${node.member.phone.slice(-4)}$`)),
      '正式党员',
      node.toOrganization.name,
      node.fromOrganization?.name ?? null,
      YEAR,
      node.orgLifeAttended,
      node.orgLifeExpected,
      node.monthsUnderCare,
      node.volunteerCount,
      node.volunteerHours,
      node.studyCount,
      node.pioneerCount,
      node.points,
      '优秀',
      FORMULA_COMMENT,
      '否',
      '足额缴纳',
      '否',
      null,
      '已送达',
      '2027-01-31',
      '否',
    ]);
    // Text that looks like a formula stays text in the workbook.
    const cell = xlsx.cells[xlsx.rows.indexOf(row)]![col('现实表现')]!;
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
  });

  it('the CSV has a byte-order mark, the same rows, and defuses formula-like text with a leading apostrophe', async () => {
    const response = await download('csv', app.adminToken);
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('年度情况反馈.csv'));
    const csv = await csvRows(response);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.rows[0]).toEqual(HEADERS);
    expect(csv.rows.slice(1)).toEqual(xlsx.rows.slice(1).map(asCsv));
    const formula = csv.rows.find((row) => row[col('现实表现')]!.includes('HYPERLINK'))!;
    expect(formula[col('现实表现')]).toBe(`'${FORMULA_COMMENT}`);
    expect(csv.rows.find((row) => row[col('现实表现')]!.includes('第二行'))![col('现实表现')]).toBe(TRICKY_COMMENT);
    // Negative points are numbers, not formulas: no apostrophe.
    for (const row of csv.rows.slice(1)) expect(row[col('积分')]).toMatch(/^-?\d+$/);
  });
});

describe('as the partner (feedback:read)', () => {
  it('gets only the delivered returns, with masked ID numbers and phones', async () => {
    const xlsx = await xlsxRows(await download('xlsx', reader));
    expect(xlsx.rows[0]).toEqual(HEADERS);
    const rows = xlsx.rows.slice(1);
    expect(rows).toHaveLength(await expectedCount("status in ('DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED') and recipient = 'PARTNER'"));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(String(row[col('身份证号')])).toMatch(MASKED_ID);
      expect(String(row[col('手机号')])).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(row[col('状态')]).toBe('已送达');
    }
    expect(rows.map((row) => row[col('现实表现')])).toEqual([FORMULA_COMMENT, TRICKY_COMMENT, '表现良好']);

    const csv = await csvRows(await download('csv', reader));
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.rows).toEqual([HEADERS, ...rows.map(asCsv)]);
    expect(csv.text).not.toMatch(/\d{17}[\dX]/);
  });

  it('the personal data shown to the token is written to the audit trail', async () => {
    const before = await sql(app, "select count(*)::int as n from audit_event where actor_type = 'token' and action = 'read' and entity = 'Member'");
    await (await download('csv', reader)).text();
    // The trail is committed before the last byte leaves the server: it is there once the download is complete.
    const events = await sql(app, "select changes from audit_event where actor_type = 'token' and action = 'read' and entity = 'Member' order by id");
    expect(events).toHaveLength(before[0]!.n + 1);
    const members = await sql(app, `select member_id from annual_feedback where id in (${delivered.join(',')}) order by member_id`);
    expect(events.at(-1)!.changes).toEqual({ ids: members.map((row) => String(row.member_id)) });
  });

  it('a year outside the token\'s years gives the header row only', async () => {
    const other = (await issueToken(app, { agreementId: ACTIVE, scopes: ['FEEDBACK_READ'], years: [YEAR - 1] })).token;
    const csv = await csvRows(await download('csv', other));
    expect(csv.rows).toEqual([HEADERS]);
  });
});

describe('refusals', () => {
  const body = async (response: Response) => ({ status: response.status, body: await response.json() });

  it.each(['xlsx', 'csv'] as const)('%s without credentials: 401', async (format) => {
    expect(await body(await download(format, null))).toEqual({ status: 401, body: { errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }] } });
  });

  it('a token without feedback:read: 403', async () => {
    expect(await body(await download('xlsx', membersOnly))).toEqual({
      status: 403,
      body: { errors: [{ message: 'Not allowed: feedback:read is required', extensions: { code: 'FORBIDDEN' } }] },
    });
  });

  it("another agreement's token asking for agreement 1: 404", async () => {
    const response = await body(await download('xlsx', meishanReader));
    expect(response).toEqual({ status: 404, body: { errors: [{ message: expect.any(String), extensions: { code: 'NOT_FOUND', entity: 'Agreement' } }] } });
  });

  it('a token of the expired agreement: 401', async () => {
    expect((await download('csv', expiredReader)).status).toBe(401);
  });

  it('a garbled credential: 401, not anonymous', async () => {
    expect((await download('csv', 'ggt_not_a_token')).status).toBe(401);
  });

  it.each([
    ['no agreementId', `year=${YEAR}`, 'agreementId'],
    ['a year out of range', 'agreementId=1&year=1850', 'year'],
    ['a year that is not a number', 'agreementId=1&year=abc', 'year'],
  ])('%s: 400 naming the parameter', async (_case, query, field) => {
    const response = await body(await download('csv', app.adminToken, query));
    expect(response).toEqual({
      status: 400,
      body: { errors: [{ message: expect.stringContaining(field), extensions: { code: 'BAD_USER_INPUT', field, reason: expect.any(String) } }] },
    });
  });

  it('an agreement that does not exist: 404', async () => {
    expect((await download('csv', app.adminToken, `agreementId=999&year=${YEAR}`)).status).toBe(404);
  });
});
