/**
 * data·inclusion v1 (schéma de l'offre d'insertion, gip-inclusion/data-inclusion-schema v1.0.8) in
 * and out of the directory.
 *
 * A data·inclusion **structure is a place**: each Relais site goes out as one structure, carrying
 * its organisation's facts (SIRET, kind as `reseaux_porteurs`, website, description); an
 * organisation without any site goes out as a structure without address. A record that came in
 * from data·inclusion goes back out under its `origin` (`source` + `id`), so that a round trip
 * updates the same record on both sides; anything else is `relais-<département>--<ULID>`.
 *
 * This module holds the records and the export; the import side (`data-inclusion-import.ts`)
 * checks phones and opening hours with their libraries, which the export does not load
 * (docs/adr/0054-lighter-libraries.md).
 */
import { THEME_CATEGORIES, THEME_CODES } from '../../../shared/reference/data-inclusion-codes';
import type { Organisation, Service, Site } from '../domain/directory.schema';

// ── The data·inclusion records (v1; optional fields are left out rather than null) ─────────

export interface DiStructure {
  source: string;
  id: string;
  nom: string;
  date_maj: string;
  siret?: string;
  description?: string;
  adresse?: string;
  complement_adresse?: string;
  commune?: string;
  code_postal?: string;
  code_insee?: string;
  latitude?: number;
  longitude?: number;
  telephone?: string;
  courriel?: string;
  site_web?: string;
  lien_source?: string;
  accessibilite_lieu?: string;
  horaires_accueil?: string;
  reseaux_porteurs?: string[];
  /** Relais extension (the schema tolerates extra fields): a premier accueil social inconditionnel point. */
  relais_accueil_inconditionnel?: boolean;
}

export interface DiService {
  source: string;
  structure_id: string;
  id: string;
  nom: string;
  description: string;
  date_maj: string;
  type?: string;
  thematiques?: string[];
  publics?: string[];
  publics_precisions?: string;
  modes_accueil?: string[];
  modes_mobilisation?: string[];
  mobilisable_par?: string[];
  mobilisation_precisions?: string;
  lien_mobilisation?: string;
  lien_source?: string;
  frais?: string;
  frais_precisions?: string;
  conditions_acces?: string;
  zone_eligibilite?: string[];
  adresse?: string;
  complement_adresse?: string;
  commune?: string;
  code_postal?: string;
  code_insee?: string;
  latitude?: number;
  longitude?: number;
  telephone?: string;
  courriel?: string;
  contact_nom_prenom?: string;
  horaires_accueil?: string;
  volume_horaire_hebdomadaire?: number;
  nombre_semaines?: number;
}

export interface DataInclusionPayload {
  structures: DiStructure[];
  services: DiService[];
}

export interface DirectorySnapshot {
  organisations: Organisation[];
  sites: Site[];
  services: Service[];
}

export interface ExportOptions {
  /** Département code (`46`): names the records Relais itself produced (`relais-46--<ULID>`). */
  departement: string;
  /** Name of a commune from its INSEE code (the commune reference); otherwise read from the address. */
  communeName?: (code: string) => string | undefined;
  /** Also export the sites kept off the public map (default: not; see `publishedSnapshot`). */
  includeHiddenSites?: boolean;
}

/**
 * What an export may show. These files are made to be published (data·inclusion republishes
 * them, HSDS readers are anyone): a site the network keeps off the public map — a shelter, a
 * place whose address must not circulate — stays out unless asked for, and its services fall
 * back to their organisation's other places or to the organisation itself.
 */
export function publishedSnapshot(snapshot: DirectorySnapshot, opts: Pick<ExportOptions, 'includeHiddenSites'>): DirectorySnapshot {
  if (opts.includeHiddenSites) return snapshot;
  const sites = snapshot.sites.filter((s) => s.onPublicMap !== false);
  const shown = new Set(sites.map((s) => s.id));
  return {
    organisations: snapshot.organisations,
    sites,
    services: snapshot.services.map((s) => (s.siteId && !shown.has(s.siteId) ? { ...s, siteId: undefined } : s)),
  };
}

// ── Shared helpers ──────────────────────────────────────────────────────────────────────────

/**
 * Kinds of organisation whose places are, in the network, the usual premier-accueil points: an
 * imported structure of these kinds is taken as an unconditional reception point unless it says
 * otherwise (`relais_accueil_inconditionnel`). The département's social centres, the CCAS/CIAS,
 * the France Services and the maisons des solidarités are where the charter sends anyone who walks in.
 */
export const PREMIER_ACCUEIL_KINDS: ReadonlySet<string> = new Set([
  'france-service',
  'ccas-cias',
  'departements',
  'maisons-des-solidarites',
]);

const SUB_THEMES: readonly string[] = THEME_CODES;
const CATEGORIES = new Set(THEME_CATEGORIES);

/**
 * data·inclusion v1 lists only sub-themes (`categorie--sous-thematique`); Relais also accepts a whole
 * category. A category stands for all its sub-themes, so it goes out as all of them (without
 * duplicates: the schema wants unique items).
 */
export function expandThemes(themes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const theme of themes) {
    if (CATEGORIES.has(theme)) {
      for (const sub of SUB_THEMES) if (sub.startsWith(`${theme}--`)) out.add(sub);
    } else {
      out.add(theme);
    }
  }
  return [...out];
}

// Built at first use, not at load: the first time-zone formatter of a process loads ICU's
// zone data (tens of milliseconds), which would weigh on every cold start (issue 19).
let parisDay: Intl.DateTimeFormat | undefined;

/** The Paris calendar day (`YYYY-MM-DD`) of an ISO instant: `date_maj` is a French working day. */
export function parisDate(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant.slice(0, 10);
  parisDay ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
  return parisDay.format(date);
}

/** `…, 46000 Cahors` at the end of a one-line address: Relais keeps the postal code and town there. */
const LOCALITY = /^(.*?)[,\s]*\b(\d{5})\s+([^,\d][^,]*)$/;

/** A one-line address split into the street part, postal code and town (when it ends with them). */
export function splitAddress(address: string): { street?: string; postalCode?: string; commune?: string } {
  const match = LOCALITY.exec(address.trim());
  if (!match) return { street: address.trim() || undefined };
  const street = match[1].trim().replace(/[,\s]+$/, '');
  return { street: street || undefined, postalCode: match[2], commune: match[3].trim() };
}

/**
 * An absolute web address the official schema (`format: uri`) accepts, or undefined. Non-ASCII
 * characters are percent-encoded (host in punycode) since a URI is ASCII only.
 */
export function webUri(value: string | undefined, protocols: readonly string[] = ['http:', 'https:']): string | undefined {
  if (!value || /\s/.test(value) || value.length > 2083) return undefined;
  try {
    const url = new URL(value);
    if (!protocols.includes(url.protocol)) return undefined;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is "anything outside ASCII"
    return /[^\x00-\x7f]/.test(value) ? url.href : value;
  } catch {
    return undefined;
  }
}

/** Left out when undefined, so that exported records carry no nulls and no empty keys. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined => (list && list.length > 0 ? [...new Set(list)] : undefined);
export const text = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

// ── Export ─────────────────────────────────────────────────────────────────────────────────

export interface Ref {
  source: string;
  id: string;
}

/** The structure name: 3–150 characters in data·inclusion, where Relais accepts 2. */
function structureName(name: string, organisation?: Organisation): string {
  const own = name.trim();
  const full = own.length >= 3 ? own : `${organisation?.name.trim() ?? 'Lieu'} – ${own}`;
  return full.length > 150 ? `${full.slice(0, 149)}…` : full;
}

/** The later of ISO instants (they sort as text). */
const latest = (...instants: Array<string | undefined>): string =>
  instants
    .filter((v): v is string => Boolean(v))
    .sort()
    .at(-1) ?? '';

/**
 * The directory as a data·inclusion v1 file. A service belongs to the structure of its site, else
 * of its organisation's first site (by id), else of its organisation; its place's address goes
 * with it when it has a site. A free-text accessibility is left out (the schema wants an
 * Accesslibre link), and so are the lists the schema refuses empty.
 */
export function toDataInclusion(all: DirectorySnapshot, opts: ExportOptions): DataInclusionPayload {
  const snapshot = publishedSnapshot(all, opts);
  const relaisSource = `relais-${opts.departement}`;
  const relaisRef = (ulid: string): Ref => ({ source: relaisSource, id: `${relaisSource}--${ulid}` });
  const refOf = (record: { id: string; origin?: Ref }): Ref => record.origin ?? relaisRef(record.id);

  const organisations = new Map(snapshot.organisations.map((o) => [o.id, o]));
  const sites = new Map(snapshot.sites.map((s) => [s.id, s]));
  const sitesOf = new Map<string, Site[]>();
  for (const site of snapshot.sites) sitesOf.set(site.organisationId, [...(sitesOf.get(site.organisationId) ?? []), site]);
  for (const list of sitesOf.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const organisationFields = (o: Organisation | undefined) => ({
    siret: o?.siret,
    description: o?.description && o.description.trim().length >= 5 ? o.description.trim() : undefined,
    site_web: webUri(o?.website),
    reseaux_porteurs: o ? [o.type] : undefined,
  });

  const locality = (site: Site) => {
    const parts = splitAddress(site.address);
    return {
      adresse: parts.street,
      commune: opts.communeName?.(site.communeCode) ?? parts.commune,
      code_postal: site.postalCode ?? parts.postalCode,
      code_insee: site.communeCode,
      latitude: site.location?.lat,
      longitude: site.location?.lon,
    };
  };

  const siteStructure = (site: Site): DiStructure => {
    const organisation = organisations.get(site.organisationId);
    const { source, id } = refOf(site);
    const { siret, description, site_web, reseaux_porteurs } = organisationFields(organisation);
    return compact<DiStructure>({
      source,
      id,
      nom: structureName(site.name, organisation),
      date_maj: parisDate(latest(site.updatedAt, organisation?.updatedAt)),
      siret,
      description,
      ...locality(site),
      telephone: site.phone,
      courriel: site.email,
      site_web,
      accessibilite_lieu: webUri(site.accessibility),
      horaires_accueil: text(site.openingHours),
      reseaux_porteurs,
      relais_accueil_inconditionnel: site.unconditionalReception,
    });
  };

  const organisationStructure = (organisation: Organisation): DiStructure => {
    const { source, id } = refOf(organisation);
    return compact<DiStructure>({
      source,
      id,
      nom: structureName(organisation.name),
      date_maj: parisDate(organisation.updatedAt),
      ...organisationFields(organisation),
    });
  };

  const structures: DiStructure[] = [];
  for (const organisation of snapshot.organisations) {
    const own = sitesOf.get(organisation.id);
    if (own) structures.push(...own.map(siteStructure));
    else structures.push(organisationStructure(organisation));
  }
  for (const site of snapshot.sites) if (!organisations.has(site.organisationId)) structures.push(siteStructure(site));

  const structureIdOf = (service: Service): string => {
    const site = service.siteId ? sites.get(service.siteId) : undefined;
    if (site) return refOf(site).id;
    const first = sitesOf.get(service.organisationId)?.[0];
    if (first) return refOf(first).id;
    const organisation = organisations.get(service.organisationId);
    return organisation ? refOf(organisation).id : relaisRef(service.organisationId).id;
  };

  const services = snapshot.services.map((service): DiService => {
    const { source, id } = refOf(service);
    const site = service.siteId ? sites.get(service.siteId) : undefined;
    return compact<DiService>({
      source,
      structure_id: structureIdOf(service),
      id,
      nom: service.name,
      description: service.description,
      date_maj: parisDate(service.updatedAt),
      type: service.type,
      thematiques: nonEmpty(expandThemes(service.themes)),
      publics: nonEmpty(service.publics),
      publics_precisions: text(service.publicsDetails),
      modes_accueil: nonEmpty(service.receptionModes),
      modes_mobilisation: nonEmpty(service.mobilisationModes),
      mobilisable_par: nonEmpty(service.mobilisableBy),
      mobilisation_precisions: text(service.mobilisationDetails),
      lien_mobilisation: webUri(service.mobilisationLink),
      frais: service.fees,
      frais_precisions: text(service.feesDetails),
      conditions_acces: text(service.accessConditions),
      zone_eligibilite: nonEmpty(service.eligibilityZone),
      ...(site ? locality(site) : {}),
      telephone: service.phone,
      courriel: service.email,
      contact_nom_prenom: text(service.contactName),
      horaires_accueil: text(service.openingHours),
      volume_horaire_hebdomadaire: service.weeklyHours,
    });
  });

  return { structures, services };
}
