import * as z from 'zod';
import {
  FRAIS_CODES,
  MODE_ACCUEIL_CODES,
  MODE_MOBILISATION_CODES,
  ORGANISATION_KINDS,
  PERSONNE_MOBILISATRICE_CODES,
  PUBLIC_CODES,
  SERVICE_TYPE_CODES,
} from '../../../shared/reference/data-inclusion-codes';
import { ARTICLES } from '../../../shared/text/french';
import {
  CommuneCodeSchema,
  E164PhoneSchema,
  EmailSchema,
  HttpsUrlSchema,
  IdSchema,
  IsoDateSchema,
  PageQuerySchema,
  pageOf,
  QueryBooleanSchema,
  VersionSchema,
} from '../../../shared/validation/common.schema';
import { PhoneInputSchema } from '../../../shared/validation/phone';
import { isValidSiret } from './siret';
import { freshnessFields, OpeningHoursSchema, OriginSchema, SiteSchema, siteFields, verificationFields } from './site.schema';
import { ThemeSchema } from './theme.schema';

export type { Coverage } from './geo.schema';
export type { CreateNetworkEventInput, NetworkEvent } from './network-event.schema';
export type { PublicService, PublicSite } from './public-map.schema';
// The schemas of the routes that carry Amazon Location (coverage, nearest sites), serve the public
// map or record the network's life are in modules of their own, imported from there: zod schemas
// are built at load, so the bundler keeps every schema of a module it includes (docs/adr/0061,
// docs/adr/0064). A site's are re-exported here: every entry's route uses them.
export * from './site.schema';
export { ThemeSchema } from './theme.schema';

export const OrganisationKindSchema = z
  .string()
  .refine((v) => ORGANISATION_KINDS.has(v), { message: 'Type de structure inconnu (liste data·inclusion « réseaux porteurs »)' });

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

export const RejectSiteSchema = z.strictObject({
  reason: z.string().trim().min(3, 'Indiquez la raison en quelques mots').max(1000),
});

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
