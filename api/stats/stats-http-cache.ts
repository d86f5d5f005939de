import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type GraphQLRequest, type GraphQLResponse, HeaderMap } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../common/context';
import { chinaDate } from '../common/dates';
import { viewerSettings } from '../common/viewer-settings';
import { rollupVersion } from './rollups';

/**
 * HTTP caching of statistics for dashboards that poll. A query asking for statistics only gets a
 * weak ETag made of what its answer depends on: the caller (identity and reach, so one caller's
 * ETag never validates another's answer), the document and variables, the rollups' version
 * counters in the caller's reach and the agreements it lists (api/stats/rollups.ts), the day
 * (months begin), and the code that shapes the answer. A request whose If-None-Match holds it is
 * answered 304 before anything is computed. Answers stay private to the caller.
 *
 * The version is read before the figures: an ETag may label figures newer than it (the next poll
 * then gets them again), never older ones.
 */

/** Root fields whose answers are the rollups' figures and nothing else. */
const STATISTICS = new Set(['memberStatistics', 'activityStatistics', 'feedbackStatistics']);

/** The modules that shape a statistics answer: a release that changes them changes every ETag. */
const RELEASE = createHash('sha256')
  .update(['./disclosure', './rollups', './stats.service', './stats.types'].map((module) => readFileSync(require.resolve(module), 'utf8')).join('\0'))
  .digest('hex');

export const STATISTICS_CACHE_CONTROL = 'private, no-cache';

/**
 * Statistics, with `__typename` beside them or not; `__typename` alone (a probe) is not, so that it
 * costs no version read. `operation` is missing when the document names no operation to run
 * (Apollo answers that itself).
 */
function statisticsOnly(operation: OperationDefinitionNode | undefined): boolean {
  if (operation?.operation !== 'query') return false;
  const fields = operation.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : null));
  return fields.every((field) => field === '__typename' || (field !== null && STATISTICS.has(field))) && fields.some((field) => field !== null && STATISTICS.has(field));
}

/** The ETag of a statistics-only query; null for any other operation. Runs in the request's transaction. */
export async function statisticsEtag(ctx: RequestContext, operation: OperationDefinitionNode | undefined, request: GraphQLRequest, queryHash: string | undefined): Promise<string | null> {
  if (!statisticsOnly(operation)) return null;
  const parts = [RELEASE, viewerSettings(ctx.viewer), queryHash ?? request.query ?? '', request.operationName ?? '', JSON.stringify(request.variables ?? {}), chinaDate(ctx.now), await rollupVersion(ctx.em)];
  return `W/"${createHash('sha256').update(parts.join('\0')).digest('base64url').slice(0, 32)}"`;
}

/** Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for If-None-Match). */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return (ifNoneMatch ?? '').split(',').some((tag) => opaque(tag) === opaque(etag));
}

export function cacheHeaders(headers: HeaderMap, etag: string): void {
  headers.set('etag', etag);
  headers.set('cache-control', STATISTICS_CACHE_CONTROL);
  headers.set('vary', 'authorization');
}

export function notModifiedResponse(etag: string): GraphQLResponse {
  const headers = new HeaderMap();
  cacheHeaders(headers, etag);
  return { http: { status: 304, headers }, body: { kind: 'single', singleResult: {} } };
}
