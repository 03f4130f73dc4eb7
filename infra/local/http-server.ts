import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { verifyLocalToken } from '../../shared/auth/local-jwt';
import { AppError, NotFoundError, UnauthorizedError, toProblem } from '../../shared/errors/errors';
import type { RouteDecl, ServiceManifest } from '../../shared/manifest/manifest';
import { createLogger } from '../../shared/observability/logger';

const logger = createLogger('local-http');

/** Bodies above this are refused before reaching a handler (the handlers' own limit is 64 KiB, 1 MiB for an import). */
const READ_LIMIT_BYTES = 2 * 1024 * 1024;

type LambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  service: string;
  decl: RouteDecl;
  regex: RegExp;
  names: string[];
}

function compile(service: string, decl: RouteDecl): CompiledRoute {
  const names: string[] = [];
  const pattern = decl.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { service, decl, regex: new RegExp(`^${pattern}$`), names };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The headers CloudFront's response headers policy adds on AWS. */
const STATIC_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

/**
 * The public map (`/carte`, `/carte/…`) is embedded by an iframe in the département's website:
 * its page may be framed by the origins listed in `RELAIS_PUBLIC_MAP_EMBED_ORIGINS`
 * (space-separated, e.g. `https://www.lot.fr https://*.lot.fr`; locally `*` when unset, so that
 * anyone can try the embed). Every other page keeps `frame-ancestors 'none'`.
 */
export const isPublicMapPath = (pathname: string): boolean => pathname === '/carte' || pathname.startsWith('/carte/');

const EMBED_SOURCE = /^(\*|'self'|https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?)$/i;

/** The `frame-ancestors` sources of the public map; anything that is not an origin is dropped. */
export function publicMapFrameAncestors(raw: string | undefined): string {
  const tokens = (raw ?? '').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return '*';
  const valid = tokens.filter((token) => EMBED_SOURCE.test(token));
  if (valid.length < tokens.length)
    logger.warn('RELAIS_PUBLIC_MAP_EMBED_ORIGINS: ignored values that are not origins', { ignored: tokens.length - valid.length });
  return valid.length > 0 ? valid.join(' ') : "'none'";
}

function publicMapHeaders(): Record<string, string> {
  const { 'x-frame-options': _deny, ...headers } = STATIC_SECURITY_HEADERS;
  const ancestors = publicMapFrameAncestors(process.env.RELAIS_PUBLIC_MAP_EMBED_ORIGINS);
  return {
    ...headers,
    'content-security-policy': headers['content-security-policy'].replace("frame-ancestors 'none'", `frame-ancestors ${ancestors}`),
  };
}

export interface LocalHttpOptions {
  repoRoot: string;
  services: readonly ServiceManifest[];
  webDist: string;
  /** Served at `/config.json` for the SPA. */
  spaConfig: Record<string, unknown>;
  /** While the SPA is being built, pages answer a short notice. */
  spaReady: () => boolean;
}

/**
 * The local API Gateway: matches the manifests' routes, checks the bearer token as the JWT
 * authorizer does, turns the request into an HTTP API (v2) event, invokes the same Lambda
 * handler and writes its answer. Anything outside `/api` is the SPA.
 */
export function createLocalHttpServer(options: LocalHttpOptions): Server {
  // As API Gateway does, a literal segment wins over a parameter: `/api/sites/nearest` before `/api/sites/{id}`.
  const routes = options.services.flatMap((s) => s.routes.map((r) => compile(s.name, r))).sort((a, b) => a.names.length - b.names.length);
  const handlers = new Map<string, LambdaHandler>();
  const handlerFor = (route: CompiledRoute): LambdaHandler => {
    let handler = handlers.get(route.decl.handler);
    if (!handler) {
      handler = (require(join(options.repoRoot, route.decl.handler)) as { handler: LambdaHandler }).handler;
      handlers.set(route.decl.handler, handler);
    }
    return handler;
  };

  const sendProblem = (res: ServerResponse, error: AppError, instance: string) => {
    res.writeHead(error.status, { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(toProblem(error, instance)));
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const securityHeaders = isPublicMapPath(pathname) ? publicMapHeaders() : STATIC_SECURITY_HEADERS;
    if (pathname === '/config.json') {
      res.writeHead(200, { 'content-type': MIME['.json'] ?? '', 'cache-control': 'no-store' });
      res.end(JSON.stringify(options.spaConfig));
      return;
    }
    if (!options.spaReady()) {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5', ...securityHeaders });
      res.end(
        '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Relais</title><main><h1>Relais démarre…</h1><p>L’application est en cours de construction. Rechargez la page dans quelques secondes.</p></main></html>',
      );
      return;
    }
    const root = resolve(options.webDist);
    let file = normalize(join(root, decodeURIComponent(pathname)));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    const immutable = file.includes(`${join(root, 'assets')}`);
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...securityHeaders,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };

  const readBody = (req: IncomingMessage): Promise<Buffer | 'too-large'> =>
    new Promise((resolveBody, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > READ_LIMIT_BYTES) {
          resolveBody('too-large');
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolveBody(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  return createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const instance = `${method} ${url.pathname}`;
    let routeLabel = 'static';
    try {
      if (!url.pathname.startsWith('/api/')) {
        serveStatic(req, res, url.pathname);
        return;
      }
      const candidates = routes
        .map((route) => ({ route, match: route.regex.exec(url.pathname) }))
        .filter((c): c is { route: CompiledRoute; match: RegExpExecArray } => c.match !== null);
      const found = candidates.find((c) => c.route.decl.method === method);
      if (!found) {
        if (candidates.length > 0) {
          res.writeHead(405, {
            allow: candidates.map((c) => c.route.decl.method).join(', '),
            'content-type': 'application/problem+json; charset=utf-8',
          });
          res.end(
            JSON.stringify({
              type: 'about:blank',
              title: 'Méthode non autorisée',
              status: 405,
              detail: `${method} n’est pas possible ici.`,
            }),
          );
          return;
        }
        throw new NotFoundError('Aucune route ne correspond à cette adresse.');
      }
      const { route, match } = found;
      routeLabel = `${route.decl.method} ${route.decl.path}`;

      let claims: Record<string, unknown> | undefined;
      if (route.decl.access !== 'public') {
        const header = req.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
        const payload = token ? await verifyLocalToken(token) : undefined;
        if (!payload) throw new UnauthorizedError();
        claims = payload as Record<string, unknown>;
      }

      const body = await readBody(req);
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'application/problem+json; charset=utf-8', connection: 'close' });
        res.end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Requête trop volumineuse',
            status: 413,
            detail: `Le corps de la requête dépasse ${READ_LIMIT_BYTES / 1024} Kio.`,
          }),
        );
        return;
      }

      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      }
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
      const pathParameters: Record<string, string> = {};
      route.names.forEach((name, i) => {
        pathParameters[name] = decodeURIComponent(match[i + 1] ?? '');
      });
      const requestId = randomUUID();
      const now = new Date();
      const event = {
        version: '2.0',
        routeKey: routeLabel,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(route.names.length ? { pathParameters } : {}),
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'localhost',
          http: {
            method,
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId,
          routeKey: routeLabel,
          stage: '$default',
          time: now.toUTCString(),
          timeEpoch: now.getTime(),
          authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: (claims ?? {}) as Record<string, string>, scopes: [] } },
        },
        body: body.length ? body.toString('utf8') : undefined,
        isBase64Encoded: false,
      } as APIGatewayProxyEventV2WithJWTAuthorizer;
      const context = {
        awsRequestId: requestId,
        functionName: `${route.service}-${route.decl.id}`,
        getRemainingTimeInMillis: () => 29_000,
        callbackWaitsForEmptyEventLoop: false,
      };
      const result = await handlerFor(route)(event, context);
      res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
      res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
    } catch (error) {
      if (error instanceof AppError) {
        sendProblem(res, error, instance);
      } else {
        logger.error('Local gateway error', { errorName: (error as Error)?.name, stack: (error as Error)?.stack });
        sendProblem(res, new AppError(500, 'Erreur interne', 'Une erreur inattendue est survenue.'), instance);
      }
    } finally {
      // Route pattern only: raw paths and queries may carry search terms.
      logger.debug('request', { route: routeLabel, status: res.statusCode, ms: Date.now() - started });
    }
  });
}
