import * as z from 'zod';
import { IdSchema } from '../../../shared/validation/common.schema';

/** `GET /api/me/person/reads` (API.md, « Mon espace »): who read her file, newest first, paged. */
export const MyReadsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const FLAG_STATUSES = ['open', 'handled'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export const MyReadSchema = z.object({
  /** The read's place in her chain: what she flags (`POST /api/me/person/reads/{readId}/flag`). */
  id: z.string(),
  at: z.string(),
  /** The reader's organisation, by name (never the professional's own name). */
  organisationName: z.string(),
  /** The reader's role, in plain French. */
  role: z.string(),
  /** Why, in plain French (set by the server). */
  purpose: z.string(),
  exceptional: z.boolean(),
  /** The « accès exceptionnel »'s reason, in plain French. */
  reason: z.string().optional(),
  /** She flagged this read: where her flag stands. */
  flag: z.object({ status: z.enum(FLAG_STATUSES), flaggedAt: z.string(), comment: z.string().optional() }).optional(),
});
export type MyRead = z.infer<typeof MyReadSchema>;
export const MyReadsPageSchema = z.object({ items: z.array(MyReadSchema), nextCursor: z.string().nullable() });

/** A read's id: its sequence number in her chain. */
export const ReadParamsSchema = z.strictObject({ readId: z.string().regex(/^[1-9][0-9]{0,11}$/, 'Identifiant de lecture invalide') });
export const FlagReadSchema = z.strictObject({
  /** Her words: what she does not understand. */
  comment: z.string().trim().min(1).max(1000).optional(),
});

/** `GET /api/audit/flags` (coordination): the reads persons flagged. */
export const FlagListQuerySchema = z.strictObject({
  status: z.enum(FLAG_STATUSES).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});
export const FlagParamsSchema = z.strictObject({ flagId: IdSchema });
export const HandleFlagSchema = z.strictObject({
  /** What the coordinator did or found (kept with the flag). */
  note: z.string().trim().min(1).max(1000).optional(),
});

export const ReadFlagSchema = z.object({
  id: z.string(),
  status: z.enum(FLAG_STATUSES),
  flaggedAt: z.string(),
  /** The person (an id: the coordinator opens her audit log with it, never her file). */
  personId: z.string(),
  read: z.object({
    seq: z.number(),
    at: z.string(),
    organisationId: z.string().nullable(),
    organisationName: z.string(),
    role: z.string(),
    purpose: z.string(),
    exceptional: z.boolean(),
    reason: z.string().optional(),
  }),
  comment: z.string().optional(),
  handledAt: z.string().optional(),
  handledBy: z.object({ userId: z.string(), name: z.string() }).optional(),
  note: z.string().optional(),
});
export type ReadFlag = z.infer<typeof ReadFlagSchema>;
export const ReadFlagPageSchema = z.object({ items: z.array(ReadFlagSchema), nextCursor: z.string().nullable() });
