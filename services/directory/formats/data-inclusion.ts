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
 * The import side only parses: each row is checked on its own — first against the official
 * schema's required fields and patterns, then against our own zod schemas — and a bad row is set
 * aside with every reason, in French, under the data·inclusion field name. Storing is the use
 * case's business.
 */
import type * as z from 'zod';
import { frenchMessage as kernelFrenchMessage, own } from '../../../shared/errors/field-messages';
import { ORGANISATION_KINDS, THEME_CATEGORIES, THEME_CODES } from '../../../shared/reference/data-inclusion-codes';
import { DATE_RANGE_MESSAGE, MIN_DATE } from '../../../shared/validation/common.schema';
import {
  type CreateOrganisationInput,
  CreateOrganisationSchema,
  type CreateServiceInput,
  CreateServiceSchema,
  type CreateSiteInput,
  CreateSiteSchema,
  type Organisation,
  type Service,
  type Site,
} from '../domain/directory.schema';
// Imported for its effect too: it installs the opening_hours syntax check into OpeningHoursSchema.
import '../../../shared/validation/phone.check';
import { normalisePhone } from '../../../shared/validation/phone';
import { checkOpeningHours } from '../domain/opening-hours.check';
import { directoryErrors } from '../errors';

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

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Paris calendar day (`YYYY-MM-DD`) of an ISO instant: `date_maj` is a French working day. */
export function parisDate(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant.slice(0, 10) : PARIS_DAY.format(date);
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

/** Overseas numbers share the French 10-digit national format but have their own country code. */
const OVERSEAS_PREFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^0(590|690|691)/, '+590'], // Guadeloupe, Saint-Martin, Saint-Barthélemy
  [/^0(594|694)/, '+594'], // Guyane
  [/^0(596|696|697)/, '+596'], // Martinique
  [/^0(262|263|269|639|692|693)/, '+262'], // La Réunion, Mayotte
  [/^0508/, '+508'], // Saint-Pierre-et-Miquelon
];

/**
 * A phone number as people write it in France ("05 65 38 98 17", "05.65.38.98.17",
 * "+33 (0)5 65 38 98 17", "0033 5 65…") in E.164 ("+33565389817"); undefined when it is not one
 * number in a known form (short numbers such as 3949, two numbers in one field…). The one rule
 * of every form (shared/validation/phone.ts, numbering plans installed by phone.check.ts).
 */
export function toE164(raw: string): string | undefined {
  const typed = raw.trim().replace(/\(0\)/g, '');
  const found = normalisePhone(typed);
  if (found) return found;
  // A national number of another overseas plan than the département's (a national file).
  const national = typed.replace(/[\s.\-/()\u00a0\u202f]/g, '');
  const overseas = /^0[1-9]\d{8}$/.test(national) ? OVERSEAS_PREFIXES.find(([prefix]) => prefix.test(national)) : undefined;
  return overseas ? normalisePhone(`${overseas[1]}${national.slice(1)}`) : undefined;
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

/** The official `format: uri`: an absolute URI, whatever its scheme. */
function isUri(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    return /^[a-z][a-z0-9+.-]*:$/i.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Left out when undefined, so that exported records carry no nulls and no empty keys. */
function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined => (list && list.length > 0 ? [...new Set(list)] : undefined);
const text = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

// ── Export ─────────────────────────────────────────────────────────────────────────────────

interface Ref {
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

// ── Import ─────────────────────────────────────────────────────────────────────────────────

export interface ImportReason {
  /** Where the problem is, under the data·inclusion field name: `structures[3].siret`. */
  path: string;
  message: string;
}

export interface StructureRow {
  index: number;
  origin: { source: string; id: string };
  organisation: CreateOrganisationInput;
  /** Present when the structure has a `code_insee`: it is a place. */
  site?: Omit<CreateSiteInput, 'organisationId'>;
}

export interface ServiceRow {
  index: number;
  origin: { source: string; id: string };
  /** The structure the service belongs to: in this batch, or already in the directory. */
  structureOrigin: { source: string; id: string };
  service: Omit<CreateServiceInput, 'organisationId' | 'siteId'>;
}

export interface RejectedRow {
  kind: 'structure' | 'service';
  index: number;
  source?: string;
  id?: string;
  reasons: ImportReason[];
}

export interface DataInclusionBatch {
  structures: StructureRow[];
  services: ServiceRow[];
  rejected: RejectedRow[];
}

/** Our schemas want an organisation id; the use case sets the real one. */
const PLACEHOLDER_ID = '00000000000000000000000000';

type Row = Record<string, unknown>;
const isRecord = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

// The official schema's `format: email` (as ajv-formats checks it).
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Reads the fields of one row, writing a French reason for each one that breaks the official schema. */
class RowReader {
  readonly reasons: ImportReason[] = [];

  constructor(
    private readonly row: Row,
    private readonly prefix: string,
  ) {}

  path(field: string): string {
    return `${this.prefix}.${field}`;
  }

  fail(field: string, message: string): undefined {
    this.reasons.push({ path: this.path(field), message });
    return undefined;
  }

  has(field: string): boolean {
    return this.row[field] !== undefined && this.row[field] !== null;
  }

  text(
    field: string,
    rule: { required?: boolean; min?: number; max?: number; pattern?: RegExp; message?: string } = {},
  ): string | undefined {
    const value = this.row[field];
    if (value === undefined || value === null) return rule.required ? this.fail(field, 'Champ obligatoire') : undefined;
    if (typeof value !== 'string') return this.fail(field, 'Texte attendu');
    if (rule.required && !value.trim()) return this.fail(field, 'Champ obligatoire');
    if (rule.min !== undefined && value.length < rule.min) {
      return this.fail(field, rule.max !== undefined ? `Entre ${rule.min} et ${rule.max} caractères` : `Au moins ${rule.min} caractères`);
    }
    if (rule.max !== undefined && value.length > rule.max) return this.fail(field, `Au plus ${rule.max} caractères`);
    if (rule.pattern && !rule.pattern.test(value)) return this.fail(field, rule.message ?? 'Format invalide');
    return value;
  }

  date(field: string): string | undefined {
    const value = this.text(field, { required: true });
    if (value === undefined) return undefined;
    if (!isIsoDate(value)) return this.fail(field, 'Date attendue au format AAAA-MM-JJ (ex. 2025-02-14)');
    return value >= MIN_DATE ? value : this.fail(field, DATE_RANGE_MESSAGE);
  }

  uri(field: string): string | undefined {
    const value = this.text(field, { min: 1, max: 2083 });
    if (value === undefined) return undefined;
    return isUri(value) ? value : this.fail(field, 'Adresse web invalide (ex. https://exemple.fr)');
  }

  email(field: string): string | undefined {
    return this.text(field, { pattern: EMAIL, message: 'Adresse électronique invalide' });
  }

  number(field: string, rule: { min?: number; integer?: boolean } = {}): number | undefined {
    const value = this.row[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(field, 'Nombre attendu');
    if (rule.integer && !Number.isInteger(value)) return this.fail(field, 'Nombre entier attendu');
    if (rule.min !== undefined && value < rule.min) return this.fail(field, `Valeur minimale : ${rule.min}`);
    return value;
  }

  boolean(field: string): boolean | undefined {
    const value = this.row[field];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'boolean' ? value : this.fail(field, 'Vrai ou faux attendu (true, false)');
  }

  list(field: string, rule: { minItems?: number; unique?: boolean } = {}): string[] | undefined {
    const value = this.row[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) return this.fail(field, 'Liste attendue');
    const bad = value.findIndex((item) => typeof item !== 'string');
    if (bad >= 0) return this.fail(`${field}[${bad}]`, 'Texte attendu');
    if (rule.minItems && value.length < rule.minItems)
      return this.fail(field, rule.minItems > 1 ? `Au moins ${rule.minItems} éléments` : 'Au moins un élément');
    if (rule.unique !== false && new Set(value).size !== value.length) return this.fail(field, 'Valeurs en double');
    return value as string[];
  }

  phone(field: string): string | undefined {
    const value = this.text(field);
    if (!value?.trim()) return undefined;
    return (
      toE164(value) ??
      this.fail(field, 'Numéro de téléphone non reconnu : un seul numéro est attendu, ex. « 05 65 00 00 00 » ou « +33565000000 »')
    );
  }

  hours(field: string): string | undefined {
    const value = this.text(field);
    if (!value?.trim()) return undefined;
    const problem = checkOpeningHours(value.trim());
    return problem ? this.fail(field, problem) : value.trim();
  }

  /** The issues of one of our zod schemas, under the data·inclusion names; a field already explained is not repeated. */
  zodIssues(error: z.ZodError, fields: Readonly<Record<string, string>>, input: unknown): void {
    const known = new Set(this.reasons.map((r) => r.path));
    for (const issue of error.issues) {
      const keys = issue.path.map(String);
      const [head, ...rest] = keys;
      // `location.lat` has a name of its own; elsewhere the field's name, then the list positions.
      const field =
        fields[keys.join('.')] ??
        `${fields[head] ?? head}${rest
          .filter((k) => /^\d+$/.test(k))
          .map((k) => `[${k}]`)
          .join('')}`;
      const path = head === undefined ? this.prefix : this.path(field);
      const base = head === undefined ? this.prefix : this.path(fields[keys.join('.')] ?? fields[head] ?? head);
      if (known.has(path) || known.has(base)) continue;
      known.add(path);
      this.reasons.push({ path, message: frenchMessage(issue, valueAt(input, issue.path)) });
    }
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * The kernel's French field messages (ADR 0018), plus the value itself where it helps the
 * coordinator find the line in their own file (an unknown code, a rule of a nested field).
 */
function frenchMessage(issue: z.core.$ZodIssue, value: unknown): string {
  const shown = typeof value === 'string' && value.length <= 80 ? ` : « ${value} »` : '';
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'Champ obligatoire' : kernelFrenchMessage(issue);
    case 'invalid_value':
      return `${own(issue) ?? 'Valeur inconnue'}${shown}`;
    case 'custom':
      return `${kernelFrenchMessage(issue)}${issue.path.length > 1 ? shown : ''}`;
    default:
      return kernelFrenchMessage(issue);
  }
}

const ORGANISATION_FIELDS = { name: 'nom', type: 'reseaux_porteurs', siret: 'siret', website: 'site_web', description: 'description' };
const SITE_FIELDS = {
  name: 'nom',
  address: 'adresse',
  communeCode: 'code_insee',
  postalCode: 'code_postal',
  location: 'latitude',
  'location.lat': 'latitude',
  'location.lon': 'longitude',
  openingHours: 'horaires_accueil',
  phone: 'telephone',
  email: 'courriel',
  unconditionalReception: 'relais_accueil_inconditionnel',
};
const SERVICE_FIELDS = {
  name: 'nom',
  description: 'description',
  type: 'type',
  themes: 'thematiques',
  publics: 'publics',
  publicsDetails: 'publics_precisions',
  receptionModes: 'modes_accueil',
  mobilisationModes: 'modes_mobilisation',
  mobilisableBy: 'mobilisable_par',
  mobilisationLink: 'lien_mobilisation',
  mobilisationDetails: 'mobilisation_precisions',
  fees: 'frais',
  feesDetails: 'frais_precisions',
  accessConditions: 'conditions_acces',
  eligibilityZone: 'zone_eligibilite',
  phone: 'telephone',
  email: 'courriel',
  contactName: 'contact_nom_prenom',
  openingHours: 'horaires_accueil',
  weeklyHours: 'volume_horaire_hebdomadaire',
};

const INSEE = { pattern: /^\w{5}$/, message: 'Code commune INSEE à 5 caractères (ex. 46042)' };
const POSTAL = { pattern: /^\d{5}$/, message: 'Code postal à 5 chiffres' };

/** The one-line address Relais keeps: street, complement, then postal code and town. */
function composeAddress(adresse?: string, complement?: string, postalCode?: string, commune?: string): string {
  const street = [adresse, complement]
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(', ');
  const town = [postalCode, commune?.trim()].filter(Boolean).join(' ');
  // Some producers already end `adresse` with the postal code and town.
  if (!town || (postalCode && street.includes(postalCode))) return street || town;
  return [street, town].filter(Boolean).join(', ');
}

function parseStructure(row: unknown, index: number): StructureRow | RejectedRow {
  const prefix = `structures[${index}]`;
  if (!isRecord(row)) return { kind: 'structure', index, reasons: [{ path: prefix, message: 'Objet JSON attendu' }] };
  const r = new RowReader(row, prefix);

  // The official schema: required fields, then the patterns and formats of the optional ones.
  const source = r.text('source', { required: true });
  const id = r.text('id', { required: true });
  const nom = r.text('nom', { required: true, min: 3, max: 150 });
  r.date('date_maj');
  const siret = r.text('siret', { pattern: /^\d{14}$/, message: 'Le SIRET compte 14 chiffres' });
  const description = r.text('description', { min: 5, max: 10000 });
  const adresse = r.text('adresse');
  const complement = r.text('complement_adresse');
  const commune = r.text('commune');
  const postalCode = r.text('code_postal', POSTAL);
  const communeCode = r.text('code_insee', INSEE);
  const latitude = r.number('latitude');
  const longitude = r.number('longitude');
  const phone = r.phone('telephone');
  const email = r.email('courriel');
  const website = r.uri('site_web');
  r.uri('lien_source');
  r.uri('accessibilite_lieu');
  const hours = r.hours('horaires_accueil');
  const networks = r.list('reseaux_porteurs');
  const unconditional = r.boolean('relais_accueil_inconditionnel');

  // Relais needs a kind it knows: the first réseau porteur on its list.
  const type = networks?.find((n) => ORGANISATION_KINDS.has(n));
  if (!type && !r.reasons.some((reason) => reason.path === r.path('reseaux_porteurs'))) {
    r.fail(
      'reseaux_porteurs',
      networks?.length
        ? `Aucun réseau porteur connu de Relais parmi « ${networks.join(', ')} » (liste data·inclusion, ex. france-service, ccas-cias, departements)`
        : 'Réseau porteur obligatoire pour Relais : il donne le type de structure (ex. france-service, ccas-cias, departements)',
    );
  }

  const organisationInput = compact({
    name: nom?.trim(),
    type,
    siret,
    website: webUri(website, ['https:']),
    description: description?.trim(),
  });
  const organisation = CreateOrganisationSchema.safeParse(organisationInput);
  if (!organisation.success) r.zodIssues(organisation.error, ORGANISATION_FIELDS, organisationInput);

  let site: StructureRow['site'];
  if (r.has('code_insee')) {
    const address = composeAddress(adresse, complement, postalCode, commune);
    if (!address)
      r.fail('adresse', 'Adresse obligatoire pour un lieu d’accueil (une structure avec code_insee) : adresse, code postal ou commune');
    const siteInput = compact({
      organisationId: PLACEHOLDER_ID,
      name: nom?.trim(),
      address,
      communeCode,
      postalCode,
      location: latitude !== undefined && longitude !== undefined ? { lat: latitude, lon: longitude } : undefined,
      openingHours: hours,
      phone,
      email,
      unconditionalReception: unconditional ?? (type ? PREMIER_ACCUEIL_KINDS.has(type) : undefined),
      themes: [],
      accessibility: '',
    });
    const parsed = CreateSiteSchema.safeParse(siteInput);
    if (parsed.success) {
      const { organisationId: _placeholder, ...rest } = parsed.data;
      site = rest;
    } else {
      r.zodIssues(parsed.error, SITE_FIELDS, siteInput);
    }
  }

  if (r.reasons.length > 0 || !organisation.success || source === undefined || id === undefined) {
    return { kind: 'structure', index, ...compact({ source, id }), reasons: r.reasons };
  }
  return compact({ index, origin: { source, id }, organisation: organisation.data, site });
}

function parseService(row: unknown, index: number): ServiceRow | RejectedRow {
  const prefix = `services[${index}]`;
  if (!isRecord(row)) return { kind: 'service', index, reasons: [{ path: prefix, message: 'Objet JSON attendu' }] };
  const r = new RowReader(row, prefix);

  const source = r.text('source', { required: true });
  const structureId = r.text('structure_id', { required: true });
  const id = r.text('id', { required: true });
  const nom = r.text('nom', { required: true, min: 3, max: 150 });
  const description = r.text('description', { required: true, min: 5, max: 10000 });
  r.date('date_maj');
  const type = r.text('type');
  const themes = r.list('thematiques');
  const publics = r.list('publics', { minItems: 1 });
  const publicsDetails = r.text('publics_precisions');
  const receptionModes = r.list('modes_accueil');
  const mobilisationModes = r.list('modes_mobilisation', { minItems: 1 });
  const mobilisableBy = r.list('mobilisable_par', { minItems: 1 });
  const mobilisationDetails = r.text('mobilisation_precisions');
  const mobilisationLink = r.uri('lien_mobilisation');
  r.uri('lien_source');
  const fees = r.text('frais');
  const feesDetails = r.text('frais_precisions');
  const accessConditions = r.text('conditions_acces');
  const eligibilityZone = r.list('zone_eligibilite', { minItems: 1, unique: false });
  for (const field of ['adresse', 'complement_adresse', 'commune']) r.text(field);
  r.text('code_postal', POSTAL);
  r.text('code_insee', INSEE);
  r.number('latitude');
  r.number('longitude');
  const phone = r.phone('telephone');
  const email = r.email('courriel');
  const contactName = r.text('contact_nom_prenom');
  const hours = r.hours('horaires_accueil');
  const weeklyHours = r.number('volume_horaire_hebdomadaire', { min: 0 });
  r.number('nombre_semaines', { min: 1, integer: true });

  const serviceInput = compact({
    organisationId: PLACEHOLDER_ID,
    name: nom?.trim(),
    description: description?.trim(),
    type,
    themes,
    publics,
    publicsDetails: text(publicsDetails),
    receptionModes,
    mobilisationModes,
    mobilisableBy,
    mobilisationLink: webUri(mobilisationLink, ['https:']),
    mobilisationDetails: text(mobilisationDetails),
    fees,
    feesDetails: text(feesDetails),
    accessConditions: text(accessConditions),
    eligibilityZone,
    phone,
    email,
    contactName: text(contactName),
    openingHours: hours,
    weeklyHours,
  });
  const parsed = CreateServiceSchema.safeParse(serviceInput);
  if (!parsed.success) r.zodIssues(parsed.error, SERVICE_FIELDS, serviceInput);

  if (r.reasons.length > 0 || !parsed.success || source === undefined || id === undefined || structureId === undefined) {
    return { kind: 'service', index, ...compact({ source, id }), reasons: r.reasons };
  }
  const { organisationId: _placeholder, siteId: _site, ...service } = parsed.data;
  return { index, origin: { source, id }, structureOrigin: { source, id: structureId }, service };
}

function partOf(payload: Row, part: 'structures' | 'services', errors: ImportReason[]): unknown[] {
  const value = payload[part];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  errors.push({ path: `body.${part}`, message: `Liste attendue : « ${part} » doit être un tableau JSON` });
  return [];
}

const isRejected = (row: StructureRow | ServiceRow | RejectedRow): row is RejectedRow => 'reasons' in row;

/**
 * Parses a data·inclusion v1 payload `{ structures, services }` (either may be missing). Throws a
 * ValidationError only when the payload itself has not that shape; a bad row never throws: it is
 * returned in `rejected` with all its reasons.
 */
export function parseDataInclusion(payload: unknown): DataInclusionBatch {
  if (!isRecord(payload)) {
    throw directoryErrors.error('import.not-data-inclusion', {
      errors: [{ path: 'body', message: 'Objet JSON attendu : { "structures": [...], "services": [...] } (format data·inclusion v1)' }],
    });
  }
  const errors: ImportReason[] = [];
  const structureRows = partOf(payload, 'structures', errors);
  const serviceRows = partOf(payload, 'services', errors);
  if (errors.length > 0) throw directoryErrors.error('import.not-data-inclusion', { errors });

  const batch: DataInclusionBatch = { structures: [], services: [], rejected: [] };
  const seen = new Map<string, string>();
  // The same record twice in one file would be written twice: the second one is set aside.
  const duplicate = (kind: string, index: number, origin: Ref): ImportReason[] => {
    const key = `${kind}\u0000${origin.source}\u0000${origin.id}`;
    const first = seen.get(key);
    if (first) return [{ path: `${kind}[${index}].id`, message: `Identifiant déjà présent dans ce fichier (${first})` }];
    seen.set(key, `${kind}[${index}]`);
    return [];
  };

  structureRows.forEach((row, index) => {
    const parsed = parseStructure(row, index);
    const reasons = isRejected(parsed) ? [] : duplicate('structures', index, parsed.origin);
    if (isRejected(parsed)) batch.rejected.push(parsed);
    else if (reasons.length) batch.rejected.push({ kind: 'structure', index, ...parsed.origin, reasons });
    else batch.structures.push(parsed);
  });
  serviceRows.forEach((row, index) => {
    const parsed = parseService(row, index);
    const reasons = isRejected(parsed) ? [] : duplicate('services', index, parsed.origin);
    if (isRejected(parsed)) batch.rejected.push(parsed);
    else if (reasons.length) batch.rejected.push({ kind: 'service', index, ...parsed.origin, reasons });
    else batch.services.push(parsed);
  });
  return batch;
}
