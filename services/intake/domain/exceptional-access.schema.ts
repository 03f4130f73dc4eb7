import * as z from 'zod';
import { IdSchema, IsoDateSchema } from '../../../shared/validation/common.schema';

/**
 * Exceptional access (« accès exceptionnel », break-glass, SECURITY.md and DOMAIN rule 9): a
 * professional who must read a file they would only see restricted says why, and reads it in
 * full for 24 hours; every read is audited as exceptional and the coordinator is told at once.
 */
export const EXCEPTIONAL_ACCESS_REASONS = ['danger', 'legal_obligation', 'continuity_of_care'] as const;
export const ExceptionalAccessReasonSchema = z.enum(EXCEPTIONAL_ACCESS_REASONS);
export type ExceptionalAccessReason = z.infer<typeof ExceptionalAccessReasonSchema>;

/** How long a grant holds. */
export const EXCEPTIONAL_ACCESS_HOURS = 24;

export const ExceptionalAccessRequestSchema = z.strictObject({
  reason: ExceptionalAccessReasonSchema,
  /** Free text: kept on the grant for the coordinator and the person; never in logs or events. */
  details: z
    .string()
    .trim()
    .min(10, { message: 'Au moins 10 caractères : expliquez la situation' })
    .max(1000, { message: 'Au plus 1000 caractères' }),
});
export type ExceptionalAccessRequest = z.infer<typeof ExceptionalAccessRequestSchema>;

export const ExceptionalAccessGrantedSchema = z.object({ grantedUntil: z.string() });

/** A stored grant (intake table, under the person: erased with her). */
export interface ExceptionalAccess {
  id: string;
  personId: string;
  grantedTo: { userId: string; name: string; organisationId: string; role: string | null };
  reason: ExceptionalAccessReason;
  details: string;
  grantedAt: string;
  grantedUntil: string;
}

export const ExceptionalAccessSchema = z.object({
  id: z.string(),
  personId: z.string(),
  grantedTo: z.object({ userId: z.string(), name: z.string(), organisationId: z.string(), role: z.string().nullable() }),
  reason: ExceptionalAccessReasonSchema,
  details: z.string(),
  grantedAt: z.string(),
  grantedUntil: z.string(),
  /** Still in force now. */
  active: z.boolean(),
});

export const ListExceptionalAccessesQuerySchema = z.strictObject({
  /** First day listed (Paris date); default: 30 days ago. At most 366 days back. */
  from: IsoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export const ExceptionalAccessPageSchema = z.object({ items: z.array(ExceptionalAccessSchema), nextCursor: z.string().nullable() });

export const ExceptionalAccessParamsSchema = z.strictObject({ id: IdSchema });
