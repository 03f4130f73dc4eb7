import * as z from 'zod';
import {
  CommuneCodeSchema,
  IdSchema,
  IsoDateOrDateTimeSchema,
  PageQuerySchema,
  VersionSchema,
  pageOf,
} from '../../../shared/validation/common.schema';
import { InstantSchema, ProfessionalRefSchema, ThemesSchema } from './common.schema';
import { CorrectionReasonSchema } from './person.schema';

/** How the person was received: at a site, by phone, at home (visite à domicile), by video, by mail. */
export const CHANNELS = ['site', 'phone', 'home_visit', 'video', 'mail'] as const;
export const ChannelSchema = z.enum(CHANNELS);

/** Age ranges of anonymous receptions (and of named ones in events): never a birth date. */
export const AGE_RANGES = ['0-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'] as const;
export const AgeRangeSchema = z.enum(AGE_RANGES);
export type AgeRange = z.infer<typeof AgeRangeSchema>;

/** Clocks of agents' devices drift: a reception may be dated a few minutes ahead, not more. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const CreateReceptionSchema = z
  .strictObject({
    siteId: IdSchema,
    channel: ChannelSchema,
    personId: IdSchema.optional(),
    anonymous: z.strictObject({ ageRange: AgeRangeSchema.optional(), communeCode: CommuneCodeSchema.optional() }).optional(),
    themes: ThemesSchema,
    summary: z.string().trim().max(4000).optional(),
    informationGiven: z.string().trim().max(4000).optional(),
    /** The person sees the summary in her space (issue 15 point 6); absent: professionals only. */
    summaryVisibleToPerson: z.boolean().optional(),
    receivedAt: InstantSchema.optional(),
    durationMinutes: z.number().int().min(1).max(600).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.personId && value.anonymous) {
      ctx.addIssue({
        code: 'custom',
        path: ['anonymous'],
        message: 'Un accueil est soit nominatif (personId), soit anonyme : pas les deux',
      });
    }
    if (value.receivedAt && Date.parse(value.receivedAt) > Date.now() + FUTURE_TOLERANCE_MS) {
      ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: 'Un accueil ne peut pas être daté dans le futur' });
    }
  });
export type CreateReceptionInput = z.infer<typeof CreateReceptionSchema>;

/** A correction or the cancellation of a reception, kept on it: who, when, why, which fields. */
export const ReceptionStepSchema = z.object({
  action: z.enum(['corrected', 'cancelled']),
  at: z.string(),
  by: ProfessionalRefSchema,
  reason: z.string(),
  fields: z.array(z.string()).optional(),
});
export type ReceptionStep = z.infer<typeof ReceptionStepSchema>;

export const ReceptionSchema = z.object({
  id: IdSchema,
  siteId: IdSchema,
  organisationId: z.string(),
  channel: ChannelSchema,
  personId: IdSchema.optional(),
  anonymous: z.object({ ageRange: AgeRangeSchema.optional(), communeCode: z.string().optional() }).optional(),
  themes: z.array(z.string()),
  summary: z.string().optional(),
  informationGiven: z.string().optional(),
  /** The summary is shown to the person in her space; absent or false: to professionals only (issue 15). */
  summaryVisibleToPerson: z.boolean().optional(),
  receivedAt: z.string(),
  durationMinutes: z.number().int().optional(),
  recordedBy: ProfessionalRefSchema,
  createdAt: z.string(),
  /** `cancelled`: recorded by mistake; kept (audit trail) but out of every count. Absent on old records: `recorded`. */
  status: z.enum(['recorded', 'cancelled']).optional(),
  /** Absent on records older than corrections: 1. */
  version: z.number().int().optional(),
  /** Corrections and cancellation: who, when, why, which fields (ADR 0028). */
  history: z.array(ReceptionStepSchema).optional(),
});
export type Reception = z.infer<typeof ReceptionSchema>;

/** The fields of a reception a correction may change. */
export const RECEPTION_CORRECTABLE_FIELDS = ['siteId', 'channel', 'themes', 'summary', 'summaryVisibleToPerson'] as const;

/** `PATCH /api/receptions/{id}`: at least one field, the version read, and why. */
export const CorrectReceptionSchema = z
  .strictObject({
    siteId: IdSchema.optional(),
    channel: ChannelSchema.optional(),
    themes: ThemesSchema.optional(),
    summary: z.string().trim().max(4000).optional(),
    summaryVisibleToPerson: z.boolean().optional(),
    version: VersionSchema,
    reason: CorrectionReasonSchema,
  })
  .superRefine((v, ctx) => {
    if (RECEPTION_CORRECTABLE_FIELDS.every((f) => v[f] === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'Indiquez au moins un champ à corriger', path: ['siteId'] });
    }
  });
export type CorrectReceptionInput = z.infer<typeof CorrectReceptionSchema>;

/** `POST /api/receptions/{id}/cancel`: why. */
export const CancelReceptionSchema = z.strictObject({ reason: CorrectionReasonSchema });
export type CancelReceptionInput = z.infer<typeof CancelReceptionSchema>;

export const ReceptionParamsSchema = z.strictObject({ id: IdSchema });

const DateOrInstantSchema = IsoDateOrDateTimeSchema;

/** `from` / `to`: a date (a whole day in Paris) or an instant; `to` is inclusive. */
export const ListReceptionsQuerySchema = PageQuerySchema.extend({
  siteId: IdSchema.optional(),
  from: DateOrInstantSchema.optional(),
  to: DateOrInstantSchema.optional(),
}).strict();

export const ReceptionPageSchema = pageOf(ReceptionSchema);
