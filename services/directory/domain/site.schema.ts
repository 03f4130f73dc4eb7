import * as z from 'zod';
import { CommuneCodeSchema, E164PhoneSchema, EmailSchema, IdSchema, LocationSchema } from '../../../shared/validation/common.schema';
import { openingHoursProblem } from './opening-hours';
import { ThemeSchema } from './theme.schema';

// A site as stored and as answered, apart from the directory's other schemas
// (directory.schema.ts re-exports them): the nearest sites' function bundles these without the
// organisations', services', events' and exchanges' schemas (docs/adr/0061).

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

/** A site's fields, as stored and as typed (the phone aside: directory.schema.ts's input schemas). */
export const siteFields = {
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

/** When an entry was last verified and is due for review again (absent on entries written before freshness). */
export const verificationFields = {
  lastVerifiedAt: z.string().optional(),
  reviewDueAt: z.string().optional(),
};
export const QualitySchema = z.object({ score: z.number().int().min(0).max(100), missing: z.array(z.string()) });
/** What a read answers about freshness (domain/freshness.ts): never stored, computed at read time. */
export const freshnessFields = {
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
