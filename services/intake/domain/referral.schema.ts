import * as z from 'zod';
import { IdSchema, PageQuerySchema, pageOf } from '../../../shared/validation/common.schema';
import { ThemesSchema } from './common.schema';

export const REFERRAL_STATUSES = ['sent', 'in_review', 'accepted', 'declined', 'closed', 'expired', 'withdrawn'] as const;
export const ReferralStatusSchema = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatusSchema>;

export const UrgencySchema = z.enum(['normal', 'urgent']);

/** How a sender tells a partner no channel of Relais reaches: recorded as the referral's channel. */
export const OFFLINE_CHANNELS = ['phone', 'print', 'mail'] as const;
export const OfflineChannelSchema = z.enum(OFFLINE_CHANNELS);
export type OfflineChannel = z.infer<typeof OfflineChannelSchema>;

/** The channels that reach an organisation (API.md « Closing the loop »). */
export const REACH_CHANNELS = ['email', 'sms', 'webhook', 'accounts'] as const;
export const ReachChannelSchema = z.enum(REACH_CHANNELS);
export type ReachChannel = z.infer<typeof ReachChannelSchema>;

export const ReachabilitySchema = z.object({
  organisationId: z.string(),
  reachable: z.boolean(),
  channels: z.array(ReachChannelSchema),
});
export type Reachability = z.infer<typeof ReachabilitySchema>;

export const DELIVERY_STATUSES = ['pending', 'retried', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One channel a partner was told on, and what became of it (reported by the notifications service, ADR 0034). */
export const ReferralDeliverySchema = z.object({
  channel: z.enum([...REACH_CHANNELS, ...OFFLINE_CHANNELS, 'topic']),
  status: z.enum(DELIVERY_STATUSES),
  /** When it was asked for (`pending`), then when its latest result came. */
  at: z.string(),
  /** The instant of the request this delivery answers (the sending, or a re-sent link). */
  requestedAt: z.string().optional(),
  /** Why it failed, as a code (never a message from the partner's server). */
  reason: z.string().optional(),
  /** `retried` / `failed`: the attempts made so far, out of how many. */
  attempt: z.number().int().optional(),
  maxAttempts: z.number().int().optional(),
});
export type ReferralDelivery = z.infer<typeof ReferralDeliverySchema>;

export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'honoured', 'missed'] as const;
/**
 * An appointment booked for the referral at the receiver's (issue 17, ADR 0039), as the
 * appointments service announced it: the place, the time, the channel, and each step with its
 * date (booked, then cancelled, honoured or missed). Ids and public directory data only.
 */
export const ReferralAppointmentSchema = z.object({
  appointmentId: z.string(),
  siteId: z.string(),
  siteName: z.string().optional(),
  siteAddress: z.string().optional(),
  start: z.string(),
  end: z.string(),
  channel: z.enum(['site', 'phone', 'video']),
  /** The latest step: cancelled, honoured and missed end it. */
  status: z.enum(APPOINTMENT_STATUSES),
  steps: z.array(z.object({ status: z.enum(APPOINTMENT_STATUSES), at: z.string() })),
});
export type ReferralAppointment = z.infer<typeof ReferralAppointmentSchema>;

/** A self-booking link sent to the person that expired unused: she did not choose a slot (ADR 0039). */
export const UnusedBookingLinkSchema = z.object({ siteId: z.string(), issuedAt: z.string(), expiresAt: z.string() });

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
  /** Required when no channel of Relais reaches the partner: the sender phones, prints or posts it. */
  offlineChannel: OfflineChannelSchema.optional(),
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

const Comment = z.string().trim().min(1).max(2000);

/** Declining takes a category (what the observatory counts); the comment stays in the referral. */
export const DeclineReferralSchema = z.strictObject({
  reasonCode: DeclineReasonCodeSchema,
  comment: Comment.optional(),
  /** The free-text reason of the first contract, kept for older clients (stays in the referral). */
  reason: Comment.optional(),
});

/** What became of an accepted referral (the observatory counts these codes). */
export const CLOSE_OUTCOMES = ['service_delivered', 'not_delivered', 'person_absent', 'other'] as const;
export const CloseOutcomeSchema = z.enum(CLOSE_OUTCOMES);
export type CloseOutcome = z.infer<typeof CloseOutcomeSchema>;

export const CloseReferralSchema = z.strictObject({ outcome: CloseOutcomeSchema, comment: Comment.optional() });
export const ReviewReferralSchema = z.strictObject({ comment: Comment.optional() });
export const WithdrawReferralSchema = z.strictObject({ reason: Comment });

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
  /** A close outcome code (older referrals: the partner's free text). */
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
  acceptedAt: z.string().optional(),
  offlineChannel: OfflineChannelSchema.optional(),
  /** The channels the partner was told on, each with its result. */
  deliveries: z.array(ReferralDeliverySchema),
  /** Its appointments at the receiver's (from the appointments service's events), oldest first. */
  appointments: z.array(ReferralAppointmentSchema).optional(),
  /** Self-booking links the person let expire without choosing a slot, oldest first. */
  unusedBookingLinks: z.array(UnusedBookingLinkSchema).optional(),
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

/** Whom the link holder contacts: the sender (always), and the person when she consented to sharing. */
export const LinkContactSchema = z.object({
  name: z.string(),
  organisationName: z.string().optional(),
  siteName: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
});

/**
 * What a signed link shows while the referral runs: the request, the liaison note, the person's
 * names, her contact details when she consented to network sharing, the sender's contact, the
 * timeline's statuses. Once it has ended, the link answers 410 with whom to call.
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
  person: z.object({ lastName: z.string(), firstName: z.string(), phone: z.string().optional(), email: z.string().optional() }).optional(),
  /** Whether the person agreed to share her contact details within the network. */
  personContactShared: z.boolean().optional(),
  sender: LinkContactSchema.optional(),
  history: z.array(z.object({ status: ReferralStatusSchema, at: z.string(), outcome: z.string().optional() })).optional(),
  /** The appointments booked for the person at the receiver's (ADR 0039): date, place, channel, status. */
  appointments: z.array(ReferralAppointmentSchema).optional(),
});

// Referrals at risk (« orientations en souffrance », ADR 0034) ------------------------------------

export const ReferralsAtRiskQuerySchema = z.strictObject({
  /** Referrals expiring within this many days count as expiring (default 7). */
  withinDays: z.coerce.number().int().min(1).max(60).default(7),
});

export const AT_RISK_REASONS = ['unreachable', 'failed_delivery', 'expiring'] as const;

/** One running referral at risk, as the coordinator sees it: ids, dates, statuses, the sending site; no person. */
export const ReferralAtRiskSchema = z.object({
  referralId: z.string(),
  toOrganisationId: z.string(),
  toOrganisationName: z.string(),
  fromOrganisationId: z.string(),
  fromOrganisationName: z.string(),
  fromSiteId: z.string().optional(),
  fromSiteName: z.string().optional(),
  status: ReferralStatusSchema,
  sentAt: z.string(),
  expiresAt: z.string(),
  offlineChannel: OfflineChannelSchema.optional(),
  failedChannels: z.array(z.string()),
  reasons: z.array(z.enum(AT_RISK_REASONS)),
});
export type ReferralAtRisk = z.infer<typeof ReferralAtRiskSchema>;

export const PartnerAtRiskSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  /** Running referrals sent with an offline choice: no channel of Relais reached the partner. */
  unreachable: z.number().int(),
  /** Running referrals with a delivery failed after its retries. */
  failedDeliveries: z.number().int(),
  /** Running referrals expiring within `withinDays` (pending: 30-day expiry; accepted: 60-day). */
  expiring: z.number().int(),
});

export const ReferralsAtRiskSchema = z.object({
  withinDays: z.number().int(),
  at: z.string(),
  partners: z.array(PartnerAtRiskSchema),
  items: z.array(ReferralAtRiskSchema),
});
export type ReferralsAtRisk = z.infer<typeof ReferralsAtRiskSchema>;
