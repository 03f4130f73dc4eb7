import type { Service } from './directory.schema';
import { publicService, servicesAt, summaryOf } from './site-view';

const service = (overrides: Partial<Service>): Service => ({
  id: 'svc',
  organisationId: 'org-a',
  name: 'Service',
  description: 'Une description.',
  themes: [],
  publics: ['tous-publics'],
  receptionModes: ['en-presentiel'],
  mobilisationModes: [],
  mobilisableBy: ['usagers'],
  eligibilityZone: [],
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('summaryOf', () => {
  it('keeps the first sentence', () => {
    expect(summaryOf('Aide à la demande. Vérification des droits.')).toBe('Aide à la demande.');
  });

  it('cuts a long sentence at a word, with an ellipsis, under 200 characters', () => {
    const long = `${'mot '.repeat(80)}fin.`;
    const summary = summaryOf(long);
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(summary).toMatch(/^mot( mot)*…$/);
  });

  it('keeps a text without a full stop whole when short', () => {
    expect(summaryOf('  Permanence   sans rendez-vous ')).toBe('Permanence sans rendez-vous');
  });
});

describe('servicesAt', () => {
  const site = { id: 'site-1', organisationId: 'org-a' };
  const services = [
    service({ id: 'here', name: 'B ici', siteId: 'site-1' }),
    service({ id: 'everywhere', name: 'A partout' }),
    service({ id: 'elsewhere', name: 'Ailleurs', siteId: 'site-2' }),
    service({ id: 'other-org', name: 'Autre structure', organisationId: 'org-b' }),
  ];

  it('lists the services at the site and those of its organisation naming no site, by name', () => {
    expect(servicesAt(site, services).map((s) => s.id)).toEqual(['everywhere', 'here']);
  });

  it('never lists a service of another site of the same organisation', () => {
    expect(servicesAt({ id: 'site-3', organisationId: 'org-a' }, services).map((s) => s.id)).toEqual(['everywhere']);
  });
});

describe('publicService', () => {
  it('gives only the public fields', () => {
    const shown = publicService(
      service({
        fees: 'payant',
        feesDetails: 'De 6,50 € à 10 €.',
        contactName: 'Mme Dupont',
        email: 'contact@example.org',
        phone: '+33565000000',
        accessConditions: 'Sous conditions de ressources.',
        mobilisationDetails: 'Par un travailleur social.',
        siteId: 'site-1',
        lastVerifiedAt: '2026-01-01T00:00:00.000Z',
      }),
    );
    expect(Object.keys(shown).sort()).toEqual(['fees', 'id', 'name', 'publics', 'receptionModes', 'summary']);
  });
});
