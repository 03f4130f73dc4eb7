/**
 * The four side doors to a person's file (issue « Consent that cannot be bypassed »), each
 * replayed as the attacker did — a valid account of another organisation, nothing more — and
 * now refused, with the file still closed afterwards; and the person told of every consent
 * change in the local outbox.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { personKnownToParcours, waitFor } from '../support/wait';

jest.setTimeout(120_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const org = (type: string) => DEMO_ORGANISATIONS.find((o) => o.type === type)!;
const caf = org('caf');
const missionLocale = org('mission-locale');
const SECRET_SUMMARY = 'violences conjugales';

const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });
const history = (username: string, personId: string) => call(username, 'GET', `/api/persons/${personId}/history`);

let n = 0;
/** A person recorded by `username`'s organisation, with a reception whose summary must never leak. */
async function personWithSecret(username: string, sharing: boolean, phone?: string): Promise<{ id: string; version: number }> {
  n++;
  const res = await call(username, 'POST', '/api/persons', {
    lastName: `Portedérobée${String.fromCharCode(97 + n)}`,
    firstName: 'Inès',
    birthDate: `${1950 + n}-04-12`,
    ...(phone ? { phone } : {}),
    consents: { networkSharing: { given: sharing, method: 'oral' }, smsSurveys: { given: false } },
  });
  expect(res.status).toBe(201);
  const reception = await call(username, 'POST', '/api/receptions', {
    siteId: user(username).siteId,
    channel: 'site',
    personId: res.body.id,
    themes: ['famille'],
    summary: SECRET_SUMMARY,
  });
  expect(reception.status).toBe(201);
  return { id: res.body.id, version: res.body.version };
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const agreement = () => ({ referentChosenByPerson: true, sharingAccepted: true, date: today(), method: 'oral' });

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'ts.figeac', 'agent.ccas-cahors', 'partenaire.caf', 'partenaire.mission-locale', 'pilote']) {
    tokens[u] = await api.token(u);
  }
});

afterAll(async () => {
  await stack?.stop();
});

describe('side door 1: the consent flip', () => {
  it('refuses a consent change by an organisation that did not record the person (403, never 409), and the file stays restricted', async () => {
    const person = await personWithSecret('agent.gramat', false);
    const before = await history('agent.ccas-cahors', person.id);
    expect(before.status).toBe(200);
    expect(before.body.restricted).toBe(true);

    for (const version of [person.version, person.version + 7]) {
      const flip = await call('agent.ccas-cahors', 'PATCH', `/api/persons/${person.id}/consents`, {
        version,
        networkSharing: { given: true, method: 'oral' },
      });
      expect(flip.status).toBe(403);
      expect(JSON.stringify(flip.body)).not.toMatch(/version actuelle/);
    }
    const after = await history('agent.ccas-cahors', person.id);
    expect(after.body.restricted).toBe(true);
    expect(JSON.stringify(after.body)).not.toContain(SECRET_SUMMARY);
  });

  it('lets the recording organisation change them, asks a reference for a written consent, and tells the person by SMS', async () => {
    const person = await personWithSecret('agent.gramat', false, '06 11 22 33 44');
    const noReference = await call('agent.gramat', 'PATCH', `/api/persons/${person.id}/consents`, {
      version: person.version,
      networkSharing: { given: true, method: 'written' },
    });
    expect(noReference.status).toBe(400);
    expect(noReference.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.networkSharing.reference' })]));

    const changed = await call('agent.gramat', 'PATCH', `/api/persons/${person.id}/consents`, {
      version: person.version,
      networkSharing: { given: true, method: 'written', reference: 'Classeur 2026, fiche 12' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.consents.networkSharing).toMatchObject({ given: true, method: 'written', reference: 'Classeur 2026, fiche 12' });

    const sms = await waitFor(async () => {
      const out = await call('pilote', 'GET', '/api/dev/outbox?channel=sms');
      return out.body.items.find(
        (i: { to: string; payload: { kind?: string } }) => i.to === '+33611223344' && i.payload.kind === 'person.consents.changed',
      );
    }, 'the SMS telling the person');
    expect(sms.payload).toMatchObject({ audience: 'person' });
    expect(sms.payload.text).toMatch(/vos accords ont été modifiés/);
    expect(sms.payload.text).toMatch(/Partage de votre dossier : oui/);
    expect(sms.payload.text).not.toMatch(/Inès|Portedérobée/);
  });
});

describe('side door 2: the parcours as a key', () => {
  it('refuses a parcours for a person who does not exist (422) or whom the opener reads only restricted (403), and the file stays restricted', async () => {
    const unknown = await call('ts.figeac', 'POST', '/api/parcours', {
      personId: '01KDVDZZZZZZZZZZZZZZZZZZZZ',
      agreement: agreement(),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'body.personId' })]);

    // Recorded by the CCAS of Cahors, without sharing consent: the Département's social worker sees it restricted.
    const person = await personWithSecret('agent.ccas-cahors', false);
    await personKnownToParcours(person.id);
    expect((await history('ts.figeac', person.id)).body.restricted).toBe(true);
    const opened = await call('ts.figeac', 'POST', '/api/parcours', { personId: person.id, agreement: agreement() });
    expect(opened.status).toBe(403);
    const after = await history('ts.figeac', person.id);
    expect(after.body.restricted).toBe(true);
    expect(JSON.stringify(after.body)).not.toContain(SECRET_SUMMARY);
  });

  it('refuses a member added « as » another organisation, or an account that does not exist (422); the partner still cannot read', async () => {
    const person = await personWithSecret('ts.figeac', false);
    await personKnownToParcours(person.id);
    const opened = await call('ts.figeac', 'POST', '/api/parcours', { personId: person.id, agreement: agreement() });
    expect(opened.status).toBe(201);
    const cafSub = (await call('partenaire.caf', 'GET', '/api/me')).body.id as string;

    const asMissionLocale = await call('ts.figeac', 'POST', `/api/parcours/${opened.body.id}/members`, {
      userId: cafSub,
      name: user('partenaire.caf').name,
      organisationId: missionLocale.id,
      role: 'Conseillère',
    });
    expect(asMissionLocale.status).toBe(422);
    expect(asMissionLocale.body.errors).toEqual([expect.objectContaining({ path: 'body.organisationId' })]);

    const ghost = await call('ts.figeac', 'POST', `/api/parcours/${opened.body.id}/members`, {
      userId: 'compte-inexistant',
      name: 'Personne',
      organisationId: caf.id,
      role: 'Conseillère',
    });
    expect(ghost.status).toBe(422);

    // Outside professionals without an account stay possible.
    const outside = await call('ts.figeac', 'POST', `/api/parcours/${opened.body.id}/members`, {
      name: 'Dr Martin',
      organisationId: missionLocale.id,
      role: 'Médecin traitant',
    });
    expect(outside.status).toBe(201);

    // Some time for any membership event: the partner reads nothing still.
    await new Promise((r) => setTimeout(r, 500));
    expect((await history('partenaire.caf', person.id)).status).toBe(403);
    expect((await history('partenaire.mission-locale', person.id)).status).toBe(403);
  });
});

describe('side door 3: the self-referral', () => {
  it('refuses a referral to one’s own organisation (422) and a referral of a person one cannot see (403); the file stays closed', async () => {
    const person = await personWithSecret('agent.gramat', true);
    expect((await history('partenaire.caf', person.id)).status).toBe(403);

    const self = await call('partenaire.caf', 'POST', '/api/referrals', {
      toOrganisationId: caf.id,
      personId: person.id,
      themes: ['famille'],
      reason: 'Ouverture de droits',
      urgency: 'normal',
      liaisonNote: 'Note',
    });
    expect(self.status).toBe(422);
    expect(self.body.errors).toEqual([expect.objectContaining({ path: 'body.toOrganisationId' })]);

    const toAccomplice = await call('partenaire.caf', 'POST', '/api/referrals', {
      toOrganisationId: missionLocale.id,
      personId: person.id,
      themes: ['famille'],
      reason: 'Ouverture de droits',
      urgency: 'normal',
      liaisonNote: 'Note',
    });
    expect(toAccomplice.status).toBe(403);

    expect((await history('partenaire.caf', person.id)).status).toBe(403);
    expect((await history('partenaire.mission-locale', person.id)).status).toBe(403);
  });
});

describe('side door 4: the self-admission', () => {
  it('refuses a partner’s change of its own membership, type or charter (403 naming each), and it still cannot record', async () => {
    const current = await call('pilote', 'GET', `/api/organisations/${missionLocale.id}`);
    const removed = await call('pilote', 'PATCH', `/api/organisations/${missionLocale.id}`, {
      version: current.body.version,
      networkMember: false,
    });
    expect(removed.status).toBe(200);
    await waitFor(async () => {
      const res = await call('partenaire.mission-locale', 'POST', '/api/receptions', {
        siteId: user('partenaire.mission-locale').siteId,
        channel: 'site',
        themes: ['numerique'],
      });
      return res.status === 403 ? true : undefined;
    }, 'intake to learn the removal');

    const readmit = await call('partenaire.mission-locale', 'PATCH', `/api/organisations/${missionLocale.id}`, {
      version: removed.body.version,
      networkMember: true,
      type: 'ccas-cias',
      charter: { signedOn: today(), commitments: ['accueil-inconditionnel'] },
    });
    expect(readmit.status).toBe(403);
    expect(readmit.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.charter', 'body.networkMember', 'body.type']);
    const after = await call('pilote', 'GET', `/api/organisations/${missionLocale.id}`);
    expect(after.body).toMatchObject({ networkMember: false, type: 'mission-locale', version: removed.body.version });

    // Its own description stays its to edit.
    const described = await call('partenaire.mission-locale', 'PATCH', `/api/organisations/${missionLocale.id}`, {
      version: removed.body.version,
      description: 'Accompagnement des 16-25 ans',
    });
    expect(described.status).toBe(200);

    await new Promise((r) => setTimeout(r, 500));
    const reception = await call('partenaire.mission-locale', 'POST', '/api/receptions', {
      siteId: user('partenaire.mission-locale').siteId,
      channel: 'site',
      themes: ['numerique'],
    });
    expect(reception.status).toBe(403);
  });
});
