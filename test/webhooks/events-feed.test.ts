import { Client } from 'pg';
import { ACTIVITY_YEAR, buildWorld, CREATE_ENDPOINT, drainEvents, EVENTS_FEED, type EventNode, feedbackStep, inDays, issueToken, ok, type World } from '../access/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { databaseUrl } from '../support/database';

/**
 * The events feed for partners that poll: pages in order through an opaque cursor, each caller
 * within its scope, and a cursor that never jumps over an event whose transaction commits late.
 */

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp('empty');
  world = await buildWorld(app);
}, 120_000);
afterAll(() => app?.close());

type Page = { nodes: EventNode[]; endCursor: string | null; hasNextPage: boolean };
const feed = async (token: string, variables: Record<string, unknown> = {}): Promise<Page> => ok(await app.gqlAs(token, EVENTS_FEED, variables)).events;

/** The ids of every event a token sees from `after`, `first` at a time, once `count` came. */
async function drain(token: string, first: number, count: number, after: string | null = null): Promise<{ ids: string[]; end: string | null; pageSizes: number[] }> {
  const { nodes, end, pageSizes } = await drainEvents(app, token, { first, after, until: (came) => came.length >= count });
  return { ids: nodes.map((node) => node.id), end, pageSizes };
}

/** The partner's side of agreement A, as the database holds it, in commit order. */
const eventsOfPartnerA = () =>
  app.sql<{ id: string; type: string }>(`select id::text, type::text from outbox_event where agreement_id = ? and audience = 'PARTNER' order by tx_id, id`, [Number(world.agreements.A)]);

/** Partner A's whole feed as it stands, once every event of its side came. */
const drainPartnerA = async () => drain(world.credentials.partnerA!, 100, (await eventsOfPartnerA()).length);

/** A connection of its own to this file's database, as the owner: for a transaction a test holds open. */
async function ownerConnection(): Promise<Client> {
  const [{ database }] = await app.sql<{ database: string }>('select current_database() as database');
  const client = new Client({ connectionString: databaseUrl(database, 'owner') });
  await client.connect();
  return client;
}

/** An event for partner A written on `client` (in its transaction, when it opened one); its id. */
const publishOn = async (client: Client): Promise<string> =>
  (await client.query(`insert into outbox_event (type, agreement_id, audience, payload) values ('FEEDBACK_DELIVERED', $1, 'PARTNER', '{}') returning id::text`, [Number(world.agreements.A)])).rows[0].id;

it('pages a partner through the events of its side of its agreement, and nothing else', async () => {
  // More events: a return of A acknowledged by the partner (for the host), two more delivered to the partner.
  await feedbackStep(app, world.credentials.partnerA!, 'acknowledgeAnnualFeedback', world.feedback.aDelivered);
  for (const member of world.members.aCq.slice(1, 3)) {
    await feedbackStep(app, app.adminToken, 'submitAnnualFeedback', world.feedback.a[member]!);
    await feedbackStep(app, app.adminToken, 'approveAnnualFeedback', world.feedback.a[member]!);
  }
  const expected = await eventsOfPartnerA();
  // Three returns delivered to the partner; what the world's notices told it: the closing of aCq[0]'s
  // lost-contact case (opened, then found: two automatic notices) and the reconciliation of its roster;
  // and the transfer request the host made in the world.
  expect(expected.map((row) => row.type).sort()).toEqual(['FEEDBACK_DELIVERED', 'FEEDBACK_DELIVERED', 'FEEDBACK_DELIVERED', 'NOTICE_RECEIVED', 'NOTICE_RECEIVED', 'ROSTER_RECONCILED', 'TRANSFER_CHANGED']);

  const { ids, pageSizes } = await drain(world.credentials.partnerA!, 1, expected.length);
  expect(ids).toEqual(expected.map((row) => row.id));
  expect(pageSizes.every((size) => size === 1)).toBe(true);
  const all = await feed(world.credentials.partnerA!);
  expect(all.nodes.every((node) => node.agreementId === world.agreements.A && node.audience === 'PARTNER')).toBe(true);
  expect(all.nodes.filter((node) => node.type === 'FEEDBACK_DELIVERED')).toHaveLength(3);
  expect(all.nodes.find((node) => node.type === 'FEEDBACK_DELIVERED')!.payload).toMatchObject({ year: ACTIVITY_YEAR, status: 'DELIVERED', recipient: 'PARTNER' });
  expect(all.nodes.find((node) => node.type === 'TRANSFER_CHANGED')!.payload).toMatchObject({ transferId: world.transfers.a, state: 'REQUESTED' });

  // The host's side of A (the acknowledgement) is the host's: admins see it, the partner does not.
  const host = await feed(app.adminToken, { first: 500 });
  expect(host.nodes.some((node) => node.agreementId === world.agreements.A && node.audience === 'HOST' && node.type === 'FEEDBACK_RECEIVED')).toBe(true);
  // The Guangzhou admin reads none of these agreements; partner B holds no events scope.
  expect((await feed(world.credentials.regionAdmin!)).nodes).toEqual([]);
  const refused = await app.gqlAs(world.credentials.partnerB!, EVENTS_FEED);
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // A token of agreement B with events:read sees B's events only.
  const b = await issueToken(app, { name: '德阳事件', agreementId: world.agreements.B, scopes: ['EVENTS_READ'], expiresAt: inDays(30) });
  const bEvents = await feed(b.token, { first: 500 });
  expect(bEvents.nodes.length).toBeGreaterThan(0);
  expect(bEvents.nodes.every((node) => node.agreementId === world.agreements.B && node.audience === 'PARTNER')).toBe(true);
});

it('answers a cursor it did not give out with an error naming the field', async () => {
  const forged = ['evt:abc', 'evt:12@', 'evt:12@-1', `evt:12@${2n ** 64n}`].map((text) => Buffer.from(text).toString('base64url'));
  for (const after of ['not-a-cursor', ...forged]) {
    const response = await app.gqlAs(world.credentials.partnerA!, EVENTS_FEED, { after });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', reason: 'INVALID_CURSOR' });
  }
  const tooMany = await app.gqlAs(world.credentials.partnerA!, EVENTS_FEED, { first: 501 });
  expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
});

it('still takes a cursor given out before cursors held the transaction (the event id alone)', async () => {
  const all = (await drainPartnerA()).ids;
  for (const [index, id] of all.entries()) {
    const legacy = Buffer.from(`evt:${id}`).toString('base64url');
    expect((await drain(world.credentials.partnerA!, 100, all.length - index - 1, legacy)).ids).toEqual(all.slice(index + 1));
  }
});

it('holds back events of later transactions while an earlier one is still open, so a cursor never skips', async () => {
  const start = (await drainPartnerA()).end;
  // A transaction takes the next outbox id and stays open…
  const slow = await ownerConnection();
  try {
    await slow.query('begin');
    const lateId = await publishOn(slow);
    // …while another commits a later one through the API.
    const member = world.members.aCq[4]!;
    await feedbackStep(app, app.adminToken, 'submitAnnualFeedback', world.feedback.a[member]!);
    await feedbackStep(app, app.adminToken, 'approveAnnualFeedback', world.feedback.a[member]!);
    const [committed] = await app.sql<{ id: string }>('select max(id)::text as id from outbox_event');
    expect(Number(committed!.id)).toBeGreaterThan(Number(lateId));

    const waiting = await feed(world.credentials.partnerA!, { after: start });
    expect(waiting.nodes).toEqual([]);
    expect(waiting.endCursor).toBe(start);

    await slow.query('commit');
    expect((await drain(world.credentials.partnerA!, 100, 2, start)).ids).toEqual([lateId, committed!.id]);
  } finally {
    await slow.end();
  }
});

it('hands out, later, an event of a transaction that wrote first and published last, rather than skip it', async () => {
  const start = (await drainPartnerA()).end;
  const [early, late] = await Promise.all([ownerConnection(), ownerConnection()]);
  try {
    // `early` writes first (and so holds the older transaction id); `late` then publishes an event…
    await early.query('begin');
    await early.query('select pg_current_xact_id()');
    await late.query('begin');
    await late.query('select pg_current_xact_id()');
    const smallerId = await publishOn(late);
    // …and `early` publishes after it, with the larger event id, and commits first.
    const largerId = await publishOn(early);
    await early.query('commit');
    const first = await drain(world.credentials.partnerA!, 100, 1, start);
    expect(first.ids).toEqual([largerId]);

    await late.query('commit');
    expect((await drain(world.credentials.partnerA!, 100, 1, first.end)).ids).toEqual([smallerId]);
  } finally {
    await Promise.all([early.end(), late.end()]);
  }
});

it('publishes a partner\'s batch of returns to the host in one statement, with a delivery per host endpoint', async () => {
  const endpoint = ok(await app.gql(CREATE_ENDPOINT, { input: { agreementId: world.agreements.A, audience: 'HOST', url: 'http://127.0.0.1:9/host-a', eventTypes: ['FEEDBACK_DELIVERED'] } }))
    .createWebhookEndpoint.endpoint.id;
  app.queries.length = 0;
  const batch = ok(
    await app.gqlAs(world.credentials.partnerA!, 'mutation($input: SubmitAnnualFeedbackBatchInput!) { submitAnnualFeedbackBatch(input: $input) { ids } }', {
      input: { idempotencyKey: 'events-batch', items: world.members.aCd.map((memberId) => ({ memberId, year: ACTIVITY_YEAR, orgLifeAttended: 10, orgLifeExpected: 12 })) },
    }),
  ).submitAnnualFeedbackBatch;
  expect(app.queries.filter((query) => query.includes('outbox_publish'))).toHaveLength(1);
  const events = await app.sql<{ feedback: string; audience: string; deliveries: number }>(
    `select e.payload->>'feedbackId' as feedback, e.audience::text, (select count(*)::int from webhook_delivery d where d.event_id = e.id and d.endpoint_id = ?) as deliveries
       from outbox_event e where e.type = 'FEEDBACK_DELIVERED' and e.audience = 'HOST' and e.agreement_id = ? order by e.id`,
    [Number(endpoint), Number(world.agreements.A)],
  );
  expect(events).toEqual(batch.ids.map((feedback: string) => ({ feedback, audience: 'HOST', deliveries: 1 })));
  // The partner's feed is its own side's: it does not hear of its own submissions.
  const partnerFeed = await feed(world.credentials.partnerA!, { first: 500 });
  expect(partnerFeed.nodes.filter((node) => batch.ids.includes(node.payload.feedbackId))).toEqual([]);
});
