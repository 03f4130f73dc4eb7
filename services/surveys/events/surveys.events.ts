import * as z from 'zod';
import { defineEvent } from '../../../shared/events/envelope';

const SOURCE = 'relais.surveys';

/** A satisfaction survey SMS was sent (contracts.md). No number, no name. */
export const SurveySent = defineEvent(
  SOURCE,
  'SurveySent',
  z.object({
    surveyId: z.string(),
    organisationId: z.string(),
    siteId: z.string().optional(),
    trigger: z.enum(['reception', 'parcours']),
    sentAt: z.string(),
  }),
);

/** A survey was answered with a mark; the comment itself never leaves the service. */
export const SurveyAnswered = defineEvent(
  SOURCE,
  'SurveyAnswered',
  z.object({
    surveyId: z.string(),
    organisationId: z.string(),
    siteId: z.string().optional(),
    score: z.number().int().min(1).max(5),
    withComment: z.boolean(),
    answeredAt: z.string(),
  }),
);

/** Someone asked for no more surveys (no number, not even hashed). */
export const OptOutRecorded = defineEvent(SOURCE, 'OptOutRecorded', z.object({ at: z.string() }));
