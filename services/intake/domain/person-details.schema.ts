import * as z from 'zod';
import { CommuneCodeSchema, EmailSchema, IdSchema, PageQuerySchema, pageOf } from '../../../shared/validation/common.schema';
import { BirthDateSchema, NameSchema } from './person.schema';
import { PhoneInputSchema } from './phone';

/**
 * The person corrects her own details in « Mon espace » (issue 15, point 3; ADR 0038): her
 * contact details (phone, e-mail, commune) apply at once; her identity (names, birth date)
 * becomes a request that a professional of the organisation that recorded her validates.
 */
export const CONTACT_FIELDS = ['phone', 'email', 'communeCode'] as const;
export const IDENTITY_FIELDS = ['lastName', 'firstName', 'birthDate'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const MyDetailsPatchSchema = z
  .strictObject({
    phone: PhoneInputSchema.nullable().optional(),
    email: EmailSchema.nullable().optional(),
    communeCode: CommuneCodeSchema.nullable().optional(),
    lastName: NameSchema.optional(),
    firstName: NameSchema.optional(),
    birthDate: BirthDateSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if ([...CONTACT_FIELDS, ...IDENTITY_FIELDS].every((f) => v[f] === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'Indiquez au moins une information à corriger', path: ['phone'] });
    }
  });
export type MyDetailsPatch = z.infer<typeof MyDetailsPatchSchema>;

export const IDENTITY_REQUEST_STATUSES = ['pending', 'validated', 'rejected'] as const;
export const IdentityRequestSchema = z.object({
  id: z.string(),
  personId: z.string(),
  /** The organisation that recorded her: its professionals decide. */
  organisationId: z.string(),
  status: z.enum(IDENTITY_REQUEST_STATUSES),
  at: z.string(),
  /** What she asks for. */
  changes: z.object({ lastName: z.string().optional(), firstName: z.string().optional(), birthDate: z.string().optional() }),
  decidedAt: z.string().optional(),
  decidedBy: z.object({ userId: z.string(), name: z.string() }).optional(),
  /** Why it was refused, in words she reads. */
  reason: z.string().optional(),
});
export type IdentityRequest = z.infer<typeof IdentityRequestSchema>;

export const MyDetailsSchema = z.object({
  lastName: z.string(),
  firstName: z.string(),
  birthDate: z.string().optional(),
  communeCode: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  /** Her identity change waiting for a professional, if any. */
  identityRequest: IdentityRequestSchema.optional(),
});
export const MyDetailsResultSchema = MyDetailsSchema.extend({
  /** Applied at once. */
  applied: z.array(z.enum(CONTACT_FIELDS)),
  /** Waiting for a professional's validation. */
  requested: z.array(z.enum(IDENTITY_FIELDS)),
});

export const IdentityRequestsQuerySchema = PageQuerySchema;
export const IdentityRequestPageSchema = pageOf(IdentityRequestSchema);
export const IdentityRequestParamsSchema = z.strictObject({ requestId: IdSchema });
export const ValidateIdentityRequestSchema = z.strictObject({
  /** As for any correction: the candidates checked, she is none of them. */
  confirmedNotDuplicateOf: z.array(IdSchema).max(50).optional(),
});
export const RejectIdentityRequestSchema = z.strictObject({ reason: z.string().trim().min(3).max(500) });
