import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../demo/lot-demo';
import { CreateOrganisationSchema, CreateSiteSchema, type Organisation, type Service, type Site } from '../domain/directory.schema';
import type { DirectorySnapshot } from './data-inclusion';
import { RELAIS_HSDS_NAMESPACE, toHsds, uuidV5, weeklyHours } from './hsds';

// services/directory/formats → /work/shared (the design folder beside the checkout).
const HSDS = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'schemas', 'hsds');

/**
 * The HSDS 3.0 object schemas refer to each other by file name (`"$ref": "phone.json"`) and have
 * no `$id`: each is added under its file name, so that every `$ref` resolves.
 */
function hsdsValidators() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const file of readdirSync(HSDS).filter((f) => f.endsWith('.json') && f !== 'openapi.json' && f !== 'datapackage.json')) {
    ajv.addSchema(JSON.parse(readFileSync(join(HSDS, file), 'utf8')), file);
  }
  return { organization: ajv.getSchema('organization.json')!, service: ajv.getSchema('service.json')! };
}

// ── Fixtures: the demo dataset of the Lot, plus the cases it does not have ──────────────────

const T = '2026-03-02T09:00:00.000Z';
const record = { version: 1, createdAt: T, updatedAt: T };

/** The demo records are typed as an editor writes them: our schemas fill the defaults, as on creation. */
const demoOrganisation = ({ id, ...input }: (typeof DEMO_ORGANISATIONS)[number]): Organisation => ({
  id,
  ...CreateOrganisationSchema.parse(input),
  webhookSecretSet: false,
  ...record,
});
const demoSite = ({ id, ...input }: (typeof DEMO_SITES)[number]): Site => {
  const site = CreateSiteSchema.parse(input);
  return { id, ...site, location: site.location!, locationSource: 'provided', ...record };
};
const departement = DEMO_ORGANISATIONS.find((o) => o.type === 'departements')!;
const figeac = DEMO_SITES.find((s) => s.organisationId === departement.id && s.communeCode === '46102')!;
const FOOD_BANK = '01KE0000000000000000000001';
const ODD_HOURS_SITE = '01KE0000000000000000000004';

const service = (fields: Partial<Service> & Pick<Service, 'id' | 'organisationId' | 'name'>): Service => ({
  description: 'Un service du réseau départemental, décrit pour les tests.',
  themes: [],
  publics: ['tous-publics'],
  receptionModes: ['en-presentiel'],
  mobilisationModes: ['se-presenter'],
  mobilisableBy: ['usagers', 'professionnels'],
  eligibilityZone: ['46'],
  ...record,
  ...fields,
});

function snapshot(): DirectorySnapshot {
  const organisations: Organisation[] = [
    ...DEMO_ORGANISATIONS.map(demoOrganisation),
    {
      id: FOOD_BANK,
      name: 'Banque alimentaire du Lot',
      type: 'banques-alimentaires',
      siret: '44610000000012', // fictitious, with a valid check key
      networkMember: true,
      notification: {},
      contacts: [],
      webhookSecretSet: false,
      ...record,
    },
  ];
  const sites: Site[] = [
    ...DEMO_SITES.map(demoSite),
    {
      id: ODD_HOURS_SITE,
      organisationId: departement.id,
      name: 'Permanence de Sousceyrac',
      address: '3 Place de l’église Saint Martin, 46190 Sousceyrac-en-Quercy',
      communeCode: '46311',
      location: { lon: 2.034735, lat: 44.873173 },
      locationSource: 'provided',
      openingHours: 'week 1-53/2 Tu 09:00-12:00',
      unconditionalReception: true,
      onPublicMap: true,
      themes: ['famille'],
      accessibility: 'https://acceslibre.beta.gouv.fr/app/46-sousceyrac/',
      phone: '+33565381765',
      email: 'permanence.sousceyrac@lot.example.fr',
      ...record,
    },
  ];
  const services: Service[] = [
    service({
      id: '01KE0000000000000000000010',
      organisationId: departement.id,
      siteId: figeac.id,
      name: 'Accompagnement social des familles',
      type: 'accompagnement',
      themes: ['logement-hebergement', 'famille--soutien-aidants'],
      publics: ['familles', 'seniors'],
      publicsDetails: 'Familles avec enfants.',
      mobilisationModes: ['telephoner', 'se-presenter'],
      mobilisationDetails: 'Sur rendez-vous.',
      mobilisationLink: 'https://www.lot.fr/rendez-vous-social',
      fees: 'gratuit',
      accessConditions: 'Habiter le Lot.',
      eligibilityZone: ['46', '46102', '200023737', 'france'],
      phone: '+33565534900',
      email: 'msd.figeac@lot.example.fr',
      contactName: 'Accueil de la MSD',
      openingHours: 'Mo-Fr 08:30-12:00; PH off',
    }),
    service({ id: '01KE0000000000000000000011', organisationId: departement.id, name: 'Aide sociale à l’hébergement' }),
    service({
      id: '01KE0000000000000000000012',
      organisationId: departement.id,
      name: 'Écoute téléphonique',
      receptionModes: ['a-distance'],
    }),
    service({ id: '01KE0000000000000000000013', organisationId: FOOD_BANK, name: 'Colis alimentaires', eligibilityZone: [] }),
  ];
  return { organisations, sites, services };
}

const OPTS = { departement: '46', communeName: (code: string) => ({ '46102': 'Figeac', '46311': 'Sousceyrac-en-Quercy' })[code] };

/** Every `id` of every nested object, taxonomy terms aside (the same term is meant to recur). */
function ids(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) ids(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'id' && typeof v === 'string') out.push(v);
      else if (key !== 'taxonomy_term') ids(v, out);
    }
  }
  return out;
}

describe('toHsds', () => {
  const data = snapshot();
  const organizations = toHsds(data, OPTS);
  const departementOrg = organizations.find((o) => o.name === departement.name)!;
  const foodBank = organizations.find((o) => o.name === 'Banque alimentaire du Lot')!;

  describe('against the HSDS 3.0 schemas', () => {
    const { organization, service: serviceValidator } = hsdsValidators();

    it('exports every organisation as a fully nested organization, valid with its locations', () => {
      expect(organizations).toHaveLength(data.organisations.length);
      expect(organizations.flatMap((o) => o.locations)).toHaveLength(data.sites.length);
      for (const o of organizations)
        expect({ id: o.id, errors: organization(o) ? null : organization.errors }).toEqual({ id: o.id, errors: null });
    });

    it('nests every service under its organisation, each valid against the service schema', () => {
      expect(organizations.flatMap((o) => o.services)).toHaveLength(data.services.length);
      for (const s of organizations.flatMap((o) => o.services)) {
        expect({ id: s.id, errors: serviceValidator(s) ? null : serviceValidator.errors }).toEqual({ id: s.id, errors: null });
      }
    });

    it('is checked down to the nested objects (a bad nested id is refused)', () => {
      const broken = structuredClone(departementOrg);
      broken.locations[0].addresses[0].id = 'pas-un-uuid';
      expect(organization(broken)).toBe(false);
    });
  });

  describe('ids', () => {
    it('derives name-based UUIDs version 5 as RFC 4122 does', () => {
      // The RFC's DNS namespace and the example every implementation checks against.
      expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
      expect(RELAIS_HSDS_NAMESPACE).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('gives the same ids from one export to the next, and a different id to every object', () => {
      expect(toHsds(snapshot(), OPTS)).toEqual(organizations);
      const all = ids(organizations);
      expect(new Set(all).size).toBe(all.length);
    });

    it('links each nested object to its parents by id', () => {
      for (const o of organizations) {
        const locationIds = new Set(o.locations.map((l) => l.id));
        for (const l of o.locations) {
          expect(l.organization_id).toBe(o.id);
          for (const child of [...l.addresses, ...l.phones, ...l.schedules, ...l.accessibility, ...l.contacts])
            expect(child.location_id).toBe(l.id);
        }
        for (const s of o.services) {
          expect(s.organization_id).toBe(o.id);
          for (const sal of s.service_at_locations) {
            expect(sal.service_id).toBe(s.id);
            expect(locationIds).toContain(sal.location_id);
          }
        }
      }
    });
  });

  describe('content', () => {
    const figeacLocation = departementOrg.locations.find((l) => l.name === figeac.name)!;
    const oddLocation = departementOrg.locations.find((l) => l.name === 'Permanence de Sousceyrac')!;
    const [familles, hebergement, ecoute] = departementOrg.services;

    it('writes a French address an international reader understands', () => {
      expect(figeacLocation.addresses[0]).toMatchObject({
        address_1: splitStreet(figeac.address),
        city: 'Figeac',
        state_province: 'Lot',
        region: 'Occitanie',
        postal_code: '46100',
        country: 'FR',
        address_type: 'physical',
      });
      expect(figeacLocation).toMatchObject({
        latitude: figeac.location!.lat,
        longitude: figeac.location!.lon,
        external_identifier: `relais-46--${figeac.id}`,
      });
    });

    it('turns weekly opening hours into RFC 5545 weekly rules, in Paris time', () => {
      expect(figeacLocation.schedules.map((s) => [s.byday, s.opens_at, s.closes_at, s.freq])).toEqual(
        weeklyRows(figeac.openingHours).map(([byday, opens, closes]) => [byday, opens, closes, 'WEEKLY']),
      );
      expect(figeacLocation.schedules.length).toBeGreaterThan(0);
      expect(figeacLocation.schedules[0].notes).toMatch(/Heure de Paris.*Fermé les jours fériés/);
      expect(familles.schedules.map((s) => [s.byday, s.opens_at, s.closes_at])).toEqual([['MO,TU,WE,TH,FR', '08:30', '12:00']]);
    });

    it('keeps hours beyond the weekly subset as their OSM text', () => {
      expect(oddLocation.schedules).toEqual([expect.objectContaining({ description: 'week 1-53/2 Tu 09:00-12:00' })]);
      expect(oddLocation.schedules[0]).not.toHaveProperty('byday');
    });

    it('marks the unconditional reception points and their themes', () => {
      const codes = (o: { attributes: Array<{ link_type: string; taxonomy_term: { code: string } }> }, type: string) =>
        o.attributes.filter((a) => a.link_type === type).map((a) => a.taxonomy_term.code);
      expect(codes(oddLocation, 'accueil')).toEqual(['premier-accueil-inconditionnel']);
      expect(codes(oddLocation, 'thematique')).toContain('famille--soutien-aidants');
      expect(codes(departementOrg, 'reseau_porteur')).toEqual(['departements']);
      expect(codes(familles, 'public')).toEqual(['familles', 'seniors']);
      expect(codes(familles, 'type_service')).toEqual(['accompagnement']);
    });

    it('keeps the accessibility link, phone and email of a place', () => {
      expect(oddLocation.accessibility).toEqual([expect.objectContaining({ url: 'https://acceslibre.beta.gouv.fr/app/46-sousceyrac/' })]);
      expect(figeacLocation.accessibility).toEqual([expect.objectContaining({ details: figeac.accessibility })]);
      expect(oddLocation.phones).toEqual([expect.objectContaining({ number: '+33565381765', type: 'voice' })]);
      expect(oddLocation.contacts).toEqual([expect.objectContaining({ email: 'permanence.sousceyrac@lot.example.fr' })]);
    });

    it('places a service at its site, at all its organisation’s places when it has none, nowhere when remote only', () => {
      expect(familles.service_at_locations.map((s) => s.location_id)).toEqual([figeacLocation.id]);
      expect(hebergement.service_at_locations).toHaveLength(departementOrg.locations.length);
      expect(ecoute.service_at_locations).toEqual([]);
    });

    it('describes fees, eligibility, how to get the service and where it is open to', () => {
      expect(familles).toMatchObject({
        status: 'active',
        url: 'https://www.lot.fr/rendez-vous-social',
        fees_description: 'Gratuit.',
        eligibility_description: 'Publics : familles, séniors. Familles avec enfants. Conditions d’accès : Habiter le Lot.',
        application_process:
          'Pour en bénéficier : téléphoner, se présenter sur place. Mobilisable par : usagers et professionnels. Sur rendez-vous.',
        last_modified: T,
      });
      expect(familles.service_areas.map((a) => a.name)).toEqual([
        'Département Lot (46)',
        'Commune de Figeac (code INSEE 46102)',
        'Intercommunalité (EPCI, SIREN 200023737)',
        'France entière',
      ]);
    });

    it('leaves out a site kept off the public map', () => {
      const hidden: Site = {
        ...data.sites[0],
        id: '01KE0000000000000000000005',
        address: '12 Chemin des Vignes, 46000 Cahors',
        onPublicMap: false,
      };
      const published = toHsds({ ...data, sites: [...data.sites, hidden] }, OPTS);
      expect(published).toEqual(organizations);
      expect(JSON.stringify(toHsds({ ...data, sites: [...data.sites, hidden] }, { ...OPTS, includeHiddenSites: true }))).toContain(
        'Chemin des Vignes',
      );
    });

    it('keeps an organisation without places, with its SIRET and a description from its kind', () => {
      expect(foodBank.locations).toEqual([]);
      expect(foodBank.description).toBe('Banques Alimentaires.');
      expect(foodBank.organization_identifiers).toEqual([
        expect.objectContaining({ identifier_type: 'SIRET', identifier: '44610000000012' }),
      ]);
      expect(foodBank.services[0].service_at_locations).toEqual([]);
    });
  });
});

describe('weeklyHours', () => {
  it('reads day ranges, lists and a later rule replacing an earlier one', () => {
    const parsed = weeklyHours('Mo-Fr 08:30-12:00,13:30-17:00; We 08:30-12:00; Sa 9:00-12:00; PH off');
    expect(parsed?.publicHolidaysOff).toBe(true);
    expect(parsed?.week).toEqual([
      [
        ['08:30', '12:00'],
        ['13:30', '17:00'],
      ],
      [
        ['08:30', '12:00'],
        ['13:30', '17:00'],
      ],
      [['08:30', '12:00']],
      [
        ['08:30', '12:00'],
        ['13:30', '17:00'],
      ],
      [
        ['08:30', '12:00'],
        ['13:30', '17:00'],
      ],
      [['09:00', '12:00']],
      [],
    ]);
  });

  it('wraps a range over the week end and closes the days said off', () => {
    expect(weeklyHours('Sa-Mo 10:00-12:00; Su off')?.week.map((d) => d.length)).toEqual([1, 0, 0, 0, 0, 1, 0]);
    expect(weeklyHours('24/7')?.week.every((d) => d.length === 1 && d[0][1] === '24:00')).toBe(true);
  });

  it.each([
    'week 1-53/2 Tu 09:00-12:00',
    'Mo-Fr 09:00-12:00 "sur rendez-vous"',
    'Mo 22:00-02:00',
    'Jan Mo 09:00-12:00',
    'PH 10:00-12:00',
    '',
  ])('leaves %p to the text form', (value) => {
    expect(weeklyHours(value)).toBeUndefined();
  });
});

// ── Small independent readings of the fixtures, so that expectations are not the code's own ──

function splitStreet(address: string): string {
  return address.replace(/,\s*\d{5}\s+[^,]+$/, '');
}

/** The demo's hours are `<days> <spans>; PH off` rules: the rows HSDS should get, in order. */
function weeklyRows(hours: string): Array<[string, string, string]> {
  const ICAL: Record<string, string> = { Mo: 'MO', Tu: 'TU', We: 'WE', Th: 'TH', Fr: 'FR', Sa: 'SA', Su: 'SU' };
  const order = Object.keys(ICAL);
  const expand = (days: string) =>
    days.split(',').flatMap((part) => {
      const [from, to] = part.split('-');
      return order.slice(order.indexOf(from), order.indexOf(to ?? from) + 1).map((d) => ICAL[d]);
    });
  return hours
    .split(';')
    .map((r) => r.trim())
    .filter((r) => r && r !== 'PH off')
    .flatMap((rule) => {
      const [days, spans] = rule.split(' ');
      return spans.split(',').map((span) => [expand(days).join(','), ...span.split('-')] as [string, string, string]);
    });
}
