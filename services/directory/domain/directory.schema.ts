import { ARTICLES } from '../../../shared/text/french';
import * as z from 'zod';
import {
  FRAIS_CODES,
  MODE_ACCUEIL_CODES,
  MODE_MOBILISATION_CODES,
  ORGANISATION_KINDS,
  PERSONNE_MOBILISATRICE_CODES,
  PUBLIC_CODES,
  SERVICE_TYPE_CODES,
  THEME_IDS,
} from '../../../shared/reference/data-inclusion-codes';
import {
  CommuneCodeSchema,
  E164PhoneSchema,
  EmailSchema,
  HttpsUrlSchema,
  IdSchema,
  IsoDateSchema,
  LocationSchema,
  PageQuerySchema,
  QueryBooleanSchema,
  VersionSchema,
  pageOf,
} from '../../../shared/validation/common.schema';
import { PhoneInputSchema } from '../../../shared/validation/phone';
import { openingHoursProblem } from './opening-hours';
import { isValidSiret } from './siret';

export const OrganisationKindSchema = z
  .string()
  .refine((v) => ORGANISATION_KINDS.has(v), { message: 'Type de structure inconnu (liste data·inclusion « réseaux porteurs »)' });

export const ThemeSchema = z.string().refine((v) => THEME_IDS.has(v), { message: 'Thématique inconnue (liste data·inclusion)' });

export const SiretSchema = z
  .string()
  .regex(/^\d{14}$/, 'Le SIRET compte 14 chiffres')
  .refine(isValidSiret, { message: 'SIRET invalide (clé de contrôle)' });

export const CharterSchema = z.strictObject({
  signedOn: IsoDateSchema,
  commitments: z.array(z.string().trim().min(1).max(500)).max(50),
});

export const NotificationSchema = z.strictObject({
  email: EmailSchema.optional(),
  sms: E164PhoneSchema.optional(),
  webhookUrl: HttpsUrlSchema.optional(),
});

/** A professional contact of the organisation (work details only; never shown on the public map). */
export const ContactSchema = z.strictObject({
  name: z.string().trim().min(2).max(120),
  role: z.string().trim().max(120).optional(),
  email: EmailSchema.optional(),
  phone: E164PhoneSchema.optional(),
});

/** What an editor types: phones in national or international form, stored in E.164 (shared/validation/phone.ts). */
const NotificationInputSchema = NotificationSchema.extend({ sms: PhoneInputSchema.optional() });
const ContactInputSchema = ContactSchema.extend({ phone: PhoneInputSchema.optional() });

/** Where an imported record comes from (data·inclusion `source` + `id`): the key of an upsert. */
export const OriginSchema = z.strictObject({
  source: z.string().trim().min(1).max(100),
  id: z.string().trim().min(1).max(200),
});
export type Origin = z.infer<typeof OriginSchema>;

/** OpenStreetMap `opening_hours` syntax, checked where hours are written (opening-hours.check.ts, ADR 0058). */
export const OpeningHoursSchema = z
  .string()
  .trim()
  .max(500)
  .superRefine((value, ctx) => {
    const problem = value ? openingHoursProblem(value) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * The article the organisation's name takes in generated French (« la CAF du Lot », « l’UDAF »,
 * « les Restos du Cœur »); `''`: none (« France Travail ») (ADR 0028).
 */
export const ArticleSchema = z.enum(ARTICLES);

/**
 * Where the organisation's appointments are booked (ADR 0042): Relais' own book (the
 * availability its sites publish here), or its agenda on an RDV-Service-Public instance. The API
 * key is never given here: only the NAME of the secret that holds it (Secrets Manager
 * `relais/<stage>/rdvsp/<name>` on AWS, the appointments setting RELAIS_RDVSP_TOKENS locally).
 */
export const AppointmentBookChoiceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('relais') }),
    z.strictObject({
      kind: z.literal('rdv-service-public'),
      /** The instance, e.g. https://rdv.anct.gouv.fr (HTTPS, no path). */
      baseUrl: HttpsUrlSchema.refine((v) => /^https:\/\/[^/?#]+\/?$/.test(v), {
        message: 'Adresse de l’instance attendue, sans chemin (ex. https://rdv.anct.gouv.fr)',
      }),
      /** The organisation's reference in that instance (its id there), for the people who set it up. */
      organisationRef: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Référence de la structure dans RDV-Service-Public : lettres, chiffres, - ou _ (64 au plus)'),
      /** The NAME of the secret holding the API key, never the key. */
      tokenSecretName: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Nom du secret : minuscules, chiffres et tirets (2 à 63), jamais la clé elle-même'),
    }),
  ],
  { error: 'Agenda de rendez-vous : « relais » ou « rdv-service-public »' },
);
export type AppointmentBookChoice = z.infer<typeof AppointmentBookChoiceSchema>;

const organisationFields = {
  name: z.string().trim().min(2).max(150),
  article: ArticleSchema.optional(),
  type: OrganisationKindSchema,
  siret: SiretSchema.optional(),
  charter: CharterSchema.optional(),
  networkMember: z.boolean(),
  notification: NotificationSchema,
  contacts: z.array(ContactSchema).max(20),
  website: HttpsUrlSchema.optional(),
  description: z.string().trim().max(5000).optional(),
  /** Where its appointments are booked (ADR 0042); absent: Relais' own book. Coordination only. */
  appointmentBook: AppointmentBookChoiceSchema.optional(),
};

const organisationInputFields = {
  ...organisationFields,
  notification: NotificationInputSchema,
  contacts: z.array(ContactInputSchema).max(20),
};

export const CreateOrganisationSchema = z.strictObject({
  ...organisationInputFields,
  networkMember: organisationFields.networkMember.default(true),
  notification: organisationInputFields.notification.default({}),
  contacts: organisationInputFields.contacts.default([]),
});
export type CreateOrganisationInput = z.infer<typeof CreateOrganisationSchema>;

/**
 * A PATCH body: every field optional; an optional field set to `null` is removed (a SIRET
 * typed by mistake, a phone number that no longer exists).
 */
function patchOf<S extends z.ZodRawShape, K extends keyof S & string>(shape: S, clearable: readonly K[]) {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    out[key] = (clearable as readonly string[]).includes(key)
      ? (schema as z.ZodType).nullable().optional()
      : (schema as z.ZodType).optional();
  }
  return out as { [P in keyof S]: P extends K ? z.ZodOptional<z.ZodNullable<S[P]>> : z.ZodOptional<S[P]> };
}

/** Drop the fields a PATCH cleared (`null`) from the record it produced. */
export function withoutCleared<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null)) as T;
}

export const PatchOrganisationSchema = z.strictObject({
  ...patchOf(organisationInputFields, ['article', 'siret', 'charter', 'website', 'description', 'appointmentBook']),
  version: VersionSchema,
});

export type PatchOrganisationInput = z.infer<typeof PatchOrganisationSchema>;

export const OrganisationSchema = z.object({
  id: IdSchema,
  ...organisationFields,
  /** True once a webhook signing secret exists (the secret itself is shown only when created). */
  webhookSecretSet: z.boolean(),
  origin: OriginSchema.optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

export const ListOrganisationsQuerySchema = PageQuerySchema.extend({
  type: OrganisationKindSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
}).strict();

const siteFields = {
  organisationId: IdSchema,
  name: z.string().trim().min(2).max(150),
  address: z.string().trim().min(3).max(300),
  communeCode: CommuneCodeSchema,
  location: LocationSchema,
  openingHours: OpeningHoursSchema,
  unconditionalReception: z.boolean(),
  /** Shown on the public map (the State indicator counts the reception points that are). */
  onPublicMap: z.boolean(),
  themes: z.array(ThemeSchema).max(80),
  accessibility: z.string().trim().max(1000),
  postalCode: z
    .string()
    .regex(/^\d{5}$/, 'Code postal à 5 chiffres')
    .optional(),
  phone: E164PhoneSchema.optional(),
  email: EmailSchema.optional(),
};

/** A site without coordinates is geocoded (Amazon Location on AWS, the commune's centre locally). */
const siteInputFields = { ...siteFields, phone: PhoneInputSchema.optional() };

export const CreateSiteSchema = z.strictObject({
  ...siteInputFields,
  location: siteFields.location.optional(),
  onPublicMap: siteFields.onPublicMap.default(true),
  openingHours: siteFields.openingHours.default(''),
  unconditionalReception: siteFields.unconditionalReception.default(false),
  themes: siteFields.themes.default([]),
  accessibility: siteFields.accessibility.default(''),
});
export type CreateSiteInput = z.infer<typeof CreateSiteSchema>;

const { organisationId: _siteOrganisation, ...editableSiteFields } = siteInputFields;
export const PatchSiteSchema = z.strictObject({
  ...patchOf(editableSiteFields, ['postalCode', 'phone', 'email']),
  version: VersionSchema,
});
export type PatchSiteInput = z.infer<typeof PatchSiteSchema>;

/** When an entry was last verified and is due for review again (absent on entries written before freshness). */
const verificationFields = {
  lastVerifiedAt: z.string().optional(),
  reviewDueAt: z.string().optional(),
};
export const QualitySchema = z.object({ score: z.number().int().min(0).max(100), missing: z.array(z.string()) });
/** What a read answers about freshness (domain/freshness.ts): never stored, computed at read time. */
const freshnessFields = {
  lastVerifiedAt: z.string(),
  reviewDueAt: z.string(),
  /** Past due by more than 60 days: « information à vérifier ». */
  toVerify: z.boolean(),
  quality: QualitySchema,
};

export const LocationSourceSchema = z.enum(['provided', 'amazon-location', 'commune-centre']);

/**
 * Whether the public map may show a site (moderation): a site created or made public by a
 * partner waits for the coordinator's approval; absent on entries written before moderation
 * (they were shown: approved).
 */
export const PublicationSchema = z.enum(['pending', 'approved', 'rejected']);
export type Publication = z.infer<typeof PublicationSchema>;

export const RejectSiteSchema = z.strictObject({
  reason: z.string().trim().min(3, 'Indiquez la raison en quelques mots').max(1000),
});

/** A site as stored. */
export const StoredSiteSchema = z.object({
  id: IdSchema,
  ...siteFields,
  locationSource: LocationSourceSchema,
  publication: PublicationSchema.optional(),
  /** Why the coordinator refused to show it (read by the partner). */
  rejectionReason: z.string().optional(),
  ...verificationFields,
  /** The place closed (said by its partner from a review link): off the public map, never deleted. */
  closedAt: z.string().optional(),
  origin: OriginSchema.optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof StoredSiteSchema>;

/** A site as answered: what is stored plus "open now" and the next opening, computed at read time. */
export const SiteSchema = StoredSiteSchema.extend({
  publication: PublicationSchema,
  ...freshnessFields,
  openNow: z.boolean().nullable(),
  nextOpening: z.string().nullable(),
  closesAt: z.string().nullable(),
});
export type SiteView = z.infer<typeof SiteSchema>;

export const ListSitesQuerySchema = PageQuerySchema.extend({
  commune: CommuneCodeSchema.optional(),
  theme: ThemeSchema.optional(),
  unconditional: QueryBooleanSchema.optional(),
  organisationId: IdSchema.optional(),
}).strict();

export const IdParamsSchema = z.strictObject({ id: IdSchema });

// ── Services (data·inclusion v1 service model, camelCase) ──────────────────────────────────
const oneOf = (codes: readonly string[], message: string) => z.enum(codes as [string, ...string[]], { message });

const serviceFields = {
  organisationId: IdSchema,
  /** Where the service is delivered; absent: at the organisation's sites or remotely. */
  siteId: IdSchema.optional(),
  name: z.string().trim().min(3).max(150),
  description: z.string().trim().min(5).max(10000),
  type: oneOf(SERVICE_TYPE_CODES, 'Type de service inconnu (liste data·inclusion)').optional(),
  themes: z.array(ThemeSchema).max(80),
  publics: z
    .array(oneOf(PUBLIC_CODES, 'Public inconnu (liste data·inclusion)'))
    .max(20)
    .refine((p) => !p.includes('tous-publics') || p.length === 1, { message: '« tous-publics » s’emploie seul' }),
  publicsDetails: z.string().trim().max(2000).optional(),
  receptionModes: z.array(oneOf(MODE_ACCUEIL_CODES, 'Mode d’accueil inconnu')).max(2),
  mobilisationModes: z.array(oneOf(MODE_MOBILISATION_CODES, 'Mode de mobilisation inconnu')).max(4),
  mobilisableBy: z.array(oneOf(PERSONNE_MOBILISATRICE_CODES, 'Valeur inconnue (usagers, professionnels)')).max(2),
  mobilisationLink: HttpsUrlSchema.optional(),
  mobilisationDetails: z.string().trim().max(2000).optional(),
  fees: oneOf(FRAIS_CODES, 'Frais : gratuit ou payant').optional(),
  feesDetails: z.string().trim().max(2000).optional(),
  accessConditions: z.string().trim().max(2000).optional(),
  /** Commune (5), département (2–3), EPCI SIREN (9) codes, or `france`. */
  eligibilityZone: z.array(z.string().regex(/^(\w{5}|\w{2,3}|\d{9}|france)$/, 'Code de zone invalide')).max(400),
  phone: E164PhoneSchema.optional(),
  email: EmailSchema.optional(),
  contactName: z.string().trim().max(150).optional(),
  openingHours: OpeningHoursSchema.optional(),
  weeklyHours: z.number().min(0).max(168).optional(),
};

const serviceInputFields = { ...serviceFields, phone: PhoneInputSchema.optional() };

export const CreateServiceSchema = z.strictObject({
  ...serviceInputFields,
  themes: serviceFields.themes.default([]),
  publics: serviceFields.publics.default(['tous-publics']),
  receptionModes: serviceFields.receptionModes.default(['en-presentiel']),
  mobilisationModes: serviceFields.mobilisationModes.default([]),
  mobilisableBy: serviceFields.mobilisableBy.default(['usagers', 'professionnels']),
  eligibilityZone: serviceFields.eligibilityZone.default([]),
});
export type CreateServiceInput = z.infer<typeof CreateServiceSchema>;

const { organisationId: _serviceOrganisation, ...editableServiceFields } = serviceInputFields;
export const PatchServiceSchema = z.strictObject({
  ...patchOf(editableServiceFields, [
    'siteId',
    'type',
    'publicsDetails',
    'mobilisationLink',
    'mobilisationDetails',
    'fees',
    'feesDetails',
    'accessConditions',
    'phone',
    'email',
    'contactName',
    'openingHours',
    'weeklyHours',
  ]),
  version: VersionSchema,
});
export type PatchServiceInput = z.infer<typeof PatchServiceSchema>;

export const ServiceSchema = z.object({
  id: IdSchema,
  ...serviceFields,
  ...verificationFields,
  origin: OriginSchema.optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Service = z.infer<typeof ServiceSchema>;

/** A service as answered: what is stored plus its freshness and quality. */
export const ServiceViewSchema = ServiceSchema.extend(freshnessFields);
export type ServiceView = z.infer<typeof ServiceViewSchema>;

export const ListServicesQuerySchema = PageQuerySchema.extend({
  organisationId: IdSchema.optional(),
  theme: ThemeSchema.optional(),
}).strict();
export const ServicePageSchema = pageOf(ServiceViewSchema);

// ── Network life ──────────────────────────────────────────────────────────────────────────
export const NetworkEventKindSchema = z.enum(['formation', 'immersion', 'rencontre', 'conference'], {
  message: 'Type attendu : formation, immersion, rencontre ou conference',
});

export const ParticipantSchema = z.strictObject({
  name: z.string().trim().min(2).max(120),
  organisationId: IdSchema,
});

export const CreateNetworkEventSchema = z.strictObject({
  kind: NetworkEventKindSchema,
  title: z.string().trim().min(3).max(200),
  date: IsoDateSchema,
  description: z.string().trim().max(5000).optional(),
  communeCode: CommuneCodeSchema.optional(),
  participants: z.array(ParticipantSchema).max(500).default([]),
});
export type CreateNetworkEventInput = z.infer<typeof CreateNetworkEventSchema>;

export const NetworkEventSchema = z.object({
  id: IdSchema,
  kind: NetworkEventKindSchema,
  title: z.string(),
  date: z.string(),
  description: z.string().optional(),
  communeCode: z.string().optional(),
  participants: z.array(ParticipantSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NetworkEvent = z.infer<typeof NetworkEventSchema>;

export const ListNetworkEventsQuerySchema = PageQuerySchema.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: NetworkEventKindSchema.optional(),
}).strict();
export const NetworkEventPageSchema = pageOf(NetworkEventSchema);

export const NetworkReachQuerySchema = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
/** Distinct professionals reached in a year (same name in the same organisation counts once). */
export const NetworkReachSchema = z.object({
  year: z.number().int(),
  events: z.number().int(),
  participations: z.number().int(),
  professionalsReached: z.number().int(),
  byKind: z.record(z.string(), z.object({ events: z.number().int(), professionalsReached: z.number().int() })),
});

// ── Nearest sites and coverage ────────────────────────────────────────────────────────────
export const TravelMethodSchema = z.enum(['estimate', 'amazon-location']);

export const NearestQuerySchema = z
  .strictObject({
    commune: CommuneCodeSchema.optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    limit: z.coerce.number().int().min(1).max(20).default(3),
    theme: ThemeSchema.optional(),
    unconditional: QueryBooleanSchema.optional(),
  })
  .superRefine((q, ctx) => {
    const point = q.lon !== undefined || q.lat !== undefined;
    if (!q.commune && !point)
      ctx.addIssue({ code: 'custom', path: ['commune'], message: 'Indiquez une commune ou des coordonnées (lon, lat)' });
    if (point && (q.lon === undefined || q.lat === undefined)) {
      ctx.addIssue({ code: 'custom', path: [q.lon === undefined ? 'lon' : 'lat'], message: 'lon et lat vont ensemble' });
    }
    if (point && q.lon !== undefined && q.lat !== undefined && !LocationSchema.safeParse({ lon: q.lon, lat: q.lat }).success) {
      ctx.addIssue({ code: 'custom', path: ['lon'], message: 'Coordonnées hors de France' });
    }
  });

export const NearestItemSchema = z.object({
  site: SiteSchema,
  minutes: z.number(),
  km: z.number(),
  method: TravelMethodSchema,
});
export const NearestSchema = z.array(NearestItemSchema);

export const CoverageCommuneSchema = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int(),
  nearestSiteId: z.string().nullable(),
  minutes: z.number().nullable(),
  covered: z.boolean(),
  location: z.object({ lon: z.number(), lat: z.number() }),
});

export const CoverageSchema = z.object({
  thresholdMinutes: z.number(),
  populationTotal: z.number().int(),
  populationCovered: z.number().int(),
  rate: z.number().min(0).max(1),
  method: TravelMethodSchema,
  computedAt: z.string(),
  departement: z.string(),
  communes: z.array(CoverageCommuneSchema),
});
export type Coverage = z.infer<typeof CoverageSchema>;

// ── Public map (no sign-in: public facts of places only) ──────────────────────────────────
/** What the public map says of a service: no contact person, no conditions text, no internal ids but its own. */
export const PublicServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The description's first sentence, at most 200 characters (« … » when cut). */
  summary: z.string(),
  fees: z.enum(FRAIS_CODES as unknown as [string, ...string[]]).optional(),
  receptionModes: z.array(z.string()),
  publics: z.array(z.string()),
});
export type PublicService = z.infer<typeof PublicServiceSchema>;

export const PublicSiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  organisationName: z.string(),
  address: z.string(),
  communeCode: z.string(),
  location: z.object({ lon: z.number(), lat: z.number() }),
  openingHours: z.string(),
  openNow: z.boolean().nullable(),
  nextOpening: z.string().nullable(),
  /** Open now: when it closes (« Ouvert jusqu’à 17 h »). */
  closesAt: z.string().nullable(),
  themes: z.array(z.string()),
  accessibility: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
  /** « mis à jour le … » */
  lastVerifiedAt: z.string(),
  /** Past due by more than 60 days: « information à vérifier ». */
  toVerify: z.boolean(),
  /** The services given here: at this site, or by its organisation without a site named. */
  services: z.array(PublicServiceSchema),
});
export type PublicSite = z.infer<typeof PublicSiteSchema>;

export const PublicSitesQuerySchema = z.strictObject({ theme: ThemeSchema.optional() });
export const PublicSitesSchema = z.object({ items: z.array(PublicSiteSchema) });

export const PublicNearestQuerySchema = z.strictObject({
  commune: CommuneCodeSchema,
  limit: z.coerce.number().int().min(1).max(10).default(3),
  theme: ThemeSchema.optional(),
});
export const PublicNearestSchema = z.object({
  commune: z.object({ code: z.string(), name: z.string() }),
  items: z.array(z.object({ site: PublicSiteSchema, minutes: z.number(), km: z.number(), method: TravelMethodSchema })),
});

export const CommuneSearchQuerySchema = z.strictObject({ q: z.string().trim().min(1).max(100) });
export const CommuneSearchSchema = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), postalCodes: z.array(z.string()) })),
});

export const OrganisationPageSchema = pageOf(OrganisationSchema);
export const SitePageSchema = pageOf(SiteSchema);

// ── Exchange formats ──────────────────────────────────────────────────────────────────────
export const ExportQuerySchema = z.strictObject({
  format: z.enum(['data-inclusion', 'hsds'], { message: 'Format attendu : data-inclusion ou hsds' }).default('data-inclusion'),
});
export const ImportQuerySchema = z.strictObject({
  format: z.enum(['data-inclusion'], { message: 'Format attendu : data-inclusion' }).default('data-inclusion'),
});
/** The rows are checked one by one by the import (a bad row is reported, the others stored). */
export const ImportBodySchema = z.strictObject({
  structures: z.array(z.unknown()).max(5000).default([]),
  services: z.array(z.unknown()).max(20000).default([]),
});
const ImportCountsSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export const ImportReportSchema = z.object({
  structures: ImportCountsSchema,
  services: ImportCountsSchema,
  rejected: z.array(
    z.object({
      kind: z.enum(['structure', 'service']),
      index: z.number().int(),
      source: z.string().optional(),
      id: z.string().optional(),
      reasons: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
  /** A pull from the data·inclusion API only: rows left aside, the entry verified in Relais since (ADR 0044). */
  keptVerified: z.object({ structures: z.number().int(), services: z.number().int() }).optional(),
});
