/**
 * The audit of reads and exceptional accesses through HTTP on the local stack (API.md, « Access
 * and audit »; issue 12, points 3 and 4): purposes set by the server, entries chained per person
 * and verified (an altered or deleted line is found), the coordinator's reading of the log, and
 * the break-glass access with its notice to the coordinator.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { AUDIT_PENDING_SHARDS, chainPendingRead, drainPendingReads, type PendingRead } from '../../shared/auth/audit';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};

const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const gramat = user('agent.gramat');
const ccas = user('agent.ccas-cahors');
const UNKNOWN_ID = '01KDVDZZZZZZZZZZZZZZZZZZZZ';
const DETAILS = 'Signalement de mise en danger reçu ce matin, le dossier doit être consulté.';

const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });

/**
 * A person's chained audit entries as stored, in sequence order, once the consumer of pending
 * reads has run (reads of many persons are chained off the request path, ADR 0016); `raw`:
 * as they are now.
 */
async function entriesOf(personId: string, raw = false): Promise<Array<Record<string, unknown>>> {
  if (!raw) await drainPendingReads();
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName('platform', 'audit'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entries)',
      ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':entries': 'SEQ#' },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/** The pending reads (not chained yet) that name this person. */
async function pendingOf(personId: string): Promise<PendingRead[]> {
  const found: PendingRead[] = [];
  for (let shard = 0; shard < AUDIT_PENDING_SHARDS; shard++) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName('platform', 'audit'),
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'contains(personIds, :id)',
        ExpressionAttributeValues: { ':pk': `PENDING#${shard}`, ':id': personId },
        ConsistentRead: true,
      }),
    );
    found.push(...((out.Items ?? []) as PendingRead[]));
  }
  return found;
}

let counter = 0;
async function createPerson(username = 'agent.gramat', sharing = false): Promise<string> {
  counter++;
  const res = await call(username, 'POST', '/api/persons', {
    lastName: `Auditee${String.fromCharCode(97 + (counter % 26))}${counter}`,
    firstName: 'Claire',
    birthDate: '1975-03-02',
    communeCode: '46127',
    consents: { networkSharing: { given: sharing, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

const verify = (personId: string) => call('pilote', 'GET', `/api/audit/verify?personId=${personId}`);

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'ts.figeac', 'agent.ccas-cahors', 'partenaire.mission-locale', 'pilote', 'admin']) {
    tokens[u] = await api.token(u);
  }
  await stack.drain();
  await waitFor(async () => {
    for (const Key of [
      ...DEMO_SITES.map((s) => ({ pk: `SITE#${s.id}`, sk: 'SITE' })),
      ...DEMO_ORGANISATIONS.map((o) => ({ pk: `ORG#${o.id}`, sk: 'ORG' })),
    ]) {
      if (!(await ddb().send(new GetCommand({ TableName: tableName('intake', 'main'), Key }))).Item) return undefined;
    }
    return true;
  }, 'the directory projection');
});

afterAll(async () => {
  await stack?.stop();
});

describe('purpose set by the server (API.md)', () => {
  it('refuses a purpose chosen by the client, and audits the server’s purpose', async () => {
    const personId = await createPerson();
    const before = (await entriesOf(personId)).length;
    const chosen = await call('ts.figeac', 'GET', `/api/persons/${personId}/history?purpose=verification-doublon`);
    expect(chosen.status).toBe(400);
    expect(chosen.body.errors).toEqual([{ path: 'query.purpose', message: 'Champ inconnu' }]);
    const search = await call('agent.ccas-cahors', 'GET', `/api/persons?q=auditee&purpose=orientation`);
    expect(search.status).toBe(400);
    expect((await entriesOf(personId)).length).toBe(before);

    expect((await call('ts.figeac', 'GET', `/api/persons/${personId}/history`)).status).toBe(200);
    expect((await call('agent.ccas-cahors', 'GET', '/api/persons?q=auditee&limit=50')).status).toBe(200);
    const reads = (await entriesOf(personId)).filter((e) => e.action === 'read');
    expect(reads.map((e) => [e.route, e.purpose])).toEqual([
      ['GET /api/persons/{id}/history', 'accueil'],
      ['GET /api/persons', 'accueil'],
    ]);
    const listed = await call('pilote', 'GET', `/api/audit?personId=${personId}`);
    expect(listed.body.items.filter((i: { action: string }) => i.action === 'read').map((i: { purpose: string }) => i.purpose)).toEqual([
      'accueil',
      'accueil',
    ]);
  });
});

describe('the chain of a person’s audit entries', () => {
  it('links each entry to the previous one and verifies', async () => {
    const personId = await createPerson();
    await call('ts.figeac', 'GET', `/api/persons/${personId}/history`);
    await call('agent.ccas-cahors', 'GET', `/api/persons/${personId}/history`);
    const entries = await entriesOf(personId);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
    const res = await verify(personId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, entries: 3 });
  });

  it('reports an entry altered directly in the table, where it is', async () => {
    const personId = await createPerson();
    for (let i = 0; i < 3; i++) await call('ts.figeac', 'GET', `/api/persons/${personId}/history`);
    expect((await verify(personId)).body).toEqual({ ok: true, entries: 4 });
    await ddb().send(
      new UpdateCommand({
        TableName: tableName('platform', 'audit'),
        Key: { pk: `PERSON#${personId}`, sk: 'SEQ#000000000002' },
        UpdateExpression: 'SET purpose = :p',
        ExpressionAttributeValues: { ':p': 'orientation' },
      }),
    );
    expect((await verify(personId)).body).toEqual({ ok: false, entries: 4, brokenAt: 2 });
  });

  it('reports a deleted entry, in the middle or the last one', async () => {
    const middle = await createPerson();
    const last = await createPerson();
    for (const personId of [middle, last]) {
      for (let i = 0; i < 3; i++) await call('ts.figeac', 'GET', `/api/persons/${personId}/history`);
    }
    const remove = (personId: string, seq: number) =>
      ddb().send(
        new DeleteCommand({
          TableName: tableName('platform', 'audit'),
          Key: { pk: `PERSON#${personId}`, sk: `SEQ#${String(seq).padStart(12, '0')}` },
        }),
      );
    await remove(middle, 3);
    expect((await verify(middle)).body).toEqual({ ok: false, entries: 3, brokenAt: 3 });
    await remove(last, 4);
    expect((await verify(last)).body).toEqual({ ok: false, entries: 3, brokenAt: 4 });
  });

  it('never forks under concurrent writers: every request succeeds and the chain holds', async () => {
    const personId = await createPerson('agent.gramat', true);
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => call('ts.figeac', 'GET', `/api/persons/${personId}/history`)),
      ...Array.from({ length: 4 }, () => call('agent.ccas-cahors', 'GET', '/api/persons?q=auditee&limit=50')),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const entries = await entriesOf(personId);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect((await verify(personId)).body).toEqual({ ok: true, entries: 11 });
  });

  it('verifies a sound chain as sound while reads are being audited at the same moment', async () => {
    const personId = await createPerson('agent.gramat', true);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? call('ts.figeac', 'GET', `/api/persons/${personId}/history`) : verify(personId))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    for (const [i, answer] of answers.entries()) if (i % 2 === 1) expect(answer.body.ok).toBe(true);
  });

  it('gives the coordinator the log, newest first, page by page, and audits that reading', async () => {
    const personId = await createPerson();
    await call('ts.figeac', 'GET', `/api/persons/${personId}/history`);
    const first = await call('pilote', 'GET', `/api/audit?personId=${personId}&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      {
        seq: 2,
        at: expect.any(String),
        actor: {
          userId: user('ts.figeac').sub,
          name: user('ts.figeac').name,
          organisationId: user('ts.figeac').organisationId,
          role: 'travailleur_social',
        },
        action: 'read',
        route: 'GET /api/persons/{id}/history',
        purpose: 'accueil',
      },
    ]);
    const second = await call('pilote', 'GET', `/api/audit?personId=${personId}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { action: string; actor: { userId: string } }) => [i.action, i.actor.userId])).toEqual([
      ['create', gramat.sub],
    ]);
    const entries = await entriesOf(personId);
    expect(entries.filter((e) => e.route === 'GET /api/audit').map((e) => [e.actorId, e.purpose])).toEqual([
      [user('pilote').sub, 'controle'],
      [user('pilote').sub, 'controle'],
    ]);
    expect((await verify(personId)).body).toEqual({ ok: true, entries: 4 });
    expect((await call('admin', 'GET', `/api/audit?personId=${personId}`)).status).toBe(200);
  });

  it('refuses the audit routes to a reception agent, and a bad person id', async () => {
    const personId = await createPerson();
    for (const path of [`/api/audit?personId=${personId}`, `/api/audit/verify?personId=${personId}`, '/api/exceptional-accesses']) {
      const res = await call('agent.gramat', 'GET', path);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await call('pilote', 'GET', '/api/audit?personId=abc')).status).toBe(400);
  });
});

describe('reads of many persons, chained off the request path (ADR 0016)', () => {
  const searchLines = (entries: Array<Record<string, unknown>>) => entries.filter((e) => e.route === 'GET /api/persons');

  it('answers a search after ONE pending item naming every person shown; the consumer chains each line once and deletes it', async () => {
    await drainPendingReads();
    const a = await createPerson();
    const b = await createPerson();
    const res = await call('agent.ccas-cahors', 'GET', '/api/persons?q=auditee&limit=50');
    expect(res.status).toBe(200);
    const shown = res.body.items.map((i: { id: string }) => i.id) as string[];
    expect(shown).toEqual(expect.arrayContaining([a, b]));
    // Before the consumer: nothing chained yet, but the pending item is there, durable.
    expect(searchLines(await entriesOf(a, true))).toEqual([]);
    const [pending, ...others] = await pendingOf(a);
    expect(others).toEqual([]);
    expect(pending).toMatchObject({
      actorId: ccas.sub,
      actorName: ccas.name,
      actorOrganisationId: ccas.organisationId,
      action: 'read',
      route: 'GET /api/persons',
      purpose: 'accueil',
    });
    expect([...pending!.personIds].sort()).toEqual([...new Set(shown)].sort());

    expect((await drainPendingReads()).chained).toBeGreaterThanOrEqual(1);
    for (const personId of [a, b]) {
      const lines = searchLines(await entriesOf(personId, true));
      expect(lines.map((e) => [e.seq, e.actorId, e.purpose, e.at])).toEqual([[2, ccas.sub, 'accueil', pending!.at]]);
      expect((await verify(personId)).body).toEqual({ ok: true, entries: 2 });
    }
    expect(await pendingOf(a)).toEqual([]);
    // Run again: nothing more.
    await drainPendingReads();
    expect(searchLines(await entriesOf(a, true))).toHaveLength(1);
  });

  it('loses nothing when the consumer dies between the pending write and the chaining, and adds nothing when replayed', async () => {
    await drainPendingReads();
    const a = await createPerson();
    const b = await createPerson();
    expect((await call('agent.ccas-cahors', 'GET', '/api/persons?q=auditee&limit=50')).status).toBe(200);
    const [pending] = await pendingOf(a);
    expect(pending?.personIds).toEqual(expect.arrayContaining([b]));
    // A consumer that chained one person and died: the item is still pending.
    await chainPendingRead(pending!, a);
    expect(searchLines(await entriesOf(a, true))).toHaveLength(1);
    expect(searchLines(await entriesOf(b, true))).toHaveLength(0);
    // Two consumers take it up at once (a retried invocation and the next run).
    await Promise.all([drainPendingReads(), drainPendingReads(), chainPendingRead(pending!)]);
    // The same item delivered once more after its deletion (a replayed batch): still one line each.
    await ddb().send(new PutCommand({ TableName: tableName('platform', 'audit'), Item: pending! }));
    await drainPendingReads();
    for (const personId of [a, b]) {
      expect(searchLines(await entriesOf(personId, true)).map((e) => e.seq)).toEqual([2]);
      expect((await verify(personId)).body).toEqual({ ok: true, entries: 2 });
    }
    expect(await pendingOf(a)).toEqual([]);
  });

  it('keeps an item it cannot chain pending without holding back the others, and says the run failed', async () => {
    await drainPendingReads();
    const personId = await createPerson();
    expect((await call('agent.ccas-cahors', 'GET', '/api/persons?q=auditee&limit=50')).status).toBe(200);
    const [good] = await pendingOf(personId);
    // An item DynamoDB refuses to chain (a key beyond 2,048 bytes), in the same partition, older.
    const bad = { ...good!, sk: `2000-01-01T00:00:00.000Z#${good!.id}`, id: `BAD${good!.id}`, personIds: ['x'.repeat(3000)] };
    await ddb().send(new PutCommand({ TableName: tableName('platform', 'audit'), Item: bad }));
    await expect(drainPendingReads()).rejects.toThrow();
    expect(searchLines(await entriesOf(personId, true))).toHaveLength(1);
    expect(await pendingOf(personId)).toEqual([]);
    const left = await ddb().send(new GetCommand({ TableName: tableName('platform', 'audit'), Key: { pk: bad.pk, sk: bad.sk } }));
    expect(left.Item?.id).toBe(bad.id);
    await ddb().send(new DeleteCommand({ TableName: tableName('platform', 'audit'), Key: { pk: bad.pk, sk: bad.sk } }));
  });

  it('shows the coordinator a search of a moment ago: her pending line is chained before the log is read', async () => {
    await drainPendingReads();
    const personId = await createPerson();
    expect((await call('agent.ccas-cahors', 'GET', '/api/persons?q=auditee&limit=50')).status).toBe(200);
    expect(await pendingOf(personId)).toHaveLength(1);
    const listed = await call('pilote', 'GET', `/api/audit?personId=${personId}`);
    expect(listed.status).toBe(200);
    expect(
      listed.body.items.map((i: { seq: number; route: string; actor: { userId: string } }) => [i.seq, i.route, i.actor.userId]),
    ).toEqual([
      [2, 'GET /api/persons', ccas.sub],
      [1, 'POST /api/persons', gramat.sub],
    ]);
    expect((await verify(personId)).body).toEqual({ ok: true, entries: 3 });
    // The item stays for the consumer, which finds her line marked and the others to chain.
    await drainPendingReads();
    expect(searchLines(await entriesOf(personId, true))).toHaveLength(1);
  });

  it('keeps one unbroken chain under concurrent searches, history reads, consumers and the coordinator’s reading', async () => {
    const personId = await createPerson('agent.gramat', true);
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => call('ts.figeac', 'GET', `/api/persons/${personId}/history`)),
      ...Array.from({ length: 5 }, () => call('agent.ccas-cahors', 'GET', '/api/persons?q=auditee&limit=50')),
      ...Array.from({ length: 2 }, () => call('pilote', 'GET', `/api/audit?personId=${personId}`)),
      ...Array.from({ length: 3 }, () => drainPendingReads().then(() => ({ status: 200 }))),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array(15).fill(200));
    const entries = await entriesOf(personId);
    // create + 5 history + 5 searches + 2 coordinator's readings, each exactly once.
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(searchLines(entries)).toHaveLength(5);
    expect((await verify(personId)).body).toEqual({ ok: true, entries: 13 });
  });
});

describe('exceptional access (break-glass)', () => {
  it('opens a restricted file for 24 hours, audits each read as exceptional with its reason, and tells the coordinator', async () => {
    const personId = await createPerson();
    const restricted = await call('agent.ccas-cahors', 'GET', `/api/persons/${personId}/history`);
    expect(restricted.body.restricted).toBe(true);

    const before = Date.now();
    const granted = await call('agent.ccas-cahors', 'POST', `/api/persons/${personId}/exceptional-access`, {
      reason: 'danger',
      details: DETAILS,
    });
    expect(granted.status).toBe(201);
    const until = Date.parse(granted.body.grantedUntil);
    expect(until - before).toBeGreaterThanOrEqual(24 * 3_600_000 - 1_000);
    expect(until - before).toBeLessThanOrEqual(24 * 3_600_000 + 60_000);

    const full = await call('agent.ccas-cahors', 'GET', `/api/persons/${personId}/history`);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ restricted: false, person: { id: personId, firstName: 'Claire' } });

    const log = await call('pilote', 'GET', `/api/audit?personId=${personId}`);
    const exceptional = log.body.items.filter((i: { exceptional?: boolean }) => i.exceptional);
    expect(exceptional).toEqual([
      expect.objectContaining({
        action: 'read',
        route: 'GET /api/persons/{id}/history',
        purpose: 'acces-exceptionnel',
        exceptional: true,
        reason: 'danger',
        actor: expect.objectContaining({ userId: ccas.sub, organisationId: ccas.organisationId, role: 'accueil' }),
      }),
      expect.objectContaining({
        action: 'exceptional-access',
        route: 'POST /api/persons/{id}/exceptional-access',
        exceptional: true,
        reason: 'danger',
      }),
    ]);
    // The read before the grant was not exceptional.
    expect(
      log.body.items.filter((i: { actor: { userId: string }; action: string }) => i.actor.userId === ccas.sub && i.action === 'read'),
    ).toHaveLength(2);
    expect(JSON.stringify(log.body)).not.toContain(DETAILS);
    expect((await verify(personId)).body.ok).toBe(true);

    const list = await call('pilote', 'GET', '/api/exceptional-accesses');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        personId,
        reason: 'danger',
        details: DETAILS,
        active: true,
        grantedUntil: granted.body.grantedUntil,
        grantedTo: expect.objectContaining({ userId: ccas.sub, organisationId: ccas.organisationId, role: 'accueil' }),
      }),
    );

    await stack.drain();
    const notice = await waitFor(async () => {
      const outbox = await call('pilote', 'GET', '/api/dev/outbox?channel=notification');
      return outbox.body.items.find(
        (i: { payload: { kind?: string; personId?: string } }) =>
          i.payload.kind === 'exceptional-access.granted' && i.payload.personId === personId,
      );
    }, 'the coordinator’s notice');
    expect(notice.payload).toMatchObject({ audience: 'coordinator', reason: 'danger', userId: ccas.sub });
    expect(JSON.stringify(notice)).not.toContain(DETAILS);

    // The explanation never travels in events.
    const events = await ddb().send(
      new ScanCommand({
        TableName: tableName('intake', 'main'),
        FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
        ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': 'ExceptionalAccessGranted' },
      }),
    );
    const event = (events.Items ?? []).map((i) => JSON.parse(i.detail as string)).find((e) => e.data.personId === personId);
    expect(event.data).toMatchObject({ personId, userId: ccas.sub, reason: 'danger' });
    expect(JSON.stringify(events.Items)).not.toContain(DETAILS);
  });

  it('refuses an unknown person (404), a file read in full already (422), the coordination (403), an unrelated partner (403) and short details (400)', async () => {
    const personId = await createPerson();
    const ask = (username: string, id: string, body: unknown = { reason: 'continuity_of_care', details: DETAILS }) =>
      call(username, 'POST', `/api/persons/${id}/exceptional-access`, body);
    expect((await ask('agent.ccas-cahors', UNKNOWN_ID)).status).toBe(404);
    const own = await ask('agent.gramat', personId);
    expect(own.status).toBe(422);
    expect(own.body.detail).toContain('déjà');
    expect((await ask('pilote', personId)).status).toBe(403);
    expect((await ask('admin', personId)).status).toBe(403);
    expect((await ask('partenaire.mission-locale', personId)).status).toBe(403);
    const short = await ask('agent.ccas-cahors', personId, { reason: 'danger', details: 'urgent' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ path: 'body.details' })]);
    expect((await ask('agent.ccas-cahors', personId, { reason: 'curiosite', details: DETAILS })).status).toBe(400);
    // Nothing was granted: still restricted.
    expect((await call('agent.ccas-cahors', 'GET', `/api/persons/${personId}/history`)).body.restricted).toBe(true);
  });
});
