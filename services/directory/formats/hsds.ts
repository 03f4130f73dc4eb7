/**
 * The directory in HSDS 3.0 (Open Referral's Human Services Data Specification), for tools
 * outside France.
 *
 * Shape: an array of **fully nested organizations**, what the HSDS API answers for
 * `GET /organizations/{id}` (compiled `organization.json`): each organization carries its
 * `locations` (Relais sites, with their address, phone, schedules, accessibility and contact)
 * and its `services` (each with its schedules, phones, service areas, and `service_at_locations`
 * pointing at the organization's locations by id). We chose it over the other shapes because:
 * - it is self-contained: one record per organisation, nothing to join, readable by a person
 *   and by the HSDS API tooling (an organization validates against `organization.json`, each
 *   nested service against `service.json`, every nested object through their `$ref`s);
 * - nothing is lost: places without any service (most reception points) and organisations
 *   without places are kept, which a list of services (`service_list.json`) would drop;
 * - nothing is repeated: a location shared by several services appears once, which fully nested
 *   services (`compiled/service.json`) would not give.
 * The flat, tabular form (`compiled/tabular.json`, one CSV per table) can be derived from it: every
 * nested object also carries the ids of its parents (`organization_id`, `location_id`, `service_id`).
 *
 * Ids are UUIDs (the schema's `format: uuid`), derived from the Relais ULIDs by a name-based UUID
 * (version 5, SHA-1): the same record gets the same id from one export to the next.
 */
import { createHash } from 'node:crypto';
import departements from '@etalab/decoupage-administratif/data/departements.json';
import regions from '@etalab/decoupage-administratif/data/regions.json';
import { FRAIS, PUBLICS, RESEAUX_PORTEURS, SERVICE_TYPES, THEMATIQUES } from '../../../shared/reference/data-inclusion';
import type { Organisation, Service, Site } from '../domain/directory.schema';
import { type DirectorySnapshot, type ExportOptions, expandThemes, publishedSnapshot, splitAddress, webUri } from './data-inclusion';

// ── Deterministic ids ──────────────────────────────────────────────────────────────────────

/** RFC 4122 name-based UUID, version 5 (SHA-1). */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 4122's namespace for names that are URLs. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
/** The namespace of every HSDS id Relais hands out. */
export const RELAIS_HSDS_NAMESPACE = uuidV5('https://relais.social/hsds', URL_NAMESPACE);
const hsdsId = (...parts: string[]): string => uuidV5(parts.join(':'), RELAIS_HSDS_NAMESPACE);

// ── The HSDS records we write ──────────────────────────────────────────────────────────────

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  uri?: string;
  version?: string;
}

export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  taxonomy_detail: HsdsTaxonomy;
  language: string;
}

export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_entity: 'organization' | 'location' | 'service';
  link_type: string;
  taxonomy_term_id: string;
  taxonomy_term: HsdsTaxonomyTerm;
}

export interface HsdsPhone {
  id: string;
  number: string;
  type: 'voice';
  organization_id?: string;
  location_id?: string;
  service_id?: string;
}

export interface HsdsSchedule {
  id: string;
  location_id?: string;
  service_id?: string;
  freq?: 'WEEKLY';
  wkst?: 'MO';
  byday?: string;
  opens_at?: string;
  closes_at?: string;
  description: string;
  notes: string;
}

export interface HsdsAddress {
  id: string;
  location_id: string;
  address_1: string;
  city: string;
  region?: string;
  state_province: string;
  postal_code: string;
  country: 'FR';
  address_type: 'physical';
}

export interface HsdsAccessibility {
  id: string;
  location_id: string;
  details?: string;
  url?: string;
}

export interface HsdsContact {
  id: string;
  name?: string;
  email?: string;
  location_id?: string;
  service_id?: string;
}

export interface HsdsLocation {
  id: string;
  location_type: 'physical';
  organization_id: string;
  name: string;
  latitude?: number;
  longitude?: number;
  /** The data·inclusion structure id of the same place (see data-inclusion.ts). */
  external_identifier: string;
  external_identifier_type: string;
  addresses: HsdsAddress[];
  phones: HsdsPhone[];
  schedules: HsdsSchedule[];
  accessibility: HsdsAccessibility[];
  contacts: HsdsContact[];
  attributes: HsdsAttribute[];
}

export interface HsdsServiceArea {
  id: string;
  service_id: string;
  name: string;
  description: string;
}

export interface HsdsServiceAtLocation {
  id: string;
  service_id: string;
  location_id: string;
}

export interface HsdsService {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  status: 'active';
  url?: string;
  email?: string;
  application_process?: string;
  fees_description?: string;
  eligibility_description?: string;
  last_modified: string;
  phones: HsdsPhone[];
  schedules: HsdsSchedule[];
  service_areas: HsdsServiceArea[];
  service_at_locations: HsdsServiceAtLocation[];
  contacts: HsdsContact[];
  attributes: HsdsAttribute[];
}

export interface HsdsOrganizationIdentifier {
  id: string;
  organization_id: string;
  identifier_type: string;
  identifier: string;
}

export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  website?: string;
  organization_identifiers: HsdsOrganizationIdentifier[];
  locations: HsdsLocation[];
  /** Not a property of `organization.json`: the HSDS API nests them so (`GET /organizations/{id}`). */
  services: HsdsService[];
  attributes: HsdsAttribute[];
}

// ── Taxonomies: the data·inclusion lists, and the network's own mark ───────────────────────

interface TaxonomyDef {
  key: string;
  linkType: string;
  detail: Omit<HsdsTaxonomy, 'id'>;
  labels: ReadonlyMap<string, string>;
}

const DATA_INCLUSION = { uri: 'https://github.com/gip-inclusion/data-inclusion-schema', version: '1.0.8' };

const taxonomy = (
  key: string,
  linkType: string,
  detail: Omit<HsdsTaxonomy, 'id'>,
  labels: ReadonlyArray<readonly [string, string]>,
): TaxonomyDef => ({
  key,
  linkType,
  detail,
  labels: new Map(labels),
});

const THEMES = taxonomy(
  'thematiques',
  'thematique',
  { name: 'data·inclusion — thématiques', description: 'Thématiques de l’offre d’insertion (schéma data·inclusion v1)', ...DATA_INCLUSION },
  THEMATIQUES,
);
const NETWORKS = taxonomy(
  'reseaux-porteurs',
  'reseau_porteur',
  {
    name: 'data·inclusion — réseaux porteurs',
    description: 'Réseaux, organisations ou administrations portant la structure (schéma data·inclusion v1)',
    ...DATA_INCLUSION,
  },
  RESEAUX_PORTEURS,
);
const AUDIENCES = taxonomy(
  'publics',
  'public',
  { name: 'data·inclusion — publics', description: 'Publics visés par le service (schéma data·inclusion v1)', ...DATA_INCLUSION },
  PUBLICS,
);
const SERVICE_KINDS = taxonomy(
  'types-de-services',
  'type_service',
  { name: 'data·inclusion — types de services', description: 'Types de service (schéma data·inclusion v1)', ...DATA_INCLUSION },
  SERVICE_TYPES,
);
/** The mark international readers most need: where anyone can walk in, whatever the request. */
const RECEPTION = taxonomy(
  'relais-accueil',
  'accueil',
  { name: 'Relais — réseau d’accueil', description: 'Lieux du réseau de premier accueil social inconditionnel de proximité' },
  [
    [
      'premier-accueil-inconditionnel',
      'Premier accueil social inconditionnel de proximité : toute personne est reçue, quelle que soit sa demande',
    ],
  ],
);

function attribute(def: TaxonomyDef, entity: HsdsAttribute['link_entity'], linkId: string, value: string): HsdsAttribute | undefined {
  const label = def.labels.get(value);
  if (!label) return undefined;
  const taxonomyId = hsdsId('taxonomy', def.key);
  const termId = hsdsId('taxonomy_term', def.key, value);
  return {
    id: hsdsId('attribute', entity, linkId, def.key, value),
    link_id: linkId,
    link_entity: entity,
    link_type: def.linkType,
    taxonomy_term_id: termId,
    taxonomy_term: {
      id: termId,
      code: value,
      name: label,
      description: label,
      taxonomy: def.detail.name,
      taxonomy_id: taxonomyId,
      taxonomy_detail: { id: taxonomyId, ...def.detail },
      language: 'fr',
    },
  };
}

const attributes = (def: TaxonomyDef, entity: HsdsAttribute['link_entity'], linkId: string, values: readonly string[]): HsdsAttribute[] =>
  [...new Set(values)].map((v) => attribute(def, entity, linkId, v)).filter((a): a is HsdsAttribute => a !== undefined);

// ── Opening hours: OSM syntax → weekly RFC 5545 rules ─────────────────────────────────────

const OSM_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const ICAL_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export interface WeeklyHours {
  /** Per day, Monday first: the open intervals `[opens, closes]` as `HH:MM`. */
  week: Array<Array<[string, string]>>;
  publicHolidaysOff: boolean;
}

const time = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;

/**
 * The common subset of the OpenStreetMap syntax, as a week: rules `Mo-Fr,Sa 09:00-12:00,14:00-17:00`
 * or `We off`, a later rule replacing an earlier one for its days, `PH off`, `24/7`. Undefined
 * for anything beyond (week numbers, months, dates, comments…), which the caller keeps as text.
 */
export function weeklyHours(value: string): WeeklyHours | undefined {
  const rules = value
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean);
  if (rules.length === 0) return undefined;
  const week: WeeklyHours['week'] = OSM_DAYS.map(() => []);
  let publicHolidaysOff = false;
  for (const rule of rules) {
    if (rule === '24/7') {
      week.fill([['00:00', '24:00']]);
      continue;
    }
    const match = /^([A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)\s+(.+)$/.exec(rule);
    if (!match) return undefined;
    const times: Array<[string, string]> = [];
    if (match[2] !== 'off' && match[2] !== 'closed') {
      for (const span of match[2].split(',')) {
        const t = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(span.trim());
        if (!t) return undefined;
        const [opens, closes] = [time(t[1], t[2]), time(t[3], t[4])];
        if (closes <= opens || closes > '24:00') return undefined; // past midnight: beyond the subset
        times.push([opens, closes]);
      }
      times.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    }
    for (const selector of match[1].split(',').map((s) => s.trim())) {
      if (selector === 'PH') {
        if (times.length > 0) return undefined;
        publicHolidaysOff = true;
        continue;
      }
      const range = /^([A-Za-z]{2})(?:\s*-\s*([A-Za-z]{2}))?$/.exec(selector);
      const from = range ? OSM_DAYS.indexOf(range[1]) : -1;
      const to = range?.[2] ? OSM_DAYS.indexOf(range[2]) : from;
      if (from < 0 || to < 0) return undefined;
      // `Sa-Mo` wraps around the week end.
      for (let day = from; ; day = (day + 1) % 7) {
        week[day] = times;
        if (day === to) break;
      }
    }
  }
  return { week, publicHolidaysOff };
}

/**
 * HSDS schedules of a place or service. Times are Paris wall-clock times: HSDS asks for a UTC
 * offset, but France changes offset twice a year, which a weekly rule cannot carry; the notes
 * say so, and `description` keeps the original OSM value, which is exact.
 */
function schedules(value: string | undefined, owner: { location_id: string } | { service_id: string }): HsdsSchedule[] {
  const hours = value?.trim();
  if (!hours) return [];
  const ownerId = 'location_id' in owner ? `location:${owner.location_id}` : `service:${owner.service_id}`;
  const parsed = weeklyHours(hours);
  if (!parsed) {
    return [
      {
        id: hsdsId('schedule', ownerId, 'text'),
        ...owner,
        description: hours,
        notes: 'Horaires au format OpenStreetMap opening_hours, heure de Paris.',
      },
    ];
  }
  const notes = `Heure de Paris (Europe/Paris).${parsed.publicHolidaysOff ? ' Fermé les jours fériés.' : ''} Horaires d’origine au format OpenStreetMap opening_hours dans « description ».`;
  const groups = new Map<string, { days: number[]; times: Array<[string, string]> }>();
  parsed.week.forEach((times, day) => {
    if (times.length === 0) return;
    const key = JSON.stringify(times);
    const group = groups.get(key) ?? { days: [], times };
    group.days.push(day);
    groups.set(key, group);
  });
  return [...groups.values()].flatMap(({ days, times }) => {
    const byday = days.map((d) => ICAL_DAYS[d]).join(',');
    return times.map(
      ([opens, closes]): HsdsSchedule => ({
        id: hsdsId('schedule', ownerId, byday, opens, closes),
        ...owner,
        freq: 'WEEKLY',
        wkst: 'MO',
        byday,
        opens_at: opens,
        closes_at: closes,
        description: hours,
        notes,
      }),
    );
  });
}

// ── Places ─────────────────────────────────────────────────────────────────────────────────

const DEPARTEMENTS = new Map(departements.map((d) => [d.code, d]));
const REGIONS = new Map(regions.map((r) => [r.code, r.nom]));

const departementOf = (communeCode: string) =>
  DEPARTEMENTS.get(communeCode.startsWith('97') ? communeCode.slice(0, 3) : communeCode.slice(0, 2));

function address(site: Site, locationId: string, opts: ExportOptions): HsdsAddress {
  const parts = splitAddress(site.address);
  const departement = departementOf(site.communeCode);
  const region = departement ? REGIONS.get(departement.region) : undefined;
  return {
    id: hsdsId('address', site.id),
    location_id: locationId,
    address_1: parts.street ?? site.address,
    // HSDS wants a city: the commune's name, else the town written in the address, else its INSEE code.
    city: opts.communeName?.(site.communeCode) ?? parts.commune ?? site.communeCode,
    ...(region ? { region } : {}),
    state_province: departement?.nom ?? site.communeCode.slice(0, 2),
    postal_code: site.postalCode ?? parts.postalCode ?? '',
    country: 'FR',
    address_type: 'physical',
  };
}

function location(site: Site, organizationId: string, opts: ExportOptions): HsdsLocation {
  const id = hsdsId('location', site.id);
  const accessibilityUrl = webUri(site.accessibility);
  const accessibility = site.accessibility.trim()
    ? [
        {
          id: hsdsId('accessibility', site.id),
          location_id: id,
          ...(accessibilityUrl ? { url: accessibilityUrl } : { details: site.accessibility.trim() }),
        },
      ]
    : [];
  const relaisSource = `relais-${opts.departement}`;
  return {
    id,
    location_type: 'physical',
    organization_id: organizationId,
    name: site.name,
    ...(site.location ? { latitude: site.location.lat, longitude: site.location.lon } : {}),
    external_identifier: site.origin?.id ?? `${relaisSource}--${site.id}`,
    external_identifier_type: 'data·inclusion (identifiant de structure)',
    addresses: [address(site, id, opts)],
    phones: site.phone ? [{ id: hsdsId('phone', 'location', site.id), location_id: id, number: site.phone, type: 'voice' }] : [],
    schedules: schedules(site.openingHours, { location_id: id }),
    accessibility,
    contacts: site.email ? [{ id: hsdsId('contact', 'location', site.id), location_id: id, email: site.email }] : [],
    attributes: [
      ...(site.unconditionalReception ? attributes(RECEPTION, 'location', id, ['premier-accueil-inconditionnel']) : []),
      ...attributes(THEMES, 'location', id, expandThemes(site.themes)),
    ],
  };
}

// ── Services ───────────────────────────────────────────────────────────────────────────────

const label = (list: ReadonlyArray<readonly [string, string]>, value: string) => list.find(([v]) => v === value)?.[1] ?? value;
const MODES = new Map([
  ['envoyer-un-courriel', 'envoyer un courriel'],
  ['se-presenter', 'se présenter sur place'],
  ['telephoner', 'téléphoner'],
  ['utiliser-lien-mobilisation', 'utiliser le lien de mobilisation'],
]);
const sentence = (...parts: Array<string | undefined | false>) =>
  parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' ') || undefined;

function zoneName(code: string, opts: ExportOptions): string {
  if (code === 'france') return 'France entière';
  if (/^\d{9}$/.test(code)) return `Intercommunalité (EPCI, SIREN ${code})`;
  if (code.length === 5) return `Commune de ${opts.communeName?.(code) ?? code} (code INSEE ${code})`;
  const departement = DEPARTEMENTS.get(code);
  return departement ? `Département ${departement.nom} (${code})` : `Département ${code}`;
}

function service(s: Service, organizationId: string, locationIds: string[], opts: ExportOptions): HsdsService {
  const id = hsdsId('service', s.id);
  const publics = s.publics.map((p) => label(PUBLICS, p).toLowerCase()).join(', ');
  const modes = s.mobilisationModes.map((m) => MODES.get(m) ?? m).join(', ');
  return {
    id,
    organization_id: organizationId,
    name: s.name,
    description: s.description,
    status: 'active',
    ...(webUri(s.mobilisationLink) ? { url: webUri(s.mobilisationLink) } : {}),
    ...(s.email ? { email: s.email } : {}),
    ...compactText({
      application_process: sentence(
        modes && `Pour en bénéficier : ${modes}.`,
        s.mobilisableBy.length > 0 && `Mobilisable par : ${s.mobilisableBy.join(' et ')}.`,
        s.mobilisationDetails,
      ),
      fees_description: sentence(s.fees && `${label(FRAIS, s.fees)}.`, s.feesDetails),
      eligibility_description: sentence(
        publics && `Publics : ${publics}.`,
        s.publicsDetails,
        s.accessConditions && `Conditions d’accès : ${s.accessConditions}`,
      ),
    }),
    last_modified: new Date(s.updatedAt).toISOString(),
    phones: s.phone ? [{ id: hsdsId('phone', 'service', s.id), service_id: id, number: s.phone, type: 'voice' }] : [],
    schedules: schedules(s.openingHours, { service_id: id }),
    service_areas: [...new Set(s.eligibilityZone)].map((code) => ({
      id: hsdsId('service_area', s.id, code),
      service_id: id,
      name: zoneName(code, opts),
      description: `Zone d’éligibilité (code officiel géographique) : ${code}`,
    })),
    service_at_locations: locationIds.map((locationId) => ({
      id: hsdsId('service_at_location', id, locationId),
      service_id: id,
      location_id: locationId,
    })),
    contacts: s.contactName?.trim() ? [{ id: hsdsId('contact', 'service', s.id), service_id: id, name: s.contactName.trim() }] : [],
    attributes: [
      ...attributes(THEMES, 'service', id, expandThemes(s.themes)),
      ...attributes(AUDIENCES, 'service', id, s.publics),
      ...(s.type ? attributes(SERVICE_KINDS, 'service', id, [s.type]) : []),
    ],
  };
}

function compactText<T extends Record<string, string | undefined>>(record: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}

// ── The export ─────────────────────────────────────────────────────────────────────────────

function organization(o: Organisation, sites: Site[], services: Service[], opts: ExportOptions): HsdsOrganization {
  const id = hsdsId('organization', o.id);
  const locations = sites.map((site) => location(site, id, opts));
  const locationOf = new Map(sites.map((site, i) => [site.id, locations[i].id]));
  // A service without a site of its own is delivered at the organisation's places, unless it is remote only.
  const where = (s: Service): string[] => {
    const own = s.siteId ? locationOf.get(s.siteId) : undefined;
    if (own) return [own];
    return s.receptionModes.includes('en-presentiel') ? locations.map((l) => l.id) : [];
  };
  const description = o.description?.trim() || `${label(RESEAUX_PORTEURS, o.type)}.`;
  return {
    id,
    name: o.name,
    description,
    ...(webUri(o.website) ? { website: webUri(o.website) } : {}),
    // SIRET has no org-id.guide scheme of its own: HSDS allows the plain type name then.
    organization_identifiers: o.siret
      ? [{ id: hsdsId('organization_identifier', o.id, 'siret'), organization_id: id, identifier_type: 'SIRET', identifier: o.siret }]
      : [],
    locations,
    services: services.map((s) => service(s, id, where(s), opts)),
    attributes: attributes(NETWORKS, 'organization', id, [o.type]),
  };
}

/**
 * The directory as HSDS 3.0 fully nested organizations. Sites and services whose organisation is
 * not in the snapshot are left out: HSDS hangs every place and service on an organization. Sites
 * kept off the public map are left out too (see `publishedSnapshot`).
 */
export function toHsds(all: DirectorySnapshot, opts: ExportOptions): HsdsOrganization[] {
  const snapshot = publishedSnapshot(all, opts);
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sitesOf = new Map<string, Site[]>();
  for (const site of [...snapshot.sites].sort(byId)) sitesOf.set(site.organisationId, [...(sitesOf.get(site.organisationId) ?? []), site]);
  const servicesOf = new Map<string, Service[]>();
  for (const s of snapshot.services) servicesOf.set(s.organisationId, [...(servicesOf.get(s.organisationId) ?? []), s]);
  return snapshot.organisations.map((o) => organization(o, sitesOf.get(o.id) ?? [], servicesOf.get(o.id) ?? [], opts));
}
