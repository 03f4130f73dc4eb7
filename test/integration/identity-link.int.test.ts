/**
 * The FranceConnect identity link (issue 15, point 1; ADR 0036), on the local stack and DynamoDB
 * Local: a professional who reads her whole file confirms once that a FranceConnect `sub` is hers
 * (a small item under her partition and the index entry `FC#<sub>` → her id, audited); the same
 * `sub` for another person → 409 in French, nothing written; a partner of another organisation →
 * 403 and nothing written; an exceptional access never opens it; the coordination never; removed
 * by `DELETE`, audited.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { franceConnectSubKey, identityLinkKey } from '../../services/intake/store/keys';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });
const run = String(Date.now() % 1_000_000);

async function item(key: { pk: string; sk: string }) {
  const out = await ddb().send(new GetCommand({ TableName: tableName('intake', 'main'), Key: key, ConsistentRead: true }));
  return out.Item;
}

let counter = 0;
async function person(): Promise<string> {
  counter++;
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: `Relie${String.fromCharCode(97 + counter)}`,
    firstName: 'Inès',
    birthDate: `197${counter % 10}-05-03`,
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function auditOf(personId: string) {
  const log = await call('pilote', 'GET', `/api/audit?personId=${personId}`);
  expect(log.status).toBe(200);
  return (log.body.items as Array<{ action: string; route: string }>).filter((i) => i.route.endsWith('/identity-link'));
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'agent.ccas-cahors', 'partenaire.caf', 'pilote']) tokens[u] = await api.token(u);
});

afterAll(async () => {
  await stack?.stop();
});

describe('the FranceConnect identity link', () => {
  it('is confirmed by a professional who reads her whole file: her item, the index entry, audited; then removed', async () => {
    const id = await person();
    const sub = `fc-${run}-a`;
    const res = await call('agent.gramat', 'POST', `/api/persons/${id}/identity-link`, { franceConnectSub: sub });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ personId: id, linked: true, linkedAt: expect.any(String) });
    expect(await item(identityLinkKey(id))).toMatchObject({ sub, linkedBy: expect.any(String) });
    expect(await item(franceConnectSubKey(sub))).toMatchObject({ personId: id });
    // The same identity again: unchanged.
    const again = await call('agent.gramat', 'POST', `/api/persons/${id}/identity-link`, { franceConnectSub: sub });
    expect(again.status).toBe(201);
    expect(again.body.linkedAt).toBe(res.body.linkedAt);
    expect(await auditOf(id)).toEqual([expect.objectContaining({ action: 'create', route: 'POST /api/persons/{id}/identity-link' })]);

    const removed = await call('agent.gramat', 'DELETE', `/api/persons/${id}/identity-link`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ personId: id, linked: false });
    expect(await item(identityLinkKey(id))).toBeUndefined();
    expect(await item(franceConnectSubKey(sub))).toBeUndefined();
    expect((await auditOf(id)).map((e) => e.action).sort()).toEqual(['create', 'erase']);
    const none = await call('agent.gramat', 'DELETE', `/api/persons/${id}/identity-link`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('intake.person.identity-link-not-found');
  });

  it('refuses an identity already linked to another person: 409 in French, nothing written', async () => {
    const first = await person();
    const second = await person();
    const sub = `fc-${run}-b`;
    expect((await call('agent.gramat', 'POST', `/api/persons/${first}/identity-link`, { franceConnectSub: sub })).status).toBe(201);
    const taken = await call('agent.gramat', 'POST', `/api/persons/${second}/identity-link`, { franceConnectSub: sub });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('intake.person.identity-link-taken');
    expect(taken.body.detail).toContain('déjà reliée');
    expect(await item(identityLinkKey(second))).toBeUndefined();
    expect(await item(franceConnectSubKey(sub))).toMatchObject({ personId: first });
    expect(await auditOf(second)).toEqual([]);
  });

  it('is refused to a partner of another organisation, on an exceptional access and to the coordination: 403, nothing written', async () => {
    const id = await person();
    const sub = `fc-${run}-c`;
    for (const username of ['partenaire.caf', 'agent.ccas-cahors', 'pilote']) {
      const res = await call(username, 'POST', `/api/persons/${id}/identity-link`, { franceConnectSub: sub });
      expect([username, res.status]).toEqual([username, 403]);
    }
    const granted = await call('agent.ccas-cahors', 'POST', `/api/persons/${id}/exceptional-access`, {
      reason: 'danger',
      details: 'Signalement d’un danger imminent par un voisin',
    });
    expect(granted.status).toBe(201);
    // She now reads the whole file, but only by exception: still no link.
    expect((await call('agent.ccas-cahors', 'GET', `/api/persons/${id}/history`)).body.restricted).toBe(false);
    const exceptional = await call('agent.ccas-cahors', 'POST', `/api/persons/${id}/identity-link`, { franceConnectSub: sub });
    expect(exceptional.status).toBe(403);
    expect(exceptional.body.code).toBe('intake.person.identity-link-forbidden');
    expect((await call('agent.ccas-cahors', 'DELETE', `/api/persons/${id}/identity-link`)).status).toBe(403);
    expect(await item(identityLinkKey(id))).toBeUndefined();
    expect(await item(franceConnectSubKey(sub))).toBeUndefined();
    expect(await auditOf(id)).toEqual([]);
  });

  it('lists every bad field, and 404 for an unknown person', async () => {
    const id = await person();
    const bad = await call('agent.gramat', 'POST', `/api/persons/${id}/identity-link`, { franceConnectSub: 'a b', name: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.franceConnectSub', 'body.name']);
    expect(await item(identityLinkKey(id))).toBeUndefined();
    const missing = await call('agent.gramat', 'POST', '/api/persons/01KDVDZZZZZZZZZZZZZZZZZZZZ/identity-link', { franceConnectSub: 'x' });
    expect(missing.status).toBe(404);
  });
});
