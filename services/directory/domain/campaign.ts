import * as z from 'zod';
import { IdSchema } from '../../../shared/validation/common.schema';

/**
 * Review campaigns (issue 16 point 1, ADR 0044): the coordinator asks, at once, every partner of a
 * territory or of an organisation kind (e.g. before summer) to check its entries, whether due or
 * not, with the same signed link as the daily job (ADR 0032) and a message of its own. A partner
 * asked in the last 7 days (or whose request is still open) is not asked again: the campaign
 * counts it `alreadyAsked`. Progress comes from the answers to the links it sent.
 */
export const CAMPAIGN_QUIET_DAYS = 7;
export const CAMPAIGN_MESSAGE_MAX = 500;

/** Plain text: no markup, no control character but line breaks. */
const PlainTextSchema = z
  .string()
  .trim()
  .max(CAMPAIGN_MESSAGE_MAX, `Le message compte ${CAMPAIGN_MESSAGE_MAX} caractères au plus`)
  .refine((v) => !/[<>]/.test(v), { message: 'Le message est du texte simple : sans les caractères < et >' })
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .refine((v) => !/[\u0000-\u0009\u000B-\u001F\u007F]/.test(v), { message: 'Le message contient des caractères invisibles' });

const BOTH_MISSING = 'Choisissez un territoire ou un type de structure (l’un des deux au moins)';

export const CreateReviewCampaignSchema = z
  .strictObject({
    territoryId: IdSchema.optional(),
    /** Checked against the data·inclusion « réseaux porteurs » by the use case (unknown → 422). */
    organisationKind: z.string().trim().min(1).max(100).optional(),
    message: PlainTextSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.territoryId || body.organisationKind) return;
    ctx.addIssue({ code: 'custom', path: ['territoryId'], message: BOTH_MISSING });
    ctx.addIssue({ code: 'custom', path: ['organisationKind'], message: BOTH_MISSING });
  });
export type CreateReviewCampaignInput = z.infer<typeof CreateReviewCampaignSchema>;

/** A territory as the directory knows it (a projection of the parcours service's `TerritoryChanged`). */
export interface TerritoryRecord {
  id: string;
  name: string;
  communeCodes: string[];
  version: number;
}

export interface ReviewCampaign {
  id: string;
  territoryId?: string;
  territoryName?: string;
  organisationKind?: string;
  message?: string;
  createdAt: string;
  /** Partners sent a message (one request each). */
  sent: number;
  /** Partners in scope not asked again: a request still open, or one sent in the last 7 days. */
  alreadyAsked: number;
  sites: number;
  services: number;
  /** Counters moved by the review-link use cases when a request of the campaign is answered. */
  confirmed: number;
  corrected: number;
}

export const ReviewCampaignSchema = z.object({
  id: z.string(),
  territoryId: z.string().optional(),
  territoryName: z.string().optional(),
  organisationKind: z.string().optional(),
  message: z.string().optional(),
  createdAt: z.string(),
  sites: z.number().int(),
  services: z.number().int(),
  alreadyAsked: z.number().int(),
  progress: z.object({
    sent: z.number().int(),
    confirmed: z.number().int(),
    corrected: z.number().int(),
    /** Sent and not answered (yet, or at all). */
    unanswered: z.number().int(),
  }),
});
export type ReviewCampaignView = z.infer<typeof ReviewCampaignSchema>;
export const ReviewCampaignPageSchema = z.object({ items: z.array(ReviewCampaignSchema) });

export function campaignView(c: ReviewCampaign): ReviewCampaignView {
  return {
    id: c.id,
    ...(c.territoryId ? { territoryId: c.territoryId } : {}),
    ...(c.territoryName ? { territoryName: c.territoryName } : {}),
    ...(c.organisationKind ? { organisationKind: c.organisationKind } : {}),
    ...(c.message ? { message: c.message } : {}),
    createdAt: c.createdAt,
    sites: c.sites,
    services: c.services,
    alreadyAsked: c.alreadyAsked,
    progress: {
      sent: c.sent,
      confirmed: c.confirmed,
      corrected: c.corrected,
      unanswered: Math.max(0, c.sent - c.confirmed - c.corrected),
    },
  };
}

/** The coordinator's report: entries past due by more than 60 days (« information à vérifier »). */
export const FlaggedEntrySchema = z.object({
  kind: z.enum(['site', 'service']),
  id: z.string(),
  name: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  lastVerifiedAt: z.string(),
  reviewDueAt: z.string(),
  daysOverdue: z.number().int(),
  /** How the partner is reached (its notification channels; professional details only). */
  channels: z.object({ email: z.string().optional(), sms: z.string().optional(), webhook: z.boolean() }),
});
export type FlaggedEntry = z.infer<typeof FlaggedEntrySchema>;
export const FlaggedEntriesSchema = z.object({ items: z.array(FlaggedEntrySchema) });
