/**
 * The directory as the network's reference: organisations with contacts and webhook secrets,
 * sites with validated opening hours and geocoding, services (data·inclusion model), network
 * events and the professionals they reached; who may edit what; bad input changes nothing.
 * This stack has no commune file and no geo API: coverage must say how to provide one.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { resetSettings } from '../../shared/config/settings';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};

const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const missionLocale = DEMO_ORGANISATIONS.find((o) => o.type === 'mission-locale')!;
const cafSite = DEMO_SITES.find((s) => s.organisationId === caf.id)!;

beforeAll(async () => {
  delete process.env.RELAIS_COMMUNES_FILE;
  resetSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const user of ['pilote', 'agent.gramat', 'ts.figeac', 'partenaire.caf', 'partenaire.mission-locale'])
    tokens[user] = await api.token(user);
});

afterAll(async () => {
  await stack?.stop();
});

const service = (organisationId: string, overrides: Record<string, unknown> = {}) => ({
  organisationId,
  name: 'Accès aux droits CAF',
  description: 'Information et aide aux démarches pour les prestations familiales et sociales.',
  type: 'accompagnement',
  themes: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
  publics: ['familles'],
  mobilisationModes: ['se-presenter', 'telephoner'],
  fees: 'gratuit',
  ...overrides,
});

describe('organisations', () => {
  it('keeps contacts and shows a webhook secret once, never in reads', async () => {
    const read = await api.call('GET', `/api/organisations/${caf.id}`, { token: tokens['partenaire.caf'] });
    const patched = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token: tokens['partenaire.caf'],
      body: {
        version: read.body.version,
        contacts: [{ name: 'Service partenaires', role: 'Accueil des orientations', email: 'partenaires@caf.demo.relais.local' }],
        notification: { email: 'orientations@caf.demo.relais.local', webhookUrl: 'https://caf.example.org/relais' },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.contacts).toHaveLength(1);
    expect(patched.body.webhookSecretSet).toBe(false);

    const secret = await api.call('POST', `/api/organisations/${caf.id}/webhook-secret`, { token: tokens['partenaire.caf'] });
    expect(secret.status).toBe(201);
    expect(secret.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    // The notifications service keeps the secret; the directory learns by its event that one exists.
    await stack.drain();
    const again = await api.call('GET', `/api/organisations/${caf.id}`, { token: tokens.pilote });
    expect(again.body.webhookSecretSet).toBe(true);
    expect(JSON.stringify(again.body)).not.toContain(secret.body.secret);

    const other = await api.call('POST', `/api/organisations/${caf.id}/webhook-secret`, { token: tokens['partenaire.mission-locale'] });
    expect(other.status).toBe(403);
  });

  it('answers 400 naming every bad field (SIRET, webhook URL, SMS number) and stores nothing', async () => {
    const before = await api.call('GET', `/api/organisations/${missionLocale.id}`, { token: tokens.pilote });
    const answer = await api.call('PATCH', `/api/organisations/${missionLocale.id}`, {
      token: tokens.pilote,
      body: {
        version: before.body.version,
        siret: '12345678901234',
        notification: { webhookUrl: 'http://insecure.example.org/hook', sms: '05 65 00' },
        contacts: [{ name: 'X', email: 'pas-une-adresse' }],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.contacts.0.email',
      'body.contacts.0.name',
      'body.notification.sms',
      'body.notification.webhookUrl',
      'body.siret',
    ]);
    const after = await api.call('GET', `/api/organisations/${missionLocale.id}`, { token: tokens.pilote });
    expect(after.body).toEqual(before.body);
  });
});

describe('sites', () => {
  const base = {
    organisationId: caf.id,
    name: 'Permanence CAF de Lalbenque',
    address: 'Place de la Mairie',
    communeCode: '46156',
    postalCode: '46230',
    openingHours: 'Tu 09:00-12:00; PH off',
    themes: ['famille'],
  };

  it('refuses invalid opening hours, a bad commune code and coordinates outside France, naming each field', async () => {
    const answer = await api.call('POST', '/api/sites', {
      token: tokens['partenaire.caf'],
      body: { ...base, openingHours: 'le mardi matin', communeCode: '4615', location: { lon: -70.1, lat: 44.2 } },
    });
    expect(answer.status).toBe(400);
    const byPath = Object.fromEntries(answer.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(['body.communeCode', 'body.location', 'body.openingHours']);
    expect(byPath['body.openingHours']).toMatch(/Horaires non reconnus/);
    const list = await api.call('GET', `/api/sites?commune=46156`, { token: tokens.pilote });
    expect(list.body.items.filter((s: { name: string }) => s.name === base.name)).toEqual([]);
  });

  it('asks for coordinates (422 naming the field) when nothing can place the address', async () => {
    const answer = await api.call('POST', '/api/sites', { token: tokens['partenaire.caf'], body: base });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([{ path: 'body.location', message: expect.stringMatching(/longitude/) }]);
  });

  it('stores a site with typed coordinates and computes open now and the next opening', async () => {
    const created = await api.call('POST', '/api/sites', {
      token: tokens['partenaire.caf'],
      body: { ...base, location: { lon: 1.5466, lat: 44.3386 } },
    });
    expect(created.status).toBe(201);
    expect(created.body.locationSource).toBe('provided');
    expect(created.body.onPublicMap).toBe(true);
    expect([true, false]).toContain(created.body.openNow);
    // Open on Tuesday mornings only: when closed, the next opening is a Tuesday at 09:00 in Paris.
    if (!created.body.openNow) {
      const next = new Date(created.body.nextOpening);
      const paris = new Intl.DateTimeFormat('fr-FR', {
        timeZone: 'Europe/Paris',
        weekday: 'long',
        hour: '2-digit',
        minute: '2-digit',
      }).format(next);
      expect(paris).toBe('mardi 09:00');
    }
  });

  it('lets only the partner of the site and the coordinator change it', async () => {
    const read = await api.call('GET', `/api/sites/${cafSite.id}`, { token: tokens.pilote });
    const byOther = await api.call('PATCH', `/api/sites/${cafSite.id}`, {
      token: tokens['partenaire.mission-locale'],
      body: { version: read.body.version, openingHours: 'Mo 09:00-12:00' },
    });
    expect(byOther.status).toBe(403);
    const byAgent = await api.call('PATCH', `/api/sites/${cafSite.id}`, {
      token: tokens['agent.gramat'],
      body: { version: read.body.version, openingHours: 'Mo 09:00-12:00' },
    });
    expect(byAgent.status).toBe(403);
    const badHours = await api.call('PATCH', `/api/sites/${cafSite.id}`, {
      token: tokens['partenaire.caf'],
      body: { version: read.body.version, openingHours: 'Lu-Ve 9h-17h' },
    });
    expect(badHours.status).toBe(400);
    expect(badHours.body.code).toBe('kernel.validation');
    expect(badHours.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.openingHours']);
    expect(badHours.body.errors[0].message).toMatch(/nous avons compris « Mo-Fr 09:00-17:00 »/);
    // Hours typed as a sentence: the library's English message never reaches the partner.
    const sentence = await api.call('PATCH', `/api/sites/${cafSite.id}`, {
      token: tokens['partenaire.caf'],
      body: { version: read.body.version, openingHours: 'du lundi au vendredi de 9h à 12h' },
    });
    expect(sentence.status).toBe(400);
    expect(sentence.body.errors).toEqual([
      {
        path: 'body.openingHours',
        message: expect.stringMatching(/^Horaires non reconnus : écrivez-les comme Mo-Fr 09:00-12:00 \(format OpenStreetMap\)/),
      },
    ]);
    expect(JSON.stringify(sentence.body)).not.toMatch(/Token|ambiguous|canonical|lundi/);
    const byOwner = await api.call('PATCH', `/api/sites/${cafSite.id}`, {
      token: tokens['partenaire.caf'],
      body: { version: read.body.version, openingHours: 'Mo-Fr 08:30-16:30; PH off' },
    });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.openingHours).toBe('Mo-Fr 08:30-16:30; PH off');
  });
});

describe('services', () => {
  it('lets a partner describe its own services only, in the data·inclusion model', async () => {
    const created = await api.call('POST', '/api/services', {
      token: tokens['partenaire.caf'],
      body: service(caf.id, { siteId: cafSite.id }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organisationId: caf.id, siteId: cafSite.id, receptionModes: ['en-presentiel'], version: 1 });

    const forOther = await api.call('POST', '/api/services', { token: tokens['partenaire.caf'], body: service(missionLocale.id) });
    expect(forOther.status).toBe(403);
    const byAgent = await api.call('POST', '/api/services', { token: tokens['agent.gramat'], body: service(caf.id) });
    expect(byAgent.status).toBe(403);

    const listed = await api.call('GET', `/api/services?organisationId=${caf.id}`, { token: tokens['agent.gramat'] });
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);

    const patched = await api.call('PATCH', `/api/services/${created.body.id}`, {
      token: tokens['partenaire.caf'],
      body: { version: 1, feesDetails: 'Aucun frais' },
    });
    expect(patched.body).toMatchObject({ version: 2, feesDetails: 'Aucun frais' });
  });

  it('lists every bad field of a service and refuses a site of another organisation', async () => {
    const bad = await api.call('POST', '/api/services', {
      token: tokens.pilote,
      body: service(caf.id, {
        type: 'conseil',
        publics: ['tous-publics', 'jeunes'],
        themes: ['inconnu'],
        name: 'AB',
        openingHours: 'matin',
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.name',
      'body.openingHours',
      'body.publics',
      'body.themes.0',
      'body.type',
    ]);
    const otherSite = DEMO_SITES.find((s) => s.organisationId === missionLocale.id)!;
    const wrongSite = await api.call('POST', '/api/services', { token: tokens.pilote, body: service(caf.id, { siteId: otherSite.id }) });
    expect(wrongSite.status).toBe(400);
    expect(wrongSite.body.errors).toEqual([{ path: 'body.siteId', message: expect.any(String) }]);
  });
});

describe('network events', () => {
  it('records trainings and immersions and counts distinct professionals reached in the year', async () => {
    const training = await api.call('POST', '/api/network-events', {
      token: tokens.pilote,
      body: {
        kind: 'formation',
        title: 'Formation interinstitutionnelle au premier accueil',
        date: '2026-03-12',
        participants: [
          { name: 'Claire Martin', organisationId: caf.id },
          { name: 'Karim Benali', organisationId: missionLocale.id },
          { name: 'claire  MARTIN', organisationId: caf.id },
        ],
      },
    });
    expect(training.status).toBe(201);
    expect(training.body.participants).toHaveLength(2);
    const immersion = await api.call('POST', '/api/network-events', {
      token: tokens.pilote,
      body: {
        kind: 'immersion',
        title: 'Immersion croisée CAF / Mission locale',
        date: '2026-05-04',
        participants: [
          { name: 'Claire Martin', organisationId: caf.id },
          { name: 'Élodie Roux', organisationId: caf.id },
        ],
      },
    });
    expect(immersion.status).toBe(201);
    await api.call('POST', '/api/network-events', {
      token: tokens.pilote,
      body: {
        kind: 'conference',
        title: 'Conférence 2025',
        date: '2025-11-20',
        participants: [{ name: 'Paul Durand', organisationId: caf.id }],
      },
    });

    const reach = await api.call('GET', '/api/network-events/reach?year=2026', { token: tokens['agent.gramat'] });
    expect(reach.body).toEqual({
      year: 2026,
      events: 2,
      participations: 4,
      professionalsReached: 3,
      byKind: { formation: { events: 1, professionalsReached: 2 }, immersion: { events: 1, professionalsReached: 2 } },
    });
    const list = await api.call('GET', '/api/network-events?year=2026', { token: tokens['agent.gramat'] });
    expect(list.body.items.map((e: { kind: string }) => e.kind)).toEqual(['immersion', 'formation']);
    const one = await api.call('GET', `/api/network-events/${training.body.id}`, { token: tokens['agent.gramat'] });
    expect(one.body.title).toBe('Formation interinstitutionnelle au premier accueil');
  });

  it('is recorded by the coordinator only, with every bad field named', async () => {
    const byPartner = await api.call('POST', '/api/network-events', {
      token: tokens['partenaire.caf'],
      body: { kind: 'rencontre', title: 'Rencontre', date: '2026-01-10', participants: [] },
    });
    expect(byPartner.status).toBe(403);
    const bad = await api.call('POST', '/api/network-events', {
      token: tokens.pilote,
      body: { kind: 'webinaire', title: 'R', date: '2026-02-30', participants: [{ name: 'Anne', organisationId: 'nope' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.date',
      'body.kind',
      'body.participants.0.organisationId',
      'body.title',
    ]);
  });
});

describe('coverage without any source of commune centres', () => {
  it('still finds communes by name for the public map (names come with the software)', async () => {
    const search = await api.call('GET', '/api/public/communes?q=fige');
    expect(search.status).toBe(200);
    expect(search.body.items[0]).toMatchObject({ code: '46102', name: 'Figeac' });
  });

  it('answers 503 with a problem saying exactly how to provide the commune file', async () => {
    const answer = await api.call('GET', '/api/coverage', { token: tokens.pilote });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.body.detail).toMatch(/RELAIS_COMMUNES_FILE/);
    expect(answer.body.detail).toMatch(/code,nom,departement,lon,lat/);
    expect(answer.body.code).toBe('directory.communes.coordinates-missing');
  });
});

describe('clearing an optional field', () => {
  it('removes a SIRET and a site phone set to null, and refuses null on a required field', async () => {
    const org = await api.call('GET', `/api/organisations/${missionLocale.id}`, { token: tokens.pilote });
    const withSiret = await api.call('PATCH', `/api/organisations/${missionLocale.id}`, {
      token: tokens.pilote,
      body: { version: org.body.version, siret: '73282932000074' },
    });
    expect(withSiret.body.siret).toBe('73282932000074');
    const cleared = await api.call('PATCH', `/api/organisations/${missionLocale.id}`, {
      token: tokens.pilote,
      body: { version: withSiret.body.version, siret: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty('siret');
    const reread = await api.call('GET', `/api/organisations/${missionLocale.id}`, { token: tokens.pilote });
    expect(reread.body).not.toHaveProperty('siret');

    const refused = await api.call('PATCH', `/api/organisations/${missionLocale.id}`, {
      token: tokens.pilote,
      body: { version: reread.body.version, name: null },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.name']);
  });
});
