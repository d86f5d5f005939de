import type { DocumentNode, OperationDefinitionNode } from 'graphql';

/** A query Apollo Server parsed, validated and answered without an error. */
export interface KnownQuery {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** A request for a known query, as its body and headers ask for it. */
export interface KnownQueryRequest {
  known: KnownQuery;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  /** The content type Apollo Server answered the same Accept header with. */
  contentType: string;
}

/**
 * Queries kept, by text and operation name; the one least recently asked for goes first. Their
 * documents stay in memory while kept, so the texts are bounded too: the console and a partner's
 * poller send a few dozen queries of a few kilobytes.
 */
const MAX_QUERIES = 300;
const MAX_QUERY_CHARACTERS = 600_000;
/** Accept headers whose content type is kept: clients send a handful. */
const MAX_ACCEPTS = 32;

/** The two types a GraphQL answer comes in: application/json and application/graphql-response+json. */
const JSON_RESPONSE = /^application\/(graphql-response\+)?json\b/;

/** What a request body may hold to be answered here: extensions (persisted queries, say) are Apollo Server's. */
const REQUEST_FIELDS = new Set(['query', 'operationName', 'variables']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

const keyOf = (query: string, operationName: string | undefined) => `${operationName ?? ''}\u0000${query}`;

/**
 * What Apollo Server decided about the queries it answered, so that the same query, asked again,
 * runs without its request pipeline (request-lifecycle.ts, answerKnownQuery). On a read by id
 * that pipeline — the HTTP request rebuilt as a map of headers, the query hashed and looked up,
 * every plugin's hooks awaited in turn — cost more than the read itself.
 *
 * Nothing here is decided anew: a query is known once Apollo Server has parsed it, validated it
 * (with the query limits), executed it as a query that is not for statistics only (those carry
 * an ETag) and answered it with HTTP 200 and no error. Validation depends on the text alone, so
 * the verdict holds for the same text and operation name. The content type is the one Apollo
 * Server chose for the same Accept header. A request that differs in any way Apollo Server looks
 * at (a GET, a batch, extensions, another content type, an Accept header not seen) goes through
 * Apollo Server, as does every answer that is not a clean one (answerKnownQuery).
 */
export class KnownQueries {
  private readonly queries = new Map<string, KnownQuery>();
  private queryCharacters = 0;
  private readonly contentTypes = new Map<string, string>();
  private open = true;
  /** How many requests were answered here rather than by Apollo Server (tests, and the benchmark). */
  served = 0;

  /** Apollo Server answered this query with HTTP 200 and no error (request-lifecycle.ts). */
  answeredCleanly(query: string | undefined, operationName: string | undefined, known: KnownQuery): void {
    if (!this.open || query === undefined) return;
    const key = keyOf(query, operationName);
    if (key.length > MAX_QUERY_CHARACTERS) return;
    if (this.queries.delete(key)) this.queryCharacters -= key.length;
    while (this.queries.size >= MAX_QUERIES || this.queryCharacters + key.length > MAX_QUERY_CHARACTERS) {
      const oldest = this.queries.keys().next().value!;
      this.queries.delete(oldest);
      this.queryCharacters -= oldest.length;
    }
    this.queries.set(key, known);
    this.queryCharacters += key.length;
  }

  /** Apollo Server answered a POST with this Accept header with HTTP 200 and this content type. */
  answeredWith(accept: string | undefined, contentType: string | undefined): void {
    if (this.open && contentType && JSON_RESPONSE.test(contentType)) remember(this.contentTypes, accept ?? '', contentType, MAX_ACCEPTS);
  }

  /** The known query a request asks for, or undefined when Apollo Server must answer it. */
  match(method: string, url: string, headers: Record<string, string | string[] | undefined>, body: unknown): KnownQueryRequest | undefined {
    if (!this.open || method !== 'POST' || url.includes('?') || !isPlainObject(body)) return undefined;
    // A JSON body, as express.json parsed it: not a "simple" request, so CSRF prevention lets it through.
    const type = headers['content-type'];
    if (typeof type !== 'string' || type.split(';', 1)[0]!.trim().toLowerCase() !== 'application/json') return undefined;
    const accept = headers.accept;
    if (Array.isArray(accept)) return undefined;
    const contentType = this.contentTypes.get(accept ?? '');
    if (contentType === undefined) return undefined;
    for (const key in body) if (!REQUEST_FIELDS.has(key)) return undefined;
    const { query, operationName, variables } = body;
    if (typeof query !== 'string' || (operationName != null && typeof operationName !== 'string')) return undefined;
    if (variables != null && !isPlainObject(variables)) return undefined;
    const key = keyOf(query, operationName ?? undefined);
    const known = this.queries.get(key);
    if (!known) return undefined;
    // Most recently asked for last.
    this.queries.delete(key);
    this.queries.set(key, known);
    return { known, operationName: operationName ?? undefined, variables: variables ?? undefined, contentType };
  }

  /** A stopping server answers nothing more here: Apollo Server refuses what comes after it stopped. */
  close(): void {
    this.open = false;
    this.queries.clear();
    this.queryCharacters = 0;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  if (!map.delete(key) && map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}
