/**
 * A signed-in account without any role — a ProConnect agent at the first sign-in (ADR 0041) —
 * opens no route: 403 « Votre compte attend qu’un administrateur lui attribue un rôle », on a
 * route open to every professional as on a role-gated one; the same token with a role passes.
 */
import type { Context } from 'aws-lambda';
import { directoryService } from '../../services/directory/service';
import { measuringOrganisationsRoute } from '../../services/surveys/routes/measuring-organisations.route';
import type { OwnedRoute } from '../manifest/manifest';
import { type HttpEvent, makeHttpRoute } from './route-core';

const httpRoute = makeHttpRoute(null);
const event = (groups: string[], query: Record<string, string> = {}): HttpEvent =>
  ({
    version: '2.0',
    routeKey: 'GET /x',
    rawPath: '/x',
    rawQueryString: '',
    headers: {},
    queryStringParameters: query,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'r1',
      http: { method: 'GET', path: '/x', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      authorizer: {
        jwt: { claims: { sub: 'proconnect_1234', 'cognito:groups': groups, email: 'agent@example.gouv.fr' }, scopes: null },
      },
    },
  }) as unknown as HttpEvent;
const context = { awsRequestId: 'r1' } as Context;

describe('an account waiting for its role', () => {
  const results = httpRoute(measuringOrganisationsRoute, async () => ({ items: [] }));
  const anyProfessional = directoryService.routes.find((r) => r.method === 'GET' && r.path === '/api/organisations');

  it('gets 403 « compte en attente » on a role-gated route, the same route passes with a role', async () => {
    const pending = await results(event([]), context);
    expect(pending.statusCode).toBe(403);
    expect(JSON.parse(pending.body as string)).toMatchObject({
      code: 'kernel.account.pending',
      detail: 'Votre compte attend qu’un administrateur lui attribue un rôle.',
    });
    expect((await results(event(['pilote']), context)).statusCode).toBe(200);
    expect((await results(event(['accueil']), context)).statusCode).toBe(403);
    expect(JSON.parse((await results(event(['accueil']), context)).body as string).code).toBe('kernel.forbidden');
  });

  it('gets it on a route open to every signed-in professional too', async () => {
    expect(anyProfessional).toBeDefined();
    const list = httpRoute(anyProfessional as OwnedRoute, async () => ({ items: [] }));
    const pending = await list(event([]), context);
    expect(pending.statusCode).toBe(403);
    expect(JSON.parse(pending.body as string).code).toBe('kernel.account.pending');
    expect((await list(event(['accueil']), context)).statusCode).not.toBe(403);
  });
});
