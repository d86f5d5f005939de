import type { ApolloServerPlugin, GraphQLRequest, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { type ExecutionResult, execute, type FormattedExecutionResult, type GraphQLSchema, Kind, type OperationDefinitionNode } from 'graphql';
import { auditService } from './common/audit-trail';
import type { RequestContext } from './common/context';
import { isDatabaseUnavailable } from './common/db-errors';
import { BadUserInputError, DomainError, ServiceUnavailableError } from './common/errors';
import { type Claim, claimIdempotencyKey, credentialOf } from './common/idempotency';
import { checkVariables } from './common/input-limits';
import type { KnownQueries, KnownQueryRequest } from './http/known-queries';
import { beginReadRequest, beginRequestTransaction, confirmReadRequest, endRequestTransaction, type ReadRequest, type Rerun } from './common/request-transaction';
import { sealer } from './members/personal-data';
import { cacheHeaders, notModified, notModifiedResponse, statisticsEtag } from './stats/stats-http-cache';

/** A credential shown once (an API token, a session) must never be kept for a replay. */
const ONE_TIME_SECRET = /^gg[st]_[0-9A-Za-z_]+$/;
const holdsSecret = (value: unknown): boolean =>
  typeof value === 'string' ? ONE_TIME_SECRET.test(value) : value !== null && typeof value === 'object' && Object.values(value).some(holdsSecret);

/**
 * Whether the operation did any of its work. A root field whose resolver failed rolled its
 * savepoint back, so an answer in which every root field failed that way changed nothing: it is
 * not kept, and a retry with the key runs afresh (after the cause was mended, say) instead of
 * replaying the refusal — as is one that never ran. A field that failed further down had done its work first.
 */
function appliedAnything(operation: OperationDefinitionNode, answer: FormattedExecutionResult): boolean {
  const errors = answer.errors ?? [];
  // Refused before any field ran (variables that do not coerce, say).
  if (answer.data == null && errors.every((error) => !error.path)) return false;
  const failed = new Set(errors.filter((error) => error.path?.length === 1).map((error) => error.path![0]));
  return operation.selectionSet.selections.some((selection) => selection.kind !== Kind.FIELD || !failed.has((selection.alias ?? selection.name).value));
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** An error raised before anything ran, answered with its own HTTP status. */
function withStatus<E extends DomainError>(error: E, status: number): E {
  error.extensions.http = { status };
  return error;
}

/**
 * The life of one GraphQL request, once its operation is known:
 * 1. what it carries is checked before anything runs: input values within the limits
 *    (common/input-limits.ts), and no subscription (there is no transport for one);
 * 2. it runs in one transaction (common/request-transaction.ts), opened with the viewer set for
 *    row-level security — a database that cannot be reached is a 503 with retry-after; a query
 *    holds none open: each of its reads carries the viewer (beginReadRequest), and a viewer from
 *    the cache is confirmed before the answer leaves — when the credential changed meanwhile,
 *    the request runs again (`runAgain`) as the credential stands now, or is refused;
 * 3. a mutation sent with an `Idempotency-Key` header claims the key in that transaction
 *    (common/idempotency.ts): a retry replays the stored answer instead of running again;
 * 4. a query for statistics only gets an ETag from the rollups' version (stats/stats-http-cache.ts):
 *    when If-None-Match holds it, the answer is 304 and nothing is computed;
 * 5. the transaction is closed once the response is ready, after the personal-data reads it
 *    showed and the answer to replay are written, so that they commit with the work;
 * 6. a query answered without an error (and not for statistics) is noted in `known`, so that the
 *    same query asked again is answered without Apollo Server's pipeline (answerKnownQuery).
 */
export function requestLifecyclePlugin(runAgain: (request: GraphQLRequest, ctx: RequestContext, rerun: Rerun) => Promise<GraphQLResponse>, known: KnownQueries): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let begun: Promise<void> | undefined;
      let read: ReadRequest | undefined;
      let claim: Claim<FormattedExecutionResult> | undefined;
      let etag: string | null = null;
      return {
        async didResolveOperation({ operation, request, contextValue: ctx }) {
          if (operation?.operation === 'subscription') {
            throw withStatus(new DomainError('BAD_USER_INPUT', 'Subscriptions are not supported: poll the queries instead', { reason: 'UNSUPPORTED_OPERATION' }), 400);
          }
          checkVariables(request.variables, operation);
          const key = operation?.operation === 'mutation' ? ctx.idempotencyKey : undefined;
          if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
            throw withStatus(new BadUserInputError('Idempotency-Key', '1 to 200 printable ASCII characters', 'IDEMPOTENCY_KEY'), 400);
          }
          if (ctx.rerun?.refusal) throw ctx.rerun.refusal;
          if (operation?.operation === 'query') {
            begun = beginReadRequest(ctx.em, ctx.viewer).then((reading) => {
              read = reading;
            });
          } else {
            // A viewer from the cache of credentials comes back confirmed, or as it stands now.
            begun = beginRequestTransaction(ctx.em, ctx.viewer).then((viewer) => {
              ctx.viewer = viewer;
            });
          }
          try {
            await begun;
            const credential = credentialOf(ctx.viewer);
            if (key && credential) {
              claim = await claimIdempotencyKey<FormattedExecutionResult>(ctx.em, {
                credential,
                scope: 'request',
                key,
                payload: { query: request.query, operationName: request.operationName, variables: request.variables },
                now: ctx.now,
                sealer: sealer(),
                field: 'Idempotency-Key',
              });
            }
          } catch (error) {
            if (isDatabaseUnavailable(error)) throw new ServiceUnavailableError();
            if (error instanceof DomainError && error.extensions.code === 'CONFLICT') throw withStatus(error, 409);
            throw error;
          }
        },
        async responseForOperation({ operation, request, queryHash, contextValue: ctx }): Promise<GraphQLResponse | null> {
          if (claim?.replay) {
            return { http: { status: 200, headers: new HeaderMap([['idempotent-replayed', 'true']]) }, body: { kind: 'single', singleResult: claim.replay } };
          }
          try {
            etag = await statisticsEtag(ctx, operation, request, queryHash);
          } catch (error) {
            if (isDatabaseUnavailable(error)) throw new ServiceUnavailableError();
            throw error;
          }
          return etag && notModified(request.http?.headers.get('if-none-match'), etag) ? notModifiedResponse(etag) : null;
        },
        async willSendResponse({ contextValue: ctx, response, operation, document, request }) {
          await begun?.catch(() => undefined);
          try {
            const rerun = read ? await confirmReadRequest(ctx, read) : null;
            if (rerun) {
              await endRequestTransaction(ctx, 'rollback');
              const again = await runAgain(request, ctx, rerun);
              response.body = again.body;
              response.http.status = again.http.status;
              for (const [name, value] of again.http.headers) response.http.headers.set(name, value);
              return;
            }
            await auditService.flushReads(ctx);
            if (claim && !claim.replay && response.body.kind === 'single') {
              const answer = response.body.singleResult as FormattedExecutionResult;
              if (operation && appliedAnything(operation, answer)) await claim.record(answer, { withheld: holdsSecret(answer.data) });
            }
            await endRequestTransaction(ctx, 'commit');
          } catch (error) {
            await endRequestTransaction(ctx, 'rollback').catch(() => undefined);
            // Nothing of it was kept: the client must not read success.
            const unavailable = isDatabaseUnavailable(error);
            if (!unavailable) ctx.log.error({ err: error }, 'the request could not be committed');
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  unavailable
                    ? { message: new ServiceUnavailableError().message, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: ServiceUnavailableError.RETRY_AFTER_SECONDS } }
                    : { message: `Internal server error (request id ${ctx.requestId})`, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
                ],
              },
            };
            response.http.status = unavailable ? 503 : 500;
          }
          // A database that went away during execution: the whole answer is a 503, to retry.
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          if (etag && errors.length === 0) cacheHeaders(response.http.headers, etag);
          if (errors.some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE')) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(ServiceUnavailableError.RETRY_AFTER_SECONDS));
          }
          const clean = (response.http.status ?? 200) === 200 && response.body.kind === 'single' && errors.length === 0 && response.body.singleResult.data != null;
          if (clean && read && !etag && !ctx.rerun && document && operation?.operation === 'query') known.answeredCleanly(request.query, request.operationName ?? undefined, { document, operation });
        },
      };
    },
  };
}

/** How a known query ended on its own path: answered, or to run again as the credential stands now (Rerun). */
export type KnownQueryOutcome = { result: ExecutionResult } | { rerun: Rerun };

/**
 * A query Apollo Server answered cleanly before (http/known-queries.ts), answered again without its
 * pipeline: the steps requestLifecyclePlugin takes for a query — the variables checked, the reads
 * carrying the viewer, the viewer confirmed, the personal data shown written to the audit trail —
 * around graphql-js's execute, as Apollo Server calls it. A viewer that changed under it comes back
 * as the plugin hands it to `runAgain`. Null when the answer would not be a clean one (an error
 * anywhere, a database that failed): nothing of this run is kept, and the request goes to Apollo
 * Server, which answers it as it answers any. A query only reads, so running it twice changes nothing.
 */
export async function answerKnownQuery(schema: GraphQLSchema, request: KnownQueryRequest, ctx: RequestContext): Promise<KnownQueryOutcome | null> {
  const { document, operation } = request.known;
  try {
    checkVariables(request.variables, operation);
    const read = await beginReadRequest(ctx.em, ctx.viewer);
    const result = await execute({ schema, document, operationName: request.operationName, variableValues: request.variables, contextValue: ctx });
    const rerun = await confirmReadRequest(ctx, read);
    if (rerun || result.errors?.length || result.data == null) {
      await endRequestTransaction(ctx, 'rollback');
      return rerun ? { rerun } : null;
    }
    await auditService.flushReads(ctx);
    await endRequestTransaction(ctx, 'commit');
    return { result };
  } catch {
    await endRequestTransaction(ctx, 'rollback').catch(() => undefined);
    return null;
  }
}
