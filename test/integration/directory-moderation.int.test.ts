import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SERVICES, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

let stack: LocalStack;
let api: Api;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
});

afterAll(async () => {
  await stack?.stop();
});

const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;

const newSite = (overrides: Record<string, unknown> = {}) => ({
  organisationId: caf.id,
  name: 'Permanence CAF de Lalbenque',
  address: 'Place de la Mairie, 46230 Lalbenque',
  communeCode: '46156',
  location: { lon: 1.5466, lat: 44.3386 },
  openingHours: 'Mo-Fr 09:00-12:00',
  unconditionalReception: true,
  ...overrides,
});

async function onPublicMap(siteId: string): Promise<boolean> {
  const res = await api.call('GET', '/api/public/sites');
  expect(res.status).toBe(200);
  return res.body.items.some((s: { id: string }) => s.id === siteId);
}

describe('phones typed as people write them', () => {
  it('accepts a national number on the site form, stores it in E.164', async () => {
    const token = await api.token('partenaire.caf');
    const res = await api.call('POST', '/api/sites', { token, body: newSite({ phone: '05 65 12 34 56' }) });
    expect(res.status).toBe(201);
    expect(res.body.phone).toBe('+33565123456');
    const patched = await api.call('PATCH', `/api/sites/${res.body.id}`, {
      token,
      body: { version: res.body.version, phone: '+33 5 65 00 11 22' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.phone).toBe('+33565001122');
  });

  it('refuses a number that is not one, naming the field in French and storing nothing', async () => {
    const token = await api.token('pilote');
    const res = await api.call('POST', '/api/sites', { token, body: newSite({ name: 'Lieu au faux numéro', phone: '05 65 12' }) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body.phone', message: expect.stringContaining('Numéro de téléphone invalide') }]);
    const listed = await api.call('GET', `/api/sites?organisationId=${caf.id}&limit=100`, { token });
    expect(listed.body.items.map((s: { name: string }) => s.name)).not.toContain('Lieu au faux numéro');
  });

  it('accepts national numbers for an organisation’s SMS channel and contacts', async () => {
    const token = await api.token('partenaire.caf');
    const current = await api.call('GET', `/api/organisations/${caf.id}`, { token });
    const res = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token,
      body: {
        version: current.body.version,
        notification: { ...current.body.notification, sms: '06 12 34 56 78' },
        contacts: [{ name: 'Accueil CAF', phone: '05.65.12.34.56' }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.notification.sms).toBe('+33612345678');
    expect(res.body.contacts[0].phone).toBe('+33565123456');
  });
});

describe('moderation of the public map', () => {
  it('keeps a partner’s new public site off the map until the coordinator approves it', async () => {
    const partner = await api.token('partenaire.caf');
    const pilote = await api.token('pilote');
    const created = await api.call('POST', '/api/sites', { token: partner, body: newSite({ name: 'Accueil CAF de Limogne' }) });
    expect(created.status).toBe(201);
    expect(created.body.publication).toBe('pending');
    expect(await onPublicMap(created.body.id)).toBe(false);

    // The partner sees the state; it cannot approve its own site.
    const read = await api.call('GET', `/api/sites/${created.body.id}`, { token: partner });
    expect(read.body.publication).toBe('pending');
    expect((await api.call('POST', `/api/sites/${created.body.id}/approve`, { token: partner })).status).toBe(403);
    expect(await onPublicMap(created.body.id)).toBe(false);

    const approved = await api.call('POST', `/api/sites/${created.body.id}/approve`, { token: pilote });
    expect(approved.status).toBe(200);
    expect(approved.body.publication).toBe('approved');
    expect(await onPublicMap(created.body.id)).toBe(true);
  });

  it('shows at once a site the coordinator creates', async () => {
    const pilote = await api.token('pilote');
    const created = await api.call('POST', '/api/sites', { token: pilote, body: newSite({ name: 'Accueil CAF de Cajarc' }) });
    expect(created.body.publication).toBe('approved');
    expect(await onPublicMap(created.body.id)).toBe(true);
  });

  it('sends back to moderation a site a partner makes public, and a refused one it sends again', async () => {
    const partner = await api.token('partenaire.caf');
    const pilote = await api.token('pilote');
    const hidden = await api.call('POST', '/api/sites', {
      token: partner,
      body: newSite({ name: 'Bureau CAF de Castelnau', onPublicMap: false }),
    });
    expect(hidden.status).toBe(201);
    const shown = await api.call('PATCH', `/api/sites/${hidden.body.id}`, {
      token: partner,
      body: { version: hidden.body.version, onPublicMap: true },
    });
    expect(shown.body.publication).toBe('pending');
    expect(await onPublicMap(hidden.body.id)).toBe(false);

    const noReason = await api.call('POST', `/api/sites/${hidden.body.id}/reject`, { token: pilote, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ path: 'body.reason', message: expect.any(String) }]);

    const rejected = await api.call('POST', `/api/sites/${hidden.body.id}/reject`, {
      token: pilote,
      body: { reason: 'Adresse à préciser' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ publication: 'rejected', rejectionReason: 'Adresse à préciser' });
    expect(await onPublicMap(hidden.body.id)).toBe(false);

    const resent = await api.call('PATCH', `/api/sites/${hidden.body.id}`, {
      token: partner,
      body: { version: rejected.body.version, address: '2 place de la Mairie, 46090 Castelnau' },
    });
    expect(resent.body.publication).toBe('pending');
    expect(resent.body.rejectionReason).toBeUndefined();
  });

  it('answers 404 to approving or refusing an unknown site', async () => {
    const pilote = await api.token('pilote');
    const unknown = '01J00000000000000000000000';
    expect((await api.call('POST', `/api/sites/${unknown}/approve`, { token: pilote })).status).toBe(404);
    const rejected = await api.call('POST', `/api/sites/${unknown}/reject`, { token: pilote, body: { reason: 'Inconnu' } });
    expect(rejected.status).toBe(404);
  });
});

describe('the services of each place on the public map', () => {
  const PUBLIC_SERVICE_FIELDS = ['fees', 'id', 'name', 'publics', 'receptionModes', 'summary'];
  const publicSites = async () => {
    const res = await api.call('GET', '/api/public/sites');
    expect(res.status).toBe(200);
    return res.body.items as Array<{ id: string; services: Array<Record<string, unknown>> }>;
  };

  it('lists the demo services of the Maison des solidarités of Cahors, its own and its organisation’s, public fields only', async () => {
    const msd = DEMO_SITES.find((s) => s.name === 'Maison des solidarités départementales de Cahors')!;
    const expected = DEMO_SERVICES.filter((s) => s.organisationId === msd.organisationId && (!s.siteId || s.siteId === msd.id));
    expect(expected.some((s) => s.siteId === msd.id) && expected.some((s) => !s.siteId)).toBe(true);
    const shown = (await publicSites()).find((s) => s.id === msd.id)!;
    expect(shown.services.map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
    for (const service of shown.services) {
      expect(Object.keys(service).every((key) => PUBLIC_SERVICE_FIELDS.includes(key))).toBe(true);
      expect(String(service.summary).length).toBeLessThanOrEqual(200);
    }
    const full = expected.find((s) => s.fees)!;
    expect(shown.services.find((s) => s.id === full.id)).toMatchObject({
      name: full.name,
      fees: full.fees,
      receptionModes: full.receptionModes,
      publics: full.publics,
    });
  });

  it('never shows a service of a place that is not public, nor its contact, until the place is approved', async () => {
    const partner = await api.token('partenaire.caf');
    const pilote = await api.token('pilote');
    const pending = await api.call('POST', '/api/sites', { token: partner, body: newSite({ name: 'Permanence CAF de Lauzès' }) });
    expect(pending.body.publication).toBe('pending');
    const secret = {
      organisationId: caf.id,
      siteId: pending.body.id,
      name: 'Permanence d’accès aux droits de Lauzès',
      description: 'Une conseillère reçoit sur rendez-vous. Le reste ne se lit que par les professionnels.',
      contactName: 'Madame Contact-Privé',
      email: 'prive@caf-lot.demo.relais.local',
      accessConditions: 'Conditions internes à ne pas publier',
      fees: 'gratuit',
    };
    const created = await api.call('POST', '/api/services', { token: partner, body: secret });
    expect(created.status).toBe(201);
    // Any site write refreshes the map's catalogue: a coordinator's new (approved) CAF place.
    const other = await api.call('POST', '/api/sites', { token: pilote, body: newSite({ name: 'Accueil CAF de Saint-Cirq' }) });
    expect(other.body.publication).toBe('approved');

    const before = await publicSites();
    expect(before.some((s) => s.id === other.body.id)).toBe(true);
    const text = JSON.stringify(before);
    expect(text).not.toContain(created.body.id);
    expect(text).not.toContain('Madame Contact-Privé');
    expect(text).not.toContain('prive@caf-lot');

    const approved = await api.call('POST', `/api/sites/${pending.body.id}/approve`, { token: pilote });
    expect(approved.status).toBe(200);
    const after = await publicSites();
    const shown = after.find((s) => s.id === pending.body.id)!;
    expect(shown.services.map((s) => s.id)).toContain(created.body.id);
    expect(shown.services.find((s) => s.id === created.body.id)).toEqual({
      id: created.body.id,
      name: secret.name,
      summary: 'Une conseillère reçoit sur rendez-vous.',
      fees: 'gratuit',
      receptionModes: ['en-presentiel'],
      publics: ['tous-publics'],
    });
    // A service naming a site is shown at that site only.
    expect(after.filter((s) => s.services.some((x) => x.id === created.body.id)).map((s) => s.id)).toEqual([pending.body.id]);
    const afterText = JSON.stringify(after);
    expect(afterText).not.toContain('Madame Contact-Privé');
    expect(afterText).not.toContain('Conditions internes');
  });
});
