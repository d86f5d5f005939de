/**
 * Requests that are not well-formed GraphQL over HTTP, for the fault fuzz (fuzz.test.ts): bodies
 * that are not JSON or not a GraphQL request, batches, persisted queries that do not match,
 * subscriptions, fragment cycles, floods of aliases and directives, a document or JSON nested
 * far deeper than any limit, a body past the size limit, other methods and content types, and
 * Authorization headers that are not a credential. Each is written as raw HTTP, so that what is
 * sent is exactly what is listed (JSON.stringify would refuse some of it, or overflow).
 */
export interface Envelope {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query string, from the server's root. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Replaces the credential's Authorization header. */
  authorization?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function post(name: string, body: string, headers: Record<string, string> = JSON_TYPE): Envelope {
  return { name, method: 'POST', path: '/graphql', headers, body };
}

function graphql(name: string, request: Record<string, unknown>): Envelope {
  return post(name, JSON.stringify(request));
}

/** `[[[…]]]` nested `levels` deep, as text. */
function nestedArrays(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

/** `{"and":[{"and":[…]}]}` nested `levels` deep, as text. */
function nestedFilter(levels: number): string {
  return `${'{"and":['.repeat(levels)}{}${']}'.repeat(levels)}`;
}

const HASH = 'a'.repeat(64);
const typename = '{ __typename }';

export const ENVELOPES: Envelope[] = [
  post('a body that is not JSON', '{"query": "{ __typename }"'),
  post('an empty body', ''),
  post('JSON null', 'null'),
  post('a JSON string', '"{ __typename }"'),
  post('a batch of two requests', JSON.stringify([{ query: typename }, { query: typename }])),
  post('an empty batch', '[]'),
  graphql('a query that is a number', { query: 1 }),
  graphql('a query that is an object', { query: { kind: 'Document' } }),
  graphql('no query', { variables: {} }),
  graphql('an empty query', { query: '' }),
  graphql('variables as a string', { query: 'query($id: ID!) { member(id: $id) { id } }', variables: '{"id":"1"}' }),
  graphql('variables as a list', { query: typename, variables: [1, 2] }),
  graphql('an operation name that is not in the document', { query: 'query A { __typename } query B { __typename }', operationName: 'C' }),
  graphql('two operations and no operation name', { query: 'query A { __typename } query B { __typename }' }),
  graphql('an operation name that is a number', { query: 'query A { __typename }', operationName: 1 }),
  graphql('a persisted query whose hash does not match', { query: typename, extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } }),
  graphql('an unknown persisted query', { extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } }),
  graphql('a persisted query of another version', { query: typename, extensions: { persistedQuery: { version: 2, sha256Hash: HASH } } }),
  graphql('a persisted query with a hash that is not a string', { extensions: { persistedQuery: { version: 1, sha256Hash: 5 } } }),
  graphql('extensions that are not an object', { query: typename, extensions: 'x' }),
  graphql('a subscription', { query: 'subscription { __typename }' }),
  graphql('a mutation with an empty selection', { query: 'mutation { }' }),
  graphql('a fragment cycle', { query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
  graphql('2,000 aliases', { query: `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }),
  graphql('200 directives', { query: `{ __typename ${'@skip(if: false) '.repeat(200)}}` }),
  graphql('an introspection 40 levels deep', { query: `{ __schema { types { ${'fields { type { '.repeat(20)}name${' } }'.repeat(20)} } } }` }),
  graphql('a selection 30 levels deep', { query: `{ organizations { nodes { ${'parent { '.repeat(30)}id${' }'.repeat(30)} } } }` }),
  graphql('a byte order mark and a NUL in the document', { query: '\uFEFF{ __typename }\u0000' }),
  graphql('a lone surrogate in a literal', { query: '{ members(filter: { name: { eq: "\uD800" } }) { totalCount } }' }),
  graphql('an integer literal past 64 bits', { query: '{ members(paging: { limit: 99999999999999999999999 }) { totalCount } }' }),
  graphql('a document of 300,000 spaces', { query: `${' '.repeat(300_000)}${typename}` }),
  graphql('a string literal of 3 MB', { query: `{ members(filter: { name: { like: "${'长'.repeat(1_000_000)}" } }) { totalCount } }` }),
  post('a filter nested 10,000 levels deep in variables', `{"query":"query($f: MemberFilter) { members(filter: $f) { totalCount } }","variables":{"f":${nestedFilter(10_000)}}}`),
  post('an unused variable nested 50,000 levels deep', `{"query":"{ __typename }","variables":{"x":${nestedArrays(50_000)}}}`),
  post('a literal filter nested 3,000 levels deep', JSON.stringify({ query: `{ members(filter: ${'{ and: ['.repeat(3000)}{}${'] }'.repeat(3000)}) { totalCount } }` })),
  post('a body past the size limit', JSON.stringify({ query: typename, variables: { x: 'x'.repeat(5 * 1024 * 1024) } })),
  post('JSON sent as text/plain', JSON.stringify({ query: typename }), { 'content-type': 'text/plain' }),
  post('a form', 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
  post('JSON with a charset the server does not read', JSON.stringify({ query: typename }), { 'content-type': 'application/json; charset=utf-16' }),
  { name: 'a GET query without a preflight header', method: 'GET', path: `/graphql?query=${encodeURIComponent(typename)}`, headers: {} },
  { name: 'a GET mutation', method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { logout }')}`, headers: { 'apollo-require-preflight': 'true' } },
  { name: 'a GET with variables that are not JSON', method: 'GET', path: `/graphql?query=${encodeURIComponent(typename)}&variables=%7B`, headers: { 'apollo-require-preflight': 'true' } },
  { name: 'a PUT', method: 'PUT', path: '/graphql', headers: JSON_TYPE, body: JSON.stringify({ query: typename }) },
  { name: 'a DELETE', method: 'DELETE', path: '/graphql', headers: {} },
  { ...graphql('a bare "Bearer"', { query: '{ me { id } }' }), authorization: 'Bearer' },
  { ...graphql('a Basic credential', { query: '{ me { id } }' }), authorization: 'Basic dXNlcjpwYXNz' },
  { ...graphql('a token of the wrong checksum', { query: '{ me { id } }' }), authorization: 'Bearer ggt_AAAAAAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB000000' },
  { ...graphql('a session token that was never issued', { query: '{ me { id } }' }), authorization: `Bearer ggs_${'A'.repeat(43)}` },
  { ...graphql('a credential of 100,000 characters', { query: '{ me { id } }' }), authorization: `Bearer ggs_${'A'.repeat(100_000)}` },
  { ...graphql('a credential with a tab and spaces', { query: '{ me { id } }' }), authorization: 'Bearer \t ggs_x  y' },
];
