import { addMonths, chinaDate } from '../../api/common/dates';
import { onlyError, startTestApp, type TestApp } from '../support/app';
import { nationalId } from '../support/fixtures';

/**
 * Every comparison operator on every value type, against a small fixed data set built through
 * the API: ten organisations in four trees, eight members, six activity records.
 * Expected results are exact lists of names (members, in id order), codes or titles.
 */

let app: TestApp;
/** Organisation ids by code. */
const org: Record<string, string> = {};
/** Member ids by name. */
const member: Record<string, string> = {};
const idNumbers: Record<string, string> = {};

const ORGANIZATIONS = [
  { code: 'CD', name: '中共成都市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510100' },
  { code: 'CD-JJ', name: '中共锦江区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510104', parent: 'CD' },
  { code: 'CD-JJ-CXL', name: '春熙路街道党工委', kind: 'WORKING_COMMITTEE', level: 'TOWNSHIP', regionCode: '510104', parent: 'CD-JJ' },
  { code: 'CD-WH', name: '中共武侯区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510107', parent: 'CD' },
  { code: 'CD-BJ', name: '成都市驻北京办事处党支部', kind: 'BRANCH', level: 'CITY', regionCode: '510100', hostRegionCode: '110000', parent: 'CD' },
  { code: 'DY', name: '中共德阳市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510600' },
  { code: 'DY-JY-01', name: '旌阳区东山社区党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '510603', parent: 'DY' },
  { code: 'MS', name: '中共眉山市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '511400' },
  { code: 'MS-01', name: '东坡区苏祠社区党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '511402', parent: 'MS' },
  { code: 'CQ-YZ-01', name: '渝中区解放碑街道流动党员党支部', kind: 'BRANCH', level: 'COMMUNITY', regionCode: '500103' },
];

/** The default organisation order (code ASC). */
const ALL_CODES = ['CD', 'CD-BJ', 'CD-JJ', 'CD-JJ-CXL', 'CD-WH', 'CQ-YZ-01', 'DY', 'DY-JY-01', 'MS', 'MS-01'];

/** In creation (id) order. 陈刚 left two months ago, so he is the one member not yet transfer-due by date. */
const MEMBERS = [
  { name: '王芳', id: ['510603', '19900307', '122'], partyStanding: 'FULL', joinedOn: '2012-07-01', formal: 'DY-JY-01', inflow: 'CD-JJ-CXL', mobilityType: 'EMPLOYMENT', outflowDate: '2020-03-01', destinationRegionCode: '510104', status: 'MANAGED', lastContactOn: '2026-10-01', certificateExpiresOn: '2027-06-30', expertiseTags: ['护理', '志愿者'] },
  { name: '李强', id: ['510603', '19951120', '131'], partyStanding: 'FULL', joinedOn: '2018-06-20', formal: 'DY-JY-01', inflow: 'CD-JJ', mobilityType: 'STUDY', outflowDate: '2023-09-01', destinationRegionCode: '510104', status: 'REPORTED', lastContactOn: null, certificateExpiresOn: null, expertiseTags: ['法律'] },
  { name: '张敏', id: ['511402', '19880815', '242'], partyStanding: 'FULL', joinedOn: '2010-05-04', formal: 'MS-01', inflow: 'CD-WH', mobilityType: 'EMPLOYMENT', outflowDate: '2021-02-15', destinationRegionCode: '510107', status: 'MANAGED', lastContactOn: '2026-09-15', certificateExpiresOn: '2026-12-31', expertiseTags: [] },
  { name: '陈刚', id: ['511402', '19790101', '351'], partyStanding: 'FULL', joinedOn: '2001-07-01', formal: 'MS-01', inflow: null, mobilityType: 'TEMPORARY', outflowDate: 'two months ago', destinationRegionCode: '510104', status: 'REGISTERED', lastContactOn: null, certificateExpiresOn: null, expertiseTags: [] },
  { name: '刘洋', id: ['500103', '19860606', '471'], partyStanding: 'FULL', joinedOn: '2009-12-01', formal: 'CQ-YZ-01', inflow: 'CD-JJ-CXL', mobilityType: 'SETTLEMENT', outflowDate: '2018-04-01', destinationRegionCode: '510104', status: 'LOST_CONTACT', lastContactOn: '2025-03-01', certificateExpiresOn: '2025-12-31', expertiseTags: ['驾驶'] },
  { name: '赵丽', id: ['510603', '19921212', '582'], partyStanding: 'FULL', joinedOn: '2015-07-01', formal: 'DY-JY-01', inflow: 'CD-WH', mobilityType: 'EMPLOYMENT', outflowDate: '2019-01-01', destinationRegionCode: '510107', status: 'RETURNED', lastContactOn: '2026-01-20', certificateExpiresOn: null, expertiseTags: ['志愿者'] },
  { name: '孙伟', id: ['510104', '19830303', '613'], partyStanding: 'FULL', joinedOn: '2006-06-30', formal: 'CD-JJ-CXL', inflow: 'DY-JY-01', mobilityType: 'EMPLOYMENT', outflowDate: '2022-05-01', destinationRegionCode: '510603', status: 'TRANSFERRED', lastContactOn: '2026-06-01', certificateExpiresOn: null, expertiseTags: [] },
  { name: '周婷', id: ['511402', '20000101', '778'], partyStanding: 'PROBATIONARY', joinedOn: '2025-10-01', formal: 'MS-01', inflow: 'CD-JJ-CXL', mobilityType: 'STUDY', outflowDate: '2024-09-01', destinationRegionCode: '510104', status: 'MANAGED', lastContactOn: '2026-11-01', certificateExpiresOn: '2028-08-31', expertiseTags: ['护理', '摄影'] },
];
const ALL = MEMBERS.map((m) => m.name);
const except = (...names: string[]) => ALL.filter((name) => !names.includes(name));

/** `createdAt` of the n-th member (1-based), rewritten to a fixed instant after creation. */
const created = (n: number) => `2026-01-0${n}T08:00:00.000Z`;

const RECORDS = [
  { title: '社区义诊志愿服务', member: '王芳', organization: 'CD-JJ-CXL', occurredOn: '2026-03-05', kind: 'VOLUNTEER_SERVICE', hours: 2.5, points: 5 },
  { title: '四月主题党日', member: '王芳', organization: 'CD-JJ-CXL', occurredOn: '2026-04-01', kind: 'THEME_PARTY_DAY', hours: 0, points: 2 },
  { title: '法治专题学习', member: '李强', organization: 'CD-JJ', occurredOn: '2026-05-10', kind: 'STUDY', hours: 1.5, points: 1 },
  { title: '防汛志愿服务', member: '周婷', organization: 'CD-JJ-CXL', occurredOn: '2026-06-15', kind: 'VOLUNTEER_SERVICE', hours: 4, points: 8 },
  { title: '未按时参加组织生活', member: '张敏', organization: 'CD-WH', occurredOn: '2026-07-20', kind: 'OTHER', hours: 0, points: -2 },
  { title: '冬季送温暖', member: '刘洋', organization: 'CD-JJ-CXL', occurredOn: '2025-12-20', kind: 'VOLUNTEER_SERVICE', hours: 8, points: 10 },
];
const [R1, R2, R3, R4, R5, R6] = RECORDS.map((r) => r.title) as [string, string, string, string, string, string];

/** The data of a response that must succeed; its errors otherwise, in the failure message. */
function ok(response: { data?: unknown; errors?: unknown[] }): any {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

beforeAll(async () => {
  app = await startTestApp('empty');
  for (const { parent, ...organization } of ORGANIZATIONS) {
    const data = ok(
      await app.gql('mutation($input: CreateOneOrganizationInput!) { createOneOrganization(input: $input) { id } }', {
        input: { organization: { ...organization, parentId: parent ? org[parent] : undefined } },
      }),
    );
    org[organization.code] = data.createOneOrganization.id;
  }

  const twoMonthsAgo = addMonths(chinaDate(new Date()), -2);
  const members = MEMBERS.map(({ id, formal, inflow, outflowDate, ...fields }) => {
    idNumbers[fields.name] = nationalId(id[0]!, id[1]!, id[2]!);
    return {
      ...fields,
      idNumber: idNumbers[fields.name],
      phone: '13800000000',
      formalOrganizationId: org[formal],
      inflowOrganizationId: inflow ? org[inflow] : null,
      outflowDate: outflowDate === 'two months ago' ? twoMonthsAgo : outflowDate,
    };
  });
  const createdMembers = ok(
    await app.gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id name } }', { input: { members } }),
  ).createManyMembers as { id: string; name: string }[];
  for (const { id, name } of createdMembers) member[name] = id;

  for (const [index, name] of ALL.entries()) {
    await app.sql('update member set created_at = ? where id = ?', [created(index + 1), Number(member[name])]);
  }
  // Not confirmed for a year: stale whatever day the suite runs on.
  await app.sql('update member set ledger_updated_at = ? where id in (?, ?)', ['2025-11-01T00:00:00Z', Number(member['李强']), Number(member['刘洋'])]);

  const records = RECORDS.map(({ member: name, organization, ...fields }) => ({ ...fields, memberId: member[name], organizationId: org[organization] }));
  ok(await app.gql('mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }', { input: { activityRecords: records } }));
});
afterAll(() => app.close());

async function memberNames(filter: Record<string, unknown>): Promise<string[]> {
  const data = ok(
    await app.gql(
      'query($filter: MemberFilter) { members(filter: $filter, paging: {limit: 100}, sorting: [{field: id, direction: ASC}]) { totalCount nodes { name } } }',
      { filter },
    ),
  );
  const names = data.members.nodes.map((node: { name: string }) => node.name);
  expect(data.members.totalCount).toBe(names.length);
  return names;
}

async function organizationCodes(filter: Record<string, unknown>): Promise<string[]> {
  const data = ok(await app.gql('query($filter: OrganizationFilter) { organizations(filter: $filter, paging: {limit: 100}) { totalCount nodes { code } } }', { filter }));
  const codes = data.organizations.nodes.map((node: { code: string }) => node.code);
  expect(data.organizations.totalCount).toBe(codes.length);
  return codes;
}

async function recordTitles(filter: Record<string, unknown>): Promise<string[]> {
  const data = ok(
    await app.gql(
      'query($filter: ActivityRecordFilter) { activityRecords(filter: $filter, paging: {limit: 100}, sorting: [{field: id, direction: ASC}]) { totalCount nodes { title } } }',
      { filter },
    ),
  );
  const titles = data.activityRecords.nodes.map((node: { title: string }) => node.title);
  expect(data.activityRecords.totalCount).toBe(titles.length);
  return titles;
}

type Case = [string, () => Record<string, unknown>, string[]];

describe('String comparisons', () => {
  it.each<Case>([
    ['eq', () => ({ name: { eq: '张敏' } }), ['张敏']],
    ['neq', () => ({ name: { neq: '张敏' } }), except('张敏')],
    ['in', () => ({ name: { in: ['王芳', '周婷', '不存在'] } }), ['王芳', '周婷']],
    ['notIn', () => ({ name: { notIn: ['王芳', '周婷'] } }), except('王芳', '周婷')],
    ['like with a prefix', () => ({ name: { like: '张%' } }), ['张敏']],
    ['like with a suffix', () => ({ name: { like: '%丽' } }), ['赵丽']],
    ['like with a single-character wildcard', () => ({ name: { like: '_强' } }), ['李强']],
    ['notLike', () => ({ name: { notLike: '%婷' } }), except('周婷')],
    ['iLike', () => ({ name: { iLike: '王%' } }), ['王芳']],
    ['notILike', () => ({ name: { notILike: '王%' } }), except('王芳')],
    ['gt (code order)', () => ({ destinationRegionCode: { gt: '510104' } }), ['张敏', '赵丽', '孙伟']],
    ['gte', () => ({ destinationRegionCode: { gte: '510107' } }), ['张敏', '赵丽', '孙伟']],
    ['lt', () => ({ destinationRegionCode: { lt: '510107' } }), ['王芳', '李强', '陈刚', '刘洋', '周婷']],
    ['lte', () => ({ destinationRegionCode: { lte: '510104' } }), ['王芳', '李强', '陈刚', '刘洋', '周婷']],
    ['two operators in one comparison (both apply)', () => ({ destinationRegionCode: { gt: '510100', lt: '510600' } }), except('孙伟')],
  ])('member name / destination region: %s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });

  it.each<Case>([
    ['like is case-sensitive', () => ({ code: { like: 'cd-jj%' } }), []],
    ['iLike is not', () => ({ code: { iLike: 'cd-jj%' } }), ['CD-JJ', 'CD-JJ-CXL']],
    ['notLike', () => ({ code: { notLike: 'CD%' } }), ['CQ-YZ-01', 'DY', 'DY-JY-01', 'MS', 'MS-01']],
    ['notILike', () => ({ code: { notILike: 'cd%' } }), ['CQ-YZ-01', 'DY', 'DY-JY-01', 'MS', 'MS-01']],
    ['gt', () => ({ regionCode: { gt: '510600' } }), ['DY-JY-01', 'MS', 'MS-01']],
    ['gte', () => ({ regionCode: { gte: '510600' } }), ['DY', 'DY-JY-01', 'MS', 'MS-01']],
    ['lt', () => ({ regionCode: { lt: '510104' } }), ['CD', 'CD-BJ', 'CQ-YZ-01']],
    ['lte', () => ({ regionCode: { lte: '510104' } }), ['CD', 'CD-BJ', 'CD-JJ', 'CD-JJ-CXL', 'CQ-YZ-01']],
    ['is null', () => ({ hostRegionCode: { is: null } }), ALL_CODES.filter((code) => code !== 'CD-BJ')],
    ['isNot null', () => ({ hostRegionCode: { isNot: null } }), ['CD-BJ']],
    ['eq on a nullable column', () => ({ hostRegionCode: { eq: '110000' } }), ['CD-BJ']],
    // SQL semantics, as in nestjs-query: NULL is never "not equal" to a value; ask for it with `or`.
    ['neq leaves out nulls', () => ({ hostRegionCode: { neq: '110000' } }), []],
    ['neq or is null', () => ({ or: [{ hostRegionCode: { neq: '110000' } }, { hostRegionCode: { is: null } }] }), ALL_CODES.filter((code) => code !== 'CD-BJ')],
    ['notIn leaves out nulls', () => ({ hostRegionCode: { notIn: ['120000'] } }), ['CD-BJ']],
  ])('organization code / region: %s', async (_op, filter, expected) => {
    expect(await organizationCodes(filter())).toEqual(expected);
  });
});

describe('ID comparisons', () => {
  it.each<Case>([
    ['eq', () => ({ id: { eq: member['张敏'] } }), ['张敏']],
    ['neq', () => ({ id: { neq: member['张敏'] } }), except('张敏')],
    ['gt', () => ({ id: { gt: member['赵丽'] } }), ['孙伟', '周婷']],
    ['gte', () => ({ id: { gte: member['赵丽'] } }), ['赵丽', '孙伟', '周婷']],
    ['lt', () => ({ id: { lt: member['李强'] } }), ['王芳']],
    ['lte', () => ({ id: { lte: member['李强'] } }), ['王芳', '李强']],
    ['in', () => ({ id: { in: [member['周婷'], member['王芳']] } }), ['王芳', '周婷']],
    ['notIn', () => ({ id: { notIn: ALL.slice(0, 6).map((name) => member[name]) } }), ['孙伟', '周婷']],
    ['in an empty list', () => ({ id: { in: [] } }), []],
    ['notIn an empty list', () => ({ id: { notIn: [] } }), ALL],
    ['is null on a key', () => ({ id: { is: null } }), []],
    ['isNot null on a key', () => ({ id: { isNot: null } }), ALL],
    ['relation eq', () => ({ inflowOrganizationId: { eq: org['CD-JJ-CXL'] } }), ['王芳', '刘洋', '周婷']],
    ['relation neq leaves out nulls', () => ({ inflowOrganizationId: { neq: org['CD-JJ-CXL'] } }), ['李强', '张敏', '赵丽', '孙伟']],
    ['relation in', () => ({ formalOrganizationId: { in: [org['MS-01']] } }), ['张敏', '陈刚', '周婷']],
    ['relation notIn', () => ({ formalOrganizationId: { notIn: [org['MS-01'], org['DY-JY-01']] } }), ['刘洋', '孙伟']],
    ['relation is null', () => ({ inflowOrganizationId: { is: null } }), ['陈刚']],
    ['relation isNot null', () => ({ inflowOrganizationId: { isNot: null } }), except('陈刚')],
  ])('member %s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });

  it('filters organisations by parent, roots included with is null', async () => {
    expect(await organizationCodes({ parentId: { eq: org.CD } })).toEqual(['CD-BJ', 'CD-JJ', 'CD-WH']);
    expect(await organizationCodes({ parentId: { is: null } })).toEqual(['CD', 'CQ-YZ-01', 'DY', 'MS']);
  });
});

describe('Int and Float comparisons', () => {
  it.each<Case>([
    ['hours eq', () => ({ hours: { eq: 2.5 } }), [R1]],
    ['hours neq', () => ({ hours: { neq: 0 } }), [R1, R3, R4, R6]],
    ['hours gt', () => ({ hours: { gt: 2.5 } }), [R4, R6]],
    ['hours gte', () => ({ hours: { gte: 2.5 } }), [R1, R4, R6]],
    ['hours lt', () => ({ hours: { lt: 1.5 } }), [R2, R5]],
    ['hours lte', () => ({ hours: { lte: 1.5 } }), [R2, R3, R5]],
    ['hours in', () => ({ hours: { in: [1.5, 8] } }), [R3, R6]],
    ['hours notIn', () => ({ hours: { notIn: [0, 8] } }), [R1, R3, R4]],
    ['hours between (inclusive)', () => ({ hours: { between: { lower: 1.5, upper: 4 } } }), [R1, R3, R4]],
    ['hours notBetween', () => ({ hours: { notBetween: { lower: 1.5, upper: 4 } } }), [R2, R5, R6]],
    ['hours is null', () => ({ hours: { is: null } }), []],
    ['hours isNot null', () => ({ hours: { isNot: null } }), [R1, R2, R3, R4, R5, R6]],
    ['points eq', () => ({ points: { eq: 2 } }), [R2]],
    ['points neq', () => ({ points: { neq: 5 } }), [R2, R3, R4, R5, R6]],
    ['points gt', () => ({ points: { gt: 5 } }), [R4, R6]],
    ['points gte', () => ({ points: { gte: 5 } }), [R1, R4, R6]],
    ['points lt (negative points)', () => ({ points: { lt: 1 } }), [R5]],
    ['points lte', () => ({ points: { lte: 1 } }), [R3, R5]],
    ['points in', () => ({ points: { in: [1, 2] } }), [R2, R3]],
    ['points notIn', () => ({ points: { notIn: [-2, 10] } }), [R1, R2, R3, R4]],
    ['points between (inclusive)', () => ({ points: { between: { lower: 1, upper: 5 } } }), [R1, R2, R3]],
    ['points notBetween', () => ({ points: { notBetween: { lower: 1, upper: 5 } } }), [R4, R5, R6]],
    ['an empty between range', () => ({ points: { between: { lower: 5, upper: 1 } } }), []],
  ])('activity record %s', async (_op, filter, expected) => {
    expect(await recordTitles(filter())).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['eq', { depth: { eq: 0 } }, ['CD', 'CQ-YZ-01', 'DY', 'MS']],
    ['gte', { depth: { gte: 2 } }, ['CD-JJ-CXL']],
    ['between', { depth: { between: { lower: 1, upper: 1 } } }, ['CD-BJ', 'CD-JJ', 'CD-WH', 'DY-JY-01', 'MS-01']],
  ])('organization depth %s', async (_op, filter, expected) => {
    expect(await organizationCodes(filter)).toEqual(expected);
  });
});

describe('LocalDate comparisons', () => {
  it.each<Case>([
    ['eq', () => ({ joinedOn: { eq: '2015-07-01' } }), ['赵丽']],
    ['neq', () => ({ joinedOn: { neq: '2015-07-01' } }), except('赵丽')],
    ['gt', () => ({ joinedOn: { gt: '2012-07-01' } }), ['李强', '赵丽', '周婷']],
    ['gte', () => ({ joinedOn: { gte: '2012-07-01' } }), ['王芳', '李强', '赵丽', '周婷']],
    ['lt', () => ({ joinedOn: { lt: '2009-12-01' } }), ['陈刚', '孙伟']],
    ['lte', () => ({ joinedOn: { lte: '2009-12-01' } }), ['陈刚', '刘洋', '孙伟']],
    ['in', () => ({ joinedOn: { in: ['2001-07-01', '2025-10-01'] } }), ['陈刚', '周婷']],
    ['notIn', () => ({ joinedOn: { notIn: ['2001-07-01', '2025-10-01'] } }), except('陈刚', '周婷')],
    ['between (both ends included)', () => ({ joinedOn: { between: { lower: '2009-12-01', upper: '2012-07-01' } } }), ['王芳', '张敏', '刘洋']],
    ['notBetween', () => ({ joinedOn: { notBetween: { lower: '2009-12-01', upper: '2012-07-01' } } }), ['李强', '陈刚', '赵丽', '孙伟', '周婷']],
    ['gte and lt together', () => ({ joinedOn: { gte: '2009-12-01', lt: '2015-07-01' } }), ['王芳', '张敏', '刘洋']],
    ['derived birth date', () => ({ birthDate: { gte: '1990-01-01' } }), ['王芳', '李强', '赵丽', '周婷']],
    ['is null on a nullable date', () => ({ lastContactOn: { is: null } }), ['李强', '陈刚']],
    ['isNot null', () => ({ lastContactOn: { isNot: null } }), except('李强', '陈刚')],
    ['lt leaves out nulls', () => ({ lastContactOn: { lt: '2026-06-01' } }), ['刘洋', '赵丽']],
    ['between on a nullable date', () => ({ certificateExpiresOn: { between: { lower: '2026-01-01', upper: '2027-12-31' } } }), ['王芳', '张敏']],
    ['notBetween leaves out nulls', () => ({ certificateExpiresOn: { notBetween: { lower: '2026-01-01', upper: '2027-12-31' } } }), ['刘洋', '周婷']],
  ])('member %s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });

  it('compares activity dates', async () => {
    expect(await recordTitles({ occurredOn: { between: { lower: '2026-01-01', upper: '2026-06-30' } } })).toEqual([R1, R2, R3, R4]);
    expect(await recordTitles({ occurredOn: { lt: '2026-01-01' } })).toEqual([R6]);
  });
});

describe('DateTime comparisons', () => {
  it.each<Case>([
    ['eq', () => ({ createdAt: { eq: created(3) } }), ['张敏']],
    ['eq with an offset', () => ({ createdAt: { eq: '2026-01-03T16:00:00+08:00' } }), ['张敏']],
    ['neq', () => ({ createdAt: { neq: created(3) } }), except('张敏')],
    ['gt', () => ({ createdAt: { gt: created(6) } }), ['孙伟', '周婷']],
    ['gte', () => ({ createdAt: { gte: created(6) } }), ['赵丽', '孙伟', '周婷']],
    ['lt', () => ({ createdAt: { lt: created(2) } }), ['王芳']],
    ['lte', () => ({ createdAt: { lte: created(2) } }), ['王芳', '李强']],
    ['in', () => ({ createdAt: { in: [created(1), created(8)] } }), ['王芳', '周婷']],
    ['notIn', () => ({ createdAt: { notIn: [created(1), created(8)] } }), except('王芳', '周婷')],
    ['between (inclusive)', () => ({ createdAt: { between: { lower: created(2), upper: created(4) } } }), ['李强', '张敏', '陈刚']],
    ['notBetween', () => ({ createdAt: { notBetween: { lower: created(2), upper: created(4) } } }), except('李强', '张敏', '陈刚')],
    ['is null', () => ({ createdAt: { is: null } }), []],
    ['isNot null', () => ({ createdAt: { isNot: null } }), ALL],
  ])('member createdAt %s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });
});

describe('enum comparisons', () => {
  it.each<Case>([
    ['eq', () => ({ status: { eq: 'MANAGED' } }), ['王芳', '张敏', '周婷']],
    ['neq', () => ({ status: { neq: 'MANAGED' } }), except('王芳', '张敏', '周婷')],
    ['in', () => ({ status: { in: ['RETURNED', 'TRANSFERRED'] } }), ['赵丽', '孙伟']],
    ['notIn', () => ({ status: { notIn: ['MANAGED', 'REGISTERED'] } }), ['李强', '刘洋', '赵丽', '孙伟']],
    ['is null', () => ({ status: { is: null } }), []],
    ['isNot null', () => ({ status: { isNot: null } }), ALL],
    ['gender eq (derived from the ID number)', () => ({ gender: { eq: 'FEMALE' } }), ['王芳', '张敏', '赵丽', '周婷']],
    ['partyStanding eq', () => ({ partyStanding: { eq: 'PROBATIONARY' } }), ['周婷']],
    ['mobilityType in', () => ({ mobilityType: { in: ['STUDY', 'TEMPORARY'] } }), ['李强', '陈刚', '周婷']],
  ])('member %s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });

  it.each<Case>([
    ['eq', () => ({ kind: { eq: 'VOLUNTEER_SERVICE' } }), [R1, R4, R6]],
    ['neq', () => ({ kind: { neq: 'VOLUNTEER_SERVICE' } }), [R2, R3, R5]],
    ['in', () => ({ kind: { in: ['STUDY', 'OTHER'] } }), [R3, R5]],
    ['notIn', () => ({ kind: { notIn: ['VOLUNTEER_SERVICE', 'STUDY'] } }), [R2, R5]],
  ])('activity kind %s', async (_op, filter, expected) => {
    expect(await recordTitles(filter())).toEqual(expected);
  });

  it('filters organisations by kind and level', async () => {
    expect(await organizationCodes({ kind: { eq: 'BRANCH' } })).toEqual(['CD-BJ', 'CQ-YZ-01', 'DY-JY-01', 'MS-01']);
    expect(await organizationCodes({ level: { notIn: ['CITY', 'COMMUNITY'] } })).toEqual(['CD-JJ', 'CD-JJ-CXL', 'CD-WH']);
  });
});

describe('StringArray comparisons', () => {
  it.each<Case>([
    ['contains one tag', () => ({ expertiseTags: { contains: ['护理'] } }), ['王芳', '周婷']],
    ['contains every tag', () => ({ expertiseTags: { contains: ['护理', '摄影'] } }), ['周婷']],
    ['overlaps any tag', () => ({ expertiseTags: { overlaps: ['法律', '摄影'] } }), ['李强', '周婷']],
    ['overlaps a tag shared by two', () => ({ expertiseTags: { overlaps: ['志愿者'] } }), ['王芳', '赵丽']],
    ['contains nothing (always true)', () => ({ expertiseTags: { contains: [] } }), ALL],
    ['overlaps nothing (never true)', () => ({ expertiseTags: { overlaps: [] } }), []],
  ])('member tags %s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });
});

describe('and / or', () => {
  it.each<Case>([
    ['or', () => ({ or: [{ status: { eq: 'LOST_CONTACT' } }, { partyStanding: { eq: 'PROBATIONARY' } }] }), ['刘洋', '周婷']],
    ['and', () => ({ and: [{ status: { eq: 'MANAGED' } }, { gender: { eq: 'FEMALE' } }, { expertiseTags: { contains: ['护理'] } }] }), ['王芳', '周婷']],
    ['fields beside an or are ANDed with it', () => ({ gender: { eq: 'MALE' }, or: [{ status: { eq: 'REPORTED' } }, { inflowOrganizationId: { is: null } }] }), ['李强', '陈刚']],
    [
      'nested and/or',
      () => ({
        and: [
          { or: [{ formalRegionCode: { like: '5106%' } }, { formalRegionCode: { like: '5114%' } }] },
          { or: [{ status: { in: ['MANAGED'] } }, { and: [{ lastContactOn: { is: null } }, { gender: { eq: 'MALE' } }] }] },
        ],
      }),
      ['王芳', '李强', '张敏', '陈刚', '周婷'],
    ],
    ['an empty or restricts nothing', () => ({ or: [], name: { like: '%' } }), ALL],
    ['or of one branch', () => ({ or: [{ name: { eq: '孙伟' } }] }), ['孙伟']],
  ])('%s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });
});

describe('computed filters', () => {
  it.each<[string, () => Record<string, unknown>, string[]]>([
    ['eq: the node and everything below it', () => ({ subtreeOf: { eq: org.CD } }), ['CD', 'CD-BJ', 'CD-JJ', 'CD-JJ-CXL', 'CD-WH']],
    ['eq on a leaf', () => ({ subtreeOf: { eq: org['CD-JJ-CXL'] } }), ['CD-JJ-CXL']],
    ['in: the union of subtrees', () => ({ subtreeOf: { in: [org['CD-JJ'], org.DY] } }), ['CD-JJ', 'CD-JJ-CXL', 'DY', 'DY-JY-01']],
    ['combined with another field', () => ({ subtreeOf: { eq: org.CD }, kind: { eq: 'COMMITTEE' } }), ['CD', 'CD-JJ', 'CD-WH']],
  ])('Organization.subtreeOf %s', async (_op, filter, expected) => {
    expect(await organizationCodes(filter())).toEqual(expected);
  });

  it.each<Case>([
    ['formalOrganizationSubtree eq a city', () => ({ formalOrganizationSubtree: { eq: org.DY } }), ['王芳', '李强', '赵丽']],
    ['formalOrganizationSubtree eq the host city', () => ({ formalOrganizationSubtree: { eq: org.CD } }), ['孙伟']],
    ['formalOrganizationSubtree in', () => ({ formalOrganizationSubtree: { in: [org.MS, org['CQ-YZ-01']] } }), ['张敏', '陈刚', '刘洋', '周婷']],
    ['inflowOrganizationSubtree eq a district', () => ({ inflowOrganizationSubtree: { eq: org['CD-JJ'] } }), ['王芳', '李强', '刘洋', '周婷']],
    ['inflowOrganizationSubtree eq the city', () => ({ inflowOrganizationSubtree: { eq: org.CD } }), except('陈刚', '孙伟')],
    ['inflowOrganizationSubtree in', () => ({ inflowOrganizationSubtree: { in: [org['CD-WH'], org.DY] } }), ['张敏', '赵丽', '孙伟']],
    ['formalRegionCode like (region of the formal organisation)', () => ({ formalRegionCode: { like: '5114%' } }), ['张敏', '陈刚', '周婷']],
    ['formalRegionCode eq', () => ({ formalRegionCode: { eq: '500103' } }), ['刘洋']],
    ['formalRegionCode notLike', () => ({ formalRegionCode: { notLike: '51%' } }), ['刘洋']],
  ])('Member.%s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });

  it('ActivityRecord.organizationSubtree and memberId', async () => {
    expect(await recordTitles({ organizationSubtree: { eq: org['CD-JJ'] } })).toEqual([R1, R2, R3, R4, R6]);
    expect(await recordTitles({ organizationSubtree: { in: [org['CD-WH']] } })).toEqual([R5]);
    expect(await recordTitles({ memberId: { eq: member['王芳'] }, title: { like: '%志愿服务' } })).toEqual([R1]);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['Organization', 'subtreeOf', { neq: '1' }],
    ['Member', 'formalOrganizationSubtree', { gt: '1' }],
    ['Member', 'inflowOrganizationSubtree', { notIn: ['1'] }],
    ['Member', 'inflowOrganizationSubtree', { is: null }],
  ])('%s.%s refuses other operators, naming the field', async (type, field, comparison) => {
    const list = type === 'Organization' ? 'organizations' : 'members';
    const response = await app.gql(`query($filter: ${type}Filter) { ${list}(filter: $filter) { totalCount } }`, { filter: { [field]: comparison } });
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: `filter.${field}`, reason: 'UNSUPPORTED_OPERATOR' });
  });

  it.each<Case>([
    ['transferDue is true', () => ({ transferDue: { is: true } }), ['王芳', '李强', '张敏', '刘洋', '周婷']],
    ['transferDue is false (recently left, returned or transferred)', () => ({ transferDue: { is: false } }), ['陈刚', '赵丽', '孙伟']],
    ['transferDue isNot true', () => ({ transferDue: { isNot: true } }), ['陈刚', '赵丽', '孙伟']],
    ['transferDue isNot false', () => ({ transferDue: { isNot: false } }), ['王芳', '李强', '张敏', '刘洋', '周婷']],
    ['ledgerStale is true', () => ({ ledgerStale: { is: true } }), ['李强', '刘洋']],
    ['ledgerStale is false', () => ({ ledgerStale: { is: false } }), except('李强', '刘洋')],
    ['ledgerStale isNot true', () => ({ ledgerStale: { isNot: true } }), except('李强', '刘洋')],
    ['both', () => ({ transferDue: { is: true }, ledgerStale: { is: true } }), ['李强', '刘洋']],
  ])('Member.%s', async (_op, filter, expected) => {
    expect(await memberNames(filter())).toEqual(expected);
  });

  it('the computed booleans in the response agree with the filters', async () => {
    const data = ok(await app.gql('{ members(paging: {limit: 100}) { nodes { name transferDue ledgerStale } } }'));
    expect(data.members.nodes).toEqual(
      MEMBERS.map(({ name }) => ({
        name,
        transferDue: ['王芳', '李强', '张敏', '刘洋', '周婷'].includes(name),
        ledgerStale: ['李强', '刘洋'].includes(name),
      })),
    );
  });

  it.each<[string, Record<string, unknown>]>([
    ['transferDue', { is: null }],
    ['transferDue', { is: true, isNot: true }],
    ['ledgerStale', { isNot: null }],
  ])('Member.%s refuses anything but is/isNot true/false', async (field, comparison) => {
    const response = await app.gql('query($filter: MemberFilter) { members(filter: $filter) { totalCount } }', { filter: { [field]: comparison } });
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: `filter.${field}`, reason: 'UNSUPPORTED_OPERATOR' });
  });

  it('Member.idNumber eq finds the member by the full number; the response still shows it masked', async () => {
    const idNumber = idNumbers['张敏']!;
    const data = ok(await app.gql('query($filter: MemberFilter) { members(filter: $filter) { totalCount nodes { name idNumber } } }', { filter: { idNumber: { eq: idNumber } } }));
    expect(data.members).toEqual({ totalCount: 1, nodes: [{ name: '张敏', idNumber: '5114**************' }] });
    expect(JSON.stringify(data)).not.toContain(idNumber);
  });

  it('Member.idNumber in, and a lower-case x check character, match too', async () => {
    const zhouTing = idNumbers['周婷']!;
    expect(zhouTing.endsWith('X')).toBe(true);
    expect(await memberNames({ idNumber: { eq: zhouTing.toLowerCase() } })).toEqual(['周婷']);
    expect(await memberNames({ idNumber: { in: [idNumbers['王芳'], zhouTing, nationalId('510603', '19900307', '999')] } })).toEqual(['王芳', '周婷']);
    expect(await memberNames({ idNumber: { eq: `${idNumbers['王芳']!.slice(0, 6)}` } })).toEqual([]);
  });

  it('Member.idNumber refuses pattern operators: the number is never stored in clear', async () => {
    const response = await app.gql('query($filter: MemberFilter) { members(filter: $filter) { totalCount } }', { filter: { idNumber: { like: '5106%' } } });
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.idNumber', reason: 'UNSUPPORTED_OPERATOR' });
  });
});

describe('bad filter values', () => {
  const MEMBERS_QUERY = 'query($filter: MemberFilter) { members(filter: $filter) { totalCount } }';

  it.each<[string, () => Record<string, unknown>, string]>([
    ['a non-numeric id', () => ({ id: { eq: 'abc' } }), 'filter.id.eq'],
    ['an id beyond the integer range', () => ({ id: { eq: '99999999999' } }), 'filter.id.eq'],
    ['a negative id', () => ({ id: { gt: '-1' } }), 'filter.id.gt'],
    ['a bad id in a list', () => ({ id: { in: [member['王芳'], 'abc'] } }), 'filter.id.in.1'],
    ['a bad relation id', () => ({ formalOrganizationId: { neq: '12abc' } }), 'filter.formalOrganizationId.neq'],
    ['a bad id deep in and/or', () => ({ and: [{ name: { like: '%' } }, { or: [{ id: { eq: '1.5' } }] }] }), 'filter.and.1.or.0.id.eq'],
    ['a bad subtree id', () => ({ formalOrganizationSubtree: { eq: 'abc' } }), 'filter.formalOrganizationSubtree.eq'],
  ])('%s → BAD_USER_INPUT naming the path, never a 500', async (_case, filter, field) => {
    const response = await app.gql(MEMBERS_QUERY, { filter: filter() });
    expect(response.status).toBe(200);
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason: 'INVALID_ID' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty audit event id', { id: { eq: '' } }, 'filter.id.eq'],
    ['a non-numeric audit event id in a list', { id: { in: ['1', '\u202Eabc'] } }, 'filter.id.in.1'],
  ])('%s → BAD_USER_INPUT naming the path, not a PostgreSQL error on the bigint key', async (_case, filter, field) => {
    const response = await app.gql('query($filter: AuditEventFilter) { auditEvents(filter: $filter) { totalCount } }', { filter });
    expect(response.status).toBe(200);
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason: 'INVALID_ID' });
  });

  // Every Int filter field of every list, from the served schema: a value its column's type cannot
  // hold (most are smallint) is refused under every operator, naming the path, where binding it
  // failed the statement with a 500. One the column holds is answered.
  it('refuses, for every Int filter field of every list, a value its column cannot hold under every operator, naming the path', async () => {
    const { __schema } = (await app.gql('{ __schema { queryType { fields { name args { name type { name } } } } } }')).data!;
    const lists = (__schema.queryType.fields as { name: string; args: { name: string; type: { name: string | null } }[] }[]).filter((field) =>
      field.args.some((arg) => arg.name === 'paging'),
    );
    const cases: string[] = [];
    for (const list of lists) {
      const filterType = list.args.find((arg) => arg.name === 'filter')!.type.name!;
      const fields = (await app.gql('query($name: String!) { __type(name: $name) { inputFields { name type { name } } } }', { name: filterType })).data!.__type.inputFields as {
        name: string;
        type: { name: string };
      }[];
      for (const { name } of fields.filter((field) => field.type.name === 'IntFieldComparison')) {
        const query = `query($filter: ${filterType}) { ${list.name}(filter: $filter) { totalCount } }`;
        for (const [op, value, path] of [
          ['gte', 40_000, 'gte'],
          ['lt', -40_000, 'lt'],
          ['in', [1, 40_000], 'in.1'],
          ['between', { lower: 0, upper: 32_768 }, 'between.upper'],
          ['notBetween', { lower: -32_769, upper: 0 }, 'notBetween.lower'],
        ] as const) {
          const response = await app.gql(query, { filter: { [name]: { [op]: value } } });
          expect([list.name, name, op, response.status, onlyError(response).extensions]).toEqual([
            list.name,
            name,
            op,
            200,
            { code: 'BAD_USER_INPUT', field: `filter.${name}.${path}`, reason: 'OUT_OF_RANGE' },
          ]);
        }
        const held = await app.gql(query, { filter: { [name]: { between: { lower: -32_768, upper: 32_767 } } } });
        expect([list.name, name, held.errors]).toEqual([list.name, name, undefined]);
        cases.push(`${list.name}.${name}`);
      }
    }
    expect(cases).toEqual(expect.arrayContaining(['activityRecords.points', 'organizations.depth', 'monthlyScores.score']));
  });

  it('names the list item of a bad subtree id in a one-element list', async () => {
    const response = await app.gql(MEMBERS_QUERY, { filter: { inflowOrganizationSubtree: { in: ['abc'] } } });
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.inflowOrganizationSubtree.in.0', reason: 'INVALID_ID' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['is true on a string', { name: { is: true } }, 'filter.name.is'],
    ['isNot false on a date', { joinedOn: { isNot: false } }, 'filter.joinedOn.isNot'],
    ['is false on an enum', { status: { is: false } }, 'filter.status.is'],
  ])('%s → BAD_USER_INPUT: only null compares there', async (_case, filter, field) => {
    const response = await app.gql(MEMBERS_QUERY, { filter });
    expect(response.status).toBe(200);
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason: 'UNSUPPORTED_OPERATOR' });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a NUL character in text', { name: { eq: 'a\u0000b' } }, 'filter.name.eq', 'TEXT'],
    ['a NUL character in a list item', { name: { in: ['王芳', '\u0000'] } }, 'filter.name.in.1', 'TEXT'],
    ['a NUL character in a tag', { expertiseTags: { contains: ['护理\u0000'] } }, 'filter.expertiseTags.contains.0', 'TEXT'],
    ['a pattern ending in a lone backslash', { name: { like: '%\\' } }, 'filter.name.like', 'PATTERN'],
    ['a notILike pattern ending in three backslashes', { formalRegionCode: { notILike: '51\\\\\\' } }, 'filter.formalRegionCode.notILike', 'PATTERN'],
    ['the year 0000 in a date-time', { createdAt: { in: ['2026-01-01T00:00:00Z', '0000-06-01T00:00:00Z'] } }, 'filter.createdAt.in.1', 'DATE'],
  ])('%s → BAD_USER_INPUT, not a PostgreSQL error', async (_case, filter, field, reason) => {
    const response = await app.gql(MEMBERS_QUERY, { filter });
    expect(response.status).toBe(200);
    expect(onlyError(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason });
  });

  it.each<[string, Record<string, unknown>]>([
    ['the year 0000 in a date', { joinedOn: { eq: '0000-01-01' } }],
    ['the year 0000 in a range', { joinedOn: { between: { lower: '0000-01-01', upper: '2000-01-01' } } }],
  ])('%s is refused by the LocalDate scalar before anything runs', async (_case, filter) => {
    const response = await app.gql(MEMBERS_QUERY, { filter });
    expect(response.status).toBe(400);
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('before 1900');
  });

  it('finds a literal backslash or percent sign when escaped', async () => {
    expect(await memberNames({ name: { like: '%\\\\' } })).toEqual([]);
    expect(await memberNames({ name: { notLike: '%\\%' } })).toEqual(ALL);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an impossible date', { joinedOn: { eq: '2026-02-30' } }],
    ['a date-time without a zone', { createdAt: { gt: '2026-01-01 08:00' } }],
    ['a boolean id', { id: { eq: true } }],
    ['an unknown enum value', { status: { eq: 'HOLIDAY' } }],
    ['an unknown field', { nickname: { eq: '小王' } }],
  ])('%s is refused by GraphQL as BAD_USER_INPUT, not a 500', async (_case, filter) => {
    const response = await app.gql(MEMBERS_QUERY, { filter });
    expect(response.status).toBeLessThan(500);
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('names the input path of a bad filter in updateMany and of a nested connection', async () => {
    const update = await app.gql('mutation($input: UpdateManyMembersInput!) { updateManyMembers(input: $input) { updatedCount } }', {
      input: { filter: { id: { eq: 'abc' } }, update: { occupation: '教师' } },
    });
    expect(onlyError(update).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.id.eq', reason: 'INVALID_ID' });
    const nested = await app.gql('query($id: ID!) { organization(id: $id) { members(filter: {id: {eq: "abc"}}) { totalCount } } }', { id: org['MS-01'] });
    expect(onlyError(nested).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.id.eq', reason: 'INVALID_ID' });
  });
});
