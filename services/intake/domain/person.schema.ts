import * as z from 'zod';
import { CommuneCodeSchema, EmailSchema, IdSchema, IsoDateSchema, VersionSchema } from '../../../shared/validation/common.schema';
import { OrganisationRefSchema, parisToday } from './common.schema';
import { normaliseName } from './names';
import { PhoneInputSchema } from './phone';

export const NameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((v) => normaliseName(v).length > 0, { message: 'Le nom doit contenir au moins une lettre' });

/** A birth date: a real calendar date, not in the future, not before 1900 (IsoDateSchema's lower bound). */
export const BirthDateSchema = IsoDateSchema.refine((v) => v <= parisToday(), {
  message: 'La date de naissance ne peut pas être dans le futur',
});

/** How the person gave (or refused) a consent: out loud, on paper, or online. */
export const ConsentMethodSchema = z.enum(['oral', 'written', 'digital']);

/** Where the signed paper is kept (file number, binder): required for a written consent when it changes. */
const ConsentReferenceSchema = z.string().trim().min(1, 'Indiquez la référence du document signé').max(100);
const NetworkSharingInputSchema = z.strictObject({
  given: z.boolean(),
  method: ConsentMethodSchema,
  reference: ConsentReferenceSchema.optional(),
});
/** The method of the SMS consent defaults to the sharing consent's (one conversation, both asked). */
const SmsSurveysInputSchema = z.strictObject({
  given: z.boolean(),
  method: ConsentMethodSchema.optional(),
  reference: ConsentReferenceSchema.optional(),
});

export const CreatePersonSchema = z.strictObject({
  lastName: NameSchema,
  firstName: NameSchema,
  birthDate: BirthDateSchema.optional(),
  communeCode: CommuneCodeSchema.optional(),
  phone: PhoneInputSchema.optional(),
  email: EmailSchema.optional(),
  consents: z.strictObject({ networkSharing: NetworkSharingInputSchema, smsSurveys: SmsSurveysInputSchema }),
  /**
   * She does not want Relais to write to her about her referrals (where she is sent, what became
   * of it): no SMS or e-mail is sent to her (ADR 0033). Absent: she may be told.
   */
  contactRefused: z.boolean().optional(),
  /**
   * The agent checked the candidates of a previous 409 and confirms the person is none of them:
   * creation goes ahead if every possible duplicate found now is in this list.
   */
  confirmedNotDuplicateOf: z.array(IdSchema).max(50).optional(),
});
export type CreatePersonInput = z.infer<typeof CreatePersonSchema>;

/** Why a record is corrected: required, read in the audit trail (ADR 0028). */
export const CorrectionReasonSchema = z
  .string()
  .trim()
  .min(3, 'Indiquez pourquoi vous corrigez (3 caractères au moins)')
  .max(500, 'Le motif tient en 500 caractères au plus');

/** The identity and contact fields a correction may change (`null` clears an optional one). */
export const PERSON_CORRECTABLE_FIELDS = ['lastName', 'firstName', 'birthDate', 'communeCode', 'phone', 'email', 'contactRefused'] as const;
export type PersonCorrectableField = (typeof PERSON_CORRECTABLE_FIELDS)[number];

/**
 * A correction of a person's identity or contacts (issue 14): the version read, the reason, and
 * at least one field. The duplicate check runs again when the identity changes.
 */
export const CorrectPersonSchema = z
  .strictObject({
    lastName: NameSchema.optional(),
    firstName: NameSchema.optional(),
    birthDate: BirthDateSchema.nullable().optional(),
    communeCode: CommuneCodeSchema.nullable().optional(),
    phone: PhoneInputSchema.nullable().optional(),
    email: EmailSchema.nullable().optional(),
    /** She refuses (true) or accepts again (false) that Relais writes to her about her referrals (ADR 0033). */
    contactRefused: z.boolean().optional(),
    version: VersionSchema,
    reason: CorrectionReasonSchema,
    /** As at creation: the agent checked these candidates and confirms the person is none of them. */
    confirmedNotDuplicateOf: z.array(IdSchema).max(50).optional(),
  })
  .superRefine((v, ctx) => {
    if (PERSON_CORRECTABLE_FIELDS.every((f) => v[f] === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'Indiquez au moins un champ à corriger', path: ['lastName'] });
    }
  });
export type CorrectPersonInput = z.infer<typeof CorrectPersonSchema>;

export const PatchConsentsSchema = z
  .strictObject({
    version: VersionSchema,
    networkSharing: NetworkSharingInputSchema.optional(),
    smsSurveys: SmsSurveysInputSchema.optional(),
    /** She refuses (true) or accepts again (false) that Relais writes to her about her referrals (ADR 0033). */
    contactRefused: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.networkSharing === undefined && v.smsSurveys === undefined && v.contactRefused === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Indiquez au moins un consentement à modifier', path: ['networkSharing'] });
    }
    // A written consent is changed only with the reference of the signed document.
    if (v.networkSharing?.method === 'written' && !v.networkSharing.reference) {
      ctx.addIssue({
        code: 'custom',
        message: 'Référence du document signé obligatoire pour un accord écrit',
        path: ['networkSharing', 'reference'],
      });
    }
    const smsMethod = v.smsSurveys?.method ?? v.networkSharing?.method;
    if (v.smsSurveys && smsMethod === 'written' && !(v.smsSurveys.reference ?? v.networkSharing?.reference)) {
      ctx.addIssue({
        code: 'custom',
        message: 'Référence du document signé obligatoire pour un accord écrit',
        path: ['smsSurveys', 'reference'],
      });
    }
  });
export type PatchConsentsInput = z.infer<typeof PatchConsentsSchema>;

/**
 * `PATCH /api/me/person/consents`: the person changes her own agreements in her space — sharing
 * within the network, SMS surveys, being written to about her referrals — based on the version
 * she read. Recorded as given by her, online (`digital`).
 */
export const PatchMyConsentsSchema = z
  .strictObject({
    version: VersionSchema,
    networkSharing: z.boolean().optional(),
    smsSurveys: z.boolean().optional(),
    beingContacted: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.networkSharing === undefined && v.smsSurveys === undefined && v.beingContacted === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Indiquez au moins un accord à modifier', path: ['networkSharing'] });
    }
  });
export type PatchMyConsentsInput = z.infer<typeof PatchMyConsentsSchema>;

/** The patch of the shared use case for what she asked (method `digital`: online, by herself). */
export function patchOfMine(input: PatchMyConsentsInput): PatchConsentsInput {
  return {
    version: input.version,
    ...(input.networkSharing !== undefined ? { networkSharing: { given: input.networkSharing, method: 'digital' as const } } : {}),
    ...(input.smsSurveys !== undefined ? { smsSurveys: { given: input.smsSurveys, method: 'digital' as const } } : {}),
    ...(input.beingContacted !== undefined ? { contactRefused: !input.beingContacted } : {}),
  };
}

/** A consent as stored: what, how, when and who recorded it. */
export const ConsentSchema = z.object({
  given: z.boolean(),
  method: ConsentMethodSchema,
  /** The signed document's reference, for a written consent. */
  reference: z.string().optional(),
  recordedAt: z.string(),
  recordedBy: z.object({ userId: z.string(), name: z.string(), organisationId: z.string().nullable() }),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const ConsentsSchema = z.object({ networkSharing: ConsentSchema, smsSurveys: ConsentSchema });
export type Consents = z.infer<typeof ConsentsSchema>;

/** A person as stored. */
export interface Person {
  id: string;
  lastName: string;
  firstName: string;
  birthDate?: string;
  communeCode?: string;
  phone?: string;
  email?: string;
  consents: Consents;
  /** She refused that Relais writes to her about her referrals (ADR 0033). */
  contactRefused?: boolean;
  /** Who created the record: its organisation answers for it (the "whom to contact" of rule 2). */
  createdBy: { userId: string; name: string; organisationId: string | null; role?: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const PersonSchema = z.object({
  id: IdSchema,
  lastName: z.string(),
  firstName: z.string(),
  birthDate: z.string().optional(),
  communeCode: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  consents: ConsentsSchema,
  contactRefused: z.boolean().optional(),
  recordedBy: OrganisationRefSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type PersonView = z.infer<typeof PersonSchema>;

/** The least that lets an agent recognise someone (duplicates, search results). */
export const PersonCandidateSchema = z.object({
  id: IdSchema,
  lastName: z.string(),
  firstName: z.string(),
  birthDate: z.string().nullable(),
  communeCode: z.string().nullable(),
});
export type PersonCandidate = z.infer<typeof PersonCandidateSchema>;

export const DuplicateProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(409),
  detail: z.string(),
  candidates: z.array(PersonCandidateSchema),
});

export const SearchPersonsQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .max(100)
    .refine((v) => normaliseName(v).length >= 2, { message: 'Au moins 2 lettres du nom' }),
  birthDate: IsoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  cursor: z.string().max(2048).optional(),
});

export const PersonSearchItemSchema = PersonCandidateSchema.extend({
  /** `restricted`: the caller's organisation may not see this person's history (rule 2). */
  sharing: z.enum(['full', 'restricted']),
});
export type PersonSearchItem = z.infer<typeof PersonSearchItemSchema>;
export const PersonSearchPageSchema = z.object({ items: z.array(PersonSearchItemSchema), nextCursor: z.string().nullable() });

export const PersonParamsSchema = z.strictObject({ id: IdSchema });
/**
 * A history read takes no query: its purpose is set by the server (API.md, « purpose set by the
 * server »); a `purpose` sent by the client is refused as an unknown field.
 */
export const HistoryQuerySchema = z.strictObject({});
