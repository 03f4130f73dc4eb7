import * as z from 'zod';
import { IdSchema, IsoDateSchema } from '../../../shared/validation/common.schema';

/** `POST /api/sms/inbound` (local mode): what the carrier delivers. */
export const InboundSmsSchema = z.strictObject({
  from: z.string().trim().min(3, 'Numéro attendu').max(32),
  body: z.string().max(2000),
});
export type InboundSms = z.infer<typeof InboundSmsSchema>;

export const InboundSmsResultSchema = z.object({
  outcome: z.enum(['answered', 'commented', 'opted_out', 'already_opted_out', 'ignored']),
});

export const ResultsQuerySchema = z
  .strictObject({
    organisationId: IdSchema.optional(),
    siteId: IdSchema.optional(),
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'La date de début doit précéder la date de fin', path: ['to'] });
export type ResultsQuery = z.infer<typeof ResultsQuerySchema>;

export const ResultsSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string().optional(),
  siteId: z.string().optional(),
  from: z.string(),
  to: z.string(),
  sent: z.number().int(),
  answered: z.number().int(),
  responseRate: z.number(),
  averageScore: z.number().nullable(),
  distribution: z.object({ '1': z.number(), '2': z.number(), '3': z.number(), '4': z.number(), '5': z.number() }),
  monthly: z.array(z.object({ month: z.string(), sent: z.number(), answered: z.number(), averageScore: z.number().nullable() })),
  comments: z.array(
    z.object({ surveyId: z.string(), siteId: z.string().optional(), score: z.number(), comment: z.string(), at: z.string() }),
  ),
  sites: z.array(z.object({ siteId: z.string(), name: z.string() })),
});

export const MeasuringSchema = z.object({
  items: z.array(
    z.object({
      organisationId: z.string(),
      name: z.string().optional(),
      networkMember: z.boolean().optional(),
      firstSentAt: z.string(),
      lastSentAt: z.string(),
      sent: z.number().int(),
    }),
  ),
});
