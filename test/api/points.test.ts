import {
  ACTIVITY_YEAR,
  as,
  buildWorld,
  createActivity,
  CREATE_CONTACT,
  CREATE_POINTS_SCHEME,
  ok,
  PUBLISH_QUARTER,
  RECORD_POINTS,
  twelvePointVersion,
  type World,
} from '../access/fixtures';
import { startTestApp, type TestApp } from '../support/app';

/**
 * 十二分制 points: schemes and versions, monthly scores against ground truth computed here from
 * the records, caps, publication freezing, adjustments, what partners see, and the year score on
 * the draft return.
 */

let app: TestApp;
let world: World;
const Y = ACTIVITY_YEAR;

beforeAll(async () => {
  app = await startTestApp('empty');
  world = await buildWorld(app);
}, 180_000);
afterAll(() => app?.close());

const SCORE_FIELDS = 'id memberId organizationId month year score adjustment total publicationId schemeVersionId items { code label count raw counted } adjustments { value reason }';
const scoresOf = async (filter: string, credential: string | null = app.adminToken) =>
  ok(await app.gqlAs(credential, `{ monthlyScores(filter: ${filter}, paging: {limit: 500}, sorting: [{field: id, direction: ASC}]) { totalCount nodes { ${SCORE_FIELDS} } } }`)).monthlyScores;
const recompute = async (organizationId: string, year = Y) =>
  ok(await app.gql('mutation($input: RecomputeMonthlyScoresInput!) { recomputeMonthlyScores(input: $input) { created updated deleted } }', { input: { organizationId, year } })).recomputeMonthlyScores;
const fieldOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.[0]?.extensions?.field;

interface Item {
  code: string;
  label: string;
  source: string;
  activityKind?: string;
  contactKind?: string;
  value: number;
  monthCap?: number;
  yearCap?: number;
}

/** The score of each member and month, computed here from the raw records and the scheme as the test wrote it. */
async function groundTruth(memberIds: string[], items: Item[], year: number): Promise<Map<string, { score: number; items: Record<string, number> }>> {
  const records = await app.sql<{ member_id: string; kind: string; month: string }>(
    `select member_id::text, kind::text, to_char(occurred_on, 'YYYY-MM-01') as month from activity_record
      where member_id = any(array[?]::int[]) and extract(year from occurred_on) = ? order by occurred_on`,
    [memberIds.map(Number), year],
  );
  const contacts = await app.sql<{ member_id: string; kind: string; month: string }>(
    `select member_id::text, kind::text, to_char(occurred_on, 'YYYY-MM-01') as month from contact_record
      where member_id = any(array[?]::int[]) and extract(year from occurred_on) = ? order by occurred_on`,
    [memberIds.map(Number), year],
  );
  const entries = await app.sql<{ member_id: string; item_code: string; value: number; month: string }>(
    `select member_id::text, item_code, value, to_char(occurred_on, 'YYYY-MM-01') as month from points_entry
      where member_id = any(array[?]::int[]) and extract(year from occurred_on) = ? and not adjustment`,
    [memberIds.map(Number), year],
  );
  const raw = new Map<string, number>(); // member|code|month → sum
  const add = (member: string, code: string, month: string, value: number) => raw.set(`${member}|${code}|${month}`, (raw.get(`${member}|${code}|${month}`) ?? 0) + value);
  for (const record of records) {
    const item = items.find((candidate) => candidate.source === 'ACTIVITY' && candidate.activityKind === record.kind);
    if (item) add(record.member_id, item.code, record.month, item.value);
  }
  for (const contact of contacts) {
    const item = items.find((candidate) => candidate.source === 'CONTACT' && candidate.contactKind === contact.kind);
    if (item) add(contact.member_id, item.code, contact.month, item.value);
  }
  for (const entry of entries) {
    const item = items.find((candidate) => candidate.source === 'MANUAL' && candidate.code === entry.item_code);
    if (item) add(entry.member_id, item.code, entry.month, entry.value);
  }
  const cap = (x: number, limit?: number) => (limit == null ? x : Math.sign(x) * Math.min(Math.abs(x), limit));
  const result = new Map<string, { score: number; items: Record<string, number> }>();
  for (const member of memberIds) {
    for (const item of items) {
      let total = 0;
      for (let m = 1; m <= 12; m++) {
        const month = `${year}-${String(m).padStart(2, '0')}-01`;
        const sum = raw.get(`${member}|${item.code}|${month}`);
        if (sum === undefined) continue;
        const monthly = cap(sum, item.monthCap);
        const counted = cap(total + monthly, item.yearCap) - cap(total, item.yearCap);
        total += monthly;
        const key = `${member}|${month}`;
        const row = result.get(key) ?? { score: 0, items: {} };
        row.score += counted;
        row.items[item.code] = counted;
        result.set(key, row);
      }
    }
  }
  return result;
}

async function expectScoresMatchGroundTruth(memberIds: string[], items: Item[]) {
  const expected = await groundTruth(memberIds, items, Y);
  const rows = (await scoresOf(`{memberId: {in: ${JSON.stringify(memberIds)}}, year: {eq: ${Y}}}`)).nodes as { memberId: string; month: string; score: number; items: { code: string; counted: number }[] }[];
  const actual = new Map(rows.filter((row) => row.items.length > 0).map((row) => [`${row.memberId}|${row.month}`, { score: row.score, items: Object.fromEntries(row.items.map((item) => [item.code, item.counted])) }]));
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  // Months without anything counted hold 0 (rows made by publication) or no row at all.
  for (const row of rows) if (row.items.length === 0) expect(row.score).toBe(0);
}

describe('schemes and versions', () => {
  it('refuses bad rules, naming the field', async () => {
    const create = (input: Record<string, unknown>) => app.gql(CREATE_POINTS_SCHEME, { input: { name: '测试方案', ownerOrganizationId: world.org.GZ, ...input } });
    const cases: [Record<string, unknown>, string][] = [
      [{ version: twelvePointVersion({ items: [{ code: 'ORG_LIFE', label: '组织生活', source: 'ACTIVITY', value: 1 }] }) }, 'version.items.0.activityKind'],
      [{ version: twelvePointVersion({ items: [{ code: 'A', label: 'a', source: 'MANUAL', value: 1 }, { code: 'A', label: 'b', source: 'MANUAL', value: -1 }] }) }, 'version.items.1.code'],
      [{ version: twelvePointVersion({ items: [{ code: 'A', label: 'a', source: 'MANUAL', value: 0 }] }) }, 'version.items.0.value'],
      [{ version: twelvePointVersion({ items: [{ code: 'TR', label: '思想汇报', source: 'CONTACT', value: 1 }] }) }, 'version.items.0.contactKind'],
      [{ version: twelvePointVersion({ items: [{ code: 'TR', label: '思想汇报', source: 'MANUAL', contactKind: 'THOUGHT_REPORT', value: 1 }] }) }, 'version.items.0.contactKind'],
      [{ version: twelvePointVersion({ qualifiedFrom: 20 }) }, 'version.qualifiedFrom'],
      [{ agreementId: world.agreements.D, version: twelvePointVersion() }, 'ownerOrganizationId'],
      [{ version: twelvePointVersion({ fromYear: 1999 }) }, 'version.fromYear'],
    ];
    for (const [input, field] of cases) {
      const response = await create(input);
      expect({ field, code: response.errors?.[0]?.extensions?.code, named: fieldOf(response) }).toEqual({ field, code: 'BAD_USER_INPUT', named: field });
    }
  });

  it('revising adds a version from a later year; the years already scored keep theirs', async () => {
    const revise = (version: Record<string, unknown>) =>
      app.gql('mutation($input: RevisePointsSchemeInput!) { revisePointsScheme(input: $input) { id version versions { nodes { number fromYear baseScore } } } }', {
        input: { schemeId: world.points.schemeCq, version },
      });
    const early = await revise(twelvePointVersion({ fromYear: 2023 }));
    expect(fieldOf(early)).toBe('version.fromYear');
    const revised = ok(await revise(twelvePointVersion({ fromYear: Y + 1, baseScore: 10 }))).revisePointsScheme;
    expect(revised.versions.nodes).toEqual([
      { number: 1, fromYear: 2024, baseScore: 12 },
      { number: 2, fromYear: Y + 1, baseScore: 10 },
    ]);
    const [v1] = await app.sql<{ id: string }>('select id::text from points_scheme_version where scheme_id = ? and number = 1', [Number(world.points.schemeCq)]);
    await recompute(world.org.CD);
    const rows = (await scoresOf(`{memberId: {in: ${JSON.stringify(world.members.aCq)}}, year: {eq: ${Y}}}`)).nodes as { schemeVersionId: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.schemeVersionId))).toEqual(new Set([v1!.id]));
  });
});

describe('monthly scores', () => {
  it('match the ground truth computed from the records, with the caps applied', async () => {
    const member = world.members.aCq[2]!;
    // Three theme days in one month count 2 (month cap); four merits in a year count 3 (year cap).
    for (const day of ['08-05', '08-12', '08-19']) await createActivity(app, { memberId: member, organizationId: world.org['CD-JJ-CXL'], occurredOn: `${Y}-${day}`, kind: 'THEME_PARTY_DAY' });
    await createActivity(app, { memberId: member, organizationId: world.org['CD-JJ-CXL'], occurredOn: `${Y}-08-20`, kind: 'STUDY', title: '网上学习' });
    ok(
      await app.gql(RECORD_POINTS, {
        input: { entries: ['07-01', '08-01', '09-01', '10-01'].map((day) => ({ memberId: member, organizationId: world.org['CD-JJ-CXL'], occurredOn: `${Y}-${day}`, itemCode: 'MERIT', reason: '志愿服务表现突出' })) },
      }),
    );
    await recompute(world.org.CD);
    const rows = (await scoresOf(`{memberId: {eq: ${member}}, month: {gte: "${Y}-07-01"}}`)).nodes;
    expect(rows.map((row: { month: string; score: number }) => [row.month, row.score])).toEqual([
      [`${Y}-07-01`, 1],
      [`${Y}-08-01`, 4], // theme days 2 (capped) + study 1 + merit 1
      [`${Y}-09-01`, 1],
      [`${Y}-10-01`, 0], // the fourth merit: the year cap of 3 is spent
    ]);
    expect(rows[1].items).toEqual([
      { code: 'MERIT', label: '表现突出', count: 1, raw: 1, counted: 1 },
      { code: 'ORG_LIFE', label: '参加主题党日', count: 3, raw: 3, counted: 2 },
      { code: 'STUDY', label: '网上学习交流', count: 1, raw: 1, counted: 1 },
    ]);
    await expectScoresMatchGroundTruth(world.members.aCq, twelvePointVersion().items as Item[]);
    await expectScoresMatchGroundTruth(world.members.b, [{ code: 'ORG_LIFE', label: '三会一课', source: 'ACTIVITY', activityKind: 'THREE_MEETINGS_ONE_LESSON', value: 1 }]);
  });

  it('count contact records under a CONTACT item: two thought reports in one month give 1 (month cap)', async () => {
    const member = world.members.aCq[1]!;
    for (const day of ['11-03', '11-20']) {
      ok(await app.gql(CREATE_CONTACT, { input: { contactRecord: { memberId: member, kind: 'THOUGHT_REPORT', occurredOn: `${Y}-${day}`, heldBy: '支委委员' } } }));
    }
    await recompute(world.org.CD);
    const [november] = (await scoresOf(`{memberId: {eq: ${member}}, month: {eq: "${Y}-11-01"}}`)).nodes;
    expect(november.items).toContainEqual({ code: 'THOUGHT_REPORT', label: '按时报送思想汇报', count: 2, raw: 2, counted: 1 });
    await expectScoresMatchGroundTruth(world.members.aCq, twelvePointVersion().items as Item[]);
  });

  it('recomputing twice changes nothing the second time', async () => {
    await recompute(world.org.CD);
    expect(await recompute(world.org.CD)).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  it('an entry of a month not yet published moves its score at once, and deleting it takes that back', async () => {
    const member = world.members.aCq[4]!;
    const june = async () => (await scoresOf(`{memberId: {eq: ${member}}, month: {eq: "${Y}-06-01"}}`)).nodes as { score: number }[];
    expect(await june()).toEqual([]);
    const [entry] = ok(
      await app.gql(RECORD_POINTS, { input: { entries: [{ memberId: member, organizationId: world.org['CD-JJ-CXL'], occurredOn: `${Y}-06-03`, itemCode: 'ABSENT', reason: '六月主题党日无故缺席' }] } }),
    ).recordPointsEntries;
    expect(entry.adjustment).toBe(false);
    expect((await june()).map((row) => row.score)).toEqual([-2]);
    const deleted = ok(await app.gql('mutation($id: ID!) { deletePointsEntry(id: $id) { id memberId reason } }', { id: entry.id })).deletePointsEntry;
    expect(deleted).toEqual({ id: entry.id, memberId: member, reason: '六月主题党日无故缺席' });
    expect(await june()).toEqual([]);
  });

  it('an entry needs a MANUAL item of the member\'s scheme and a reason', async () => {
    const entry = (overrides: Record<string, unknown>) => ({ memberId: world.members.aCq[3], organizationId: world.org['CD-JJ-CXL'], occurredOn: `${Y}-06-01`, itemCode: 'ABSENT', reason: '缺席', ...overrides });
    const before = await app.sql('select count(*)::int as n from points_entry');
    const cases: [Record<string, unknown>[], string][] = [
      [[entry({}), entry({ itemCode: 'ORG_LIFE' })], 'entries.1.itemCode'],
      [[entry({ reason: '  ' })], 'entries.0.reason'],
      [[entry({ memberId: world.members.aCd[0] })], 'entries.0.memberId'],
      [[entry({ occurredOn: '2999-01-01' })], 'entries.0.occurredOn'],
    ];
    for (const [entries, field] of cases) expect(fieldOf(await app.gql(RECORD_POINTS, { input: { entries } }))).toBe(field);
    expect(await app.sql('select count(*)::int as n from points_entry')).toEqual(before);
  });
});

describe('publication', () => {
  const member = () => world.members.aCq[0]!;

  it('freezes the quarter: new records do not move it, entries become adjustments shown beside it', async () => {
    const february = async () => (await scoresOf(`{memberId: {eq: ${member()}}, month: {eq: "${Y}-02-01"}}`)).nodes[0];
    const frozen = await february();
    expect(frozen).toMatchObject({ score: -2, adjustment: 0, publicationId: world.points.publication });

    await createActivity(app, { memberId: member(), organizationId: world.org['CD-JJ-CXL'], occurredOn: `${Y}-02-20`, kind: 'THEME_PARTY_DAY' });
    await recompute(world.org.CD);
    expect(await february()).toEqual(frozen);

    const recorded = ok(
      await app.gql(RECORD_POINTS, {
        input: { entries: [{ memberId: member(), organizationId: world.org['CD-JJ-CXL'], occurredOn: `${Y}-02-20`, itemCode: 'MERIT', value: 2, reason: '二月缺席系因公出差，予以更正' }] },
      }),
    ).recordPointsEntries[0];
    expect(recorded.adjustment).toBe(true);
    expect(await february()).toMatchObject({ score: -2, adjustment: 2, total: 0, adjustments: [{ value: 2, reason: '二月缺席系因公出差，予以更正' }] });

    const quarter = ok(
      await app.gql(`query($id: ID!) { pointsQuarter(organizationId: $id, year: ${Y}, quarter: 1) { months publication { id publishedBy } rows { memberId memberName scores adjustment total } } }`, {
        id: world.org['CD-JJ-CXL'],
      }),
    ).pointsQuarter;
    expect(quarter.months).toEqual([`${Y}-01-01`, `${Y}-02-01`, `${Y}-03-01`]);
    expect(quarter.publication).toEqual({ id: world.points.publication, publishedBy: 'root' });
    expect(quarter.rows.find((row: { memberId: string }) => row.memberId === member())).toMatchObject({ scores: [0, -2, 1], adjustment: 2, total: 1 });
    expect(quarter.rows.map((row: { memberId: string }) => row.memberId).sort()).toEqual([...world.members.aCq, ...world.members.b].sort());

    const deleted = await app.gql('mutation($id: ID!) { deletePointsEntry(id: $id) { id } }', { id: recorded.id });
    expect(deleted.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PUBLISHED' });
  });

  it('publishes a quarter once', async () => {
    const again = await app.gql(PUBLISH_QUARTER, { input: { organizationId: world.org['CD-JJ-CXL'], year: Y, quarter: 1 } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PUBLISHED' });
    expect(fieldOf(await app.gql(PUBLISH_QUARTER, { input: { organizationId: world.org['CD-JJ-CXL'], year: Y, quarter: 5 } }))).toBe('quarter');
  });
});

describe('what partners see', () => {
  it('partner A reads the published scores of the members A covers, and nothing unpublished', async () => {
    const partnerA = as(app, world, 'partnerA');
    const rows = ok(await partnerA(`{ monthlyScores(paging: {limit: 500}) { totalCount nodes { memberId month publicationId } } }`)).monthlyScores;
    const expected = await app.sql<{ n: number }>(`select count(*)::int as n from monthly_score where publication_id is not null and member_id = any(array[?]::int[])`, [world.members.a.map(Number)]);
    expect(rows.totalCount).toBe(expected[0]!.n);
    expect(rows.totalCount).toBeGreaterThan(0);
    for (const row of rows.nodes) {
      expect(world.members.a).toContain(row.memberId);
      expect(row.publicationId).not.toBeNull();
    }
    expect(ok(await partnerA('{ pointsEntries { totalCount } }')).pointsEntries.totalCount).toBe(0);
    const q2 = ok(await partnerA(`query($id: ID!) { pointsQuarter(organizationId: $id, year: ${Y}, quarter: 2) { publication { id } rows { memberId } } }`, { id: world.org['CD-JJ-CXL'] })).pointsQuarter;
    expect(q2).toEqual({ publication: null, rows: [] });
    const q1 = ok(await partnerA(`query($id: ID!) { pointsQuarter(organizationId: $id, year: ${Y}, quarter: 1) { rows { memberId } } }`, { id: world.org['CD-JJ-CXL'] })).pointsQuarter;
    expect(q1.rows.map((row: { memberId: string }) => row.memberId).sort()).toEqual([...world.members.aCq].sort());
  });

  it('partner B never sees a score of agreement A\'s members', async () => {
    const rows = ok(await as(app, world, 'partnerB')(`{ monthlyScores(paging: {limit: 500}) { nodes { memberId } } }`)).monthlyScores.nodes;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(world.members.b).toContain(row.memberId);
  });
});

describe('the year-end return', () => {
  it('carries the year score, the items behind it, the grade the points suggest and the online study months', async () => {
    ok(await app.gql('mutation($input: GenerateAnnualFeedbackDraftsInput!) { generateAnnualFeedbackDrafts(input: $input) { created } }', { input: { agreementId: world.agreements.A, year: Y } }));
    const again = ok(await app.gql('mutation($input: GenerateAnnualFeedbackDraftsInput!) { generateAnnualFeedbackDrafts(input: $input) { created refreshed } }', { input: { agreementId: world.agreements.A, year: Y } }));
    expect(again.generateAnnualFeedbackDrafts).toEqual({ created: 0, refreshed: 0 });
    const member = world.members.aCq[2]!;
    const [ret] = ok(
      await app.gql(`query($id: ID!) { annualFeedbacks(filter: {memberId: {eq: $id}, agreementId: {eq: "${world.agreements.A}"}}) { nodes { id version status yearScore points pointsGrade suggestedGrade onlineStudyMonths scoreItems { code counted } } } }`, { id: member }),
    ).annualFeedbacks.nodes;
    const [sum] = await app.sql<{ total: number }>('select coalesce(sum(score + adjustment), 0)::int as total from monthly_score where member_id = ? and year = ?', [Number(member), Y]);
    const [studyMonths] = await app.sql<{ n: number }>(`select count(distinct date_trunc('month', occurred_on))::int as n from activity_record where member_id = ? and kind = 'STUDY' and extract(year from occurred_on) = ?`, [Number(member), Y]);
    expect(ret).toMatchObject({ yearScore: 12 + sum!.total, points: 12 + sum!.total, onlineStudyMonths: studyMonths!.n });
    expect(ret.onlineStudyMonths).toBeGreaterThan(0);
    // Theme days in March and August (2 + 1), study 1, merits 3: 12 + 7 = 19, at or above 14 suggests 优秀.
    expect(ret.yearScore).toBe(19);
    expect(ret.pointsGrade).toBe('EXCELLENT');
    // The points suggest; people decide: nothing is graded behind their back.
    expect(ret.suggestedGrade).toBeNull();
    expect(ret.scoreItems).toEqual([
      { code: 'MERIT', counted: 3 },
      { code: 'ORG_LIFE', counted: 3 },
      { code: 'STUDY', counted: 1 },
    ]);

    expect(ret.status).toBe('DRAFT');
    const update = (update: Record<string, unknown>) =>
      app.gql('mutation($input: UpdateOneAnnualFeedbackInput!) { updateOneAnnualFeedback(input: $input) { version suggestedGrade gradeReason warnings } }', { input: { id: ret.id, update } });
    const unexplained = ok(await update({ version: ret.version, suggestedGrade: 'QUALIFIED' })).updateOneAnnualFeedback;
    expect(unexplained.warnings).toContain('GRADE_DIFFERS_FROM_POINTS');
    const explained = ok(await update({ version: unexplained.version, gradeReason: '积分中含重复计入的活动，经支部研究定为合格' })).updateOneAnnualFeedback;
    expect(explained).toMatchObject({ suggestedGrade: 'QUALIFIED', gradeReason: '积分中含重复计入的活动，经支部研究定为合格' });
    expect(explained.warnings).not.toContain('GRADE_DIFFERS_FROM_POINTS');
    const agreeing = ok(await update({ version: explained.version, suggestedGrade: 'EXCELLENT', gradeReason: null })).updateOneAnnualFeedback;
    expect(agreeing.warnings).not.toContain('GRADE_DIFFERS_FROM_POINTS');
    // Generating again keeps what people decided.
    ok(await app.gql('mutation($input: GenerateAnnualFeedbackDraftsInput!) { generateAnnualFeedbackDrafts(input: $input) { created } }', { input: { agreementId: world.agreements.A, year: Y } }));
    const after = ok(await app.gql(`query($id: ID!) { annualFeedback(id: $id) { suggestedGrade pointsGrade } }`, { id: ret.id })).annualFeedback;
    expect(after).toEqual({ suggestedGrade: 'EXCELLENT', pointsGrade: 'EXCELLENT' });
  });
});
