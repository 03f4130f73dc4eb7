import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { type Actor, actorFromClaims, requireRole } from '../auth/actor';
import { tableName } from '../config/settings';
import type { UnitOfWork } from '../dynamo/unit-of-work';
import { kernelErrors } from '../errors/catalogue';
import { AppError, type FieldError, toProblem } from '../errors/errors';
import { frenchMessage } from '../errors/field-messages';
import type { Access, OwnedRoute, RouteDecl } from '../manifest/manifest';
import { invocation } from '../observability/invocation';
import { createLogger } from '../observability/logger';

export const BODY_LIMIT_BYTES = 64 * 1024;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** The 422 of a key reused for another request: stable, clients and tests may rely on it. */
export const IDEMPOTENCY_REUSED = kernelErrors.error('idempotency-key-reused').message;

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

type SchemaOf<R, K extends string> = R extends { schemas: { [P in K]: infer S } }
  ? S extends z.ZodType
    ? z.output<S>
    : Record<string, never>
  : Record<string, never>;

type ActorOf<R> = R extends { access: 'public' } ? Actor | null : Actor;

export interface RouteRequest<R> {
  params: SchemaOf<R, 'params'>;
  query: SchemaOf<R, 'query'>;
  body: SchemaOf<R, 'body'>;
  actor: ActorOf<R>;
  /** All writes of the request: committed together after the handler returns. */
  uow: UnitOfWork;
  /** The request's `X-Correlation-Id`, else its request id: carried by every event it leads to. */
  correlationId: string;
  /** The request id: the cause of the events this request publishes. */
  causationId: string;
  headers: Record<string, string | undefined>;
  route: RouteDecl;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const REPLY = Symbol('relais.reply');

/** A handler returns its body, or `reply({ status, body, headers })` to set more than the body. */
export function reply(result: RouteResult): RouteResult {
  return Object.assign({ [REPLY]: true }, result);
}

function isReply(value: unknown): value is RouteResult {
  return typeof value === 'object' && value !== null && REPLY in value;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Answers may hold personal data: never kept by a shared cache or the browser's.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  // A file (an export): sent as is, base64-encoded as API Gateway expects binary bodies.
  if (Buffer.isBuffer(body)) {
    return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: body.toString('base64'), isBase64Encoded: true };
  }
  return {
    statusCode: status,
    headers: { ...JSON_HEADERS, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function problemResponse(error: AppError, instance?: string): HttpResult {
  return {
    statusCode: error.status,
    headers: { ...JSON_HEADERS, 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify(toProblem(error, instance)),
  };
}

export function zodIssuesToFieldErrors(prefix: string, error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    // Unknown keys are one issue for several keys: name each of them.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [prefix, ...issue.path.map(String), key].join('.'),
        message: frenchMessage(issue),
      }));
    }
    return [{ path: [prefix, ...issue.path.map(String)].join('.'), message: frenchMessage(issue) }];
  });
}

function bodyText(event: HttpEvent): string | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function parsePart(schema: z.ZodType | undefined, value: unknown, prefix: string, errors: FieldError[]): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...zodIssuesToFieldErrors(prefix, result.error));
  return undefined;
}

function parseRequest(route: RouteDecl, event: HttpEvent) {
  const errors: FieldError[] = [];
  // A route that takes no body ignores one it is sent (so it never answers 413 or 415).
  const text = route.schemas?.body ? bodyText(event) : undefined;
  const limit = route.maxBodyBytes ?? BODY_LIMIT_BYTES;
  if (text !== undefined && Buffer.byteLength(text, 'utf8') > limit)
    throw kernelErrors.error('payload-too-large', { params: { limit: Math.round(limit / 1024) } });
  let rawBody: unknown = {};
  if (route.schemas?.body && text !== undefined) {
    const type = event.headers['content-type'] ?? '';
    if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw kernelErrors.error('unsupported-media-type');
    try {
      rawBody = JSON.parse(text);
    } catch {
      throw kernelErrors.error('malformed-json', { errors: [{ path: 'body', message: 'JSON invalide' }] });
    }
  }
  const params = parsePart(route.schemas?.params, event.pathParameters ?? {}, 'path', errors);
  const query = parsePart(route.schemas?.query, event.queryStringParameters ?? {}, 'query', errors);
  const body = parsePart(route.schemas?.body, rawBody, 'body', errors);
  if (errors.length) throw kernelErrors.error('validation', { errors });
  return { params, query, body, text };
}

/** Who calls, and the route's role gate (the policy's, shared/auth/policy.ts, as the manifest declares it). */
function authenticate(gate: Access, event: HttpEvent): Actor | null {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (gate === 'public') return claims?.sub ? actorFromClaims(claims) : null;
  const actor = actorFromClaims(claims);
  // A signed-in account without any role (a ProConnect agent at the first sign-in, ADR 0041) opens
  // nothing until an administrator assigns one.
  if (actor.roles.length === 0) throw kernelErrors.error('account.pending');
  // Her token without her person id: a FranceConnect identity no professional has linked to her
  // record yet (the persons' pool's Pre token generation trigger, ADR 0040). Refused before the
  // route's own gate: no route of hers can answer without knowing whose file it is.
  if (actor.roles.includes('personne') && !actor.personId) throw kernelErrors.error('person.unlinked');
  if (gate !== 'authenticated') requireRole(actor, gate);
  // « Authenticated » means a professional: the person's own token (« Mon espace ») passes only
  // the gates that name `personne` (SECURITY.md, « The person as a user »).
  else if (actor.roles.includes('personne')) throw kernelErrors.error('forbidden');
  return actor;
}

export interface IdempotencyRecord {
  requestHash: string;
  statusCode: number;
  body: string;
}

class IdempotencyRace extends Error {}

/** What a route's verification hook sees: the request, validated, before anything else runs. */
export interface VerifyRequest<R> {
  params: SchemaOf<R, 'params'>;
  query: SchemaOf<R, 'query'>;
  body: SchemaOf<R, 'body'>;
  actor: ActorOf<R>;
  headers: Record<string, string | undefined>;
}

export interface RouteOptions<R> {
  /**
   * Runs after validation and before the `Idempotency-Key` is looked at, so that a stored answer
   * is never replayed to a request that would be refused (a public route's signed link that no
   * longer verifies). Throws to refuse; returns who the caller is for idempotency (`caller`,
   * e.g. `link:<referralId>`). A public route without it ignores `Idempotency-Key`.
   */
  verify?: (request: VerifyRequest<R>) => Promise<{ caller: string }>;
}

/** Stable JSON: keys sorted, so that the same parameters always hash the same. */
function canonical(value: Record<string, string | undefined> | null | undefined): string {
  const entries = Object.entries(value ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/**
 * What an `Idempotency-Key` is bound to besides the caller and the route: the resource (path
 * parameters), the query and the body. The same key with any of them different is a 422.
 */
export function idempotencyRequestHash(
  event: Pick<HttpEvent, 'pathParameters' | 'queryStringParameters'>,
  body: string | undefined,
): string {
  return createHash('sha256')
    .update(`path:${canonical(event.pathParameters)}\n`)
    .update(`query:${canonical(event.queryStringParameters)}\n`)
    .update(`body:${body ?? ''}`)
    .digest('hex');
}

/**
 * Where a route's writes and its stored idempotent answers go. `route-handler.ts` gives DynamoDB
 * (what every route that reads or writes a table uses); `storelessRoute` gives none, so that a
 * route touching no table (health) bundles without the AWS SDK (docs/adr/0025-lean-functions.md).
 */
export interface RouteStorage {
  unitOfWork(): UnitOfWork;
  idempotencyRecord(service: string, pk: string): Promise<IdempotencyRecord | undefined>;
}

/**
 * Wrap a handler for one manifest route: header normalisation, body limit, authentication and
 * role check, zod validation of path, query and body (every bad field listed), the unit of work
 * committed after the handler, `Idempotency-Key` on POSTs, and problem+json errors.
 *
 * `Idempotency-Key`: the first successful answer is kept 24 hours under (caller, route, key),
 * with a hash of the path parameters, the query and the body; the same key again with the same
 * request replays it (`idempotent-replayed: true`), with another resource or body is a 422. A
 * public route uses it only after its `verify` hook; a service without a `main` table ignores it.
 */
export function makeHttpRoute(storage: RouteStorage | null) {
  return function httpRoute<R extends OwnedRoute>(
    route: R,
    fn: (request: RouteRequest<R>) => Promise<RouteResult | unknown>,
    options: RouteOptions<R> = {},
  ) {
    // Only the route's own declaration: the function does not carry its service's manifest (ADR 0056).
    const service = route.owner.service;
    // The manifest's `access` is the policy's gate for this route: services/index.ts asserts it
    // whenever the services are assembled (cdk synth, npm start, tests), so the function need not
    // carry the policy's table of every route (shared/auth/route-actions.ts, ADR 0052).
    const gate: Access = route.access;
    const idempotent =
      storage !== null && route.method === 'POST' && route.owner.idempotencyStore && (gate !== 'public' || !!options.verify);
    const logger = createLogger(service);
    const successStatus = route.successStatus ?? 200;

    const core = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
      const requestId = event.requestContext?.requestId ?? context.awsRequestId ?? 'unknown';
      const correlationId = correlationIdOf(event.headers['x-correlation-id']) ?? requestId;
      return invocation({ service, handler: route.id, context }, { correlationId, causationId: requestId }, () =>
        handle(event, correlationId, requestId),
      );
    };

    const handle = async (event: HttpEvent, correlationId: string, requestId: string): Promise<HttpResult> => {
      const instance = `${route.method} ${route.path}`; // the pattern: the raw path is the caller's input
      try {
        const actor = authenticate(gate, event);
        const { params, query, body, text } = parseRequest(route, event);
        // Verification first: nothing stored is replayed to a request that would be refused.
        const verified = options.verify
          ? await options.verify({ params, query, body, actor, headers: event.headers } as VerifyRequest<R>)
          : undefined;
        const idempotencyKey = idempotent ? event.headers['idempotency-key'] : undefined;
        let idempotencyPk: string | undefined;
        let requestHash = '';
        if (idempotencyKey !== undefined) {
          if (!/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
            throw kernelErrors.error('invalid-idempotency-key', {
              errors: [{ path: 'header.idempotency-key', message: 'Clé d’idempotence invalide (1 à 255 caractères visibles)' }],
            });
          }
          const caller = verified?.caller ?? actor?.id;
          if (!caller) throw new Error(`${service}.${route.id}: idempotency without a caller`);
          idempotencyPk = `IDEMPOTENCY#${caller}#${route.id}#${idempotencyKey}`;
          requestHash = idempotencyRequestHash(event, text);
          const replay = await readIdempotency(storage, service, idempotencyPk, requestHash);
          if (replay) return replay;
        }

        const uow = storage ? storage.unitOfWork() : noWrites(service, route.id);
        const output = await fn({
          params,
          query,
          body,
          actor,
          uow,
          correlationId,
          causationId: requestId,
          headers: event.headers,
          route,
        } as RouteRequest<R>);
        const result: RouteResult = isReply(output) ? output : { body: output };
        const response = json(result.status ?? successStatus, result.body, result.headers);
        if (idempotencyPk && (response.statusCode ?? 200) < 300) {
          uow.put(
            tableName(service, 'main'),
            {
              pk: idempotencyPk,
              sk: 'IDEMPOTENCY',
              requestHash,
              statusCode: response.statusCode,
              body: response.body,
              expiresAt: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS,
            },
            { expression: 'attribute_not_exists(pk)' },
            () => new IdempotencyRace(),
          );
        }
        try {
          await uow.commit();
        } catch (error) {
          if (error instanceof IdempotencyRace && idempotencyPk) {
            const replay = await readIdempotency(storage, service, idempotencyPk, requestHash);
            if (replay) return replay;
          }
          throw error;
        }
        return response;
      } catch (error) {
        if (error instanceof AppError) {
          if (error.status >= 500) logger.error('Request failed', { route: route.id, status: error.status });
          return problemResponse(error, instance);
        }
        // Never echo the error: it may quote input. Log its kind and stack, not its data.
        logger.error('Unexpected error', { route: route.id, errorName: (error as Error)?.name, stack: (error as Error)?.stack });
        return problemResponse(kernelErrors.error('internal'), instance);
      }
    };

    // Header names are case-insensitive: API Gateway v2 sends them lower-cased, and so does the
    // local server; lower-case them anyway, so that `headers['content-type']` holds for any caller
    // (what middy's header normaliser did, the one middleware Relais used: docs/adr/0019).
    return (event: HttpEvent, context: Context): Promise<HttpResult> => core(withLowerCaseHeaders(event), context);
  };
}

/** A route that writes nothing and stores nothing (health): no unit of work, no AWS SDK. */
export const storelessRoute = makeHttpRoute(null);

/** The unit of work of a storeless route: any write is a programming error, found by its tests. */
function noWrites(service: string, route: string): UnitOfWork {
  const refuse = (): never => {
    throw new Error(`${service}.${route} is a storeless route: it cannot write`);
  };
  const uow: UnitOfWork = {
    add: refuse,
    put: refuse,
    defer: refuse,
    afterCommit: refuse,
    size: 0,
    commit: async () => undefined,
  };
  return uow;
}

function withLowerCaseHeaders(event: HttpEvent): HttpEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return { ...event, headers };
}

/**
 * A caller's `X-Correlation-Id`, kept when it is a plain id (letters, digits, `-_.:`, at most 128):
 * it goes into logs and events, so nothing else a caller sends is copied there.
 */
export function correlationIdOf(header: string | undefined): string | undefined {
  return header && /^[\w.:-]{1,128}$/.test(header) ? header : undefined;
}

async function readIdempotency(
  storage: RouteStorage | null,
  service: string,
  pk: string,
  requestHash: string,
): Promise<HttpResult | undefined> {
  const record = await storage?.idempotencyRecord(service, pk);
  if (!record) return undefined;
  if (record.requestHash !== requestHash) {
    throw kernelErrors.error('idempotency-key-reused', {
      errors: [{ path: 'header.idempotency-key', message: 'Clé déjà utilisée pour une autre ressource ou un autre contenu' }],
    });
  }
  return { statusCode: record.statusCode, headers: { ...JSON_HEADERS, 'idempotent-replayed': 'true' }, body: record.body };
}
