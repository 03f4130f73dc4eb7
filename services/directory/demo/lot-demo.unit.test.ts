import { guessArticle } from '../../../shared/text/french';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { CreateOrganisationSchema, CreateServiceSchema, CreateSiteSchema } from '../domain/directory.schema';
// Sites' opening hours are checked by the OSM library, as on the routes that write them.
import '../domain/opening-hours.check';
import { IdSchema } from '../../../shared/validation/common.schema';
import { DEMO_ORGANISATIONS, DEMO_SERVICES, DEMO_SITES, DEMO_USERS } from './lot-demo';

/** Current communes of metropolitan France with a representative point (see shared/data/SOURCES.md). */
const CENTROIDS_FILE = path.resolve(__dirname, '../../../../shared/data/communes-centroids.csv');

interface Commune {
  name: string;
  departement: string;
  lon: number;
  lat: number;
}

function loadCommunes(): Map<string, Commune> {
  const [header, ...lines] = readFileSync(CENTROIDS_FILE, 'utf8').trim().split(/\r?\n/);
  if (header !== 'code,nom,departement,lon,lat') throw new Error(`Unexpected header in ${CENTROIDS_FILE}: ${header}`);
  return new Map(
    lines.map((line) => {
      const [code, name, departement, lon, lat] = line.split(',');
      return [code, { name, departement, lon: Number(lon), lat: Number(lat) }];
    }),
  );
}

const communes = loadCommunes();

/** Great-circle distance in kilometres. */
function haversineKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/** Every problem zod found, one readable line each, so a failing record says what is wrong. */
function problems(result: z.ZodSafeParseResult<unknown>): string[] {
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(racine)'}: ${i.message}`);
}

/** The subset of OpenStreetMap opening_hours the dataset uses: `Mo-Fr 08:30-12:00,13:30-17:00; PH off`. */
const DAY = '(Mo|Tu|We|Th|Fr|Sa|Su)';
const DAYS = `${DAY}(-${DAY})?(,${DAY}(-${DAY})?)*`;
const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
const RANGES = `${TIME}-${TIME}(,${TIME}-${TIME})*`;
const OPENING_RULE = new RegExp(`^(${DAYS} ${RANGES}|PH off)$`);

/** The twenty towns whose département social sites the brief asks for, by current INSEE code. */
const DEPARTEMENT_TOWNS: ReadonlyArray<readonly [string, string]> = [
  ['46042', 'Cahors'],
  ['46102', 'Figeac'],
  ['46127', 'Gourdon'],
  ['46128', 'Gramat'],
  ['46309', 'Souillac'],
  ['46251', 'Saint-Céré'],
  ['46029', 'Biars-sur-Cère'],
  ['46231', "Puy-l'Évêque"],
  ['46148', 'Lalbenque'],
  ['46063', 'Castelnau-Montratier'],
  ['46045', 'Cajarc'],
  ['46143', 'Lacapelle-Marival'],
  ['46160', 'Latronquière'],
  ['46138', 'Cœur de Causse'], // Labastide-Murat
  ['46185', 'Martel'],
  ['46330', 'Vayrac'],
  ['46225', 'Prayssac'],
  ['46182', 'Luzech'],
  ['46297', 'Salviac'],
  ['46064', 'Catus'],
];

/** The kinds of organisation the demo must show, each with a site. */
const REQUIRED_KINDS = [
  'departements',
  'ccas-cias',
  'caf',
  'cpam',
  'mutualite-sociale-agricole',
  'france-travail',
  'mission-locale',
  'secours-populaire',
];

/** The demo users of /work/shared/design/API.md, with their roles. */
const API_DEMO_USERS: Record<string, string> = {
  'agent.gramat': 'accueil',
  'ts.figeac': 'travailleur_social',
  'cesf.souillac': 'travailleur_social',
  'agent.ccas-cahors': 'accueil',
  'partenaire.caf': 'partenaire',
  'partenaire.mission-locale': 'partenaire',
  pilote: 'pilote',
  admin: 'admin',
};

const organisationById = new Map(DEMO_ORGANISATIONS.map((o) => [o.id, o]));
const siteById = new Map(DEMO_SITES.map((s) => [s.id, s]));
const departement = DEMO_ORGANISATIONS.find((o) => o.type === 'departements');
const sitesOf = (organisationId: string) => DEMO_SITES.filter((s) => s.organisationId === organisationId);

describe('Lot demo dataset', () => {
  describe('organisations', () => {
    it.each(DEMO_ORGANISATIONS.map((o) => [o.name, o] as const))('%s passes CreateOrganisationSchema', (_, org) => {
      const { id, ...input } = org;
      const result = CreateOrganisationSchema.safeParse(input);
      expect(problems(result)).toEqual([]);
      // networkMember and notification are written out, not left to the schema's defaults.
      expect(result.data).toEqual({ contacts: [], ...input });
    });

    it('has exactly one département, the Conseil départemental du Lot', () => {
      expect(DEMO_ORGANISATIONS.filter((o) => o.type === 'departements').map((o) => o.name)).toEqual(['Conseil départemental du Lot']);
    });

    it.each(REQUIRED_KINDS)('has a %s organisation with at least one site', (type) => {
      const ofType = DEMO_ORGANISATIONS.filter((o) => o.type === type);
      expect(ofType.length).toBeGreaterThan(0);
      for (const org of ofType) expect(sitesOf(org.id).map((s) => s.name)).not.toEqual([]);
    });

    it('has the CCAS of Cahors and Figeac and a CIAS with sites in Souillac and Gramat', () => {
      const ccasCias = DEMO_ORGANISATIONS.filter((o) => o.type === 'ccas-cias');
      const communesOf = (name: RegExp) =>
        ccasCias.filter((o) => name.test(o.name)).flatMap((o) => sitesOf(o.id).map((s) => s.communeCode));
      expect(communesOf(/^CCAS de Cahors$/)).toEqual(['46042']);
      expect(communesOf(/^CCAS de Figeac$/)).toEqual(['46102']);
      expect(communesOf(/^CIAS /)).toEqual(expect.arrayContaining(['46309', '46128']));
    });

    it('has France Travail agencies in Cahors and Figeac', () => {
      const agencies = DEMO_ORGANISATIONS.filter((o) => o.type === 'france-travail').flatMap((o) => sitesOf(o.id));
      expect(agencies.map((s) => s.communeCode)).toEqual(expect.arrayContaining(['46042', '46102']));
    });

    it('gives the département, the CCAS and the CIAS a signed charter, and only them', () => {
      for (const org of DEMO_ORGANISATIONS) {
        const signs = org.type === 'departements' || org.type === 'ccas-cias';
        expect({ name: org.name, charter: org.charter !== undefined }).toEqual({ name: org.name, charter: signs });
        if (signs) expect(org.charter?.commitments.length).toBeGreaterThan(0);
      }
    });

    it('reaches every organisation on a demo address but the CPAM, the one the referral form warns about', () => {
      const unreachable = DEMO_ORGANISATIONS.filter((o) => Object.keys(o.notification).length === 0);
      expect(unreachable.map((o) => o.type)).toEqual(['cpam']);
      for (const org of DEMO_ORGANISATIONS.filter((o) => o.notification.email))
        expect(org.notification.email).toMatch(/@[a-z-]+\.demo\.relais\.local$/);
    });
  });

  describe('sites', () => {
    it('gives every demo place hours and a phone from the range reserved for fiction (05 36 49 …)', () => {
      for (const site of DEMO_SITES) {
        expect({ name: site.name, hours: site.openingHours.length > 0 }).toEqual({ name: site.name, hours: true });
        expect({ name: site.name, phone: site.phone }).toEqual({ name: site.name, phone: expect.stringMatching(/^\+33536490\d{3}$/) });
      }
      expect(new Set(DEMO_SITES.map((s) => s.phone)).size).toBe(DEMO_SITES.length);
    });

    it.each(DEMO_SITES.map((s) => [s.name, s] as const))('%s passes CreateSiteSchema', (_, site) => {
      const { id, ...input } = site;
      const result = CreateSiteSchema.safeParse(input);
      expect(problems(result)).toEqual([]);
      expect(result.data).toEqual({ onPublicMap: true, ...input });
    });

    it.each(DEMO_SITES.map((s) => [s.name, s] as const))(
      '%s lies in a current commune of the Lot, within 10 km of its centroid, and its address names it',
      (_, site) => {
        const commune = communes.get(site.communeCode);
        expect({ code: site.communeCode, departement: commune?.departement }).toEqual({
          code: site.communeCode,
          departement: '46',
        });
        if (!commune) return;
        const km = Math.round(haversineKm(site.location, commune) * 100) / 100;
        expect(km).toBeLessThanOrEqual(10);
        // The address names the same commune as the code, after its postal code.
        expect(site.address.match(/, (46\d{3}) (.+)$/)?.[2]).toBe(commune.name);
      },
    );

    it('gives coordinates with at most 5 decimals', () => {
      const decimals = (value: number) => (String(value).split('.')[1] ?? '').length;
      const tooPrecise = DEMO_SITES.filter((s) => decimals(s.location.lon) > 5 || decimals(s.location.lat) > 5);
      expect(tooPrecise.map((s) => s.name)).toEqual([]);
    });

    it.each(DEMO_SITES.map((s) => [s.name, s] as const))('%s has OpenStreetMap opening hours', (_, site) => {
      const badRules = site.openingHours.split('; ').filter((rule) => !OPENING_RULE.test(rule));
      expect(badRules).toEqual([]);
      expect(site.openingHours).not.toBe('');
    });

    it('belongs to a known organisation', () => {
      expect(DEMO_SITES.filter((s) => !organisationById.has(s.organisationId)).map((s) => s.name)).toEqual([]);
    });

    it('covers the twenty towns with unconditional département sites', () => {
      expect(departement).toBeDefined();
      const covered = new Set(
        sitesOf(departement?.id ?? '')
          .filter((s) => s.unconditionalReception)
          .map((s) => s.communeCode),
      );
      const missing = DEPARTEMENT_TOWNS.filter(([code]) => !covered.has(code));
      expect(missing).toEqual([]);
      // The codes above are the current ones, with the names the reference gives them.
      expect(DEPARTEMENT_TOWNS.map(([code]) => [code, communes.get(code)?.name])).toEqual(DEPARTEMENT_TOWNS);
    });

    it('marks département, CCAS and CIAS sites unconditional and partner agencies not', () => {
      for (const site of DEMO_SITES) {
        const type = organisationById.get(site.organisationId)?.type;
        const expected = type === 'departements' || type === 'ccas-cias';
        expect({ site: site.name, unconditional: site.unconditionalReception }).toEqual({
          site: site.name,
          unconditional: expected,
        });
      }
    });
  });

  describe('services', () => {
    it.each(DEMO_SERVICES.map((s) => [s.name, s] as const))('%s passes CreateServiceSchema', (_, service) => {
      const { id, ...input } = service;
      expect(problems(CreateServiceSchema.safeParse(input))).toEqual([]);
    });

    it('belong to a known organisation, and a service at a site to one of its own sites', () => {
      for (const service of DEMO_SERVICES) {
        expect({ name: service.name, known: organisationById.has(service.organisationId) }).toEqual({ name: service.name, known: true });
        if (service.siteId) expect(siteById.get(service.siteId)?.organisationId).toBe(service.organisationId);
      }
    });

    it('give every partner (CAF, CPAM, MSA, France Travail, Mission locale, CCAS/CIAS, an association) a service with phone, e-mail and hours', () => {
      for (const org of DEMO_ORGANISATIONS) {
        const own = DEMO_SERVICES.filter((s) => s.organisationId === org.id);
        expect({ org: org.name, services: own.length > 0 }).toEqual({ org: org.name, services: true });
        for (const s of own)
          expect([s.phone, s.email, s.openingHours]).toEqual([
            expect.stringMatching(/^\+33536490\d{3}$/),
            expect.any(String),
            expect.any(String),
          ]);
      }
      expect(DEMO_ORGANISATIONS.some((o) => o.type === 'secours-populaire')).toBe(true);
      expect(new Set(DEMO_SERVICES.map((s) => s.phone)).size).toBe(DEMO_SERVICES.length);
    });
  });

  describe('ids', () => {
    const ids = [...DEMO_ORGANISATIONS.map((o) => o.id), ...DEMO_SITES.map((s) => s.id), ...DEMO_SERVICES.map((s) => s.id)];

    it('are ULIDs', () => {
      expect(ids.filter((id) => !IdSchema.safeParse(id).success)).toEqual([]);
      expect(ids.filter((id) => !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toEqual([]);
    });

    it('are unique across organisations and sites', () => {
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    });

    it('give every user a unique subject', () => {
      const subs = DEMO_USERS.map((u) => u.sub);
      expect(new Set(subs).size).toBe(subs.length);
      for (const sub of subs) expect(sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });
  });

  describe('users', () => {
    it('are exactly the eight demo users of API.md, with their roles', () => {
      expect(Object.fromEntries(DEMO_USERS.map((u) => [u.username, u.role]))).toEqual(API_DEMO_USERS);
      expect(DEMO_USERS).toHaveLength(8);
    });

    const users = DEMO_USERS.map((u) => [u.username, u] as const);

    it.each(users)('%s belongs to a known organisation and site', (_, user) => {
      expect(organisationById.has(user.organisationId)).toBe(true);
      if (user.siteId === null) return;
      expect(siteById.get(user.siteId)?.organisationId).toBe(user.organisationId);
    });

    it('places the département users at the sites API.md names', () => {
      const where = (username: string) => {
        const user = DEMO_USERS.find((u) => u.username === username);
        const site = user?.siteId ? siteById.get(user.siteId) : undefined;
        const organisation = organisationById.get(user?.organisationId ?? '')?.type;
        return { organisation, commune: site?.communeCode ?? null };
      };
      expect(where('agent.gramat')).toEqual({ organisation: 'departements', commune: '46128' });
      expect(where('ts.figeac')).toEqual({ organisation: 'departements', commune: '46102' });
      expect(where('cesf.souillac')).toEqual({ organisation: 'departements', commune: '46309' });
      expect(where('agent.ccas-cahors')).toEqual({ organisation: 'ccas-cias', commune: '46042' });
      expect(where('partenaire.caf')).toEqual({ organisation: 'caf', commune: '46042' });
      expect(where('partenaire.mission-locale')).toEqual({ organisation: 'mission-locale', commune: '46042' });
      expect(where('pilote')).toEqual({ organisation: 'departements', commune: null });
      expect(where('admin')).toEqual({ organisation: 'departements', commune: null });
    });

    it('have demo email addresses and a name', () => {
      for (const user of DEMO_USERS) {
        expect(user.email).toBe(`${user.username}@demo.relais.local`);
        expect(user.name).toMatch(/^\S+ \S+/);
      }
    });
  });
});

describe('articles (ADR 0028)', () => {
  it('every demo organisation says which article its name takes, as the form would propose it', () => {
    for (const org of DEMO_ORGANISATIONS) {
      expect(org.article).toBeDefined();
      expect([org.name, org.article]).toEqual([org.name, guessArticle(org.name)]);
    }
  });
});
