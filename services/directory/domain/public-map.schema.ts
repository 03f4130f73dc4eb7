import * as z from 'zod';
import { FRAIS_CODES } from '../../../shared/reference/data-inclusion-codes';
import { CommuneCodeSchema } from '../../../shared/validation/common.schema';
import { TravelMethodSchema } from './geo.schema';
import { ThemeSchema } from './theme.schema';

// The public map's schemas, apart from the directory's others (directory.schema.ts re-exports
// them): the public map's functions bundle these alone (docs/adr/0061).

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
