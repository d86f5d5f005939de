import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
  Lexer,
  Source,
  TokenKind,
} from 'graphql';
import { QUERY_LIMITS } from '../../api/server';
import { AdminRole } from '../../api/common/viewer';
import { startTestApp, type TestApp } from '../support/app';
import { ACCOUNT_SCOPES, accountYears, ACTIVITY_YEAR, buildWorld, idNumberOf, inDays, issueToken, ok, type World } from './fixtures';

/**
 * The generated escape test. For each kind of credential, every query path the schema offers is
 * walked up to the depth limit — lists, look-ups by id (every id there is, in or out of scope),
 * look-ups by ID number, every nested relation — and every member, organisation, activity record,
 * return, agreement, token, account and audit event that comes back is collected. The collection
 * must equal what the credential may see, computed independently in SQL from the coverage rule
 * and the regions (never through the application's policies or the member's stored region codes).
 *
 * New types, fields and relations join the walk by themselves: it reads the schema the server serves.
 */

type Kind =
  | 'Member'
  | 'Organization'
  | 'ActivityRecord'
  | 'AnnualFeedback'
  | 'Agreement'
  | 'ApiToken'
  | 'AdminUser'
  | 'AuditEvent'
  | 'PointsScheme'
  | 'PointsSchemeVersion'
  | 'PointsEntry'
  | 'MonthlyScore'
  | 'PointsPublication'
  | 'ContactRecord'
  | 'ContactPairing'
  | 'LostContactCase'
  | 'LostContactAttempt'
  | 'Event'
  | 'WebhookEndpoint'
  | 'WebhookDelivery'
  | 'TransferRequest'
  | 'Notice'
  | 'PendingMemberEntry'
  | 'RosterExchange';
const KINDS: Kind[] = [
  'Member',
  'Organization',
  'ActivityRecord',
  'AnnualFeedback',
  'Agreement',
  'ApiToken',
  'AdminUser',
  'AuditEvent',
  'PointsScheme',
  'PointsSchemeVersion',
  'PointsEntry',
  'MonthlyScore',
  'PointsPublication',
  'ContactRecord',
  'ContactPairing',
  'LostContactCase',
  'LostContactAttempt',
  'Event',
  'WebhookEndpoint',
  'WebhookDelivery',
  'TransferRequest',
  'Notice',
  'PendingMemberEntry',
  'RosterExchange',
];
/** Kinds whose every visible row the walk must find (the audit trail grows while it runs: found ⊆ visible only). */
const COMPLETE: Kind[] = KINDS.filter((kind) => kind !== 'AuditEvent');

/**
 * Whether the walk can reach every visible row of a kind for this credential. A token that reads
 * returns but not members reaches a case's attempts only as return → member → cases → attempts →
 * nodes, one level past the depth limit (a 失联 return's own case is nearer: return → case →
 * attempts, test/contacts/lost-contact.test.ts); for it, attempts are checked for escapes only.
 */
function mustFindAll(credential: Credential, kind: Kind): boolean {
  if (!COMPLETE.includes(kind)) return false;
  if (kind === 'LostContactAttempt' && credential.reach.kind === 'token') return credential.reach.scopes.includes('MEMBERS_READ');
  return true;
}

type Found = Record<Kind, Set<string>>;

/** A credential of the walk and how far it reaches, in the terms the SQL below understands. */
interface Credential {
  name: string;
  token: string;
  /** super: the platform; region: an admin's region prefix; token: an agreement and scopes; stats: a dashboard. */
  reach:
    | { kind: 'super' }
    | { kind: 'admin'; prefix: string; manages: boolean }
    | { kind: 'token'; agreement: string; scopes: string[]; years: number[]; account?: { userId: string; administrator: boolean } }
    | { kind: 'stats' };
  userId?: string;
}

const MAX_COST = QUERY_LIMITS.cost * 0.9;
const MAX_TOKENS = QUERY_LIMITS.tokens - 100;

interface Selection {
  /** `alias: field(args)` as written. */
  head: string;
  typename: string;
  level: number;
  scalars: string[];
  children: Selection[];
}

/** Arguments a nested or listed field is given: every row there is (the page cap), nothing else. */
function argsFor(field: GraphQLField<unknown, unknown>): string {
  return field.args.some((arg) => arg.name === 'paging') ? '(paging: {limit: 500})' : '';
}

/** The selection under an object of `type` at `level`, expanding every relation once per path, within the depth limit. */
function expand(schema: GraphQLSchema, type: GraphQLObjectType, level: number, used: Set<string>): Pick<Selection, 'scalars' | 'children'> {
  const fields = type.getFields();
  const scalars = ['__typename', ...['id', 'memberId'].filter((name) => name in fields && !isObjectType(getNamedType(fields[name]!.type)))];
  const children: Selection[] = [];
  for (const field of Object.values(fields)) {
    const target = getNamedType(field.type);
    // An object at level + 1 needs its scalars at level + 2 within the limit; required arguments make a field a root of its own.
    if (!isObjectType(target) || level + 2 > QUERY_LIMITS.depth || field.args.some((arg) => arg.type.toString().endsWith('!'))) continue;
    const edge = `${type.name}.${field.name}`;
    if (used.has(edge)) continue;
    const inner = expand(schema, target, level + 1, new Set([...used, edge]));
    children.push({ head: `${field.name}${argsFor(field)}`, typename: target.name, level: level + 1, ...inner });
  }
  return { scalars, children };
}

const text = (selection: Selection): string => `${selection.head} { ${[...selection.scalars, ...selection.children.map(text)].join(' ')} }`;
const costOf = (selection: Selection): number =>
  2 * 1.5 ** (selection.level - 1) + selection.scalars.length * 1.5 ** selection.level + selection.children.reduce((sum, child) => sum + costOf(child), 0);
function tokensOf(query: string): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** Splits a selection into pieces that each fit the limits: the node with its ids, and each child's pieces under it. */
function pieces(selection: Selection): Selection[] {
  if (costOf(selection) <= MAX_COST && tokensOf(`{ ${text(selection)} }`) <= MAX_TOKENS) return [selection];
  const own: Selection = { ...selection, children: [] };
  return [own, ...selection.children.flatMap((child) => pieces(child).map((piece) => ({ ...selection, children: [piece] })))];
}

/** Root selections packed into queries under the alias, cost and token limits. */
function pack(roots: Selection[]): { query: string; roots: string[] }[] {
  const queries: { query: string; roots: string[] }[] = [];
  let batch: Selection[] = [];
  const flush = () => {
    if (batch.length) queries.push({ query: `{ ${batch.map(text).join(' ')} }`, roots: batch.map((selection) => `{ ${text(selection)} }`) });
    batch = [];
  };
  for (const root of roots.flatMap(pieces)) {
    const next = [...batch, root];
    const fits =
      next.length <= QUERY_LIMITS.aliases &&
      next.reduce((sum, selection) => sum + costOf(selection), 0) <= MAX_COST &&
      tokensOf(`{ ${next.map(text).join(' ')} }`) <= MAX_TOKENS;
    if (!fits) flush();
    batch.push(root);
  }
  flush();
  return queries;
}

/** Every row of the tracked kinds in a response: objects by __typename and id, and member ids named by other objects. */
function collect(value: unknown, found: Found): void {
  if (Array.isArray(value)) return value.forEach((item) => collect(item, found));
  if (!value || typeof value !== 'object') return;
  const row = value as Record<string, unknown>;
  const kind = row.__typename as Kind;
  if (KINDS.includes(kind) && row.id != null) found[kind].add(String(row.id));
  if (row.memberId != null) found.Member.add(String(row.memberId));
  for (const child of Object.values(row)) collect(child, found);
}

/** The ids of each kind, straight from the database: the targets of the look-ups by id. */
async function allIds(app: TestApp): Promise<Record<Kind, string[]>> {
  const table: Record<Kind, string> = {
    Member: 'member',
    Organization: 'organization',
    ActivityRecord: 'activity_record',
    AnnualFeedback: 'annual_feedback',
    Agreement: 'agreement',
    ApiToken: 'api_token',
    AdminUser: 'admin_user',
    AuditEvent: 'audit_event',
    PointsScheme: 'points_scheme',
    PointsSchemeVersion: 'points_scheme_version',
    PointsEntry: 'points_entry',
    MonthlyScore: 'monthly_score',
    PointsPublication: 'points_publication',
    ContactRecord: 'contact_record',
    ContactPairing: 'contact_pairing',
    LostContactCase: 'lost_contact_case',
    LostContactAttempt: 'lost_contact_attempt',
    Event: 'outbox_event',
    WebhookEndpoint: 'webhook_endpoint',
    WebhookDelivery: 'webhook_delivery',
    TransferRequest: 'transfer_request',
    Notice: 'notice',
    PendingMemberEntry: 'pending_member_entry',
    RosterExchange: 'roster_exchange',
  };
  const ids = {} as Record<Kind, string[]>;
  for (const kind of KINDS) {
    // The audit trail is permission-gated as a whole: a sample of it is as good as all of it.
    const limit = kind === 'AuditEvent' ? 'limit 20' : '';
    ids[kind] = (await app.sql<{ id: string }>(`select id::text from ${table[kind]} order by id ${limit}`)).map((row) => row.id);
  }
  return ids;
}

/** Each root query field called every way the walk knows: lists for all rows, look-ups for every id. */
function rootCalls(schema: GraphQLSchema, ids: Record<Kind, string[]>, agreements: string[], idNumbers: string[]): Selection[] {
  const calls: Selection[] = [];
  let alias = 0;
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const target = getNamedType(field.type);
    if (!isObjectType(target)) continue;
    const required = field.args.filter((arg) => arg.type.toString().endsWith('!')).map((arg) => arg.name).sort();
    const call = (args: string) => ({ head: `a${alias++}: ${field.name}${args}`, typename: target.name, level: 1, ...expand(schema, target, 1, new Set()) });
    if (required.length === 0) calls.push(call(argsFor(field)));
    else if (required.join() === 'id') {
      const kind = target.name as Kind;
      for (const id of KINDS.includes(kind) ? ids[kind] : []) calls.push(call(`(id: "${id}")`));
    } else if (required.join() === 'idNumbers') {
      for (let i = 0; i < idNumbers.length; i += 100) calls.push(call(`(idNumbers: ${JSON.stringify(idNumbers.slice(i, i + 100))})`));
    } else if (required.join() === 'agreementId,year') {
      for (const agreement of agreements) calls.push(call(`(agreementId: "${agreement}", year: ${ACTIVITY_YEAR})`));
    } else if (required.join() === 'organizationId,quarter,year') {
      // A published quarter (1) and one that is not (2), of every organisation.
      for (const id of ids.Organization) for (const quarter of [1, 2]) calls.push(call(`(organizationId: "${id}", year: ${ACTIVITY_YEAR}, quarter: ${quarter})`));
    } else if (required.join() === 'year') {
      calls.push(call(`(year: ${ACTIVITY_YEAR})`));
    } else {
      throw new Error(`the crawl does not know how to call ${field.name}(${required.join(', ')}): teach rootCalls`);
    }
  }
  return calls;
}

/** What each credential may see, in SQL over the raw tables: regions through the organisations, coverage by the rule. */
function visibleSql(credential: Credential): Record<Kind, string> {
  const none = 'select null::text where false';
  const inRegion = (prefix: string) =>
    `select m.id::text from member m join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
      where f.region_code like '${prefix}%' or m.destination_region_code like '${prefix}%' or i.region_code like '${prefix}%'`;
  const reach = credential.reach;
  switch (reach.kind) {
    case 'super':
      return {
        Member: 'select id::text from member',
        Organization: 'select id::text from organization',
        ActivityRecord: 'select id::text from activity_record',
        AnnualFeedback: 'select id::text from annual_feedback',
        Agreement: 'select id::text from agreement',
        ApiToken: 'select id::text from api_token',
        AdminUser: 'select id::text from admin_user',
        AuditEvent: 'select id::text from audit_event',
        PointsScheme: 'select id::text from points_scheme',
        PointsSchemeVersion: 'select id::text from points_scheme_version',
        PointsEntry: 'select id::text from points_entry',
        MonthlyScore: 'select id::text from monthly_score',
        PointsPublication: 'select id::text from points_publication',
        ContactRecord: 'select id::text from contact_record',
        ContactPairing: 'select id::text from contact_pairing',
        LostContactCase: 'select id::text from lost_contact_case',
        LostContactAttempt: 'select id::text from lost_contact_attempt',
        Event: 'select id::text from outbox_event',
        WebhookEndpoint: 'select id::text from webhook_endpoint',
        WebhookDelivery: 'select id::text from webhook_delivery',
        TransferRequest: 'select id::text from transfer_request',
        Notice: 'select id::text from notice',
        PendingMemberEntry: 'select id::text from pending_member_entry',
        RosterExchange: 'select id::text from roster_exchange',
      };
    case 'admin': {
      const members = inRegion(reach.prefix);
      const agreements = `select id from agreement where host_region_code like '${reach.prefix}%' or partner_region_code like '${reach.prefix}%'`;
      const endpoints = `select id::text from webhook_endpoint where agreement_id in (${agreements})`;
      return {
        Member: members,
        Organization: 'select id::text from organization',
        ActivityRecord: `select r.id::text from activity_record r join organization o on o.id = r.organization_id
                          where r.member_id::text in (${members}) or o.region_code like '${reach.prefix}%'`,
        AnnualFeedback: `select id::text from annual_feedback where member_id::text in (${members})`,
        Agreement: `select id::text from agreement where host_region_code like '${reach.prefix}%' or partner_region_code like '${reach.prefix}%'`,
        ApiToken: reach.manages
          ? `select id::text from api_token where agreement_id in (select id from agreement where host_region_code like '${reach.prefix}%' or partner_region_code like '${reach.prefix}%')
              or (agreement_id is null and created_by_id::text = '${credential.userId}')`
          : none,
        // One's own account; those who manage, the partner accounts of the agreements their region hosts.
        AdminUser: `select id::text from admin_user where id::text = '${credential.userId}'
          ${reach.manages ? `or (role::text like 'PARTNER%' and agreement_id in (select id from agreement where host_region_code like '${reach.prefix}%'))` : ''}`,
        AuditEvent: none,
        // Every admin reads points schemes and publications; entries and scores of the members it reads.
        PointsScheme: 'select id::text from points_scheme',
        PointsSchemeVersion: 'select id::text from points_scheme_version',
        PointsEntry: `select id::text from points_entry where member_id::text in (${members})`,
        MonthlyScore: `select id::text from monthly_score where member_id::text in (${members})`,
        PointsPublication: 'select id::text from points_publication',
        // Every admin reads members, activities and the ledger's cases in its region.
        ContactRecord: `select id::text from contact_record where member_id::text in (${members})`,
        ContactPairing: `select id::text from contact_pairing where member_id::text in (${members})`,
        LostContactCase: `select id::text from lost_contact_case where member_id::text in (${members})`,
        LostContactAttempt: `select t.id::text from lost_contact_attempt t join lost_contact_case c on c.id = t.lost_contact_case_id where c.member_id::text in (${members})`,
        // Every admin reads the events of the agreements it reads; those who manage (webhooks:manage) their endpoints.
        Event: `select id::text from outbox_event where agreement_id in (${agreements})`,
        WebhookEndpoint: reach.manages ? endpoints : none,
        WebhookDelivery: reach.manages ? `select id::text from webhook_delivery where endpoint_id::text in (${endpoints})` : none,
        // Every admin reads the transfers of the agreements it reads, about the members it reads.
        TransferRequest: `select id::text from transfer_request where agreement_id in (${agreements}) and member_id::text in (${members})`,
        // Every admin reads the notices, pending entries and rosters of the agreements its region hosts or partners in.
        Notice: `select id::text from notice where agreement_id in (${agreements})`,
        PendingMemberEntry: `select id::text from pending_member_entry where agreement_id in (${agreements})`,
        RosterExchange: `select id::text from roster_exchange where agreement_id in (${agreements})`,
      };
    }
    case 'token': {
      const sides = `(select region_prefix(host_region_code) as host, region_prefix(partner_region_code) as partner, direction::text as direction from agreement where id = ${reach.agreement})`;
      const has = (...scopes: string[]) => scopes.some((scope) => reach.scopes.includes(scope));
      const flow = (from: string, to: string) =>
        `(f.region_code like s.${from} || '%' and (m.destination_region_code like s.${to} || '%' or i.region_code like s.${to} || '%'))`;
      const years = `array[${reach.years.join(',') || 'null'}]::int[]`;
      const returns = `select fb.id, fb.member_id from annual_feedback fb where fb.agreement_id = ${reach.agreement} and fb.year = any(${years}) and (
          ${has('FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE') ? "(fb.recipient = 'PARTNER' and fb.status in ('DELIVERED', 'RECEIVED', 'GRADED', 'ARCHIVED'))" : 'false'}
          or ${has('FEEDBACK_SUBMIT') ? "fb.recipient = 'HOST'" : 'false'})`;
      const members = `select m.id::text from member m join organization f on f.id = m.formal_organization_id
          left join organization i on i.id = m.inflow_organization_id, ${sides} s
         where ${has('MEMBERS_READ') ? `((s.direction in ('PARTNER_TO_HOST', 'TWO_WAY') and ${flow('partner', 'host')}) or (s.direction in ('HOST_TO_PARTNER', 'TWO_WAY') and ${flow('host', 'partner')}))` : 'false'}
            or ${has('FEEDBACK_SUBMIT') ? `(s.direction in ('HOST_TO_PARTNER', 'TWO_WAY') and ${flow('host', 'partner')})` : 'false'}
            or ${has('FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE') ? `m.id in (select member_id from (${returns}) r)` : 'false'}`;
      const anyAgreementScope = reach.scopes.some((scope) => scope !== 'STATS_READ');
      // Points: members:read or feedback:read; published scores of covered members it reads, never entries.
      const points = has('MEMBERS_READ', 'FEEDBACK_READ');
      const covered = `select m.id::text from member m join organization f on f.id = m.formal_organization_id
          left join organization i on i.id = m.inflow_organization_id, ${sides} s
         where (s.direction in ('PARTNER_TO_HOST', 'TWO_WAY') and ${flow('partner', 'host')}) or (s.direction in ('HOST_TO_PARTNER', 'TWO_WAY') and ${flow('host', 'partner')})`;
      const schemes = `select ps.id::text from points_scheme ps left join organization o on o.id = ps.owner_organization_id, ${sides} s
         where o.region_code like s.host || '%' or o.region_code like s.partner || '%' or ps.agreement_id = ${reach.agreement}`;
      const partnerEndpoints = `select id::text from webhook_endpoint where agreement_id = ${reach.agreement} and audience = 'PARTNER'`;
      return {
        Member: members,
        Organization: anyAgreementScope ? `select o.id::text from organization o, ${sides} s where o.region_code like s.host || '%' or o.region_code like s.partner || '%'` : none,
        ActivityRecord: has('MEMBERS_READ') ? `select id::text from activity_record where member_id::text in (${members})` : none,
        AnnualFeedback: `select id::text from (${returns}) r`,
        Agreement: anyAgreementScope ? `select '${reach.agreement}'` : none,
        ApiToken: none,
        // A partner account reads its own account; a partner administrator, every partner account of its agreement.
        AdminUser: reach.account
          ? `select id::text from admin_user where id::text = '${reach.account.userId}'
              ${reach.account.administrator ? `or (role::text like 'PARTNER%' and agreement_id = ${reach.agreement})` : ''}`
          : none,
        AuditEvent: none,
        PointsScheme: points ? schemes : none,
        PointsSchemeVersion: points ? `select id::text from points_scheme_version where scheme_id::text in (${schemes})` : none,
        PointsEntry: none,
        MonthlyScore: points
          ? `select id::text from monthly_score where publication_id is not null and member_id::text in (${members}) and member_id::text in (${covered})`
          : none,
        PointsPublication: points
          ? `select p.id::text from points_publication p join organization o on o.id = p.organization_id, ${sides} s where o.region_code like s.host || '%' or o.region_code like s.partner || '%'`
          : none,
        ContactRecord: has('MEMBERS_READ') ? `select id::text from contact_record where member_id::text in (${members})` : none,
        ContactPairing: has('MEMBERS_READ') ? `select id::text from contact_pairing where member_id::text in (${members})` : none,
        // A case goes with its member, for those who read members or returns (a 失联 return carries its case).
        LostContactCase: has('MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE') ? `select id::text from lost_contact_case where member_id::text in (${members})` : none,
        LostContactAttempt: has('MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE')
          ? `select t.id::text from lost_contact_attempt t join lost_contact_case c on c.id = t.lost_contact_case_id where c.member_id::text in (${members})`
          : none,
        Event: has('EVENTS_READ', 'WEBHOOKS_MANAGE') ? `select id::text from outbox_event where agreement_id = ${reach.agreement} and audience = 'PARTNER'` : none,
        WebhookEndpoint: has('WEBHOOKS_MANAGE') ? partnerEndpoints : none,
        WebhookDelivery: has('WEBHOOKS_MANAGE') ? `select id::text from webhook_delivery where endpoint_id::text in (${partnerEndpoints})` : none,
        // The transfers scope: its agreement's requests about the members the agreement covers.
        TransferRequest: has('TRANSFERS') ? `select id::text from transfer_request where agreement_id = ${reach.agreement} and member_id::text in (${covered})` : none,
        // Both sides' notices, pending entries and rosters of its own agreement, with a notices scope.
        Notice: has('NOTICES_READ', 'NOTICES_SEND') ? `select id::text from notice where agreement_id = ${reach.agreement}` : none,
        PendingMemberEntry: has('NOTICES_READ', 'NOTICES_SEND') ? `select id::text from pending_member_entry where agreement_id = ${reach.agreement}` : none,
        RosterExchange: has('NOTICES_READ', 'NOTICES_SEND') ? `select id::text from roster_exchange where agreement_id = ${reach.agreement}` : none,
      };
    }
    case 'stats':
      return Object.fromEntries(KINDS.map((kind) => [kind, none])) as Record<Kind, string>;
  }
}

/** Runs the crawl against a server started with `env` (the application's scope on, or off: row-level security alone). */
export function escapeCrawl(env: Record<string, string>): void {
  let app: TestApp;
  let world: World;
  const credentials: Credential[] = [];

  beforeAll(async () => {
    app = await startTestApp('empty', { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_TOKEN: '1000000', ...env });
    world = await buildWorld(app);
    const userId = async (username: string) => (await app.sql<{ id: string }>('select id::text from admin_user where username = ?', [username]))[0]!.id;
    const jinjiang = await app.adminSession({ username: 'crawl-jinjiang', password: 'crawl-jinjiang-password', role: AdminRole.REGION_ADMIN, regionCode: '510104' });
    const token = async (name: string, agreement: string, scopes: string[]) =>
      (await issueToken(app, { name, agreementId: agreement, scopes, years: [ACTIVITY_YEAR], expiresAt: inDays(30) })).token;
    const A = world.agreements.A;
    credentials.push(
      { name: 'super admin', token: app.adminToken, reach: { kind: 'super' } },
      { name: 'Guangzhou region admin', token: world.credentials.regionAdmin!, reach: { kind: 'admin', prefix: '4401', manages: true }, userId: await userId('gz-admin') },
      { name: 'Jinjiang district admin', token: jinjiang, reach: { kind: 'admin', prefix: '510104', manages: true }, userId: await userId('crawl-jinjiang') },
      { name: 'Chengdu read-only viewer', token: world.credentials.viewer!, reach: { kind: 'admin', prefix: '5101', manages: false }, userId: await userId('cd-viewer') },
      { name: 'partner A (every scope)', token: world.credentials.partnerA!, reach: { kind: 'token', agreement: A, scopes: ['MEMBERS_READ', 'FEEDBACK_READ', 'FEEDBACK_SUBMIT', 'FEEDBACK_RECEIVE', 'FEEDBACK_GRADE', 'STATS_READ', 'EVENTS_READ', 'WEBHOOKS_MANAGE', 'TRANSFERS', 'NOTICES_SEND'], years: [ACTIVITY_YEAR] } },
      { name: 'partner A, notices:read only', token: await token('crawl notices', A, ['NOTICES_READ']), reach: { kind: 'token', agreement: A, scopes: ['NOTICES_READ'], years: [ACTIVITY_YEAR] } },
      { name: 'partner A, events:read only', token: await token('crawl events', A, ['EVENTS_READ']), reach: { kind: 'token', agreement: A, scopes: ['EVENTS_READ'], years: [ACTIVITY_YEAR] } },
      { name: 'partner B (members, returns)', token: world.credentials.partnerB!, reach: { kind: 'token', agreement: world.agreements.B, scopes: ['MEMBERS_READ', 'FEEDBACK_READ'], years: [ACTIVITY_YEAR] } },
      { name: 'partner A, feedback:read only', token: await token('crawl read', A, ['FEEDBACK_READ']), reach: { kind: 'token', agreement: A, scopes: ['FEEDBACK_READ'], years: [ACTIVITY_YEAR] } },
      { name: 'partner A, feedback:submit only', token: await token('crawl submit', A, ['FEEDBACK_SUBMIT']), reach: { kind: 'token', agreement: A, scopes: ['FEEDBACK_SUBMIT'], years: [ACTIVITY_YEAR] } },
      { name: 'partner A, members:read only', token: await token('crawl members', A, ['MEMBERS_READ']), reach: { kind: 'token', agreement: A, scopes: ['MEMBERS_READ'], years: [ACTIVITY_YEAR] } },
      { name: 'dashboard', token: world.credentials.dashboard!, reach: { kind: 'stats' } },
      // Partner accounts: a partner token's reach under their agreement, with their role's scopes and the agreement's years.
      {
        name: 'partner account A (reviewer)',
        token: world.credentials.accountA!,
        reach: { kind: 'token', agreement: A, scopes: [...ACCOUNT_SCOPES.accountA], years: accountYears(), account: { userId: world.accountIds.accountA, administrator: false } },
      },
      {
        name: 'partner account B (partner administrator)',
        token: world.credentials.partnerAdminB!,
        reach: {
          kind: 'token',
          agreement: world.agreements.B,
          scopes: [...ACCOUNT_SCOPES.partnerAdminB],
          years: accountYears(),
          account: { userId: world.accountIds.partnerAdminB, administrator: true },
        },
      },
    );
  }, 180_000);
  afterAll(() => app?.close());

  it('walks every query path for every kind of credential and finds exactly the rows each may see', async () => {
    const schema = buildClientSchema(ok(await app.gql(getIntrospectionQuery())) as never);
    const ids = await allIds(app);
    const idNumbers = [...idNumberOf.values()];
    const queries = pack(rootCalls(schema, ids, Object.values(world.agreements), idNumbers));
    const report: string[] = [];
    for (const credential of credentials) {
      const found = Object.fromEntries(KINDS.map((kind) => [kind, new Set<string>()])) as Found;
      const run = async (query: string) => {
        const response = await app.gqlAs(credential.token, query);
        const refusals = (response.errors ?? []).filter((error) => !['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED'].includes(error.extensions?.code));
        if (refusals.length) throw new Error(`${credential.name}: ${JSON.stringify(refusals).slice(0, 500)}\n${query.slice(0, 500)}`);
        collect(response.data, found);
        return response;
      };
      for (const batch of queries) {
        let { query, roots } = batch;
        // A refused non-null root nulls the whole answer: the batch again without the roots refused, so the others still count.
        for (let response = await run(query); !response.data && response.errors?.length; response = await run(query)) {
          const refused = new Set(response.errors.map((error) => String(error.path?.[0])));
          const rest = roots.filter((root) => !refused.has(/^\{ (a\d+):/.exec(root)?.[1] ?? ''));
          if (rest.length === 0 || rest.length === roots.length) break;
          roots = rest;
          query = `{ ${rest.map((root) => root.slice(2, -2)).join(' ')} }`;
        }
      }
      const expected = visibleSql(credential);
      for (const kind of KINDS) {
        const visible = new Set((await app.sql<{ id: string }>(`select * from (${expected[kind]}) as visible(id)`)).map((row) => row.id).filter(Boolean));
        const escaped = [...found[kind]].filter((id) => !visible.has(id));
        const missed = mustFindAll(credential, kind) ? [...visible].filter((id) => !found[kind].has(id)) : [];
        expect({ credential: credential.name, kind, escaped, missed }).toEqual({ credential: credential.name, kind, escaped: [], missed: [] });
        report.push(`${credential.name} · ${kind}: ${found[kind].size}`);
      }
    }
    expect(queries.length).toBeGreaterThan(10);
    console.log(`escape crawl (${env.GONGGUAN_APPLICATION_SCOPE === 'off' ? 'row-level security alone' : 'policies and row-level security'}): ${queries.length} queries per credential\n  ${report.join('\n  ')}`);
  }, 600_000);
}
