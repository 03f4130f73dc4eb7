/**
 * Issue 12, « Consent that cannot be bypassed », points 5 and 6, through HTTP on the local stack:
 * an Idempotency-Key bound to its caller, route, resource and body (never a replay for another
 * referral, another body, or a signed link that no longer verifies); a service without an
 * idempotency store ignores the header; a used signed link shows the status only; survey results
 * and the local outbox only for whom SECURITY.md allows.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { referralLink } from '../../services/intake/referral-link';
import { linkSecret } from '../../shared/auth/link-secret';
import { signLink } from '../../shared/auth/signed-link';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};

const org = (type: string) => DEMO_ORGANISATIONS.find((o) => o.type === type)!;
const departement = org('departements');
const caf = org('caf');
const missionLocale = org('mission-locale');
const gramat = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;

/** The 422 of a reused key: a stable French message (clients may show it). */
const REUSED =
  'Cette clé d’idempotence a déjà servi pour une autre requête (autre ressource ou autre contenu) : utilisez une nouvelle clé.';

const call = (username: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  api.call(method, path, { token: tokens[username], body, headers });

let counter = 0;
/** A person with a name and a phone no other test uses, so that the raw JSON can be searched for them. */
async function newPerson() {
  counter++;
  const lastName = `Zorglubien${String.fromCharCode(97 + counter)}`;
  const firstName = `Philomene${String.fromCharCode(97 + counter)}`;
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName,
    firstName,
    birthDate: '1975-02-11',
    phone: `06 12 34 56 ${String(counter).padStart(2, '0')}`,
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, lastName, firstName, phoneDigits: `6123456${String(counter).padStart(2, '0')}` };
}

const NOTE = 'Expulsion locative annoncée pour la fin du mois ; la rappeler le matin.';
const REASON = 'Ouverture de droits au logement';

async function sendReferral(toOrganisationId: string, personId?: string) {
  const res = await call('agent.gramat', 'POST', '/api/referrals', {
    toOrganisationId,
    ...(personId ? { personId } : {}),
    themes: ['logement-hebergement'],
    reason: REASON,
    urgency: 'normal',
    liaisonNote: NOTE,
  });
  if (res.status !== 201) throw new Error(`referral not sent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; sentAt: string };
}

function expectReused(res: { status: number; body: { errors?: Array<{ path: string }>; detail?: string }; headers: Headers }) {
  expect(res.status).toBe(422);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.headers.get('idempotent-replayed')).toBeNull();
  expect(res.body.detail).toBe(REUSED);
  expect(res.body.errors?.map((e) => e.path)).toEqual(['header.idempotency-key']);
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'ts.figeac', 'partenaire.caf', 'partenaire.mission-locale', 'pilote', 'admin'])
    tokens[u] = await api.token(u);
  // The directory's demo data reaches intake through events: wait for its copy.
  await stack.drain();
  await waitFor(async () => {
    const keys = [
      ...DEMO_SITES.map((s) => ({ pk: `SITE#${s.id}`, sk: 'SITE' })),
      ...DEMO_ORGANISATIONS.map((o) => ({ pk: `ORG#${o.id}`, sk: 'ORG' })),
    ];
    for (const Key of keys) {
      const got = await ddb().send(new GetCommand({ TableName: tableName('intake', 'main'), Key }));
      if (!got.Item) return undefined;
    }
    return true;
  }, 'the directory projection');
});

afterAll(async () => {
  await stack?.stop();
});

describe('Idempotency-Key scoped to caller, route, resource and body', () => {
  it('refuses the same key on another referral with 422, changing nothing there and replaying nothing', async () => {
    const a = await sendReferral(caf.id);
    const b = await sendReferral(caf.id);
    const key = { 'idempotency-key': `accept-${a.id}` };
    const first = await call('partenaire.caf', 'POST', `/api/referrals/${a.id}/accept`, {}, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: a.id, status: 'accepted' });

    const other = await call('partenaire.caf', 'POST', `/api/referrals/${b.id}/accept`, {}, key);
    expectReused(other);
    expect(JSON.stringify(other.body)).not.toContain(a.id);
    const stillSent = await call('partenaire.caf', 'GET', `/api/referrals/${b.id}`);
    expect(stillSent.body).toMatchObject({ status: 'sent', version: 1 });
    expect(stillSent.body.history).toHaveLength(1);
  });

  it('refuses the same key with another body with 422, and replays the same request on the same resource', async () => {
    const a = await sendReferral(caf.id);
    const key = { 'idempotency-key': `accept-body-${a.id}` };
    const first = await call('partenaire.caf', 'POST', `/api/referrals/${a.id}/accept`, { comment: 'Rendez-vous mardi' }, key);
    expect(first.status).toBe(200);

    const again = await call('partenaire.caf', 'POST', `/api/referrals/${a.id}/accept`, { comment: 'Rendez-vous mardi' }, key);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);

    const changed = await call('partenaire.caf', 'POST', `/api/referrals/${a.id}/accept`, { comment: 'Rendez-vous jeudi' }, key);
    expectReused(changed);
    const read = await call('partenaire.caf', 'GET', `/api/referrals/${a.id}`);
    expect(read.body.history).toHaveLength(2);
    expect(read.body.history[1].comment).toBe('Rendez-vous mardi');

    // A creation too: the same key with another body is refused, not recorded.
    const receptionKey = { 'idempotency-key': `reception-${a.id}` };
    const reception = (communeCode: string) => ({
      siteId: gramat.siteId,
      channel: 'site',
      themes: ['famille'],
      anonymous: { communeCode },
    });
    expect((await call('agent.gramat', 'POST', '/api/receptions', reception('46102'), receptionKey)).status).toBe(201);
    expectReused(await call('agent.gramat', 'POST', '/api/receptions', reception('46127'), receptionKey));
  });

  it('never replays a signed link’s answer to a link that does not verify, even with the same key', async () => {
    const person = await newPerson();
    const sent = await sendReferral(missionLocale.id, person.id);
    // A link valid for three seconds: answered now, no longer valid when the key comes back.
    const shortLived = signLink(
      { scope: 'referral', subject: sent.id, audience: missionLocale.id, exp: Math.floor(Date.now() / 1000) + 3 },
      linkSecret(),
    );
    const key = { 'idempotency-key': `link-${sent.id}` };
    const accepted = await api.call('POST', `/api/referral-links/${shortLived}/accept`, { body: {}, headers: key });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');

    const [payload, signature] = shortLived.split('.') as [string, string];
    const tampered = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const withBadToken = await api.call('POST', `/api/referral-links/${tampered}/accept`, { body: {}, headers: key });
    expect(withBadToken.status).toBe(401);
    expect(withBadToken.headers.get('idempotent-replayed')).toBeNull();

    await new Promise((r) => setTimeout(r, 4_000));
    const expired = await api.call('POST', `/api/referral-links/${shortLived}/accept`, { body: {}, headers: key });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('idempotent-replayed')).toBeNull();
    for (const res of [withBadToken, expired]) {
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(person.lastName);
      expect(text).not.toContain(NOTE);
      expect(text).not.toContain(sent.id);
    }
  });

  it('does not fail on a service without an idempotency store: the demo sign-in ignores the header', async () => {
    const headers = { 'idempotency-key': 'sign-in-1' };
    const first = await api.call('POST', '/api/auth/dev/token', { body: { username: 'pilote' }, headers });
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toEqual(expect.any(String));
    const second = await api.call('POST', '/api/auth/dev/token', { body: { username: 'agent.gramat' }, headers });
    expect(second.status).toBe(200);
    expect(second.body.user).toBeDefined();
    expect(second.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('signed links after use', () => {
  it('shows the request while the referral runs (the partner still closes it from the link), then nothing of the person once it has ended', async () => {
    const person = await newPerson();
    const sent = await sendReferral(missionLocale.id, person.id);
    const token = referralLink(sent.id, missionLocale.id, new Date(sent.sentAt));

    const before = await api.call('GET', `/api/referral-links/${token}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'sent', details: true, liaisonNote: NOTE, person: { lastName: person.lastName } });

    const accepted = await api.call('POST', `/api/referral-links/${token}/accept`, { body: { comment: 'Reçue jeudi' } });
    expect(accepted.status).toBe(200);
    // Accepted, the referral still runs: the partner closes it from the link with its outcome (issue 14).
    const after = await api.call('GET', `/api/referral-links/${token}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ id: sent.id, status: 'accepted', details: true, liaisonNote: NOTE });
    // The partner's own comment is never sent back through the link.
    expect(JSON.stringify(after.body)).not.toContain('Reçue jeudi');

    // Closed by the partner's account: the referral has ended, the link says so and nothing more.
    const closed = await call('partenaire.mission-locale', 'POST', `/api/referrals/${sent.id}/close`, { outcome: 'service_delivered' });
    expect(closed.status).toBe(200);
    const afterClose = await api.call('GET', `/api/referral-links/${token}`);
    expect(afterClose.status).toBe(410);
    expect(afterClose.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const text = JSON.stringify(afterClose.body);
    for (const secret of [person.lastName, person.firstName, person.phoneDigits, NOTE, REASON, 'Reçue jeudi', 'logement-hebergement']) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers 410 without anything of the person once the referral is declined', async () => {
    const person = await newPerson();
    const sent = await sendReferral(missionLocale.id, person.id);
    const token = referralLink(sent.id, missionLocale.id, new Date(sent.sentAt));
    const declined = await call('partenaire.mission-locale', 'POST', `/api/referrals/${sent.id}/decline`, {
      comment: 'Hors de notre secteur',
      reasonCode: 'hors_competence',
    });
    expect(declined.status).toBe(200);
    const read = await api.call('GET', `/api/referral-links/${token}`);
    expect(read.status).toBe(410);
    const text = JSON.stringify(read.body);
    for (const secret of [person.lastName, person.firstName, person.phoneDigits, NOTE, REASON, 'Hors de notre secteur']) {
      expect(text).not.toContain(secret);
    }
    const answer = await api.call('POST', `/api/referral-links/${token}/accept`, { body: {} });
    expect(answer.status).toBe(410);
  });
});

describe('survey results (SECURITY.md: read indicators, exports)', () => {
  it('refuses reception agents and social workers, a partner another organisation’s, and gives a partner its own', async () => {
    expect((await call('agent.gramat', 'GET', '/api/surveys/results')).status).toBe(403);
    expect((await call('agent.gramat', 'GET', `/api/surveys/results?organisationId=${departement.id}`)).status).toBe(403);
    expect((await call('ts.figeac', 'GET', '/api/surveys/results')).status).toBe(403);
    expect((await call('partenaire.caf', 'GET', `/api/surveys/results?organisationId=${departement.id}`)).status).toBe(403);
    const own = await call('partenaire.caf', 'GET', `/api/surveys/results?organisationId=${caf.id}`);
    expect(own.status).toBe(200);
    expect(own.body.organisationId).toBe(caf.id);
    const implicit = await call('partenaire.caf', 'GET', '/api/surveys/results');
    expect(implicit.status).toBe(200);
    expect(implicit.body.organisationId).toBe(caf.id);
    expect((await call('pilote', 'GET', `/api/surveys/results?organisationId=${departement.id}`)).status).toBe(200);
  });
});

describe('local outbox', () => {
  it('is for the coordinator and admins only', async () => {
    expect((await call('agent.gramat', 'GET', '/api/dev/outbox?channel=sms')).status).toBe(403);
    expect((await call('partenaire.caf', 'GET', '/api/dev/outbox')).status).toBe(403);
    expect((await api.call('GET', '/api/dev/outbox')).status).toBe(401);
    const pilote = await call('pilote', 'GET', '/api/dev/outbox?channel=notification');
    expect(pilote.status).toBe(200);
    expect(pilote.body.items).toEqual(expect.any(Array));
    expect((await call('admin', 'GET', '/api/dev/outbox')).status).toBe(200);
  });
});
