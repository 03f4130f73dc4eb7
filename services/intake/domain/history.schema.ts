import * as z from 'zod';
import { OrganisationRefSchema } from './common.schema';
import { PersonSchema } from './person.schema';
import { ReceptionSchema } from './reception.schema';
import { ReferralSummarySchema } from './referral.schema';

export const ProfessionalSchema = z.object({
  name: z.string(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  role: z.string().nullable(),
  since: z.string(),
});

/** The whole history (own organisation's record, or the person's sharing consent). */
export const FullHistorySchema = z.object({
  restricted: z.literal(false),
  person: PersonSchema,
  receptions: z.array(ReceptionSchema),
  referrals: z.array(ReferralSummarySchema),
  parcours: z.array(z.unknown()),
  professionals: z.array(ProfessionalSchema),
});

/** Without consent: a record exists, and whom to contact. */
export const RestrictedHistorySchema = z.object({
  restricted: z.literal(true),
  personId: z.string(),
  recordedBy: OrganisationRefSchema,
});

export const HistorySchema = z.union([FullHistorySchema, RestrictedHistorySchema]);
