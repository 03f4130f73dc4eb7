/**
 * Her token without her person id — a FranceConnect identity that no professional has linked to
 * her record yet (the persons' pool's Pre token generation trigger gives the group `personne` and
 * no `custom:personId`, ADR 0040) — opens none of her routes: 403 `kernel.person.unlinked` in
 * French, before the route's own gate and before the handler runs; the same token with her person
 * id passes.
 */
import type { Context } from 'aws-lambda';
import { myFileRoute } from '../../services/platform/routes/my-file.route';
import { measuringOrganisationsRoute } from '../../services/surveys/routes/measuring-organisations.route';
import { type HttpEvent, makeHttpRoute } from './route-core';

const httpRoute = makeHttpRoute(null);
const event = (claims: Record<string, unknown>): HttpEvent =>
  ({
    version: '2.0',
    routeKey: 'GET /x',
    rawPath: '/x',
    rawQueryString: '',
    headers: {},
    queryStringParameters: {},
    isBase64Encoded: false,
    requestContext: {
      requestId: 'r1',
      http: { method: 'GET', path: '/x', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      authorizer: { jwt: { claims, scopes: null } },
    },
  }) as unknown as HttpEvent;
const context = { awsRequestId: 'r1' } as Context;

// As API Gateway passes them: array claims flattened to a string.
const unlinked = { sub: 'f3c1-cognito', 'cognito:username': 'FranceConnect_abc123', 'cognito:groups': '[personne]' };
const linked = { ...unlinked, 'custom:personId': '01KDVD0000000000000000000A' };

describe('a person’s token without her person id (FranceConnect, not linked yet)', () => {
  const ran: Array<string | null | undefined> = [];
  const myFile = httpRoute(myFileRoute, async ({ actor }) => {
    ran.push(actor.personId);
    return { ok: true };
  });

  beforeEach(() => {
    ran.length = 0;
  });

  it('gets 403 « identité non reliée » on her route, and the handler never runs', async () => {
    const res = await myFile(event(unlinked), context);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body as string)).toMatchObject({
      code: 'kernel.person.unlinked',
      title: 'Identité non reliée',
      detail: 'Votre identité n’est pas encore reliée à votre dossier. Demandez à la personne qui vous accompagne de la relier.',
    });
    expect(ran).toEqual([]);
  });

  it('passes with her person id (the linked FranceConnect identity, or a code or an invitation)', async () => {
    const res = await myFile(event(linked), context);
    expect(res.statusCode).toBe(200);
    expect(ran).toEqual(['01KDVD0000000000000000000A']);
  });

  it('is refused before any route’s own gate: on a professional route too, the same answer', async () => {
    const results = httpRoute(measuringOrganisationsRoute, async () => ({ items: [] }));
    const res = await results(event(unlinked), context);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body as string).code).toBe('kernel.person.unlinked');
    // A professional's token is not concerned (no person id is expected of it).
    const pilote = await results(event({ sub: 'u1', 'cognito:groups': '[pilote]' }), context);
    expect(pilote.statusCode).toBe(200);
  });
});
