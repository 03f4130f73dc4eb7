/**
 * « Qui a consulté mon dossier » (issue 15, point 4; ADR 0038) through HTTP on the local stack:
 * after a social worker reads her history, the person's list shows that read with the
 * organisation's name, the role and the purpose in plain French; she flags it, the flag reaches
 * the coordinator's list, who marks it handled; another person's read is a 404.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { intakeDeps } from '../../services/intake/handlers/deps';
import { makeEraseInactivePersons } from '../../services/intake/use-cases/retention.use-cases';
import { signLocalPersonToken } from '../../shared/auth/local-jwt';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { strFromU8, unzipSync } from 'fflate';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const organisationName = (username: string) => DEMO_ORGANISATIONS.find((o) => o.id === user(username).organisationId)!.name;

const call = (who: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[who] ?? who, body });

let counter = 0;
async function createPerson(): Promise<string> {
  counter++;
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: `Consultee${String.fromCharCode(97 + (counter % 26))}${counter}`,
    firstName: 'Nadia',
    birthDate: '1981-06-12',
    communeCode: '46127',
    consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'ts.figeac', 'pilote', 'admin']) tokens[u] = await api.token(u);
  await stack.drain();
});

afterAll(async () => {
  await stack?.stop();
});

describe('GET /api/me/person/reads', () => {
  it('shows a social worker’s read of her history with the organisation, the role and the purpose, newest first', async () => {
    const personId = await createPerson();
    const person = await signLocalPersonToken(personId);
    expect((await call('ts.figeac', 'GET', `/api/persons/${personId}/history`)).status).toBe(200);
    // A search (a read of many persons) is chained off the request path: her list holds it at once.
    expect((await call('agent.gramat', 'GET', '/api/persons?q=consultee&limit=50')).status).toBe(200);

    const res = await call(person, 'GET', '/api/me/person/reads');
    expect(res.status).toBe(200);
    const items = res.body.items as Array<Record<string, unknown>>;
    // Reads only: the creation of her record is a change, not a read.
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      organisationName: organisationName('agent.gramat'),
      role: 'Agent d’accueil',
      purpose: 'Pour vous recevoir à l’accueil',
      exceptional: false,
    });
    expect(items[1]).toMatchObject({
      organisationName: organisationName('ts.figeac'),
      role: 'Travailleur social',
      purpose: 'Pour vous recevoir à l’accueil',
      exceptional: false,
    });
    expect(String(items[0]!.at) >= String(items[1]!.at)).toBe(true);
    // Never the professional's own name.
    expect(JSON.stringify(res.body)).not.toContain(user('ts.figeac').name);
    expect(res.body.nextCursor).toBeNull();

    const paged = await call(person, 'GET', '/api/me/person/reads?limit=1');
    expect(paged.body.items).toHaveLength(1);
    const next = await call(person, 'GET', `/api/me/person/reads?limit=1&cursor=${encodeURIComponent(paged.body.nextCursor)}`);
    expect(next.body.items.map((i: { id: string }) => i.id)).toEqual([items[1]!.id]);
  });

  it('is the person’s alone: a professional gets 403, bad paging 400', async () => {
    expect((await call('ts.figeac', 'GET', '/api/me/person/reads')).status).toBe(403);
    expect((await call('pilote', 'GET', '/api/me/person/reads')).status).toBe(403);
    const person = await signLocalPersonToken(await createPerson());
    const bad = await call(person, 'GET', '/api/me/person/reads?limit=0&cursor=forged&extra=1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.extra', 'query.limit']);
  });
});

describe('flagging a read', () => {
  it('reaches the coordinator’s list, shows beside the read, and is handled once', async () => {
    const personId = await createPerson();
    const person = await signLocalPersonToken(personId);
    expect((await call('ts.figeac', 'GET', `/api/persons/${personId}/history`)).status).toBe(200);
    const read = (await call(person, 'GET', '/api/me/person/reads')).body.items[0];

    const flagged = await call(person, 'POST', `/api/me/person/reads/${read.id}/flag`, { comment: 'Je ne connais pas ce service.' });
    expect(flagged.status).toBe(201);
    expect(flagged.body).toMatchObject({ status: 'open', personId, comment: 'Je ne connais pas ce service.' });
    expect((await call(person, 'POST', `/api/me/person/reads/${read.id}/flag`, {})).status).toBe(409);

    const mine = await call(person, 'GET', '/api/me/person/reads');
    expect(mine.body.items[0].flag).toMatchObject({ status: 'open', comment: 'Je ne connais pas ce service.' });

    const open = await call('pilote', 'GET', '/api/audit/flags');
    expect(open.status).toBe(200);
    const row = open.body.items.find((f: { id: string }) => f.id === flagged.body.id);
    expect(row).toMatchObject({
      personId,
      comment: 'Je ne connais pas ce service.',
      read: {
        at: read.at,
        organisationName: organisationName('ts.figeac'),
        role: 'Travailleur social',
        purpose: 'Pour vous recevoir à l’accueil',
        exceptional: false,
      },
    });

    const handled = await call('pilote', 'POST', `/api/audit/flags/${flagged.body.id}/handled`, { note: 'Structure appelée.' });
    expect(handled.status).toBe(200);
    expect(handled.body).toMatchObject({ status: 'handled', note: 'Structure appelée.', handledBy: { userId: user('pilote').sub } });
    expect((await call('admin', 'POST', `/api/audit/flags/${flagged.body.id}/handled`, {})).status).toBe(409);
    const stillOpen = await call('pilote', 'GET', '/api/audit/flags');
    expect(stillOpen.body.items.map((f: { id: string }) => f.id)).not.toContain(flagged.body.id);
    const done = await call('pilote', 'GET', '/api/audit/flags?status=handled');
    expect(done.body.items.map((f: { id: string }) => f.id)).toContain(flagged.body.id);
    const after = await call(person, 'GET', '/api/me/person/reads');
    expect(after.body.items.find((i: { id: string }) => i.id === read.id).flag.status).toBe('handled');
    // The coordinator's list is a control of the persons it names: she sees it in her list.
    expect(after.body.items.some((i: { purpose: string }) => i.purpose === 'Contrôle des accès par la coordination')).toBe(true);
    // Her flag and the coordination's answer are in her copy of her data (ADR 0037).
    const zip = await fetch(`${stack.url}/api/me/person/export`, { headers: { authorization: `Bearer ${person}` } });
    expect(zip.status).toBe(200);
    const json = JSON.parse(strFromU8(unzipSync(new Uint8Array(await zip.arrayBuffer()))['mes-donnees.json']!));
    expect(json.services.platform.readFlags).toEqual([
      expect.objectContaining({ id: flagged.body.id, status: 'handled', comment: 'Je ne connais pas ce service.', note: 'Structure appelée.' }),
    ]);
  });

  it('answers 404 for another person’s read, a change, or an unknown number; never writes on bad input', async () => {
    const first = await createPerson();
    expect((await call('ts.figeac', 'GET', `/api/persons/${first}/history`)).status).toBe(200);
    const firstRead = (await call(await signLocalPersonToken(first), 'GET', '/api/me/person/reads')).body.items[0];

    const otherId = await createPerson();
    const other = await signLocalPersonToken(otherId);
    // Her chain holds only the creation of her record (seq 1, a change): nothing she may flag.
    expect((await call(other, 'POST', `/api/me/person/reads/${firstRead.id}/flag`, {})).status).toBe(404);
    expect((await call(other, 'POST', '/api/me/person/reads/1/flag', {})).status).toBe(404);
    expect((await call(other, 'POST', '/api/me/person/reads/999999/flag', {})).status).toBe(404);

    const bad = await call(other, 'POST', '/api/me/person/reads/abc/flag', { comment: '', extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.comment', 'body.extra', 'path.readId']);
    expect((await call('pilote', 'GET', '/api/audit/flags')).body.items.some((f: { personId: string }) => f.personId === otherId)).toBe(
      false,
    );

    expect((await call(other, 'GET', '/api/audit/flags')).status).toBe(403);
    expect((await call('ts.figeac', 'POST', `/api/me/person/reads/${firstRead.id}/flag`, {})).status).toBe(403);
    expect((await call('pilote', 'POST', '/api/audit/flags/01KDVDZZZZZZZZZZZZZZZZZZZZ/handled', {})).status).toBe(404);
  });

  it('goes when the person is erased (retention): the coordinator’s list and her marks forget her, the audit stays', async () => {
    const personId = await createPerson();
    const person = await signLocalPersonToken(personId);
    expect((await call('ts.figeac', 'GET', `/api/persons/${personId}/history`)).status).toBe(200);
    const read = (await call(person, 'GET', '/api/me/person/reads')).body.items[0];
    const flagged = await call(person, 'POST', `/api/me/person/reads/${read.id}/flag`, { comment: 'Qui est-ce ?' });
    expect(flagged.status).toBe(201);

    await makeEraseInactivePersons({ ...intakeDeps, clock: { now: () => new Date(Date.now() + 800 * 86_400_000) } }).execute();
    expect((await call('ts.figeac', 'GET', `/api/persons/${personId}/history`)).status).toBe(404);
    // PersonErased travels through intake's outbox to the platform's consumer.
    await waitFor(async () => {
      await stack.drain();
      const open = await call('pilote', 'GET', '/api/audit/flags?limit=100');
      return open.body.items.some((f: { id: string }) => f.id === flagged.body.id) ? undefined : true;
    }, 'the flag erased with the person');
    const left = await ddb().send(
      new QueryCommand({
        TableName: tableName('platform', 'main'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PERSONFLAG#${personId}` },
        ConsistentRead: true,
      }),
    );
    expect(left.Items ?? []).toEqual([]);
    const audit = await call('pilote', 'GET', `/api/audit?personId=${personId}`);
    expect(audit.body.items.some((e: { action: string }) => e.action === 'erase')).toBe(true);
  });
});
