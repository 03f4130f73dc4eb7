import * as z from 'zod';
import { IdSchema, PageQuerySchema, pageOf } from '../../../shared/validation/common.schema';
import { ThemesSchema } from './common.schema';

export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'closed', 'expired'] as const;
export const ReferralStatusSchema = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatusSchema>;

export const UrgencySchema = z.enum(['normal', 'urgent']);

export const CreateReferralSchema = z.strictObject({
  toOrganisationId: IdSchema,
  serviceId: IdSchema.optional(),
  personId: IdSchema.optional(),
  receptionId: IdSchema.optional(),
  /** The site the referral is sent from (default: the sender's own site, or the reception's). */
  fromSiteId: IdSchema.optional(),
  themes: ThemesSchema,
  reason: z.string().trim().min(1).max(500),
  urgency: UrgencySchema.default('normal'),
  /** The fiche de liaison: what was done, what is asked. */
  liaisonNote: z.string().trim().min(1).max(8000),
});
export type CreateReferralInput = z.infer<typeof CreateReferralSchema>;

export const AcceptReferralSchema = z.strictObject({ comment: z.string().trim().min(1).max(2000).optional() });
/**
 * Why a partner declines, as a category the observatory can count (the free-text reason stays
 * with the referral and never leaves intake).
 */
export const DECLINE_REASON_CODES = [
  'hors_competence',
  'conditions_non_remplies',
  'deja_accompagnee',
  'personne_injoignable',
  'capacite_insuffisante',
  'autre',
] as const;
export const DeclineReasonCodeSchema = z.enum(DECLINE_REASON_CODES);
export type DeclineReasonCode = z.infer<typeof DeclineReasonCodeSchema>;

export const DeclineReferralSchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
  reasonCode: DeclineReasonCodeSchema.default('autre'),
});
export const CloseReferralSchema = z.strictObject({ outcome: z.string().trim().min(1).max(2000) });

/** Who changed a referral: an agent, a partner through a signed link, or Relais itself (expiry). */
export const ReferralActorSchema = z.object({
  userId: z.string().nullable(),
  name: z.string(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  /** The role claim of an agent (`accueil`, `travailleur_social`, `partenaire`). */
  role: z.string().optional(),
  via: z.enum(['account', 'link', 'system']),
});
export type ReferralActor = z.infer<typeof ReferralActorSchema>;

export const ReferralHistoryEntrySchema = z.object({
  status: ReferralStatusSchema,
  at: z.string(),
  by: ReferralActorSchema,
  comment: z.string().optional(),
  reason: z.string().optional(),
  reasonCode: DeclineReasonCodeSchema.optional(),
  outcome: z.string().optional(),
});
export type ReferralHistoryEntry = z.infer<typeof ReferralHistoryEntrySchema>;

const referralFields = {
  id: IdSchema,
  status: ReferralStatusSchema,
  fromOrganisationId: z.string(),
  fromOrganisationName: z.string(),
  fromSiteId: z.string().optional(),
  toOrganisationId: z.string(),
  toOrganisationName: z.string(),
  serviceId: z.string().optional(),
  personId: z.string().optional(),
  receptionId: z.string().optional(),
  themes: z.array(z.string()),
  reason: z.string(),
  urgency: UrgencySchema,
  sentAt: z.string(),
  /** Unanswered by then, the referral expires. */
  expiresAt: z.string(),
  /** When the partner is reminded (half of the delay). */
  reminderAt: z.string(),
  reminderSentAt: z.string().optional(),
  history: z.array(ReferralHistoryEntrySchema),
  version: z.number().int(),
  updatedAt: z.string(),
};

/** In the boxes: no liaison note and no identity (open the referral to read them; that read is audited). */
export const ReferralSummarySchema = z.object(referralFields);
export type ReferralSummary = z.infer<typeof ReferralSummarySchema>;

export const ReferralPersonSchema = z.object({
  id: IdSchema,
  lastName: z.string(),
  firstName: z.string(),
  birthDate: z.string().optional(),
  communeCode: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
});

export const ReferralSchema = z.object({
  ...referralFields,
  liaisonNote: z.string(),
  /** The person referred, so that the partner can reach them (sender and receiver only; audited). */
  person: ReferralPersonSchema.optional(),
});
export type ReferralView = z.infer<typeof ReferralSchema>;

export const ListReferralsQuerySchema = PageQuerySchema.extend({
  box: z.enum(['incoming', 'outgoing']).default('incoming'),
  status: ReferralStatusSchema.optional(),
}).strict();
export const ReferralPageSchema = pageOf(ReferralSummarySchema);

export const ReferralParamsSchema = z.strictObject({ id: IdSchema });
export const LinkParamsSchema = z.strictObject({ token: z.string().min(16).max(2048) });

/**
 * What a signed link shows. While the partner can still answer (`sent`): the request and the
 * liaison note, the person's names only (no timeline, no contact details). Once the referral has
 * left that state: its status and dates only, nothing about the person (`details: false`).
 */
export const LinkReferralSchema = z.object({
  id: IdSchema,
  status: ReferralStatusSchema,
  /** Whether the request itself is shown: only while the link holder can act on it. */
  details: z.boolean(),
  fromOrganisationName: z.string(),
  toOrganisationName: z.string(),
  sentAt: z.string(),
  expiresAt: z.string(),
  /** When the referral last changed (its answer, its expiry). */
  updatedAt: z.string(),
  themes: z.array(z.string()).optional(),
  reason: z.string().optional(),
  urgency: UrgencySchema.optional(),
  liaisonNote: z.string().optional(),
  person: z.object({ lastName: z.string(), firstName: z.string() }).optional(),
});
