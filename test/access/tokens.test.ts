import { getNamedType, isLeafType, isObjectType } from 'graphql';
import { generateApiToken } from '../../api/access/token-format';
import { contractSchema } from './expectations';
import {
  ACTIVITY_YEAR,
  buildWorld,
  CREATE_AGREEMENT,
  inDays,
  ISSUE_TOKEN,
  issueToken,
  ok,
  REVOKE_TOKEN,
  tamper,
  UPDATE_AGREEMENT,
  type World,
} from './fixtures';
import { type LoggedApp, startLoggedApp } from './logged-app';

/**
 * API tokens from issue to refusal: the secret is shown once and kept nowhere, every way a token
 * stops working takes effect on the very next request, input is checked field by field, and the
 * audit trail records issue, revoke and every personal-data read — and cannot itself be changed.
 */

let app: LoggedApp;
let world: World;

beforeAll(async () => {
  app = await startLoggedApp();
  world = await buildWorld(app);
}, 120_000);
afterAll(() => app?.close());

const sql = <T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> => app.sql(query, params);
const MEMBERS = '{ members { totalCount nodes { id } } }';
const TOKEN_SHAPE = /^ggt_([0-9A-Za-z]{12})_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

/** Every field of ApiToken in the contract, objects by id: what an admin can ever read of a token. */
function everyApiTokenField(): string {
  const type = contractSchema().getType('ApiToken');
  if (!isObjectType(type)) throw new Error('ApiToken is not an object type');
  return Object.values(type.getFields())
    .map((field) => (isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { id }`))
    .join(' ');
}

async function issueForA(name: string, overrides: Record<string, unknown> = {}) {
  return issueToken(app, { name, agreementId: world.agreements.A, scopes: ['MEMBERS_READ'], expiresAt: inDays(30), ...overrides });
}

describe('issuing a token', () => {
  let issued: { token: string; id: string; publicId: string };

  beforeAll(async () => {
    issued = await issueForA('重庆市委组织部（密钥测试）');
    // Use it, and fail with it, so that every code path that might log or store it has run.
    ok(await app.gqlAs(issued.token, MEMBERS));
    await app.gqlAs(tamper(issued.token), MEMBERS);
  });

  it('returns the secret once, in the ggt_ format, carrying the public id', async () => {
    const match = TOKEN_SHAPE.exec(issued.token);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(issued.publicId);
  });

  it('never shows the secret again: no field of ApiToken, in the list or one by one', async () => {
    const fields = everyApiTokenField();
    const list = await app.gql(`{ apiTokens(paging: {limit: 500}) { nodes { ${fields} } } }`);
    const one = await app.gql(`query($id: ID!) { apiToken(id: $id) { ${fields} } }`, { id: issued.id });
    expect(list.errors).toBeUndefined();
    expect(one.errors).toBeUndefined();
    const secret = TOKEN_SHAPE.exec(issued.token)![2]!;
    for (const response of [list, one]) {
      expect(JSON.stringify(response.data)).not.toContain(secret);
      expect(JSON.stringify(response.data)).not.toContain(issued.token);
    }
    expect(one.data!.apiToken.publicId).toBe(issued.publicId);
    const type = contractSchema().getType('ApiToken');
    expect(Object.keys(isObjectType(type) ? type.getFields() : {}).filter((name) => /secret|hash|^token$/i.test(name))).toEqual([]);
  });

  it('stores no trace of the secret in api_token (every column, as text)', async () => {
    const rows = await sql<{ row: string }>('select t::text as row from api_token t');
    const secret = TOKEN_SHAPE.exec(issued.token)![2]!;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.row.includes(issued.publicId))).toHaveLength(1);
    expect(rows.filter((row) => row.row.includes(secret) || row.row.includes(issued.token))).toEqual([]);
  });

  it('stores no trace of the secret in audit_event', async () => {
    const rows = await sql<{ row: string }>('select e::text as row from audit_event e');
    const secret = TOKEN_SHAPE.exec(issued.token)![2]!;
    expect(rows.filter((row) => row.row.includes(secret) || row.row.includes(issued.token))).toEqual([]);
  });

  it('writes the secret to no server log line', async () => {
    const secret = TOKEN_SHAPE.exec(issued.token)![2]!;
    // The capture works: the requests above were logged.
    expect(app.logs.filter((line) => line.includes('"/graphql"')).length).toBeGreaterThan(3);
    expect(app.logs.filter((line) => line.includes(secret) || line.includes(issued.token))).toEqual([]);
    // …nor any other credential: sessions and the secrets of the world's tokens.
    const credentials = Object.values(world.credentials).filter((credential): credential is string => !!credential && credential.length > 20);
    expect(app.logs.filter((line) => credentials.some((credential) => line.includes(credential)))).toEqual([]);
  });
});

describe('using a token', () => {
  it('works while valid, and the next request after revocation is 401', async () => {
    const issued = await issueForA('吊销测试');
    const before = await app.gqlAs(issued.token, MEMBERS);
    expect(before.status).toBe(200);
    expect(before.data!.members.totalCount).toBe(world.members.a.length);

    ok(await app.gql(REVOKE_TOKEN, { id: issued.id }));
    const after = await app.gqlAs(issued.token, MEMBERS);
    expect(after.status).toBe(401);
    expect(after.errors).toEqual([{ message: 'This API token has been revoked', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('is refused with 401 once expired', async () => {
    const issued = await issueForA('过期测试');
    expect((await app.gqlAs(issued.token, MEMBERS)).status).toBe(200);
    await sql(`update api_token set expires_at = now() - interval '1 minute' where id = ?`, [Number(issued.id)]);
    const after = await app.gqlAs(issued.token, MEMBERS);
    expect(after.status).toBe(401);
    expect(after.errors).toEqual([{ message: 'This API token has expired', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('is refused with 401 as soon as its agreement is suspended', async () => {
    const agreementId = ok(
      await app.gql(CREATE_AGREEMENT, {
        input: { agreement: { code: 'CD-ZY-2025', title: '成都市—资阳市协议', hostRegionCode: '510100', partnerRegionCode: '512000', direction: 'PARTNER_TO_HOST', effectiveFrom: '2025-01-01', status: 'ACTIVE' } },
      }),
    ).createOneAgreement.id;
    const issued = await issueToken(app, { name: '资阳市委组织部', agreementId, scopes: ['MEMBERS_READ'], expiresAt: inDays(30) });
    expect((await app.gqlAs(issued.token, MEMBERS)).status).toBe(200);
    ok(await app.gql(UPDATE_AGREEMENT, { input: { id: agreementId, update: { status: 'SUSPENDED' } } }));
    const after = await app.gqlAs(issued.token, MEMBERS);
    expect(after.status).toBe(401);
    expect(after.errors).toEqual([{ message: 'The agreement this token was issued under is not in force', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('refuses a token with one character changed as a checksum error, before any database look-up', async () => {
    const token = world.credentials.partnerA!;
    const altered = tamper(token);
    expect(altered).toHaveLength(token.length);
    app.queries.length = 0;
    const response = await app.gqlAs(altered, MEMBERS);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(response.errors?.[0]?.message).toMatch(/checksum/);
    expect(app.queries).toEqual([]);
  });

  it('looks up a well-formed token it does not know, and refuses it the same way (401)', async () => {
    const unknown = generateApiToken().token;
    app.queries.length = 0;
    const response = await app.gqlAs(unknown, MEMBERS);
    expect(response.status).toBe(401);
    expect(response.errors).toEqual([{ message: 'Unknown API token', extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(app.queries.length).toBeGreaterThan(0);
  });
});

describe('issue input', () => {
  const issue = (input: Record<string, unknown>) =>
    app.gql(ISSUE_TOKEN, { input: { name: '输入校验', agreementId: world.agreements.A, scopes: ['MEMBERS_READ'], expiresAt: inDays(30), ...input } });
  const fieldOf = (response: Awaited<ReturnType<typeof issue>>) => ({ errors: response.errors?.map((error) => ({ code: error.extensions?.code, field: error.extensions?.field })), data: response.data ?? null });

  it.each([
    ['more than 400 days ahead', () => inDays(401)],
    ['in the past', () => inDays(-1)],
    ['right now', () => new Date().toISOString()],
  ])('refuses an expiry %s on input.expiresAt', async (_case, expiresAt) => {
    expect(fieldOf(await issue({ expiresAt: expiresAt() }))).toEqual({ errors: [{ code: 'BAD_USER_INPUT', field: 'expiresAt' }], data: null });
  });

  it('accepts an expiry 399 days ahead', async () => {
    expect((await issue({ expiresAt: inDays(399) })).errors).toBeUndefined();
  });

  it('requires an agreement for members:read on input.agreementId', async () => {
    expect(fieldOf(await issue({ agreementId: null }))).toEqual({ errors: [{ code: 'BAD_USER_INPUT', field: 'agreementId' }], data: null });
  });

  it.each(['FEEDBACK_READ', 'FEEDBACK_SUBMIT', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE'])('requires years with %s on input.years', async (scope) => {
    expect(fieldOf(await issue({ scopes: ['MEMBERS_READ', scope] }))).toEqual({ errors: [{ code: 'BAD_USER_INPUT', field: 'years' }], data: null });
    expect((await issue({ scopes: ['MEMBERS_READ', scope], years: [ACTIVITY_YEAR] })).errors).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>]>([
    ['a draft agreement', { status: 'DRAFT' }],
    ['a suspended agreement', { status: 'SUSPENDED' }],
    ['an expired agreement', { status: 'EXPIRED', effectiveTo: '2025-12-31' }],
    ['an active agreement whose period has ended', { status: 'ACTIVE', effectiveTo: '2025-12-31' }],
    ['an active agreement not yet effective', { status: 'ACTIVE', effectiveFrom: '2099-01-01' }],
  ])('refuses %s on input.agreementId (AGREEMENT_NOT_IN_FORCE), writing nothing', async (_case, agreement) => {
    const code = `NIF-${Object.values(agreement).join('-')}`;
    const agreementId = ok(
      await app.gql(CREATE_AGREEMENT, {
        input: { agreement: { code, title: '未生效协议', hostRegionCode: '510100', partnerRegionCode: '512000', direction: 'PARTNER_TO_HOST', effectiveFrom: '2024-01-01', ...agreement } },
      }),
    ).createOneAgreement.id;
    const [{ count: before }] = await sql<{ count: number }>('select count(*)::int as count from api_token');
    const response = await issue({ agreementId });
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toEqual([
      {
        message: `agreementId: agreement ${code} is not in force (ACTIVE and effective today)`,
        path: ['issueApiToken'],
        locations: expect.any(Array),
        extensions: { code: 'BAD_USER_INPUT', field: 'agreementId', reason: 'AGREEMENT_NOT_IN_FORCE' },
      },
    ]);
    const [{ count: after }] = await sql<{ count: number }>('select count(*)::int as count from api_token');
    expect(after).toBe(before);
  });

  it('issues a stats-only dashboard token without an agreement', async () => {
    expect((await issue({ agreementId: null, scopes: ['STATS_READ'] })).errors).toBeUndefined();
  });

  it('writes nothing when the input is refused', async () => {
    const [{ count: before }] = await sql<{ count: number }>('select count(*)::int as count from api_token');
    await issue({ expiresAt: inDays(500) });
    await issue({ agreementId: null });
    const [{ count: after }] = await sql<{ count: number }>('select count(*)::int as count from api_token');
    expect(after).toBe(before);
  });
});

describe('the audit trail', () => {
  const eventsOf = async (filter: Record<string, unknown>) =>
    ok(await app.gql('query($filter: AuditEventFilter) { auditEvents(filter: $filter, paging: {limit: 500}) { nodes { id action entity entityId actorType actorId changes } } }', { filter }))
      .auditEvents.nodes as { id: string; action: string; entity: string; entityId: string | null; actorType: string; actorId: string | null; changes: any }[];

  it('records issuing and revoking a token, by whom', async () => {
    const issued = await issueForA('审计测试');
    ok(await app.gql(REVOKE_TOKEN, { id: issued.id }));
    const events = await eventsOf({ entity: { eq: 'ApiToken' }, entityId: { eq: issued.id } });
    expect(events.map((event) => event.action).sort()).toEqual(['issue', 'revoke']);
    for (const event of events) expect(event.actorType).toBe('admin');
  });

  it('records one read event per request of a partner token, with exactly the member ids it returned', async () => {
    const tokenId = world.tokenIds.partnerA;
    const before = await eventsOf({ actorType: { eq: 'token' }, actorId: { eq: tokenId }, action: { eq: 'read' } });
    const page = ok(await app.gqlAs(world.credentials.partnerA, '{ members(paging: {limit: 4, offset: 3}) { nodes { id } } }'));
    const returned = page.members.nodes.map((node: { id: string }) => node.id);
    expect(returned).toHaveLength(4);
    const after = await eventsOf({ actorType: { eq: 'token' }, actorId: { eq: tokenId }, action: { eq: 'read' } });
    const added = after.filter((event) => !before.some((old) => old.id === event.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ entity: 'Member', changes: { ids: [...returned].sort((a: string, b: string) => Number(a) - Number(b)) } });
  });

  it('records no read for a request that returned no member', async () => {
    const tokenId = world.tokenIds.partnerA;
    const before = await eventsOf({ actorType: { eq: 'token' }, actorId: { eq: tokenId } });
    ok(await app.gqlAs(world.credentials.partnerA, '{ regions { totalCount } }'));
    const after = await eventsOf({ actorType: { eq: 'token' }, actorId: { eq: tokenId } });
    expect(after.length).toBe(before.length);
  });

  it.each([
    ['update', "update audit_event set action = 'tampered'"],
    ['delete', 'delete from audit_event'],
    ['truncate', 'truncate audit_event'],
  ])('cannot be changed in the database: %s raises', async (_case, statement) => {
    const [{ count: before }] = await sql<{ count: number }>('select count(*)::int as count from audit_event');
    expect(before).toBeGreaterThan(0);
    await expect(sql(statement)).rejects.toThrow();
    const [{ count: after }] = await sql<{ count: number }>('select count(*)::int as count from audit_event');
    expect(after).toBe(before);
    expect(await sql(`select 1 from audit_event where action = 'tampered'`)).toEqual([]);
  });

  it('offers no operation that writes it', () => {
    const mutations = Object.keys(contractSchema().getMutationType()?.getFields() ?? {});
    expect(mutations.filter((name) => /audit/i.test(name))).toEqual([]);
  });
});
