/**
 * data·inclusion v1 into the directory (the records and the export: `data-inclusion.ts`).
 *
 * The import side only parses: each row is checked on its own — first against the official
 * schema's required fields and patterns, then against our own zod schemas — and a bad row is set
 * aside with every reason, in French, under the data·inclusion field name. Storing is the use
 * case's business. Phones and opening hours are checked with their readers (the numbering
 * plans; our OSM hours reader, ADR 0058), loaded here and not by the export (ADR 0054).
 */
import type * as z from 'zod';
import { frenchMessage as kernelFrenchMessage, own } from '../../../shared/errors/field-messages';
import { ORGANISATION_KINDS } from '../../../shared/reference/data-inclusion-codes';
import { DATE_RANGE_MESSAGE, MIN_DATE } from '../../../shared/validation/common.schema';
import {
  type CreateOrganisationInput,
  CreateOrganisationSchema,
  type CreateServiceInput,
  CreateServiceSchema,
  type CreateSiteInput,
  CreateSiteSchema,
} from '../domain/directory.schema';
// Imported for its effect too: it installs the opening hours syntax check into OpeningHoursSchema.
import '../../../shared/validation/phone.check';
import { normalisePhone } from '../../../shared/validation/phone';
import { checkOpeningHours } from '../domain/opening-hours.check';
import { directoryErrors } from '../errors';
import { compact, PREMIER_ACCUEIL_KINDS, type Ref, text, webUri } from './data-inclusion';

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

/** The official `format: uri`: an absolute URI, whatever its scheme. */
function isUri(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    return /^[a-z][a-z0-9+.-]*:$/i.test(new URL(value).protocol);
  } catch {
    return false;
  }
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
