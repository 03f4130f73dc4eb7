import * as z from 'zod';
import { PhoneInputSchema } from '../../../shared/validation/phone';
import { IdSchema, VersionSchema } from '../../../shared/validation/common.schema';
import { OpeningHoursSchema, QualitySchema } from './directory.schema';

/**
 * A review request (issue 16, ADR 0032): the daily job asks a partner, in one message, to check
 * its entries that are due. The message carries a signed link (scope `directory-review`, the
 * request's id, the organisation) valid 30 days, to a page where the partner, without an account,
 * confirms « tout est juste » in one click or corrects hours, phone and closes a site.
 * Reminders 7 and 21 days after the first message; after 30 days the link answers 410.
 */
export const REVIEW_LINK_DAYS = 30;
export const REMINDER_DAYS = [7, 21] as const;

export const ReviewStatusSchema = z.enum(['sent', 'confirmed', 'corrected', 'unanswered']);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

export interface ReviewRequest {
  id: string;
  organisationId: string;
  siteIds: string[];
  serviceIds: string[];
  status: ReviewStatus;
  sentAt: string;
  expiresAt: string;
  /** The reminders already sent (days after the first message). */
  reminders: number[];
  answeredAt?: string;
  /** The review campaign that asked (absent: the daily job). */
  campaignId?: string;
  /**
   * The campaign's coordinator's message (plain text, ADR 0044): kept with the request so that
   * the reminders at 7 and 21 days and the link's page carry it as the first message did.
   */
  message?: string;
  version: number;
}

export const ReviewLinkParamsSchema = z.strictObject({ token: z.string().min(16).max(2048) });
export const ReviewLinkSiteParamsSchema = z.strictObject({ token: z.string().min(16).max(2048), id: IdSchema });

/** What the partner may correct from the link: hours, phone, or close the site. */
export const ReviewSiteCorrectionSchema = z.strictObject({
  version: VersionSchema,
  openingHours: OpeningHoursSchema.optional(),
  phone: PhoneInputSchema.nullable().optional(),
  /** The place no longer receives anyone: it leaves the public map (never deleted). */
  closed: z.literal(true).optional(),
});
export type ReviewSiteCorrection = z.infer<typeof ReviewSiteCorrectionSchema>;

const EntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  lastVerifiedAt: z.string(),
  quality: QualitySchema,
});

/** What the link shows: the organisation's entries to check, nothing about people. */
export const ReviewLinkViewSchema = z.object({
  organisationName: z.string(),
  /** A campaign's request: the coordinator's words, shown as theirs. */
  coordinatorMessage: z.string().optional(),
  status: ReviewStatusSchema,
  expiresAt: z.string(),
  sites: z.array(EntrySchema.extend({ address: z.string(), openingHours: z.string(), phone: z.string().optional(), closed: z.boolean() })),
  services: z.array(EntrySchema),
});
export type ReviewLinkView = z.infer<typeof ReviewLinkViewSchema>;
