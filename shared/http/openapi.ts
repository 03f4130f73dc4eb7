import * as z from 'zod';
import { type RouteDecl, type ServiceManifest, hasIdempotencyStore } from '../manifest/manifest';

const ProblemJsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
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

/** OpenAPI 3.1 of every route of the manifests, generated from their zod schemas. */
export function buildOpenApi(services: readonly ServiceManifest[], options: { includeLocalOnly: boolean }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const service of services) {
    for (const route of service.routes) {
      if (route.localOnly && !options.includeLocalOnly) continue;
      const status = String(route.successStatus ?? 200);
      const responses: Record<string, unknown> = {
        [status]: {
          description: 'Succès',
          ...(route.schemas?.response
            ? { content: { 'application/json': { schema: jsonSchema(route.schemas.response, 'output') } } }
            : { content: { 'application/json': {} } }),
        },
        '400': problem('Requête invalide : chaque champ en erreur est listé'),
      };
      if (route.access !== 'public') {
        responses['401'] = problem('Jeton absent ou invalide');
        responses['403'] = problem('Rôle ou relation insuffisants');
      }
      if (route.schemas?.params) responses['404'] = problem('Introuvable');
      if (route.method !== 'GET') {
        responses['409'] = problem('Conflit de version ou d’état');
        responses['413'] = problem('Corps de plus de 64 Kio');
      }
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
