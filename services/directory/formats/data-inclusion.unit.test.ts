import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ValidationError } from '../../../shared/errors/errors';
import { DEMO_ORGANISATIONS, DEMO_SERVICES, DEMO_SITES } from '../demo/lot-demo';
import {
  CreateOrganisationSchema,
  CreateServiceSchema,
  CreateSiteSchema,
  type Organisation,
  type Service,
  type Site,
} from '../domain/directory.schema';
import { type DirectorySnapshot, type DiStructure, expandThemes, splitAddress, toDataInclusion } from './data-inclusion';
import { parseDataInclusion, type RejectedRow, type StructureRow, toE164 } from './data-inclusion-import';

// services/directory/formats → /work/shared (the design folder beside the checkout).
const SCHEMAS = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'schemas', 'datainclusion', 'v1');

function officialValidators() {
  // The schemas are pydantic's JSON Schema: `$defs`, draft 2020-12 style, formats date/email/uri.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const load = (file: string) => ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')));
  return { structure: load('structure.json'), service: load('service.json') };
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
const departementSites = DEMO_SITES.filter((s) => s.organisationId === departement.id);
const figeac = departementSites.find((s) => s.communeCode === '46102')!;

const FOOD_BANK = '01KE0000000000000000000001';
const CAJARC_ORG = '01KE0000000000000000000002';
const CAJARC_SITE = '01KE0000000000000000000003';
const CAJARC_ORIGIN = { source: 'anct-france-services', id: 'anct-france-services--265' };

const extraOrganisations: Organisation[] = [
  {
    id: FOOD_BANK,
    name: 'Banque alimentaire du Lot',
    type: 'banques-alimentaires',
    siret: '44610000000012', // fictitious, with a valid check key
    website: 'https://banque-alimentaire-lot.example.org',
    description: 'Collecte des denrées et les redistribue aux associations d’aide alimentaire du Lot.',
    networkMember: true,
    notification: {},
    contacts: [],
    webhookSecretSet: false,
    ...record,
  },
  {
    id: CAJARC_ORG,
    name: 'France services Cajarc',
    type: 'france-service',
    networkMember: false,
    notification: {},
    contacts: [],
    webhookSecretSet: false,
    origin: CAJARC_ORIGIN,
    ...record,
  },
];

const extraSites: Site[] = [
  {
    id: CAJARC_SITE,
    organisationId: CAJARC_ORG,
    name: 'France services Cajarc',
    address: '40 Boulevard du Tour de Ville, Mairie, 46160 Cajarc',
    communeCode: '46045',
    postalCode: '46160',
    location: { lon: 1.843145, lat: 44.48475 },
    locationSource: 'provided',
    openingHours: 'Mo 09:00-12:30,14:00-18:00; Tu 12:30-17:00; We,Sa 09:00-12:00; Th 13:00-18:00; Fr 09:00-14:00; PH off',
    unconditionalReception: true,
    onPublicMap: true,
    themes: [],
    accessibility: 'https://acceslibre.beta.gouv.fr/app/46-cajarc/a/mairie/erp/france-services-cajarc/',
    phone: '+33565406520',
    email: 'cajarc@franceservices.gouv.fr',
    origin: CAJARC_ORIGIN,
    ...record,
    // Saved late on a 31 March evening (UTC): already 1 April in Paris.
    updatedAt: '2026-03-31T22:30:00.000Z',
  },
];

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

const SERVICES: Service[] = [
  service({
    id: '01KE0000000000000000000010',
    organisationId: departement.id,
    siteId: figeac.id,
    name: 'Accompagnement social des familles',
    description: 'Une assistante sociale reçoit les familles et les aide dans leurs démarches : logement, budget, aidants.',
    type: 'accompagnement',
    themes: ['logement-hebergement', 'famille--soutien-aidants'],
    publics: ['familles', 'seniors'],
    publicsDetails: 'Familles avec enfants, personnes âgées et leurs aidants',
    receptionModes: ['en-presentiel', 'a-distance'],
    mobilisationModes: ['telephoner', 'se-presenter', 'utiliser-lien-mobilisation'],
    mobilisableBy: ['usagers', 'professionnels'],
    mobilisationLink: 'https://www.lot.fr/rendez-vous-social',
    mobilisationDetails: 'Sur rendez-vous, ou sans rendez-vous le mardi matin.',
    fees: 'gratuit',
    feesDetails: 'Aucun frais.',
    accessConditions: 'Habiter le Lot.',
    eligibilityZone: ['46', '46102'],
    phone: '+33565534900',
    email: 'msd.figeac@lot.example.fr',
    contactName: 'Accueil de la MSD',
    openingHours: 'Mo-Fr 08:30-12:00; PH off',
    weeklyHours: 17.5,
  }),
  service({ id: '01KE0000000000000000000011', organisationId: departement.id, name: 'Aide sociale à l’hébergement' }),
  service({
    id: '01KE0000000000000000000012',
    organisationId: FOOD_BANK,
    name: 'Colis alimentaires',
    type: 'aide-materielle',
    themes: ['equipement-et-alimentation--alimentation'],
    // Every list empty: the schema refuses empty publics, modes_mobilisation, mobilisable_par, zone_eligibilite.
    publics: [],
    receptionModes: [],
    mobilisationModes: [],
    mobilisableBy: [],
    eligibilityZone: [],
  }),
  service({
    id: '01KE0000000000000000000013',
    organisationId: CAJARC_ORG,
    name: 'Accompagnement aux démarches administratives',
    themes: ['difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'],
    origin: { source: 'anct-france-services', id: 'anct-france-services--265--demarches-administratives' },
  }),
];

function snapshot(): DirectorySnapshot {
  return {
    organisations: [...DEMO_ORGANISATIONS.map(demoOrganisation), ...extraOrganisations],
    sites: [...DEMO_SITES.map(demoSite), ...extraSites],
    services: SERVICES,
  };
}

const OPTS = { departement: '46' };
const structureOf = (structures: DiStructure[], id: string) => structures.find((s) => s.id === id);

// ── Export ─────────────────────────────────────────────────────────────────────────────────

describe('the demo directory’s data·inclusion export (issue 16 point 7)', () => {
  const demoService = ({ id, ...input }: (typeof DEMO_SERVICES)[number]): Service => ({
    id,
    ...CreateServiceSchema.parse(input),
    ...record,
  });
  const demo: DirectorySnapshot = {
    organisations: DEMO_ORGANISATIONS.map(demoOrganisation),
    sites: DEMO_SITES.map(demoSite),
    services: DEMO_SERVICES.map(demoService),
  };
  const exported = toDataInclusion(demo, OPTS);
  const { structure, service: serviceValidator } = officialValidators();

  it('holds every demo service, under Relais’ source, with its type, thématiques, publics, contact and hours', () => {
    expect(exported.services.map((s) => s.id).sort()).toEqual(DEMO_SERVICES.map((s) => `relais-46--${s.id}`).sort());
    for (const s of exported.services) {
      expect({ id: s.id, source: s.source }).toEqual({ id: s.id, source: 'relais-46' });
      expect(s).toEqual(
        expect.objectContaining({
          type: expect.any(String),
          thematiques: expect.arrayContaining([expect.any(String)]),
          publics: expect.arrayContaining([expect.any(String)]),
          modes_accueil: expect.arrayContaining([expect.any(String)]),
          frais: expect.stringMatching(/^(gratuit|payant)$/),
          telephone: expect.stringMatching(/^\+33536490\d{3}$/),
          courriel: expect.stringMatching(/\.demo\.relais\.local$/),
          horaires_accueil: expect.any(String),
        }),
      );
    }
  });

  it('passes the official v1 schema, every structure and every service, each service on an exported structure', () => {
    const ids = new Set(exported.structures.map((s) => s.id));
    for (const s of exported.structures)
      expect({ id: s.id, errors: structure(s) ? null : structure.errors }).toEqual({ id: s.id, errors: null });
    for (const s of exported.services) {
      expect({ id: s.id, errors: serviceValidator(s) ? null : serviceValidator.errors }).toEqual({ id: s.id, errors: null });
      expect(ids).toContain(s.structure_id);
    }
  });

  it('gives every demo partner at least one service', () => {
    const partners = DEMO_ORGANISATIONS.map((o) => o.id);
    const without = partners.filter((id) => !DEMO_SERVICES.some((s) => s.organisationId === id));
    expect(without).toEqual([]);
  });
});

describe('toDataInclusion', () => {
  const data = snapshot();
  const exported = toDataInclusion(data, OPTS);

  describe('against the official data·inclusion v1 schema', () => {
    const { structure, service: serviceValidator } = officialValidators();

    it('exports one valid structure per site, and one per organisation without a site', () => {
      const withSites = new Set(data.sites.map((s) => s.organisationId));
      expect(exported.structures).toHaveLength(data.sites.length + data.organisations.filter((o) => !withSites.has(o.id)).length);
      for (const s of exported.structures)
        expect({ id: s.id, errors: structure(s) ? null : structure.errors }).toEqual({ id: s.id, errors: null });
    });

    it('exports every service valid, each attached to an exported structure', () => {
      expect(exported.services).toHaveLength(SERVICES.length);
      const ids = new Set(exported.structures.map((s) => s.id));
      for (const s of exported.services) {
        expect({ id: s.id, errors: serviceValidator(s) ? null : serviceValidator.errors }).toEqual({ id: s.id, errors: null });
        expect(ids).toContain(s.structure_id);
      }
    });

    it('gives every structure and every service its own id', () => {
      expect(new Set(exported.structures.map((s) => s.id)).size).toBe(exported.structures.length);
      expect(new Set(exported.services.map((s) => s.id)).size).toBe(exported.services.length);
    });

    it('would be refused by the schema if a refused empty list were exported (the check bites)', () => {
      const food = exported.services.find((s) => s.nom === 'Colis alimentaires')!;
      expect(serviceValidator({ ...food, publics: [] })).toBe(false);
      expect(structure({ ...exported.structures[0], siret: '123' })).toBe(false);
    });
  });

  it('names the records Relais produced after the département, and imported ones by their origin', () => {
    const figeacStructure = structureOf(exported.structures, `relais-46--${figeac.id}`)!;
    expect(figeacStructure.source).toBe('relais-46');
    expect(structureOf(exported.structures, CAJARC_ORIGIN.id)?.source).toBe('anct-france-services');
    expect(exported.services.find((s) => s.nom === 'Accompagnement aux démarches administratives')).toMatchObject({
      source: 'anct-france-services',
      id: 'anct-france-services--265--demarches-administratives',
      structure_id: CAJARC_ORIGIN.id,
    });
  });

  it('attaches a service to its site, else to its organisation’s first site, else to the organisation', () => {
    const [atSite, noSite, foodBank] = exported.services;
    expect(atSite.structure_id).toBe(`relais-46--${figeac.id}`);
    const firstSite = [...departementSites].sort((a, b) => a.id.localeCompare(b.id))[0];
    expect(noSite.structure_id).toBe(`relais-46--${firstSite.id}`);
    expect(foodBank.structure_id).toBe(`relais-46--${FOOD_BANK}`);
  });

  it('carries the organisation’s facts on its place, and splits the address into its parts', () => {
    const cajarc = structureOf(exported.structures, CAJARC_ORIGIN.id)!;
    expect(cajarc).toMatchObject({
      nom: 'France services Cajarc',
      adresse: '40 Boulevard du Tour de Ville, Mairie',
      code_postal: '46160',
      commune: 'Cajarc',
      code_insee: '46045',
      latitude: 44.48475,
      longitude: 1.843145,
      telephone: '+33565406520',
      courriel: 'cajarc@franceservices.gouv.fr',
      reseaux_porteurs: ['france-service'],
      relais_accueil_inconditionnel: true,
      accessibilite_lieu: extraSites[0].accessibility,
      date_maj: '2026-04-01',
    });
    expect(structureOf(exported.structures, `relais-46--${FOOD_BANK}`)).toEqual({
      source: 'relais-46',
      id: `relais-46--${FOOD_BANK}`,
      nom: 'Banque alimentaire du Lot',
      date_maj: '2026-03-02',
      siret: '44610000000012',
      description: extraOrganisations[0].description,
      site_web: 'https://banque-alimentaire-lot.example.org',
      reseaux_porteurs: ['banques-alimentaires'],
    });
  });

  it('leaves out a site kept off the public map unless asked, and its services fall back to the organisation’s places', () => {
    const hidden: Site = {
      ...extraSites[0],
      id: '01KE0000000000000000000005',
      organisationId: departement.id,
      name: 'Lieu d’hébergement protégé',
      address: '12 Chemin des Vignes, 46000 Cahors',
      onPublicMap: false,
      origin: undefined,
    };
    const atHidden = service({
      id: '01KE0000000000000000000015',
      organisationId: departement.id,
      siteId: hidden.id,
      name: 'Hébergement d’urgence',
    });
    const withHidden = { ...data, sites: [...data.sites, hidden], services: [atHidden] };
    const published = toDataInclusion(withHidden, OPTS);
    expect(published.structures).toHaveLength(exported.structures.length);
    expect(JSON.stringify(published)).not.toContain('Chemin des Vignes');
    const firstSite = [...departementSites].sort((a, b) => a.id.localeCompare(b.id))[0];
    expect(published.services[0].structure_id).toBe(`relais-46--${firstSite.id}`);
    const everything = toDataInclusion(withHidden, { ...OPTS, includeHiddenSites: true });
    expect(everything.services[0]).toMatchObject({ structure_id: `relais-46--${hidden.id}`, adresse: '12 Chemin des Vignes' });
  });

  it('names the commune from the commune reference when it is given one', () => {
    const named = toDataInclusion(data, {
      departement: '46',
      communeName: (code) => (code === '46045' ? 'Cajarc (référence)' : undefined),
    });
    expect(structureOf(named.structures, CAJARC_ORIGIN.id)?.commune).toBe('Cajarc (référence)');
  });

  it('leaves out a free-text accessibility, which the schema wants as an Accesslibre link', () => {
    const figeacStructure = structureOf(exported.structures, `relais-46--${figeac.id}`)!;
    expect(figeac.accessibility).not.toBe('');
    expect(figeacStructure).not.toHaveProperty('accessibilite_lieu');
  });

  it('writes a whole category as all its sub-themes and leaves out the empty lists the schema refuses', () => {
    const [atSite, , foodBank] = exported.services;
    expect(atSite.thematiques).toEqual([...expandThemes(['logement-hebergement']), 'famille--soutien-aidants']);
    expect(atSite.thematiques).toHaveLength(8);
    expect(atSite).toMatchObject({
      publics: ['familles', 'seniors'],
      modes_accueil: ['en-presentiel', 'a-distance'],
      modes_mobilisation: ['telephoner', 'se-presenter', 'utiliser-lien-mobilisation'],
      mobilisable_par: ['usagers', 'professionnels'],
      lien_mobilisation: 'https://www.lot.fr/rendez-vous-social',
      frais: 'gratuit',
      zone_eligibilite: ['46', '46102'],
      volume_horaire_hebdomadaire: 17.5,
      horaires_accueil: 'Mo-Fr 08:30-12:00; PH off',
      code_insee: '46102',
    });
    for (const field of ['publics', 'modes_accueil', 'modes_mobilisation', 'mobilisable_par', 'zone_eligibilite']) {
      expect(foodBank).not.toHaveProperty(field);
    }
  });
});

describe('helpers', () => {
  it.each([
    ['05 65 38 98 17', '+33565389817'],
    ['05.65.38.98.17', '+33565389817'],
    ['+33 (0)5 65 38 98 17', '+33565389817'],
    ['0033 5 65 38 98 17', '+33565389817'],
    ['+33565389817', '+33565389817'],
    ['02 62 90 00 00', '+262262900000'],
    ['06 90 00 00 00', '+590690000000'],
  ])('writes the French number %s as %s', (raw, e164) => {
    expect(toE164(raw)).toBe(e164);
  });

  it.each(['3949', '06 49 22 13 64 - 06 49 22 13 65', 'standard', '05 65 38 98'])('does not guess a number from %s', (raw) => {
    expect(toE164(raw)).toBeUndefined();
  });

  it('splits the postal code and town off the end of a one-line address only', () => {
    expect(splitAddress('Allées Fénelon, 46000 Cahors')).toEqual({ street: 'Allées Fénelon', postalCode: '46000', commune: 'Cahors' });
    expect(splitAddress('Place de la Halle')).toEqual({ street: 'Place de la Halle' });
  });
});

// ── Import ─────────────────────────────────────────────────────────────────────────────────

const goodStructure = (fields: Record<string, unknown> = {}) => ({
  source: 'test',
  id: 'test--1',
  nom: 'France services Leyme',
  date_maj: '2026-02-14',
  adresse: '81 Rue Principale',
  complement_adresse: 'Pôle Multiculturel Communautaire',
  commune: 'Leyme',
  code_postal: '46120',
  code_insee: '46170',
  latitude: 44.78526,
  longitude: 1.900465,
  telephone: '05 65 38 98 17',
  courriel: 'franceservices.segalalimargue1@gmail.com',
  horaires_accueil: 'Mo-Fr 09:00-12:00; PH off',
  reseaux_porteurs: ['france-service'],
  ...fields,
});

const goodService = (fields: Record<string, unknown> = {}) => ({
  source: 'test',
  structure_id: 'test--1',
  id: 'test--1--demarches',
  nom: 'Accompagnement aux démarches administratives',
  description: 'Aide aux démarches administratives du quotidien.',
  date_maj: '2026-02-14',
  type: 'accompagnement',
  thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'],
  publics: ['tous-publics'],
  frais: 'gratuit',
  zone_eligibilite: ['46'],
  ...fields,
});

const reasonsOf = (rejected: RejectedRow[], kind: RejectedRow['kind'], index: number) =>
  Object.fromEntries(rejected.find((r) => r.kind === kind && r.index === index)!.reasons.map((r) => [r.path, r.message]));

describe('parseDataInclusion', () => {
  describe('good rows', () => {
    it('turns a structure with a commune into an organisation and its place', () => {
      const batch = parseDataInclusion({ structures: [goodStructure()] });
      expect(batch.rejected).toEqual([]);
      expect(batch.structures).toEqual([
        {
          index: 0,
          origin: { source: 'test', id: 'test--1' },
          organisation: { name: 'France services Leyme', type: 'france-service', networkMember: true, notification: {}, contacts: [] },
          site: {
            name: 'France services Leyme',
            address: '81 Rue Principale, Pôle Multiculturel Communautaire, 46120 Leyme',
            communeCode: '46170',
            postalCode: '46120',
            location: { lat: 44.78526, lon: 1.900465 },
            openingHours: 'Mo-Fr 09:00-12:00; PH off',
            phone: '+33565389817',
            email: 'franceservices.segalalimargue1@gmail.com',
            unconditionalReception: true,
            onPublicMap: true,
            themes: [],
            accessibility: '',
          },
        },
      ]);
    });

    it('keeps a structure without a commune as an organisation only, with its SIRET and https website', () => {
      const { structures, rejected } = parseDataInclusion({
        structures: [
          {
            source: 'dora',
            id: 'dora--42',
            nom: 'Banque alimentaire du Lot',
            date_maj: '2026-02-14',
            siret: '44610000000012',
            site_web: 'https://ba46.example.org',
            description: 'Aide alimentaire dans tout le Lot.',
            reseaux_porteurs: ['banques-alimentaires'],
          },
        ],
      });
      expect(rejected).toEqual([]);
      expect(structures[0].site).toBeUndefined();
      expect(structures[0].organisation).toMatchObject({
        type: 'banques-alimentaires',
        siret: '44610000000012',
        website: 'https://ba46.example.org',
        description: 'Aide alimentaire dans tout le Lot.',
      });
    });

    it('takes the first réseau porteur Relais knows, and reads null as absent (pydantic exports nulls)', () => {
      const { structures, rejected } = parseDataInclusion({
        structures: [
          goodStructure({
            reseaux_porteurs: ['inconnu-ailleurs', 'ccas-cias'],
            siret: null,
            latitude: null,
            site_web: 'http://ancien.example.org',
          }),
        ],
      });
      expect(rejected).toEqual([]);
      expect(structures[0].organisation.type).toBe('ccas-cias');
      // Relais keeps https websites only; one coordinate alone does not place the site.
      expect(structures[0].organisation).not.toHaveProperty('website');
      expect(structures[0].site).not.toHaveProperty('location');
    });

    it('takes a place as unconditional by its kind, unless the file says otherwise', () => {
      const { structures } = parseDataInclusion({
        structures: [
          goodStructure({ id: 'a', reseaux_porteurs: ['caf'] }),
          goodStructure({ id: 'b', reseaux_porteurs: ['departements'] }),
          goodStructure({ id: 'c', reseaux_porteurs: ['departements'], relais_accueil_inconditionnel: false }),
          goodStructure({ id: 'd', reseaux_porteurs: ['caf'], relais_accueil_inconditionnel: true }),
        ],
      });
      expect(structures.map((s) => s.site?.unconditionalReception)).toEqual([false, true, false, true]);
    });

    it('maps a service’s fields to Relais names and points at its structure', () => {
      const { services, rejected } = parseDataInclusion({
        services: [
          goodService({
            modes_accueil: ['en-presentiel'],
            modes_mobilisation: ['telephoner'],
            mobilisable_par: ['professionnels'],
            lien_mobilisation: 'https://rdv.example.org',
            mobilisation_precisions: 'Sur rendez-vous.',
            frais_precisions: 'Aucun',
            conditions_acces: 'Habiter le Lot',
            publics_precisions: 'Tout le monde',
            telephone: '05 65 00 00 00',
            courriel: 'contact@example.org',
            contact_nom_prenom: 'Accueil',
            horaires_accueil: 'Tu 14:00-17:00',
            volume_horaire_hebdomadaire: 3,
            nombre_semaines: 52,
          }),
        ],
      });
      expect(rejected).toEqual([]);
      expect(services[0]).toEqual({
        index: 0,
        origin: { source: 'test', id: 'test--1--demarches' },
        structureOrigin: { source: 'test', id: 'test--1' },
        service: {
          name: 'Accompagnement aux démarches administratives',
          description: 'Aide aux démarches administratives du quotidien.',
          type: 'accompagnement',
          themes: ['difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'],
          publics: ['tous-publics'],
          publicsDetails: 'Tout le monde',
          receptionModes: ['en-presentiel'],
          mobilisationModes: ['telephoner'],
          mobilisableBy: ['professionnels'],
          mobilisationLink: 'https://rdv.example.org',
          mobilisationDetails: 'Sur rendez-vous.',
          fees: 'gratuit',
          feesDetails: 'Aucun',
          accessConditions: 'Habiter le Lot',
          eligibilityZone: ['46'],
          phone: '+33565000000',
          email: 'contact@example.org',
          contactName: 'Accueil',
          openingHours: 'Tu 14:00-17:00',
          weeklyHours: 3,
        },
      });
    });

    it('takes a payload with either part missing as empty', () => {
      expect(parseDataInclusion({})).toEqual({ structures: [], services: [], rejected: [] });
      expect(parseDataInclusion({ structures: null, services: [goodService()] }).services).toHaveLength(1);
    });
  });

  it('sets aside a row dated before 1900, as the API does (the four-digit format stops at 9999)', () => {
    const { structures, rejected } = parseDataInclusion({
      structures: [goodStructure({ id: 'ancient', date_maj: '1850-06-01' }), goodStructure({ id: 'last', date_maj: '9999-12-31' })],
    });
    expect(structures.map((s: StructureRow) => s.index)).toEqual([1]);
    expect(reasonsOf(rejected, 'structure', 0)).toEqual({ 'structures[0].date_maj': expect.stringMatching(/^Date hors des limites/) });
  });

  describe('bad rows', () => {
    const { structures, rejected } = parseDataInclusion({
      structures: [
        goodStructure({ id: 'ok' }),
        goodStructure({ id: 'bad-siret', siret: '12345678901234' }),
        goodStructure({ id: 'short-siret', siret: '1234' }),
        goodStructure({ id: 'bad-insee', code_insee: '4610' }),
        goodStructure({ id: 'bad-hours', horaires_accueil: 'lundi matin' }),
        goodStructure({ id: 'no-name', nom: undefined }),
        goodStructure({ id: 'unknown-network', reseaux_porteurs: ['inconnu'] }),
        goodStructure({ id: 'bad-phone', telephone: '3949' }),
        goodStructure({
          id: 'many',
          nom: 'X',
          date_maj: '14/02/2026',
          code_postal: '4612',
          courriel: 'pas-un-courriel',
          reseaux_porteurs: 'caf',
        }),
        'pas un objet',
        goodStructure({ id: 'ok' }),
        goodStructure({ id: 'far', latitude: 48.0, longitude: -30.0 }),
        goodStructure({ id: 'nowhere', adresse: null, complement_adresse: null, commune: null, code_postal: null }),
      ],
    });

    it('keeps the good rows and sets each bad one aside, never throwing', () => {
      expect(structures.map((s: StructureRow) => s.index)).toEqual([0]);
      expect(rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(rejected.every((r) => r.kind === 'structure')).toBe(true);
      expect(rejected[0]).toMatchObject({ source: 'test', id: 'bad-siret' });
    });

    it('explains a SIRET whose check key is wrong, and one of the wrong length', () => {
      expect(reasonsOf(rejected, 'structure', 1)).toEqual({ 'structures[1].siret': 'SIRET invalide (clé de contrôle)' });
      expect(reasonsOf(rejected, 'structure', 2)).toEqual({ 'structures[2].siret': 'Le SIRET compte 14 chiffres' });
    });

    it('explains a bad INSEE code, bad opening hours and a missing name', () => {
      expect(Object.keys(reasonsOf(rejected, 'structure', 3))).toEqual(['structures[3].code_insee']);
      expect(reasonsOf(rejected, 'structure', 4)['structures[4].horaires_accueil']).toMatch(/^Horaires non reconnus/);
      expect(reasonsOf(rejected, 'structure', 5)).toEqual({ 'structures[5].nom': 'Champ obligatoire' });
    });

    it('explains an unknown réseau porteur and a phone number it cannot read', () => {
      expect(reasonsOf(rejected, 'structure', 6)['structures[6].reseaux_porteurs']).toMatch(
        /Aucun réseau porteur connu de Relais parmi « inconnu »/,
      );
      expect(reasonsOf(rejected, 'structure', 7)['structures[7].telephone']).toMatch(/Numéro de téléphone non reconnu/);
    });

    it('lists every reason of a row, in French', () => {
      expect(reasonsOf(rejected, 'structure', 8)).toEqual({
        'structures[8].nom': 'Entre 3 et 150 caractères',
        'structures[8].date_maj': 'Date attendue au format AAAA-MM-JJ (ex. 2025-02-14)',
        'structures[8].code_postal': 'Code postal à 5 chiffres',
        'structures[8].courriel': 'Adresse électronique invalide',
        'structures[8].reseaux_porteurs': 'Liste attendue',
      });
      expect(reasonsOf(rejected, 'structure', 9)).toEqual({ 'structures[9]': 'Objet JSON attendu' });
    });

    it('sets aside the second row with the same source and id', () => {
      expect(reasonsOf(rejected, 'structure', 10)).toEqual({
        'structures[10].id': 'Identifiant déjà présent dans ce fichier (structures[0])',
      });
    });

    it('checks the coordinates with Relais’ own rule (in France)', () => {
      expect(reasonsOf(rejected, 'structure', 11)).toEqual({ 'structures[11].latitude': 'Coordonnées hors de France' });
    });

    it('wants an address for a place', () => {
      expect(reasonsOf(rejected, 'structure', 12)).toEqual({
        'structures[12].adresse': expect.stringMatching(/^Adresse obligatoire pour un lieu/),
      });
    });

    it('explains bad services under their data·inclusion names', () => {
      const batch = parseDataInclusion({
        services: [
          goodService({ publics: ['tous-publics', 'jeunes'], thematiques: ['sante', 'pas-une-thematique'], frais: 'cher' }),
          goodService({
            id: 'x',
            description: undefined,
            modes_mobilisation: [],
            zone_eligibilite: ['france', '4'],
            horaires_accueil: 'tous les jours',
          }),
          goodService({ id: 'y', structure_id: 42, volume_horaire_hebdomadaire: -1, lien_mobilisation: 'pas une adresse' }),
        ],
      });
      expect(batch.services).toEqual([]);
      expect(reasonsOf(batch.rejected, 'service', 0)).toEqual({
        'services[0].publics': '« tous-publics » s’emploie seul',
        'services[0].thematiques[1]': 'Thématique inconnue (liste data·inclusion) : « pas-une-thematique »',
        'services[0].frais': 'Frais : gratuit ou payant : « cher »',
      });
      const second = reasonsOf(batch.rejected, 'service', 1);
      expect(second).toMatchObject({
        'services[1].description': 'Champ obligatoire',
        'services[1].modes_mobilisation': 'Au moins un élément',
        'services[1].zone_eligibilite[1]': 'Code de zone invalide',
      });
      expect(second['services[1].horaires_accueil']).toMatch(/^Horaires non reconnus/);
      expect(reasonsOf(batch.rejected, 'service', 2)).toEqual({
        'services[2].structure_id': 'Texte attendu',
        'services[2].volume_horaire_hebdomadaire': 'Valeur minimale : 0',
        'services[2].lien_mobilisation': 'Adresse web invalide (ex. https://exemple.fr)',
      });
    });

    it('never answers in zod’s English', () => {
      for (const row of rejected) for (const reason of row.reasons) expect(reason.message).not.toMatch(/Invalid|expected|Too (small|big)/);
    });
  });

  describe('a payload that is not { structures, services }', () => {
    it.each([[null], [[]], ['texte'], [42]])('throws a ValidationError on the body for %p', (payload) => {
      expect(() => parseDataInclusion(payload)).toThrow(ValidationError);
      try {
        parseDataInclusion(payload);
      } catch (error) {
        expect((error as ValidationError).errors).toEqual([{ path: 'body', message: expect.stringMatching(/^Objet JSON attendu/) }]);
      }
    });

    it('names each part that is not a list', () => {
      let error: ValidationError | undefined;
      try {
        parseDataInclusion({ structures: { a: 1 }, services: 'aucun' });
      } catch (e) {
        error = e as ValidationError;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error?.errors?.map((e) => e.path)).toEqual(['body.structures', 'body.services']);
    });
  });
});

// ── Round trip ─────────────────────────────────────────────────────────────────────────────

describe('export then import', () => {
  const data = snapshot();
  const exported = toDataInclusion(data, OPTS);
  const batch = parseDataInclusion(exported);

  it('rejects nothing Relais exported', () => {
    expect(batch.rejected).toEqual([]);
    expect(batch.structures).toHaveLength(exported.structures.length);
    expect(batch.services).toHaveLength(exported.services.length);
  });

  it('gives back the same organisation and site fields, under the same source and id', () => {
    const organisations = new Map(data.organisations.map((o) => [o.id, o]));
    for (const site of data.sites) {
      const origin = site.origin ?? { source: 'relais-46', id: `relais-46--${site.id}` };
      const row = batch.structures.find((r) => r.origin.source === origin.source && r.origin.id === origin.id);
      const organisation = organisations.get(site.organisationId)!;
      expect(row?.site).toEqual({
        name: site.name,
        address: site.address,
        communeCode: site.communeCode,
        postalCode: site.postalCode ?? splitAddress(site.address).postalCode,
        location: site.location,
        openingHours: site.openingHours,
        unconditionalReception: site.unconditionalReception,
        onPublicMap: true,
        themes: [],
        accessibility: '',
        ...(site.phone ? { phone: site.phone } : {}),
        ...(site.email ? { email: site.email } : {}),
      });
      expect(row?.organisation).toMatchObject({
        // A structure is a place: its name is the site's, the organisation's own name does not travel.
        name: site.name,
        type: organisation.type,
        ...(organisation.siret ? { siret: organisation.siret } : {}),
        ...(organisation.website ? { website: organisation.website } : {}),
        ...(organisation.description ? { description: organisation.description } : {}),
      });
    }
    const foodBank = batch.structures.find((r) => r.origin.id === `relais-46--${FOOD_BANK}`)!;
    expect(foodBank.site).toBeUndefined();
    expect(foodBank.organisation).toMatchObject({
      name: 'Banque alimentaire du Lot',
      siret: '44610000000012',
      website: 'https://banque-alimentaire-lot.example.org',
      description: extraOrganisations[0].description,
    });
  });

  it('gives back the same service fields (a category comes back as its sub-themes)', () => {
    // An empty list goes out as "absent" and comes back with our schema's default.
    const DEFAULTS = { publics: ['tous-publics'], receptionModes: ['en-presentiel'], mobilisableBy: ['usagers', 'professionnels'] };
    for (const [i, original] of SERVICES.entries()) {
      const { id: _i, organisationId: _o, siteId: _s, origin: _g, version: _v, createdAt: _c, updatedAt: _u, ...fields } = original;
      const emptied = Object.entries(DEFAULTS).filter(([key]) => fields[key as keyof typeof DEFAULTS].length === 0);
      expect(batch.services[i].service).toEqual({ ...fields, themes: expandThemes(fields.themes), ...Object.fromEntries(emptied) });
    }
  });
});
