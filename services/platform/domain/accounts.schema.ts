import * as z from 'zod';
import { EmailSchema, IdSchema } from '../../../shared/validation/common.schema';
import { ASSIGNABLE_ROLES } from '../accounts/staff-accounts';

/** A staff account's id: Cognito's `sub` (a UUID) on AWS, the same shape locally. */
export const AccountParamsSchema = z.strictObject({ id: z.string().regex(/^[\w-]{1,128}$/, 'Identifiant de compte invalide') });

export const PendingAccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  /** The SIRET the agent signed in for at ProConnect (`custom:siret`), to match an organisation of the directory. */
  siret: z.string().optional(),
  createdAt: z.string(),
});
export const PendingAccountsSchema = z.object({ items: z.array(PendingAccountSchema) });

/**
 * The role is any text here, checked by the use case (a role that is not a staff role, such as
 * `personne`, is a 422 naming `body.role`, listed with an unknown organisation).
 */
export const AssignmentSchema = z.strictObject({
  role: z.string().min(1).max(40),
  organisationId: IdSchema,
});
export const AssignmentResultSchema = z.object({
  id: z.string(),
  role: z.enum(ASSIGNABLE_ROLES),
  organisationId: z.string(),
  assignedAt: z.string(),
});

/** The local ProConnect-like sign-in (local stack only): the claims ProConnect would give. */
export const DevProConnectRequestSchema = z.strictObject({
  email: EmailSchema.max(200),
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  siret: z
    .string()
    .regex(/^\d{14}$/, 'Le SIRET compte 14 chiffres')
    .optional(),
});
export const DevProConnectResponseSchema = z.object({
  accessToken: z.string(),
  expiresIn: z.number(),
  account: PendingAccountSchema.extend({ role: z.enum(ASSIGNABLE_ROLES).optional(), organisationId: z.string().optional() }),
});
