import * as z from 'zod';
import { IdSchema } from '../../../shared/validation/common.schema';
import { COMMENT_MAX } from './reply';

/** Her survey still to answer, in « Mon espace » (issue 15, point 3; ADR 0038). */
export const MySurveySchema = z.object({
  survey: z
    .object({
      id: z.string(),
      /** The place named in the SMS (public directory data). */
      placeName: z.string(),
      trigger: z.enum(['reception', 'parcours']),
      sentAt: z.string(),
    })
    .nullable(),
  /** Her number no longer receives surveys (she answered STOP, by SMS or here). */
  optedOut: z.boolean(),
});

/** The same mark as by SMS: 1 to 5, with a comment of at most one SMS-length of words. */
export const AnswerMySurveySchema = z.strictObject({
  surveyId: IdSchema,
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().min(1).max(COMMENT_MAX).optional(),
});
export type AnswerMySurveyInput = z.infer<typeof AnswerMySurveySchema>;

export const AnswerMySurveyResultSchema = z.object({ status: z.literal('answered'), score: z.number() });
export const StopMySurveysSchema = z.strictObject({});
export const StopMySurveysResultSchema = z.object({ optedOut: z.literal(true) });

/** The survey SMS's signed link (ADR 0041): `<surveyId>.<expiry>.<signature>`. */
export const SurveyLinkParamsSchema = z.strictObject({ token: z.string().min(30).max(80) });
/** The one-question page: the place asked about, until when, and whether the number still receives surveys. */
export const SurveyLinkPageSchema = z.object({
  placeName: z.string(),
  trigger: z.enum(['reception', 'parcours']),
  expiresAt: z.string(),
  optedOut: z.boolean(),
});
/** One question: the same mark as by SMS, 1 to 5. */
export const AnswerSurveyLinkSchema = z.strictObject({ score: z.number().int().min(1).max(5) });
export const StopSurveyLinkSchema = z.strictObject({});
