import { SERVICES } from '../../services/index';
import type { RouteDecl } from '../manifest/manifest';
import { buildOpenApi, documentedErrorStatuses } from './openapi';

const doc = buildOpenApi(SERVICES, { includeLocalOnly: true }) as unknown as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, unknown> }>; parameters: Array<{ name: string }> }>
  >;
};
const operation = (path: string, method: string) => doc.paths[path]![method]!;
const statuses = (path: string, method: string) => Object.keys(operation(path, method).responses).map(Number);

const route = (overrides: Partial<RouteDecl>): RouteDecl => ({
  id: 'r',
  method: 'GET',
  path: '/api/x',
  access: 'authenticated',
  handler: 'x.ts',
  summary: 'x',
  ...overrides,
});

describe('documented statuses, derived from the route declaration', () => {
  it('documents 400, 431 and 500 on every operation, and problem+json for each error', () => {
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        const codes = Object.keys(op.responses).map(Number);
        expect(codes).toEqual(expect.arrayContaining([400, 431, 500]));
        for (const code of codes.filter((c) => c >= 400))
          expect(Object.keys(op.responses[code]!.content ?? {})).toEqual(['application/problem+json']);
      }
    }
  });

  it('derives 401/403 from the access, 404 from path parameters, 409/422 from writes, 413/415 from a body', () => {
    expect(documentedErrorStatuses(route({ access: 'public' }))).toEqual([400, 431, 500]);
    expect(documentedErrorStatuses(route({}))).toEqual([400, 401, 403, 431, 500]);
    expect(
      documentedErrorStatuses(route({ access: ['pilote'], method: 'PATCH', schemas: { params: {} as never, body: {} as never } })),
    ).toEqual([400, 401, 403, 404, 409, 413, 415, 422, 431, 500]);
    expect(documentedErrorStatuses(route({ access: 'public', publicCredential: 'Lien signé' }))).toEqual([400, 401, 431, 500]);
    expect(documentedErrorStatuses(route({ errorStatuses: [503] }))).toContain(503);
  });

  it('documents 401 on the public routes that check a signed link or a secret, never 403', () => {
    for (const [path, method] of [
      ['/api/referral-links/{token}', 'get'],
      ['/api/referral-links/{token}/accept', 'post'],
      ['/api/sms/inbound', 'post'],
    ] as const) {
      expect(statuses(path, method)).toContain(401);
      expect(statuses(path, method)).not.toContain(403);
    }
    expect(statuses('/api/public/sites', 'get')).not.toContain(401);
  });

  it('documents exports with their real content types', () => {
    expect(Object.keys(operation('/api/indicators/export', 'get').responses['200']!.content ?? {})).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(Object.keys(operation('/api/communes/outlines', 'get').responses['200']!.content ?? {})).toEqual(['application/geo+json']);
    expect(Object.keys(operation('/api/directory/export', 'get').responses['200']!.content ?? {})).toEqual(['application/json']);
  });

  it('offers Idempotency-Key only where replays can be kept (not on the platform’s sign-in)', () => {
    const names = (path: string) => operation(path, 'post').parameters.map((p) => p.name);
    expect(names('/api/persons')).toContain('Idempotency-Key');
    expect(names('/api/auth/dev/token')).not.toContain('Idempotency-Key');
  });
});
