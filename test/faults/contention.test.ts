import { startTestApp, type GraphQLResponse, type TestApp } from '../support/app';
import { NO_RATE_LIMITS, ok, sqlNumber } from '../feedback/helpers';

/**
 * Writes that meet: optimistic versions on every mutable entity, audit "before" values read
 * under the same lock as the write, and the Idempotency-Key header that makes any mutation
 * safe to retry. Ground truth is read with SQL, never through the API.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('demo', NO_RATE_LIMITS);
});
afterAll(() => app?.close());

const onlyError = (response: GraphQLResponse) => {
  expect(response.errors).toHaveLength(1);
  return response.errors![0]!;
};

/** One harmless text field per mutable resource, and the table it lives in. */
const RESOURCES = [
  { type: 'Member', table: 'member', field: 'destinationAddress' },
  { type: 'Organization', table: 'organization', field: 'contactName' },
  { type: 'Agreement', table: 'agreement', field: 'hostContactName' },
  { type: 'ActivityRecord', table: 'activity_record', field: 'title' },
  { type: 'AdminUser', table: 'admin_user', field: 'displayName' },
] as const;

async function someRow(table: string): Promise<{ id: string; version: number }> {
  const [row] = await app.sql<{ id: number; version: number }>(`select id, version from ${table} order by id limit 1`);
  return { id: String(row!.id), version: row!.version };
}

const updateOne = (type: string, field: string) =>
  `mutation($input: UpdateOne${type}Input!) { updateOne${type}(input: $input) { id version ${field} } }`;

describe('versions on every mutable entity', () => {
  it.each(RESOURCES)('$type: readable, bumped by each write, a stale one refused with the current version', async ({ type, table, field }) => {
    const row = await someRow(table);
    const read = ok(await app.gql(`query($id: ID!) { ${type[0]!.toLowerCase()}${type.slice(1)}(id: $id) { version } }`, { id: row.id }));
    expect(Object.values(read)[0]).toEqual({ version: row.version });

    const written = ok(await app.gql(updateOne(type, field), { input: { id: row.id, update: { [field]: `v${row.version}`, version: row.version } } }));
    expect(Object.values(written)[0]).toMatchObject({ version: row.version + 1 });

    const stale = await app.gql(updateOne(type, field), { input: { id: row.id, update: { [field]: 'lost update', version: row.version } } });
    expect(onlyError(stale).extensions).toEqual({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: row.version + 1 });
    expect(await sqlNumber(app, `select version from ${table} where id = ?`, [Number(row.id)])).toBe(row.version + 1);
  });

  it('a delete naming a stale version is refused and deletes nothing', async () => {
    const [row] = await app.sql<{ id: number; version: number }>(
      'select id, version from activity_record order by id desc limit 1',
    );
    await app.sql('update activity_record set version = version + 1 where id = ?', [row!.id]);
    const stale = await app.gql('mutation($input: DeleteOneActivityRecordInput!) { deleteOneActivityRecord(input: $input) { id } }', {
      input: { id: String(row!.id), version: row!.version },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: row!.version + 1 });
    expect(await sqlNumber(app, 'select count(*) from activity_record where id = ?', [row!.id])).toBe(1);
  });

  it('a token is revoked only at the version read', async () => {
    const issued = ok(
      await app.gql('mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { apiToken { id version } } }', {
        input: { name: 'dashboard', agreementId: null, scopes: ['STATS_READ'], expiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString() },
      }),
    ).issueApiToken.apiToken;
    const revoke = 'mutation($id: ID!, $version: Int) { revokeApiToken(id: $id, version: $version) { version revokedAt } }';
    expect(onlyError(await app.gql(revoke, { id: issued.id, version: issued.version + 1 })).extensions).toMatchObject({ reason: 'STALE_VERSION' });
    expect(ok(await app.gql(revoke, { id: issued.id, version: issued.version })).revokeApiToken).toMatchObject({ version: issued.version + 1 });
  });
});

describe('twenty concurrent updates of one member', () => {
  const UPDATE = updateOne('Member', 'destinationAddress');

  it('naming the version they read: exactly one wins, the others learn the current version', async () => {
    const row = await someRow('member');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.gql(UPDATE, { input: { id: row.id, update: { destinationAddress: `writer ${i}`, version: row.version } } })),
    );
    const winners = responses.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    for (const loser of responses.filter((r) => r.errors)) {
      expect(onlyError(loser).extensions).toEqual({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: row.version + 1 });
    }
    const events = await app.sql<{ changes: Record<string, { before: unknown; after: unknown }> }>(
      `select changes from audit_event where entity = 'Member' and entity_id = ? and action = 'update' and changes -> 'destinationAddress' is not null order by id`,
      [row.id],
    );
    expect(events.slice(-1)[0]!.changes.destinationAddress!.after).toBe(winners[0]!.data!.updateOneMember.destinationAddress);
  });

  it('without a version (last writer wins): all apply in turn, and each audit event records what the row really was', async () => {
    const row = await someRow('member');
    const [{ before }] = (await app.sql<{ before: number }>(`select coalesce(max(id), 0) as before from audit_event`)) as [{ before: number }];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.gql(UPDATE, { input: { id: row.id, update: { destinationAddress: `last writer ${i}` } } })),
    );
    expect(responses.filter((r) => r.errors)).toEqual([]);
    expect(await sqlNumber(app, 'select version from member where id = ?', [Number(row.id)])).toBe(row.version + 20);

    const events = await app.sql<{ changes: Record<string, { before: unknown; after: unknown }> }>(
      `select changes from audit_event where id > ? and entity = 'Member' and entity_id = ? and action = 'update' order by id`,
      [before, row.id],
    );
    expect(events).toHaveLength(20);
    // A chain: each write's "before" is the previous write's "after" — no two saw the same row.
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.changes.destinationAddress!.before).toBe(events[i - 1]!.changes.destinationAddress!.after);
    }
    const [current] = await app.sql<{ version: number }>('select version from member where id = ?', [Number(row.id)]);
    expect(current!.version).toBe(row.version + 20);
  });
});

describe('the Idempotency-Key header', () => {
  const CREATE_MANY = 'mutation($input: CreateManyActivityRecordsInput!) { createManyActivityRecords(input: $input) { id } }';
  let member: { id: number; inflowOrganizationId: number };
  const records = (count: number, title: string) =>
    Array.from({ length: count }, (_, i) => ({
      memberId: String(member.id),
      organizationId: String(member.inflowOrganizationId),
      kind: 'VOLUNTEER_SERVICE',
      occurredOn: '2026-03-01',
      title: `${title} ${i}`,
      hours: 1,
    }));
  const countTitled = (title: string) => sqlNumber(app, 'select count(*) from activity_record where title like ?', [`${title} %`]);
  const keyed = (key: string) => ({ 'idempotency-key': key });

  beforeAll(async () => {
    [member] = (await app.sql(
      `select id, inflow_organization_id as "inflowOrganizationId" from member where inflow_organization_id is not null and status = 'MANAGED' order by id limit 1`,
    )) as [{ id: number; inflowOrganizationId: number }];
  });

  it('a retry replays the first answer and writes nothing more', async () => {
    const input = { activityRecords: records(200, 'retried bulk') };
    const first = await app.gql(CREATE_MANY, { input }, keyed('bulk-1'));
    expect(first.errors).toBeUndefined();
    const again = await app.gql(CREATE_MANY, { input }, keyed('bulk-1'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data).toEqual(first.data);
    expect(await countTitled('retried bulk')).toBe(200);
  });

  it('the same key with another payload is KEY_REUSED', async () => {
    await app.gql(CREATE_MANY, { input: { activityRecords: records(2, 'reused key') } }, keyed('bulk-2'));
    const other = await app.gql(CREATE_MANY, { input: { activityRecords: records(3, 'reused key') } }, keyed('bulk-2'));
    expect(other.status).toBe(409);
    expect(onlyError(other).extensions).toMatchObject({ code: 'CONFLICT', reason: 'KEY_REUSED', field: 'Idempotency-Key' });
    expect(await countTitled('reused key')).toBe(2);
  });

  it('two at once: one does the work, the other is IN_PROGRESS only while it runs, then replays', async () => {
    const input = { activityRecords: records(3000, 'concurrent bulk') };
    const [a, b] = await Promise.all([app.gql(CREATE_MANY, { input }, keyed('bulk-3')), app.gql(CREATE_MANY, { input }, keyed('bulk-3'))]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0]!.extensions!.reason : r.headers.get('idempotent-replayed') ? 'replayed' : 'done'));
    expect(outcomes).toContain('done');
    expect(outcomes.filter((o) => o !== 'done').every((o) => o === 'IN_PROGRESS' || o === 'replayed')).toBe(true);
    const later = await app.gql(CREATE_MANY, { input }, keyed('bulk-3'));
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(await countTitled('concurrent bulk')).toBe(3000);
  });

  it('a request that changed nothing is not kept: after the cause is mended, the same key runs', async () => {
    const broken = records(3, 'mended');
    broken[1] = { ...broken[1]!, occurredOn: '2026-02-30' };
    const refused = await app.gql(CREATE_MANY, { input: { activityRecords: broken } }, keyed('bulk-4'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const mended = await app.gql(CREATE_MANY, { input: { activityRecords: records(3, 'mended') } }, keyed('bulk-4'));
    expect(mended.errors).toBeUndefined();
    expect(await countTitled('mended')).toBe(3);
  });

  it('keys belong to one credential, and expire', async () => {
    const other = await app.adminSession({ username: 'second-admin', password: 'second-password-123', role: 'SUPER_ADMIN' as never });
    const input = { activityRecords: records(1, 'own key') };
    await app.gql(CREATE_MANY, { input }, keyed('shared-name'));
    const theirs = await app.gql(CREATE_MANY, { input }, { authorization: `Bearer ${other}`, ...keyed('shared-name') });
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(await countTitled('own key')).toBe(2);

    await app.sql(`update idempotency_key set expires_at = now() - interval '1 second' where key = 'shared-name'`);
    const afterExpiry = await app.gql(CREATE_MANY, { input }, keyed('shared-name'));
    expect(afterExpiry.headers.get('idempotent-replayed')).toBeNull();
    expect(await countTitled('own key')).toBe(3);
  });

  it('an answer holding a secret shown once is not kept: the retry says it was done', async () => {
    const issue = 'mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token apiToken { id } } }';
    const input = { name: 'retried dashboard', agreementId: null, scopes: ['STATS_READ'], expiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString() };
    expect((await app.gql(issue, { input }, keyed('token-1'))).errors).toBeUndefined();
    const retry = await app.gql(issue, { input }, keyed('token-1'));
    expect(onlyError(retry).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_APPLIED' });
    expect(await sqlNumber(app, `select count(*) from api_token where name = 'retried dashboard'`)).toBe(1);
    expect(await sqlNumber(app, `select count(*) from idempotency_key where key = 'token-1' and response is null`)).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(201)],
    ['not printable ASCII', 'clé'],
  ])('a key that is %s: 400 naming the header', async (_case, key) => {
    const response = await app.gql(CREATE_MANY, { input: { activityRecords: records(1, 'bad key') } }, keyed(key));
    expect(response.status).toBe(400);
    expect(onlyError(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(await countTitled('bad key')).toBe(0);
  });
});
