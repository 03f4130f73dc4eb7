import * as z from 'zod';
import { ORGANISATION_KINDS, THEME_IDS } from '../../../shared/reference/data-inclusion';
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

const organisationFields = {
  name: z.string().trim().min(2).max(150),
  type: OrganisationKindSchema,
  siret: SiretSchema.optional(),
  charter: CharterSchema.optional(),
  networkMember: z.boolean(),
  notification: NotificationSchema,
};

export const CreateOrganisationSchema = z.strictObject({
  ...organisationFields,
  networkMember: organisationFields.networkMember.default(true),
  notification: organisationFields.notification.default({}),
});
export type CreateOrganisationInput = z.infer<typeof CreateOrganisationSchema>;

export const PatchOrganisationSchema = z.strictObject({
  ...z.object(organisationFields).partial().shape,
  version: VersionSchema,
});
export type PatchOrganisationInput = z.infer<typeof PatchOrganisationSchema>;

export const OrganisationSchema = z.object({
  id: IdSchema,
  ...organisationFields,
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
  openingHours: z.string().trim().max(500),
  unconditionalReception: z.boolean(),
  themes: z.array(ThemeSchema).max(80),
  accessibility: z.string().trim().max(1000),
  phone: E164PhoneSchema.optional(),
  email: EmailSchema.optional(),
};

export const CreateSiteSchema = z.strictObject({
  ...siteFields,
  openingHours: siteFields.openingHours.default(''),
  unconditionalReception: siteFields.unconditionalReception.default(false),
  themes: siteFields.themes.default([]),
  accessibility: siteFields.accessibility.default(''),
});
export type CreateSiteInput = z.infer<typeof CreateSiteSchema>;

export const PatchSiteSchema = z.strictObject({
  ...z.object(siteFields).omit({ organisationId: true }).partial().shape,
  version: VersionSchema,
});
export type PatchSiteInput = z.infer<typeof PatchSiteSchema>;

export const SiteSchema = z.object({
  id: IdSchema,
  ...siteFields,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof SiteSchema>;

export const ListSitesQuerySchema = PageQuerySchema.extend({
  commune: CommuneCodeSchema.optional(),
  theme: ThemeSchema.optional(),
  unconditional: QueryBooleanSchema.optional(),
  organisationId: IdSchema.optional(),
}).strict();

export const IdParamsSchema = z.strictObject({ id: IdSchema });

export const OrganisationPageSchema = pageOf(OrganisationSchema);
export const SitePageSchema = pageOf(SiteSchema);
