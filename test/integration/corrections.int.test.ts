/**
 * Corrections (issue 14 point 5, ADR 0028) over HTTP on the local stack: a person's identity and
 * contacts corrected by the organisation that recorded her (version, duplicate check again,
 * search index following, audit with the reason, an event without personal data); a reception
 * corrected then cancelled (409 naming `status` after), and the indicators following exactly
 * once — read through `GET /api/indicators`, with the same events delivered again.
 */
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { drainPendingReads } from '../../shared/auth/audit';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { eventPublisher } from '../../shared/events/publisher';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear();
const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const gramat = user('agent.gramat');
const figeacSite = DEMO_SITES.find((s) => s.organisationId === gramat.organisationId && s.id !== gramat.siteId)!;
const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;

const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });

interface Envelope {
  source: string;
  detailType: string;
  detail: string;
}

/** Events intake published, from its outbox (a test may Scan, a request never). */
async function intakeEvents(detailType: string): Promise<Envelope[]> {
  const out = await ddb().send(
    new ScanCommand({
      TableName: tableName('intake', 'main'),
      FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
      ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': detailType },
    }),
  );
  return (out.Items ?? []).map((i) => ({ source: i.source as string, detailType: i.detailType as string, detail: i.detail as string }));
}
const dataOf = (e: Envelope) => (JSON.parse(e.detail) as { data: Record<string, unknown> }).data;

async function auditOf(personId: string): Promise<Array<Record<string, unknown>>> {
  await drainPendingReads();
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

// biome-ignore lint/suspicious/noExplicitAny: the report's shape is checked by the route's schema
async function observatory(): Promise<any> {
  const res = await call('pilote', 'GET', `/api/indicators?year=${YEAR}`);
  expect(res.status).toBe(200);
  return (res.body as { observatory: unknown }).observatory;
}
// biome-ignore lint/suspicious/noExplicitAny: rows of the report
const row = (rows: any[], key: string): number => rows.find((r) => r.key === key)?.count ?? 0;
/** What the test's receptions move: receptions, two themes and two channels. */
async function figures() {
  const o = await observatory();
  return {
    receptions: o.receptions as number,
    numerique: row(o.byTheme, 'numerique'),
    mobilite: row(o.byTheme, 'mobilite'),
    video: row(o.byChannel, 'video'),
    mail: row(o.byChannel, 'mail'),
  };
}

let counter = 0;
function newPerson(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    lastName: `Corrigeable${String.fromCharCode(97 + (counter % 26))}${counter}`,
    firstName: 'Inès',
    birthDate: '1985-02-11',
    communeCode: '46127',
    phone: '06 12 34 56 78',
    consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
    ...overrides,
  };
}
async function createPerson(body: Record<string, unknown>) {
  const res = await call('agent.gramat', 'POST', '/api/persons', body);
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; lastName: string };
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'ts.figeac', 'agent.ccas-cahors', 'partenaire.caf', 'pilote']) tokens[u] = await api.token(u);
  await stack.drain();
  await waitFor(async () => {
    for (const Key of [
      { pk: `SITE#${gramat.siteId}`, sk: 'SITE' },
      { pk: `SITE#${figeacSite.id}`, sk: 'SITE' },
      { pk: `ORG#${gramat.organisationId}`, sk: 'ORG' },
    ]) {
      const got = await ddb().send(new GetCommand({ TableName: tableName('intake', 'main'), Key }));
      if (!got.Item) return undefined;
    }
    return true;
  }, 'the directory projection');
});

afterAll(async () => {
  await stack?.stop();
});

describe('PATCH /api/persons/{id}', () => {
  it('corrects the phone and the last name: version moves, search follows, audited with the reason, event without values', async () => {
    const person = await createPerson(newPerson());
    const newName = `Rectifiee${counter}`;
    const res = await call('agent.gramat', 'PATCH', `/api/persons/${person.id}`, {
      lastName: newName,
      phone: '07 98 76 54 32',
      version: person.version,
      reason: 'Nom mal orthographié, nouveau numéro',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: person.id, lastName: newName, phone: '+33798765432', version: person.version + 1 });

    // The name index followed in the same write: the new name is found, the old one no more.
    const found = await call('agent.gramat', 'GET', `/api/persons?q=${encodeURIComponent(newName)}`);
    expect((found.body as { items: Array<{ id: string }> }).items.map((i) => i.id)).toContain(person.id);
    const old = await call('agent.gramat', 'GET', `/api/persons?q=${encodeURIComponent(person.lastName)}`);
    expect((old.body as { items: Array<{ id: string }> }).items.map((i) => i.id)).not.toContain(person.id);

    const entries = await auditOf(person.id);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'update',
          route: 'PATCH /api/persons/{id}',
          purpose: 'correction',
          reason: 'Nom mal orthographié, nouveau numéro',
          actorId: gramat.sub,
        }),
      ]),
    );
    const events = (await intakeEvents('PersonCorrected')).map(dataOf).filter((d) => d.personId === person.id);
    expect(events).toEqual([expect.objectContaining({ fields: ['lastName', 'phone'], version: person.version + 1 })]);
    expect(JSON.stringify(events)).not.toContain(newName);
    expect(JSON.stringify(events)).not.toContain('798765432');
  });

  it('a stale version is 409, a correction without reason or field is 400 listing each, nothing written', async () => {
    const person = await createPerson(newPerson());
    const first = await call('agent.gramat', 'PATCH', `/api/persons/${person.id}`, {
      email: 'ines@example.org',
      version: person.version,
      reason: 'Adresse e-mail donnée',
    });
    expect(first.status).toBe(200);
    const stale = await call('agent.gramat', 'PATCH', `/api/persons/${person.id}`, {
      email: 'autre@example.org',
      version: person.version,
      reason: 'Autre adresse',
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'intake.person.version-conflict' });
    const bad = await call('agent.gramat', 'PATCH', `/api/persons/${person.id}`, { version: 2, phone: 'abc' });
    expect(bad.status).toBe(400);
    const paths = (bad.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.reason', 'body.phone']));
    const none = await call('agent.gramat', 'PATCH', `/api/persons/${person.id}`, { version: 2, reason: 'Rien à changer' });
    expect(none.status).toBe(400);
    const history = await call('agent.gramat', 'GET', `/api/persons/${person.id}/history`);
    expect((history.body as { person: { email: string; version: number } }).person).toMatchObject({
      email: 'ines@example.org',
      version: 2,
    });
  });

  it('runs the duplicate check again: the same answer as at creation, then goes ahead once confirmed', async () => {
    const a = await createPerson(newPerson({ lastName: `Doublonnee${counter}`, birthDate: '1990-01-01' }));
    const b = await createPerson(newPerson({ lastName: `Autrenom${counter}`, birthDate: '1990-01-01' }));
    const res = await call('agent.gramat', 'PATCH', `/api/persons/${b.id}`, {
      lastName: a.lastName,
      version: b.version,
      reason: 'Nom de naissance',
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'intake.person.possible-duplicate', candidates: [expect.objectContaining({ id: a.id })] });
    const confirmed = await call('agent.gramat', 'PATCH', `/api/persons/${b.id}`, {
      lastName: a.lastName,
      version: b.version,
      reason: 'Nom de naissance',
      confirmedNotDuplicateOf: [a.id],
    });
    expect(confirmed.status).toBe(200);
  });

  it('only the organisation that recorded her corrects her: others get 403, even when they read her file', async () => {
    const person = await createPerson(newPerson());
    // The CCAS reads her file (sharing consent) but did not record her.
    expect((await call('agent.ccas-cahors', 'GET', `/api/persons/${person.id}/history`)).status).toBe(200);
    const ccas = await call('agent.ccas-cahors', 'PATCH', `/api/persons/${person.id}`, {
      phone: '06 00 00 00 00',
      version: person.version,
      reason: 'Essai',
    });
    expect(ccas.status).toBe(403);
    expect(ccas.body).toMatchObject({ code: 'intake.person.correct-forbidden' });
    const partner = await call('partenaire.caf', 'PATCH', `/api/persons/${person.id}`, {
      phone: '06 00 00 00 00',
      version: person.version,
      reason: 'Essai',
    });
    expect(partner.status).toBe(403);
    const pilote = await call('pilote', 'PATCH', `/api/persons/${person.id}`, { phone: '06 00 00 00 00', version: 1, reason: 'Essai' });
    expect(pilote.status).toBe(403);
  });
});

describe('PATCH /api/receptions/{id} and POST /api/receptions/{id}/cancel', () => {
  it('corrects the themes, channel and site, then cancels: the observatory moves once, and again not on redelivery', async () => {
    await stack.drain();
    const start = await figures();
    const person = await createPerson(newPerson());
    const recorded = await call('agent.gramat', 'POST', '/api/receptions', {
      siteId: gramat.siteId,
      channel: 'video',
      personId: person.id,
      themes: ['numerique'],
      summary: 'Aide pour la déclaration en ligne',
    });
    expect(recorded.status).toBe(201);
    const reception = recorded.body as { id: string };
    await stack.drain();
    await waitFor(async () => ((await figures()).receptions === start.receptions + 1 ? true : undefined), 'the reception counted');
    expect(await figures()).toEqual({ ...start, receptions: start.receptions + 1, numerique: start.numerique + 1, video: start.video + 1 });

    const fixed = await call('agent.gramat', 'PATCH', `/api/receptions/${reception.id}`, {
      themes: ['mobilite'],
      channel: 'mail',
      siteId: figeacSite.id,
      summary: 'Aide pour le permis',
      version: 1,
      reason: 'Thème et lieu saisis par erreur',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      themes: ['mobilite'],
      channel: 'mail',
      siteId: figeacSite.id,
      version: 2,
      history: [expect.objectContaining({ action: 'corrected', reason: 'Thème et lieu saisis par erreur' })],
    });
    await stack.drain();
    const corrected = { ...start, receptions: start.receptions + 1, mobilite: start.mobilite + 1, mail: start.mail + 1 };
    await waitFor(async () => ((await figures()).mobilite === corrected.mobilite ? true : undefined), 'the correction counted');
    expect(await figures()).toEqual(corrected);

    // The event carries codes before and after, never the summary.
    const [event] = (await intakeEvents('ReceptionCorrected')).filter((e) => dataOf(e).receptionId === reception.id);
    expect(dataOf(event!)).toMatchObject({
      before: { channel: 'video', themes: ['numerique'], siteId: gramat.siteId },
      after: { channel: 'mail', themes: ['mobilite'], siteId: figeacSite.id },
    });
    expect(event!.detail).not.toContain('permis');
    expect(event!.detail).not.toContain('déclaration');

    // The same event delivered again: nothing moves.
    await eventPublisher().publish([event!]);
    await eventPublisher().publish([event!]);
    expect(await figures()).toEqual(corrected);

    const cancelled = await call('agent.gramat', 'POST', `/api/receptions/${reception.id}/cancel`, { reason: 'Accueil saisi deux fois' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 3 });
    await stack.drain();
    await waitFor(async () => ((await figures()).receptions === start.receptions ? true : undefined), 'the cancellation counted');
    expect(await figures()).toEqual(start);
    const [gone] = (await intakeEvents('ReceptionCancelled')).filter((e) => dataOf(e).receptionId === reception.id);
    await eventPublisher().publish([gone!, event!]);
    expect(await figures()).toEqual(start);

    // Editing or cancelling it again: 409 naming `status`; it stays in the lists and in the audit trail.
    const again = await call('agent.gramat', 'PATCH', `/api/receptions/${reception.id}`, {
      themes: ['sante'],
      version: 3,
      reason: 'Encore',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'intake.reception.cancelled', errors: [expect.objectContaining({ path: 'status' })] });
    expect((await call('agent.gramat', 'POST', `/api/receptions/${reception.id}/cancel`, { reason: 'Encore' })).status).toBe(409);
    const history = await call('agent.gramat', 'GET', `/api/persons/${person.id}/history`);
    expect((history.body as { receptions: Array<{ id: string; status?: string }> }).receptions).toEqual([
      expect.objectContaining({ id: reception.id, status: 'cancelled' }),
    ]);
    const routes = (await auditOf(person.id)).filter((e) => e.purpose === 'correction').map((e) => [e.route, e.reason]);
    expect(routes).toEqual([
      ['PATCH /api/receptions/{id}', 'Thème et lieu saisis par erreur'],
      ['POST /api/receptions/{id}/cancel', 'Accueil saisi deux fois'],
    ]);
  });

  it('only the organisation that recorded it: another gets 403; a stale version 409; a site of another organisation 400', async () => {
    const recorded = await call('agent.gramat', 'POST', '/api/receptions', { siteId: gramat.siteId, channel: 'site', themes: ['famille'] });
    const id = (recorded.body as { id: string }).id;
    const other = await call('agent.ccas-cahors', 'PATCH', `/api/receptions/${id}`, { themes: ['sante'], version: 1, reason: 'Essai' });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'intake.reception.correct-forbidden' });
    expect((await call('agent.ccas-cahors', 'POST', `/api/receptions/${id}/cancel`, { reason: 'Essai' })).status).toBe(403);
    expect((await call('pilote', 'POST', `/api/receptions/${id}/cancel`, { reason: 'Essai' })).status).toBe(403);
    const cafSite = DEMO_SITES.find((s) => s.organisationId === caf.id)!;
    const foreign = await call('agent.gramat', 'PATCH', `/api/receptions/${id}`, { siteId: cafSite.id, version: 1, reason: 'Lieu' });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ errors: [expect.objectContaining({ path: 'body.siteId' })] });
    const stale = await call('agent.gramat', 'PATCH', `/api/receptions/${id}`, { themes: ['sante'], version: 2, reason: 'Thème' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'intake.reception.version-conflict' });
    const noReason = await call('agent.gramat', 'POST', `/api/receptions/${id}/cancel`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: [expect.objectContaining({ path: 'body.reason' })] });
    const unknown = await call('agent.gramat', 'POST', '/api/receptions/01KDVDZZZZZZZZZZZZZZZZZZZZ/cancel', { reason: 'Erreur' });
    expect(unknown.status).toBe(404);
  });
});
