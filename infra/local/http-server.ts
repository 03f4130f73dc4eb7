import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip as gzipCallback, constants as zlibConstants } from 'node:zlib';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { verifyLocalToken } from '../../shared/auth/local-jwt';
import { kernelErrors } from '../../shared/errors/catalogue';
import { AppError, toProblem } from '../../shared/errors/errors';
import { BODY_LIMIT_BYTES } from '../../shared/http/route-handler';
import type { RouteDecl, ServiceManifest } from '../../shared/manifest/manifest';
import { createLogger } from '../../shared/observability/logger';

const logger = createLogger('local-http');

/**
 * A body over its route's limit (64 KiB, 1 MiB for an import) is answered 413 without reaching
 * the handler; the rest of it is still read and dropped up to this much, so that the client,
 * still sending, reads the answer instead of a reset connection. Past it the connection is cut.
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** Node's own limit on the request line and headers (its default): past it, 431. */
const MAX_HEADER_BYTES = 16 * 1024;

/** A path segment decoded, or a 400 naming the parameter when its percent-encoding is broken. */
export function decodePathParameter(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw kernelErrors.error('malformed-address', {
      errors: [{ path: `path.${name}`, message: 'Encodage « %XX » invalide dans l’adresse' }],
    });
  }
}

/** The raw bytes of a problem answer, for a socket the HTTP parser gave up on (no request object). */
export function rawProblemResponse(error: AppError): string {
  const body = JSON.stringify(toProblem(error));
  return [
    `HTTP/1.1 ${error.status} ${error.title.normalize('NFD').replace(/[^\x20-\x7e]/g, '')}`,
    'content-type: application/problem+json; charset=utf-8',
    'cache-control: no-store',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

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
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Text formats worth compressing (images, fonts and the like are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map', '.txt', '.webmanifest']);

/**
 * The paths that are the SPA itself (index.html): the root, the public map (a real path, embedded
 * by other sites), the person's space (`/mon-espace`), and Cognito's redirect after sign-in. Every other page of the SPA is a hash
 * route (`/#/…`), so any other path that is not a file is a real 404.
 */
export const isSpaEntryPath = (pathname: string): boolean =>
  pathname === '/' || pathname === '/index.html' || pathname === '/auth/callback' || isPublicMapPath(pathname) || isMonEspacePath(pathname);

/** « Mon espace », the person's own space (issue 15): a real path, its own entry of the SPA. */
export const isMonEspacePath = (pathname: string): boolean => pathname === '/mon-espace' || pathname === '/mon-espace/';

/** Vite's fingerprinted output (`/assets/name-<hash>.ext`): its content never changes under that name. */
export const isHashedAssetPath = (pathname: string): boolean => /^\/assets\/[^/]+-[\w-]{8,}\.[a-z0-9]+$/i.test(pathname);

export type ContentCoding = 'br' | 'gzip' | 'identity';

/**
 * The coding to answer with, per `Accept-Encoding` (RFC 9110 §12.5.3): brotli when accepted,
 * else gzip, else none. A coding with `q=0` is refused; `*` accepts any coding not named.
 */
export function negotiateEncoding(header: string | undefined): ContentCoding {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (coding: string) => accepted.get(coding) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

interface StaticFile {
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

async function loadStaticFile(path: string): Promise<StaticFile> {
  const identity = await readFile(path);
  // Compress only when it pays: tiny files are sent as they are.
  if (!COMPRESSIBLE.has(extname(path)) || identity.length <= 512) return { identity };
  // On libuv's thread pool, not on the event loop: brotli's best quality takes a second or two
  // for the map's chunk, and it is paid once per file and build.
  const [br, gz] = await Promise.all([
    brotli(identity, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzip(identity, { level: 9 }),
  ]);
  return { identity, br, gzip: gz };
}

/**
 * The files of the built SPA, read and compressed once (brotli at its best quality, gzip at 9)
 * and kept while their modification time and size stay the same: a rebuild of web/dist is
 * picked up, and no request compresses the same bytes twice. `warm` compresses the whole build
 * ahead of the first visitor.
 */
function staticFileCache() {
  const files = new Map<string, { mtimeMs: number; size: number; file: Promise<StaticFile> }>();
  const read = (path: string): Promise<StaticFile> => {
    const stat = statSync(path);
    const cached = files.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.file;
    const file = loadStaticFile(path);
    files.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, file });
    file.catch(() => files.delete(path));
    return file;
  };
  const warm = (root: string): void => {
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else read(path).catch(() => undefined); // a file gone meanwhile is read again when asked for
      }
    };
    try {
      walk(root);
    } catch (error) {
      logger.warn('web/dist could not be read ahead', { errorName: (error as Error)?.name });
    }
  };
  return { read, warm };
}

/** The page of an address that is nothing here, when web/dist has no 404.html (it is in web/public). */
const FALLBACK_NOT_FOUND =
  '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Page introuvable — Relais</title><main><h1>Page introuvable</h1><p>Cette adresse ne correspond à aucune page de Relais.</p><p><a href="/">Revenir à l’accueil de Relais</a></p></main></html>';

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
  /**
   * Compress the whole build ahead of the first visitor (default true). A test stack does not:
   * brotli at its best quality over all of web/dist costs seconds of CPU, and most test stacks
   * never serve a page (those that do compress what they serve, once).
   */
  warmStatic?: boolean;
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

  const sendProblem = (res: ServerResponse, error: AppError, instance: string | undefined) => {
    res.writeHead(error.status, { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(toProblem(error, instance)));
  };

  const staticFiles = staticFileCache();
  let warmed = options.warmStatic === false;
  if (!warmed && options.spaReady()) {
    warmed = true;
    staticFiles.warm(resolve(options.webDist));
  }
  const serveStatic = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
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
    if (!warmed) {
      warmed = true;
      staticFiles.warm(root);
    }
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      decoded = undefined; // a broken escape names no file: 404
    }
    let file: string | undefined;
    let status = 200;
    if (decoded !== undefined && isSpaEntryPath(decoded)) file = join(root, 'index.html');
    else if (decoded !== undefined) {
      const candidate = normalize(join(root, decoded));
      // Only files of web/dist, none of its hidden folders (Vite's `.vite/manifest.json`).
      const inside =
        candidate.startsWith(root + sep) &&
        !candidate
          .slice(root.length)
          .split(sep)
          .some((part) => part.startsWith('.'));
      if (inside && existsSync(candidate) && !statSync(candidate).isDirectory()) file = candidate;
    }
    if (!file) {
      status = 404;
      const notFound = join(root, '404.html');
      if (existsSync(notFound)) file = notFound;
    }
    const immutable = status === 200 && isHashedAssetPath(pathname);
    const content: Pick<StaticFile, 'identity' | 'br' | 'gzip'> = file
      ? await staticFiles.read(file)
      : { identity: Buffer.from(FALLBACK_NOT_FOUND) };
    const coding = negotiateEncoding(req.headers['accept-encoding']);
    const body = (coding === 'br' ? content.br : coding === 'gzip' ? content.gzip : undefined) ?? content.identity;
    const compressed = body !== content.identity;
    res.writeHead(status, {
      'content-type': (file ? MIME[extname(file)] : undefined) ?? (file ? 'application/octet-stream' : MIME['.html']!),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(file && COMPRESSIBLE.has(extname(file)) ? { vary: 'Accept-Encoding' } : {}),
      ...(compressed ? { 'content-encoding': coding } : {}),
      'content-length': String(body.length),
      ...securityHeaders,
    });
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  };

  /**
   * The whole body, or `too-large` past `limit` bytes: the rest is then read and dropped (up to
   * DRAIN_LIMIT_BYTES) so the 413 reaches a client still sending. A `limit` of 0 drops the body
   * of a route that takes none.
   */
  const readBody = (req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> =>
    new Promise((resolveBody, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (limit === 0) return;
        if (size > limit) tooLarge = true;
        if (tooLarge) {
          chunks.length = 0;
          if (size > DRAIN_LIMIT_BYTES) {
            req.pause();
            resolveBody('too-large');
          }
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolveBody(tooLarge ? 'too-large' : Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, async (req, res) => {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    // Problems name the route's pattern, never the raw path (it is the caller's input).
    let instance: string | undefined;
    let routeLabel = 'static';
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        throw kernelErrors.error('malformed-address', { errors: [{ path: 'path', message: 'Adresse invalide' }] });
      }
      if (!url.pathname.startsWith('/api/')) {
        await serveStatic(req, res, url.pathname);
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
          res.end(JSON.stringify(toProblem(kernelErrors.error('method-not-allowed'))));
          return;
        }
        throw kernelErrors.error('route-not-found');
      }
      const { route, match } = found;
      routeLabel = `${route.decl.method} ${route.decl.path}`;
      instance = routeLabel;

      // Read first (as API Gateway does): whatever is answered next, the client has finished sending.
      const body = await readBody(req, route.decl.schemas?.body ? (route.decl.maxBodyBytes ?? BODY_LIMIT_BYTES) : 0);
      if (body === 'too-large') {
        res.shouldKeepAlive = false;
        throw kernelErrors.error('payload-too-large', {
          params: { limit: Math.round((route.decl.maxBodyBytes ?? BODY_LIMIT_BYTES) / 1024) },
        });
      }

      // The JWT authorizer runs before the path parameters are decoded and the handler is called.
      let claims: Record<string, unknown> | undefined;
      if (route.decl.access !== 'public') {
        const header = req.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
        const payload = token ? await verifyLocalToken(token) : undefined;
        if (!payload) throw kernelErrors.error('unauthorised');
        claims = payload as Record<string, unknown>;
      }
      const pathParameters: Record<string, string> = {};
      route.names.forEach((name, i) => {
        pathParameters[name] = decodePathParameter(name, match[i + 1] ?? '');
      });

      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      }
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
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
      if (res.headersSent) {
        logger.error('Local gateway error after the answer began', { errorName: (error as Error)?.name });
        res.destroy();
      } else if (error instanceof AppError) {
        sendProblem(res, error, instance);
      } else {
        logger.error('Local gateway error', { errorName: (error as Error)?.name, stack: (error as Error)?.stack });
        sendProblem(res, kernelErrors.error('internal'), instance);
      }
    } finally {
      // Route pattern only: raw paths and queries may carry search terms.
      logger.debug('request', { route: routeLabel, status: res.statusCode, ms: Date.now() - started });
    }
  });

  // What Node's HTTP parser refuses before there is a request (headers too large, a broken
  // request line) is answered as problem+json too, instead of Node's bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const problem =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? kernelErrors.error('headers-too-large', { params: { limit: MAX_HEADER_BYTES / 1024 } })
        : kernelErrors.error('malformed-request');
    // Read what the client still sends, so that closing does not reset the connection under the answer.
    socket.on('error', () => socket.destroy());
    socket.resume();
    socket.end(rawProblemResponse(problem));
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  return server;
}
