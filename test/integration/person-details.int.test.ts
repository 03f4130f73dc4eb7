/**
 * The person corrects her own details in « Mon espace » (issue 15, point 3; ADR 0038), on the
 * local stack: her contact details apply at once (with `PersonCorrected`, like any correction);
 * her identity becomes a request that the organisation that recorded her validates (the ordinary
 * correction runs) or refuses; bad input → 400 with every field; nothing partial.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { signLocalPersonToken } from '../../shared/auth/local-jwt';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(120_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const call = (who: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[who] ?? who, body });

let counter = 0;
async function newPerson(): Promise<{ id: string; token: string }> {
  counter++;
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: `Corrigee${String.fromCharCode(97 + (counter % 26))}${counter}`,
    firstName: 'Lina',
    birthDate: `1990-04-0${(counter % 9) + 1}`,
    communeCode: '46127',
    phone: `06 12 34 00 0${counter % 10}`,
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, token: await signLocalPersonToken(res.body.id) };
}

const stored = async (id: string) =>
  (
    await ddb().send(
      new GetCommand({ TableName: tableName('intake', 'main'), Key: { pk: `PERSON#${id}`, sk: 'PERSON' }, ConsistentRead: true }),
    )
  ).Item!;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'agent.ccas-cahors']) tokens[u] = await api.token(u);
  await stack.drain();
});

afterAll(async () => {
  await stack?.stop();
});

describe('PATCH /api/me/person/details', () => {
  it('applies her contact details at once and turns her identity into a request', async () => {
    const me = await newPerson();
    const before = await call(me.token, 'GET', '/api/me/person/details');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ firstName: 'Lina', communeCode: '46127', phone: expect.stringMatching(/^\+336/) });

    const res = await call(me.token, 'PATCH', '/api/me/person/details', {
      phone: '07 81 22 33 44',
      email: 'lina@example.fr',
      lastName: 'Nouveaunom',
    });
    expect([res.status, res.body.errors]).toEqual([200, undefined]);
    expect(res.body).toMatchObject({
      applied: ['phone', 'email'],
      requested: ['lastName'],
      phone: '+33781223344',
      email: 'lina@example.fr',
      identityRequest: { status: 'pending', changes: { lastName: 'Nouveaunom' } },
    });
    expect(await stored(me.id)).toMatchObject({ phone: '+33781223344', email: 'lina@example.fr', lastName: before.body.lastName });

    // One identity request at a time; the whole request is refused, its contact part too.
    const again = await call(me.token, 'PATCH', '/api/me/person/details', { email: 'autre@example.fr', firstName: 'Line' });
    expect(again.status).toBe(409);
    expect((await stored(me.id)).email).toBe('lina@example.fr');
  });

  it('refuses bad input with every field, and a professional token', async () => {
    const me = await newPerson();
    const bad = await call(me.token, 'PATCH', '/api/me/person/details', { phone: 'abc', birthDate: '2999-01-01', colour: 'bleu' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.birthDate', 'body.colour', 'body.phone']);
    const empty = await call(me.token, 'PATCH', '/api/me/person/details', {});
    expect(empty.status).toBe(400);
    expect((await stored(me.id)).version).toBe(1);
    expect((await call('agent.gramat', 'PATCH', '/api/me/person/details', { email: 'x@example.fr' })).status).toBe(403);
    expect((await call(await signLocalPersonToken('01KDVDZZZZZZZZZZZZZZZZZZZZ'), 'GET', '/api/me/person/details')).status).toBe(404);
  });
});

describe('identity requests, decided by the organisation that recorded her', () => {
  it('are listed to that organisation only; validating runs the correction, once', async () => {
    const me = await newPerson();
    const asked = await call(me.token, 'PATCH', '/api/me/person/details', { firstName: 'Linette', birthDate: '1991-05-06' });
    const requestId = asked.body.identityRequest.id as string;

    const listed = await call('agent.gramat', 'GET', '/api/identity-requests?limit=200');
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((r: { id: string }) => r.id === requestId)).toMatchObject({
      personId: me.id,
      changes: { firstName: 'Linette', birthDate: '1991-05-06' },
    });
    const elsewhere = await call('agent.ccas-cahors', 'GET', '/api/identity-requests?limit=200');
    expect(elsewhere.body.items.map((r: { id: string }) => r.id)).not.toContain(requestId);
    expect((await call('agent.ccas-cahors', 'POST', `/api/identity-requests/${requestId}/validate`, {})).status).toBe(403);
    expect((await call('agent.ccas-cahors', 'POST', `/api/identity-requests/${requestId}/reject`, { reason: 'Non' })).status).toBe(403);
    expect((await call(me.token, 'POST', `/api/identity-requests/${requestId}/validate`, {})).status).toBe(403);

    const validated = await call('agent.gramat', 'POST', `/api/identity-requests/${requestId}/validate`, {});
    expect(validated.status).toBe(200);
    expect(validated.body.request).toMatchObject({ status: 'validated' });
    expect(await stored(me.id)).toMatchObject({ firstName: 'Linette', birthDate: '1991-05-06', version: 2 });
    expect((await call('agent.gramat', 'POST', `/api/identity-requests/${requestId}/validate`, {})).status).toBe(409);
    expect((await call(me.token, 'GET', '/api/me/person/details')).body.identityRequest).toBeUndefined();
    expect(
      (await call('agent.gramat', 'GET', '/api/identity-requests?limit=200')).body.items.map((r: { id: string }) => r.id),
    ).not.toContain(requestId);
  });

  it('a refusal says why and changes nothing; she may ask again', async () => {
    const me = await newPerson();
    const asked = await call(me.token, 'PATCH', '/api/me/person/details', { lastName: 'Autrenom' });
    const requestId = asked.body.identityRequest.id as string;
    const bad = await call('agent.gramat', 'POST', `/api/identity-requests/${requestId}/reject`, { reason: '' });
    expect(bad.status).toBe(400);
    const rejected = await call('agent.gramat', 'POST', `/api/identity-requests/${requestId}/reject`, {
      reason: 'Merci de venir avec une pièce d’identité.',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Merci de venir avec une pièce d’identité.' });
    expect((await stored(me.id)).lastName).not.toBe('Autrenom');
    expect((await call(me.token, 'PATCH', '/api/me/person/details', { lastName: 'Autrenom' })).status).toBe(200);
    expect((await call('agent.gramat', 'POST', '/api/identity-requests/01KDVDZZZZZZZZZZZZZZZZZZZZ/validate', {})).status).toBe(404);
  });
});
