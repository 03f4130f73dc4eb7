import * as z from 'zod';
import { IdSchema } from '../../../shared/validation/common.schema';

/** `GET /api/audit` and `GET /api/audit/verify` (API.md, « Access and audit »). */
export const AuditQuerySchema = z.strictObject({
  personId: IdSchema,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export const AuditVerifyQuerySchema = z.strictObject({ personId: IdSchema });

export const AuditItemSchema = z.object({
  /** Position in the person's chain (1 for her first entry). */
  seq: z.number(),
  at: z.string(),
  actor: z.object({ userId: z.string(), name: z.string(), organisationId: z.string().nullable(), role: z.string().nullable() }),
  action: z.string(),
  route: z.string(),
  /** Set by the server, never by the client. */
  purpose: z.string(),
  /** Done under an exceptional access (break-glass). */
  exceptional: z.boolean().optional(),
  /** The exceptional access's reason category. */
  reason: z.string().optional(),
});
export type AuditItem = z.infer<typeof AuditItemSchema>;

export const AuditPageSchema = z.object({ items: z.array(AuditItemSchema), nextCursor: z.string().nullable() });

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number(),
  /** Sequence number of the first entry that cannot be trusted (altered, missing, or after a break). */
  brokenAt: z.number().optional(),
});
