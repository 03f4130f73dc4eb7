import * as z from 'zod';
import { type RouteDecl, type ServiceManifest, hasIdempotencyStore } from '../manifest/manifest';

const ProblemJsonSchema = {
  type: 'object',
  required: ['type', 'code', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'Famille du problème (une par statut)' },
    code: {
      type: 'string',
      description:
        'Code stable du catalogue d’erreurs (`kernel.validation`, `intake.person.possible-duplicate`…) : ce sur quoi un client se fonde',
    },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function parameters(route: RouteDecl) {
  const params: Array<Record<string, unknown>> = [];
  for (const [where, schema] of [
    ['path', route.schemas?.params],
    ['query', route.schemas?.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      params.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
    }
  }
  return params;
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Requête invalide : chaque champ en erreur est listé',
  401: 'Jeton absent ou invalide',
  403: 'Rôle ou relation insuffisants',
  404: 'Introuvable',
  409: 'Conflit de version ou d’état',
  410: 'Lien déjà utilisé, ou qui ne sert plus',
  413: 'Corps trop volumineux (64 Kio sauf mention contraire)',
  415: 'Le corps doit être du JSON',
  422: 'Refusé par une règle métier',
  429: 'Trop d’essais : réessayer après le délai indiqué (Retry-After)',
  431: 'En-têtes de la requête trop volumineux',
  500: 'Erreur interne',
  503: 'Service momentanément indisponible',
};

/**
 * The error statuses a route may answer, derived from its declaration so that no route is
 * listed by hand: any request may be invalid — its input (path, query, body, the
 * `Idempotency-Key` of a POST) or the HTTP message itself, refused by the gateway (400); a token is needed unless the route is public (401, 403), or a public route
 * checks a credential of its own (401); path parameters name something that may not exist
 * (404); a change may conflict or be refused by a rule (409, 422); a body may be too large or
 * not JSON (413, 415); headers may be too large (431, from the gateway); and anything may fail
 * (500). `errorStatuses` adds what a route answers beyond that.
 */
export function documentedErrorStatuses(route: RouteDecl): number[] {
  const statuses = new Set<number>([400, 431, 500]);
  const schemas = route.schemas ?? {};
  if (route.access !== 'public' || route.publicCredential) statuses.add(401);
  if (route.access !== 'public') statuses.add(403);
  if (schemas.params) statuses.add(404);
  if (route.method !== 'GET') {
    statuses.add(409);
    statuses.add(422);
  }
  if (schemas.body) {
    statuses.add(413);
    statuses.add(415);
  }
  for (const status of route.errorStatuses ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

function errorDescription(route: RouteDecl, status: number): string {
  if (status === 401 && route.access === 'public' && route.publicCredential) return `${route.publicCredential} : absent ou invalide`;
  if (status === 413 && route.maxBodyBytes) return `Corps de plus de ${Math.round(route.maxBodyBytes / 1024)} Kio`;
  return STATUS_DESCRIPTIONS[status] ?? 'Erreur';
}

function successContent(route: RouteDecl): Record<string, unknown> {
  const types = route.responseTypes ?? ['application/json'];
  return Object.fromEntries(
    types.map((type) => [
      type,
      /json$/.test(type) && route.schemas?.response ? { schema: jsonSchema(route.schemas.response, 'output') } : {},
    ]),
  );
}

/** OpenAPI 3.1 of every route of the manifests, generated from their zod schemas. */
export function buildOpenApi(services: readonly ServiceManifest[], options: { includeLocalOnly: boolean }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const service of services) {
    for (const route of service.routes) {
      if (route.localOnly && !options.includeLocalOnly) continue;
      const responses: Record<string, unknown> = {
        [String(route.successStatus ?? 200)]: { description: 'Succès', content: successContent(route) },
      };
      for (const status of documentedErrorStatuses(route)) responses[String(status)] = problem(errorDescription(route, status));
      paths[route.path] ??= {};
      paths[route.path]![route.method.toLowerCase()] = {
        operationId: `${service.name}.${route.id}`,
        summary: route.summary,
        tags: [service.name],
        'x-relais-access': route.access,
        ...(route.localOnly ? { 'x-relais-local-only': true } : {}),
        ...(route.access === 'public' ? { security: [] } : {}),
        parameters: [
          ...parameters(route),
          // Public routes take it only after their own verification (route handler's `verify`).
          ...(route.method === 'POST' && route.access !== 'public' && hasIdempotencyStore(service)
            ? [
                {
                  name: 'Idempotency-Key',
                  in: 'header',
                  required: false,
                  description:
                    'Rejouer la même requête renvoie la première réponse (en-tête idempotent-replayed) ; la même clé pour une autre ressource ou un autre contenu répond 422.',
                  schema: { type: 'string', maxLength: 255 },
                },
              ]
            : []),
        ],
        ...(route.schemas?.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.schemas.body, 'input') } } } }
          : {}),
        responses,
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relais API',
      version: '0.1.0',
      description: "API du réseau d'accueil social du département : annuaire, accueils, orientations, parcours, enquêtes, indicateurs.",
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: ProblemJsonSchema },
    },
  };
}
